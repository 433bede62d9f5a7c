import type { BookIssueCode, ValidationIssue } from '@shared/domain/book'

/** Field name used for findings about the file as a whole (encoding, size, structure). */
export const FILE_FIELD = '(file)'
/** Field name used for findings about a row as a whole (field count, quoting, not an object). */
export const ROW_FIELD = '(row)'

/** Default cap on listed warnings of one code; errors are never capped. */
export const DEFAULT_MAX_WARNINGS_PER_CODE = 100

/**
 * Collects the validation issues of one file.
 *
 * Errors are all kept: the report must name every rejected row. Warnings of one code are listed up to a cap,
 * then counted, so a 100,000-row file padded with spaces gives a readable report rather than 200,000 lines;
 * {@link finish} adds one `suppressed` warning per capped code saying how many were left out.
 */
export class IssueLog {
  private readonly issues: ValidationIssue[] = []
  private readonly warningsByCode = new Map<BookIssueCode, { listed: number; suppressed: number; firstSuppressedLine: number }>()
  private errors = 0

  /**
   * @param file - file name put in every issue (as given by the caller)
   * @param maxWarningsPerCode - warnings of one code listed before the rest are only counted
   */
  constructor(
    readonly file: string,
    private readonly maxWarningsPerCode = DEFAULT_MAX_WARNINGS_PER_CODE,
  ) {}

  /** Number of errors logged so far (a row is rejected iff this grew while it was validated). */
  get errorCount(): number {
    return this.errors
  }

  /** Logs an error at a 1-based line for a field. */
  error(line: number, field: string, code: BookIssueCode, message: string): void {
    this.errors++
    this.issues.push({ file: this.file, line, field, message, severity: 'error', code })
  }

  /** Logs a warning at a 1-based line for a field, subject to the per-code cap. */
  warning(line: number, field: string, code: BookIssueCode, message: string): void {
    let count = this.warningsByCode.get(code)
    if (count === undefined) {
      count = { listed: 0, suppressed: 0, firstSuppressedLine: 0 }
      this.warningsByCode.set(code, count)
    }
    if (count.listed >= this.maxWarningsPerCode) {
      if (count.suppressed === 0) count.firstSuppressedLine = line
      count.suppressed++
      return
    }
    count.listed++
    this.issues.push({ file: this.file, line, field, message, severity: 'warning', code })
  }

  /**
   * All issues, sorted by line (stable: same-line issues keep the order they were found in), with one
   * `suppressed` summary per capped warning code placed at the line of its first unlisted warning.
   */
  finish(): ValidationIssue[] {
    for (const [code, count] of this.warningsByCode) {
      if (count.suppressed > 0) {
        this.issues.push({
          file: this.file,
          line: count.firstSuppressedLine,
          field: FILE_FIELD,
          message: `${count.suppressed} more '${code}' warnings from this line on are not listed`,
          severity: 'warning',
          code: 'suppressed',
        })
      }
    }
    return this.issues.sort((a, b) => a.line - b.line)
  }
}
