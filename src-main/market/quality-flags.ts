import { CsvByteReader } from './csv-byte-reader'
import { readHeader } from './csv-header'
import { DataFileError } from './data-file-error'
import { bytesToText, parseIsoDate, skipBlanks, trimBlanksEnd } from './byte-fields'
import { readDataFile } from './read-data-file'

/** One vendor-error suspicion for a symbol: the trading date whose adj_close move looks wrong, and why. */
export interface QualityFlag {
  readonly date: string
  readonly issue: string
}

/**
 * Loads known vendor-error flags (columns `date,symbol,issue`, other columns ignored), as in
 * /work/shared/data/sp500-daily-equities/quality_flags.csv. A flag on date d concerns the return from the previous
 * trading day to d. Flags are reported in data quality, never used to alter prices (RISK-CONVENTIONS.md "Market data").
 *
 * @param path CSV file, plain or gzip
 * @returns symbol -> flags sorted by date (rows with the same date keep file order; one date may carry several
 *   issues)
 * @throws DataFileError (file, line, field) on a missing column, a bad date or an empty symbol
 */
export function loadQualityFlags(path: string): Map<string, QualityFlag[]> {
  const bytes = readDataFile(path)
  const reader = new CsvByteReader(bytes, path)
  const col = readHeader(reader, path, ['date', 'symbol', 'issue'])
  const out = new Map<string, QualityFlag[]>()
  while (reader.next()) {
    if (reader.isBlank()) continue
    if (reader.count <= Math.max(col.date, col.symbol, col.issue)) {
      throw new DataFileError(path, reader.line, null, `the row has ${reader.count} fields, fewer than the header`)
    }
    const ds = skipBlanks(bytes, reader.start(col.date), reader.end(col.date))
    const de = trimBlanksEnd(bytes, ds, reader.end(col.date))
    const date = bytesToText(bytes, ds, de)
    if (parseIsoDate(bytes, ds, de) < 0) throw new DataFileError(path, reader.line, 'date', `"${date}" is not a date (YYYY-MM-DD)`)
    const symbol = reader.text(col.symbol).trim()
    if (symbol === '') throw new DataFileError(path, reader.line, 'symbol', 'empty symbol')
    const list = out.get(symbol) ?? []
    list.push({ date, issue: reader.text(col.issue).trim() })
    out.set(symbol, list)
  }
  for (const list of out.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return out
}
