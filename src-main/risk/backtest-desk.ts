/**
 * Backtests for the live desk (`risk:backtest`): the current book over a default or requested range, cached per
 * book so that switching the panel between methods or reopening it costs nothing after the first run.
 */
import type { BacktestMethod, BacktestResult } from '@shared/domain/backtest-result'
import type { Book } from '@shared/domain/book'
import type { MarketContext } from '../market/market-context'
import { runBacktest } from './backtest'
import { bookCalendar, resolveBacktestRange } from './backtest-data'

/** Market days of the desk's default backtest: the Basel Committee's one-year sample. */
export const DESK_BACKTEST_DAYS = 250
/** Results kept per book (6 methods x a few ranges); the oldest is dropped beyond this. */
const MAX_CACHED = 24

export interface DeskBacktestRequest {
  readonly method?: BacktestMethod
  readonly from?: string
  readonly to?: string
}

/**
 * Runs and caches the desk's backtests. Defaults: method historical, W = 250, c = 0.99, and the DESK_BACKTEST_DAYS
 * market days before the replay start (so the result exists before the replay has produced anything); a single
 * given date is completed to DESK_BACKTEST_DAYS days (resolveBacktestRange). Books are keyed by identity: a desk
 * session holds its Book object for its whole life and a new session brings a new one.
 */
export class DeskBacktests {
  private readonly calendars = new WeakMap<Book, string[]>()
  private readonly results = new WeakMap<Book, Map<string, BacktestResult>>()

  /**
   * @param market the desk's market data
   * @param replayStart first date of the desk's replay (ISO); the default range ends on the market day before it
   */
  constructor(
    private readonly market: MarketContext,
    private readonly replayStart: string,
  ) {}

  /**
   * The backtest of `book` for a request of the contract's `risk:backtest`.
   * @throws RangeError as runBacktest (e.g. a range without 250 returns before it) or when the book has no market date
   *   where the range asks for one
   */
  run(book: Book, request: DeskBacktestRequest): BacktestResult {
    let calendar = this.calendars.get(book)
    if (!calendar) this.calendars.set(book, (calendar = bookCalendar(book, this.market)))
    const range = resolveBacktestRange(calendar, request, this.replayStart, DESK_BACKTEST_DAYS)
    const method = request.method ?? 'historical'
    const key = `${method}|${range.from}|${range.to}`
    let cache = this.results.get(book)
    if (!cache) this.results.set(book, (cache = new Map()))
    const hit = cache.get(key)
    if (hit) return hit
    const result = runBacktest(book, this.market, { ...range, method })
    cache.set(key, result)
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string)
    return result
  }
}
