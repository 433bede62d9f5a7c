import { CsvByteReader } from './csv-byte-reader'
import { readHeader } from './csv-header'
import { DataFileError } from './data-file-error'
import { bytesToText, parseIsoDate, skipBlanks, trimBlanksEnd } from './byte-fields'
import { readDataFile } from './read-data-file'

/** One split: on its ex-date `date`, one old share becomes `ratio` new shares (4 for a 4:1 split, 0.1 for 1:10). */
export interface Split {
  readonly date: string
  readonly ratio: number
}

/** The splits of the loaded data, by symbol and ex-date (dividends are not used: returns use adjusted closes). */
export interface CorporateActions {
  /** the split of `symbol` effective on `date`, or undefined */
  splitOn(symbol: string, date: string): Split | undefined
  /** every split of `symbol`, ascending by date */
  splits(symbol: string): readonly Split[]
}

/** Corporate actions from a list of splits per symbol (tests and loaders). */
export function corporateActionsOf(bySymbol: ReadonlyMap<string, readonly Split[]>): CorporateActions {
  const index = new Map<string, Split>()
  const sorted = new Map<string, readonly Split[]>()
  for (const [symbol, list] of bySymbol) {
    for (const s of list) index.set(`${symbol}\u0000${s.date}`, s)
    sorted.set(symbol, Object.freeze([...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))))
  }
  const none: readonly Split[] = Object.freeze([])
  return {
    splitOn: (symbol, date) => index.get(`${symbol}\u0000${date}`),
    splits: (symbol) => sorted.get(symbol) ?? none,
  }
}

/**
 * Loads corporate actions (columns `date,symbol,split_coefficient`, others such as dividend_amount ignored), as in
 * ../shared/data/sp500-daily-equities/corporate_actions.csv and assets/data/corporate_actions.csv. Rows whose
 * split_coefficient is 1 (dividends only) are skipped. Conventions: docs/RISK-CONVENTIONS.md "Corporate actions".
 *
 * @param path CSV file, plain or gzip
 * @throws DataFileError (file, line, field) on a missing column, a bad date, an empty symbol, a split coefficient that
 *   is not a finite number > 0, or two rows for the same symbol and date
 */
export function loadCorporateActions(path: string): CorporateActions {
  const bytes = readDataFile(path)
  const reader = new CsvByteReader(bytes, path)
  const col = readHeader(reader, path, ['date', 'symbol', 'split_coefficient'])
  const out = new Map<string, Split[]>()
  const seen = new Set<string>()
  while (reader.next()) {
    if (reader.isBlank()) continue
    if (reader.count <= Math.max(col.date, col.symbol, col.split_coefficient)) {
      throw new DataFileError(path, reader.line, null, `the row has ${reader.count} fields, fewer than the header`)
    }
    const ds = skipBlanks(bytes, reader.start(col.date), reader.end(col.date))
    const de = trimBlanksEnd(bytes, ds, reader.end(col.date))
    const date = bytesToText(bytes, ds, de)
    if (parseIsoDate(bytes, ds, de) < 0) throw new DataFileError(path, reader.line, 'date', `"${date}" is not a date (YYYY-MM-DD)`)
    const symbol = reader.text(col.symbol).trim()
    if (symbol === '') throw new DataFileError(path, reader.line, 'symbol', 'empty symbol')
    const key = `${symbol}\u0000${date}`
    if (seen.has(key)) throw new DataFileError(path, reader.line, 'date', `a second row for ${symbol} on ${date}`)
    seen.add(key)
    const text = reader.text(col.split_coefficient).trim()
    const ratio = Number(text)
    if (text === '' || !Number.isFinite(ratio) || ratio <= 0) {
      throw new DataFileError(path, reader.line, 'split_coefficient', `"${text}" is not a number > 0`)
    }
    if (ratio === 1) continue
    const list = out.get(symbol) ?? []
    list.push({ date, ratio })
    out.set(symbol, list)
  }
  return corporateActionsOf(out)
}
