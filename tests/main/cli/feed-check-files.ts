import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { ASSETS } from '../desk/desk-fixture'

/**
 * Price files for the feed-check CLI tests, cut from the bundled data (assets/data/prices_daily.csv.gz): the rows of
 * `symbols` dated in [from, to], written as a plain CSV in a fresh temp directory, after one edit.
 */
export interface CutOptions {
  readonly symbols: readonly string[]
  readonly from: string
  readonly to: string
}

interface Row {
  readonly date: string
  readonly symbol: string
  readonly line: string
}

let bundled: { header: string; rows: Row[] } | undefined

function bundledRows(): { header: string; rows: Row[] } {
  if (bundled) return bundled
  const text = gunzipSync(readFileSync(join(ASSETS, 'data', 'prices_daily.csv.gz'))).toString('utf8')
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0)
  const header = lines[0]!
  const rows = lines.slice(1).map((line) => {
    const [date, symbol] = line.split(',') as [string, string]
    return { date, symbol, line }
  })
  bundled = { header, rows }
  return bundled
}

function cut(opts: CutOptions): Row[] {
  const wanted = new Set(opts.symbols)
  return bundledRows().rows.filter((r) => wanted.has(r.symbol) && r.date >= opts.from && r.date <= opts.to)
}

function write(name: string, rows: readonly Row[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-feedcheck-'))
  const path = join(dir, name)
  writeFileSync(path, [bundledRows().header, ...rows.map((r) => r.line)].join('\n') + '\n')
  return path
}

/**
 * The cut with close and adj_close of `symbol` on `date` multiplied by `factor` (a fat-finger print).
 * @throws Error when the bundled data has no row for symbol on date
 */
export function fatFingerFile(opts: CutOptions & { readonly symbol: string; readonly date: string; readonly factor: number }): {
  path: string
  original: { close: number; adjClose: number }
} {
  const rows = cut(opts)
  const k = rows.findIndex((r) => r.symbol === opts.symbol && r.date === opts.date)
  if (k < 0) throw new Error(`no bundled row for ${opts.symbol} on ${opts.date}`)
  const [date, symbol, close, adj, ...rest] = rows[k]!.line.split(',') as [string, string, string, string, ...string[]]
  const scaled = [date, symbol, String(Number(close) * opts.factor), String(Number(adj) * opts.factor), ...rest].join(',')
  const edited = rows.map((r, j) => (j === k ? { ...r, line: scaled } : r))
  return { path: write(`fat-finger-${opts.symbol}.csv`, edited), original: { close: Number(close), adjClose: Number(adj) } }
}

/**
 * The cut without the rows of `symbol` on its `days` trading days from `firstMissing` on (a feed gap).
 * @returns the file and the removed dates, ascending
 * @throws Error when the bundled data has fewer than `days` rows of symbol from firstMissing within the cut
 */
export function gapFile(opts: CutOptions & { readonly symbol: string; readonly firstMissing: string; readonly days: number }): {
  path: string
  missing: string[]
} {
  const rows = cut(opts)
  const missing = rows.filter((r) => r.symbol === opts.symbol && r.date >= opts.firstMissing).slice(0, opts.days).map((r) => r.date)
  if (missing.length < opts.days) throw new Error(`only ${missing.length} rows of ${opts.symbol} from ${opts.firstMissing}`)
  const gone = new Set(missing)
  return { path: write(`gap-${opts.symbol}.csv`, rows.filter((r) => !(r.symbol === opts.symbol && gone.has(r.date)))), missing }
}
