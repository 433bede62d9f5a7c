import { bytesToText, parseDecimal, parseIsoDate, skipBlanks, trimBlanksEnd } from './byte-fields'
import { CsvByteReader } from './csv-byte-reader'
import { readHeader } from './csv-header'
import { DataFileError } from './data-file-error'
import { readDataFile } from './read-data-file'

/**
 * The daily close of the Cboe Volatility Index (VIX): 30-day implied volatility of S&P 500 options, annualised, in
 * index points (percent). `dates` are ISO `YYYY-MM-DD`, strictly ascending; `close[k]` belongs to `dates[k]`.
 */
export interface VixSeries {
  readonly dates: readonly string[]
  readonly close: Float64Array
}

/**
 * Loads a VIX history with at least the columns `date,close` (any order, other columns such as open/high/low
 * ignored), as assets/data/vix_daily.csv and /work/shared/data/multi-asset-daily/vix_daily.csv.
 *
 * @param path CSV file, plain or gzip
 * @returns the closes by date, ascending
 * @throws DataFileError (file, line, field) on a missing column, a bad date, a close that is not a finite number
 *   > 0, or a date that is not after the previous row's (the message names the earlier line)
 */
export function loadVix(path: string): VixSeries {
  const bytes = readDataFile(path)
  const reader = new CsvByteReader(bytes, path)
  const col = readHeader(reader, path, ['date', 'close'])
  const dates: string[] = []
  const close: number[] = []
  let prevLine = 0
  while (reader.next()) {
    if (reader.isBlank()) continue
    if (reader.count <= Math.max(col.date, col.close)) {
      throw new DataFileError(path, reader.line, null, `the row has ${reader.count} fields, fewer than the header`)
    }
    const ds = skipBlanks(bytes, reader.start(col.date), reader.end(col.date))
    const de = trimBlanksEnd(bytes, ds, reader.end(col.date))
    const date = bytesToText(bytes, ds, de)
    if (parseIsoDate(bytes, ds, de) < 0) throw new DataFileError(path, reader.line, 'date', `"${date}" is not a date (YYYY-MM-DD)`)
    const last = dates[dates.length - 1]
    if (last !== undefined && !(date > last)) {
      throw new DataFileError(path, reader.line, 'date', `${date} is not after ${last} (line ${prevLine}); dates must be strictly ascending`)
    }
    const cs = skipBlanks(bytes, reader.start(col.close), reader.end(col.close))
    const ce = trimBlanksEnd(bytes, cs, reader.end(col.close))
    const value = parseDecimal(bytes, cs, ce)
    if (!(Number.isFinite(value) && value > 0)) {
      throw new DataFileError(path, reader.line, 'close', `"${bytesToText(bytes, cs, ce)}" is not a positive number`)
    }
    dates.push(date)
    close.push(value)
    prevLine = reader.line
  }
  return { dates, close: Float64Array.from(close) }
}

/** The VIX close on exactly `date` (no carry-forward: a day without a VIX print has none), or null. O(log n). */
export function vixOn(series: VixSeries, date: string): number | null {
  let lo = 0
  let hi = series.dates.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const d = series.dates[mid]!
    if (d === date) return series.close[mid]!
    if (d < date) lo = mid + 1
    else hi = mid - 1
  }
  return null
}
