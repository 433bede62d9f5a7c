import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BacktestMethod, BacktestResult } from '@shared/domain/backtest-result'
import type { Book } from '@shared/domain/book'
import { readBookFile } from '../../../src-main/books/book-file'
import { loadMarket } from '../../../src-main/market/load-market'
import type { MarketContext } from '../../../src-main/market/market-context'
import { sharedData } from '../../helpers/shared-data'

/** Shared inputs of the backtest tests: the reference fixtures and the full shared price files they were made from. */
export const ROOT = join(__dirname, '..', '..', '..')
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'backtest')
/** Gate the tests that read these with SHARED.describe / SHARED.it (skipped with a reason when ../shared is absent). */
export const SHARED = sharedData({
  sp500: 'sp500-daily-equities/prices_daily.csv.gz',
  etf: 'multi-asset-daily/etf_daily.csv',
  flags: 'sp500-daily-equities/quality_flags.csv',
})
export const SP500_PRICES = SHARED.paths.sp500
export const ETF_PRICES = SHARED.paths.etf
export const QUALITY_FLAGS = SHARED.paths.flags

let cached: MarketContext | undefined

/** The full S&P 500 file, the ETF file and the vendor flags (loaded once per test file, ~2 s). */
export function referenceMarket(): MarketContext {
  cached ??= loadMarket({ prices: [SP500_PRICES, ETF_PRICES], sectors: null, qualityFlags: QUALITY_FLAGS })
  return cached
}

type Stats = Pick<
  BacktestResult,
  'observations' | 'exceptions' | 'expectedExceptions' | 'exceptionDates' | 'kupiec' | 'christoffersen' | 'conditionalCoverage' | 'trafficLight' | 'lambda' | 'nu'
>

/** One fixture file written by make_backtest_reference.py, with its book read through the book parser. */
export interface ReferenceCase {
  readonly book: string
  readonly from: string
  readonly to: string
  readonly window: number
  readonly confidence: number
  readonly symbols: string[]
  readonly excluded: { symbol: string; reason: string }[]
  readonly dataQuality: BacktestResult['dataQuality']
  readonly dates: string[]
  readonly pnl: number[]
  readonly methods: Record<BacktestMethod, Stats & { var: number[] }>
  /** the dates the script was asked for (from/to above are the market days used) */
  readonly requested: { from: string; to: string }
  readonly bookFile: string
  readonly bookData: Book
}

/** Reads `file` and its index entry from cases.json. */
export function loadCase(file: string): ReferenceCase {
  const index = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { file: string; bookFile: string; from: string; to: string }[]
  const entry = index.find((c) => c.file === file)
  if (!entry) throw new Error(`no case ${file} in cases.json`)
  const data = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Omit<ReferenceCase, 'requested' | 'bookFile' | 'bookData'>
  // symbols are checked against the market by the code under test (the CLI refuses unknown ones)
  const parsed = readBookFile(join(FIXTURES, entry.bookFile))
  if (parsed.rejected > 0) throw new Error(`${entry.bookFile}: rejected rows`)
  return { ...data, requested: { from: entry.from, to: entry.to }, bookFile: join(FIXTURES, entry.bookFile), bookData: { ...parsed.book, name: data.book } }
}
