/**
 * The one error type of the market-data loaders: it says where in which file the input is wrong, so a user can
 * open the file at that line and fix it.
 */
export class DataFileError extends Error {
  override readonly name = 'DataFileError'

  /**
   * @param file the path as given to the loader
   * @param line 1-based physical line of the file (the header is line 1); 0 when the problem is the file as a whole
   * @param field the column concerned, or null when the problem is not tied to one column
   * @param detail what is wrong, without the location prefix
   *
   * `message` reads `file:line: field name: detail` (or `file:line: detail` without a field), the usual compiler-style
   * location so editors and terminals can jump to it.
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${field === null ? '' : `field ${field}: `}${detail}`)
  }
}
