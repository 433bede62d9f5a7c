import type { CsvByteReader } from './csv-byte-reader'
import { DataFileError } from './data-file-error'

/**
 * Reads the header record of a CSV and locates the required columns by name (trimmed, case-insensitive), so the
 * column order is whatever the file says and extra columns are ignored.
 *
 * @param reader a reader positioned before the first record
 * @param file path for error messages
 * @param required column names to find
 * @returns the column index of each required name
 * @throws DataFileError (line 1, field = the column) if the file is empty or a required column is missing, or
 *   (line 1) if a required column appears twice
 */
export function readHeader<const K extends string>(
  reader: CsvByteReader,
  file: string,
  required: readonly K[],
): Record<K, number> {
  let header: string[] | undefined
  while (reader.next()) {
    if (reader.isBlank()) continue
    header = Array.from({ length: reader.count }, (_, k) => reader.text(k).trim().toLowerCase())
    break
  }
  if (header === undefined) throw new DataFileError(file, 1, null, 'file is empty (no header line)')
  const out = {} as Record<K, number>
  for (const name of required) {
    const idx = header.indexOf(name)
    if (idx < 0) {
      throw new DataFileError(file, reader.line, name, `missing required column "${name}" (header: ${header.join(',')})`)
    }
    if (header.indexOf(name, idx + 1) >= 0) throw new DataFileError(file, reader.line, name, `column "${name}" appears twice`)
    out[name] = idx
  }
  return out
}
