/**
 * Loaders for the Stress Lab's long-history files (assets/data/stress/, see assets/data/PROVENANCE.md): the S&P 500
 * index, the 10 French industry portfolios and the adjusted closes of the bundled symbols before 2005. Errors name
 * file, line and field (DataFileError).
 */
import { CsvByteReader } from '../market/csv-byte-reader'
import { readHeader } from '../market/csv-header'
import { DataFileError } from '../market/data-file-error'
import { readDataFile } from '../market/read-data-file'

/** A level series: ascending ISO dates and a positive level per date (adjusted close, index points, or a wealth index). */
export interface LevelSeries {
  readonly dates: readonly string[]
  readonly level: Float64Array
}

const ISO = /^\d{4}-\d{2}-\d{2}$/

function dateField(reader: CsvByteReader, file: string, col: number, prev: string | undefined): string {
  const d = reader.text(col).trim()
  if (!ISO.test(d)) throw new DataFileError(file, reader.line, 'date', `"${d}" is not a date (YYYY-MM-DD)`)
  if (prev !== undefined && !(d > prev)) throw new DataFileError(file, reader.line, 'date', `${d} is not after ${prev}; dates must be strictly ascending`)
  return d
}

function numberField(reader: CsvByteReader, file: string, col: number, name: string, positive: boolean): number {
  const text = reader.count > col ? reader.text(col).trim() : ''
  const x = text === '' ? NaN : Number(text)
  if (!Number.isFinite(x) || (positive && !(x > 0))) throw new DataFileError(file, reader.line, name, `"${text}" is not a ${positive ? 'positive' : 'finite'} number`)
  return x
}

/**
 * `date,close` of an index (sp500_index_daily.csv.gz), plain or gzip.
 * @throws DataFileError on a missing column, a bad date or order, or a close that is not > 0
 */
export function loadIndexLevels(file: string): LevelSeries {
  const reader = new CsvByteReader(readDataFile(file), file)
  const col = readHeader(reader, file, ['date', 'close'])
  const dates: string[] = []
  const level: number[] = []
  while (reader.next()) {
    if (reader.isBlank()) continue
    dates.push(dateField(reader, file, col.date, dates[dates.length - 1]))
    level.push(numberField(reader, file, col.close, 'close', true))
  }
  return { dates, level: Float64Array.from(level) }
}

/**
 * Daily percent returns by column (industry10_vw_daily.csv.gz: `date` and one column per industry, −17.44 = −17.44 %)
 * turned into wealth indices: level_0 = 1 on the first date, level_t = level_{t−1} · (1 + r_t / 100). A window's
 * return is then level_end / level_base − 1 = Π (1 + r_t/100) − 1 over the days after the base date.
 * @param columns - the return columns to read
 * @throws DataFileError on a missing column, a bad date or order, a non-numeric return or one <= −100 %
 */
export function loadPercentReturnLevels(file: string, columns: readonly string[]): Map<string, LevelSeries> {
  const reader = new CsvByteReader(readDataFile(file), file)
  const lower = columns.map((c) => c.toLowerCase())
  const col: Record<string, number> = readHeader(reader, file, ['date', ...lower])
  const dateCol = col.date!
  const dates: string[] = []
  const levels = columns.map(() => [] as number[])
  while (reader.next()) {
    if (reader.isBlank()) continue
    dates.push(dateField(reader, file, dateCol, dates[dates.length - 1]))
    columns.forEach((name, k) => {
      const r = numberField(reader, file, col[lower[k]!]!, name, false)
      if (!(r > -100)) throw new DataFileError(file, reader.line, name, `return ${r} % is not above −100 %`)
      const prev = levels[k]!.length === 0 ? 1 : levels[k]![levels[k]!.length - 1]! * (1 + r / 100)
      levels[k]!.push(prev)
    })
  }
  return new Map(columns.map((name, k) => [name, { dates, level: Float64Array.from(levels[k]!) }]))
}

/**
 * `date,symbol,adj_close` in long format (adj_close_2000_2004.csv.gz), rows grouped by symbol with ascending dates.
 * @throws DataFileError on a missing column, an empty symbol, a bad date or order within a symbol, an adj_close not > 0
 */
export function loadAdjustedCloses(file: string): Map<string, LevelSeries> {
  const reader = new CsvByteReader(readDataFile(file), file)
  const col = readHeader(reader, file, ['date', 'symbol', 'adj_close'])
  const out = new Map<string, { dates: string[]; level: number[] }>()
  while (reader.next()) {
    if (reader.isBlank()) continue
    const symbol = reader.count > col.symbol ? reader.text(col.symbol).trim() : ''
    if (symbol === '') throw new DataFileError(file, reader.line, 'symbol', 'empty symbol')
    let s = out.get(symbol)
    if (!s) out.set(symbol, (s = { dates: [], level: [] }))
    s.dates.push(dateField(reader, file, col.date, s.dates[s.dates.length - 1]))
    s.level.push(numberField(reader, file, col.adj_close, 'adj_close', true))
  }
  return new Map([...out].map(([k, v]) => [k, { dates: v.dates, level: Float64Array.from(v.level) }]))
}
