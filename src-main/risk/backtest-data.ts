/**
 * The aligned price panel a VaR backtest walks through: the first W-return window and every backtest day, on the
 * book's calendar, with prices carried forward (RISK-CONVENTIONS.md "Market data" and "VaR backtesting").
 */
import type { Book } from '@shared/domain/book'
import type { DataQualityEntry, ExcludedInstrument } from '@shared/domain/risk-report'
import { buildMarketWindow } from '../market/history'
import type { MarketContext } from '../market/market-context'
import type { SymbolSeries } from '../market/price-store'

/**
 * Why option rows are left out: the backtest revalues positions linearly (L = Σ v r); an option needs full
 * revaluation along the path, which this backtest does not do, so it says so instead of mispricing it.
 */
export const OPTION_EXCLUDED = 'option position: the backtest revalues linear positions only'

/** Prices of the included instruments on the dates of a backtest. */
export interface BacktestPanel {
  /** W, returns per VaR window */
  readonly window: number
  /** n, number of backtest days */
  readonly days: number
  /** included instruments, book order (N of them) */
  readonly symbols: readonly string[]
  /** N signed quantities (shares), held fixed over the backtest */
  readonly quantities: Float64Array
  /**
   * W + 1 + n calendar dates: dates[0..W] are the first window (its returns end on dates[W], the day before the first
   * backtest day); dates[W + 1 + j] is backtest day j.
   */
  readonly dates: readonly string[]
  /** (W + n) x N row-major simple returns of adj_close; row k is the return from dates[k] to dates[k + 1] */
  readonly returns: Float64Array
  /** (W + 1 + n) x N row-major raw closes on dates[k] (carried forward where the instrument has no row that day) */
  readonly close: Float64Array
  readonly excluded: readonly ExcludedInstrument[]
  /** included instruments with carried-forward prices or vendor flags on the return dates dates[1..W + n] */
  readonly dataQuality: readonly DataQualityEntry[]
}

/** Index of the first element >= key (strict = false) or > key (strict = true) in an ascending array. */
function bound(dates: readonly string[], key: string, strict: boolean): number {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const d = dates[mid] as string
    if (d < key || (strict && d === key)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the last element <= key, or -1. */
const lastAtOrBefore = (dates: readonly string[], key: string): number => bound(dates, key, true) - 1
/** Index of the first element >= key (dates.length when none). */
const firstAtOrAfter = (dates: readonly string[], key: string): number => bound(dates, key, false)

/**
 * The book's calendar: the union of the trading dates of its instruments that the store knows (excluded ones too,
 * as buildMarketWindow does), ascending. Option rows have no prices of their own and add no dates.
 */
export function bookCalendar(book: Book, market: MarketContext): string[] {
  const set = new Set<string>()
  for (const p of book.positions) {
    if (p.assetClass === 'option') continue
    const s = market.store.get(p.symbol)
    if (!s) continue
    for (const d of s.dates) set.add(d)
  }
  return [...set].sort()
}

/**
 * Resolves an optional backtest range to market dates of the book's calendar:
 * - neither date: the `days` market days ending on the last calendar date before `before`;
 * - only `to`: the `days` market days ending on the last calendar date <= to;
 * - only `from`: the `days` market days starting on the first calendar date >= from (fewer at the end of the data);
 * - both: returned as given (runBacktest checks them).
 * @param calendar the book's calendar (bookCalendar)
 * @throws RangeError when the calendar has no date in the place asked for
 */
export function resolveBacktestRange(
  calendar: readonly string[],
  range: { readonly from?: string; readonly to?: string },
  before: string,
  days: number,
): { from: string; to: string } {
  if (range.from !== undefined && range.to !== undefined) return { from: range.from, to: range.to }
  if (range.from !== undefined) {
    const first = firstAtOrAfter(calendar, range.from)
    if (first >= calendar.length) throw new RangeError(`no market date on or after ${range.from}`)
    return { from: calendar[first] as string, to: calendar[Math.min(calendar.length - 1, first + days - 1)] as string }
  }
  const end = range.to !== undefined ? lastAtOrBefore(calendar, range.to) : firstAtOrAfter(calendar, before) - 1
  if (end < 0) throw new RangeError(`no market date before ${range.to ?? before}`)
  return { from: calendar[Math.max(0, end - days + 1)] as string, to: calendar[end] as string }
}

/**
 * Builds the panel of a backtest over the calendar dates in [from, to].
 * Instruments are included or excluded once, at the start: exactly as the risk report at the day before the first
 * backtest day (buildMarketWindow: unknown symbol, no price on that day, fewer than W returns), and an instrument
 * excluded there stays excluded for the whole backtest. Option rows (assetClass 'option') are excluded with
 * OPTION_EXCLUDED; the calendar is that of the book's other instruments. An included instrument whose history ends
 * or skips a date later is carried forward (zero return, same close) and counted in dataQuality.
 *
 * @param book positions (quantities fixed)
 * @param from first requested backtest date (ISO); the first backtest day is the first calendar date >= from
 * @param to last requested backtest date (ISO); the last backtest day is the last calendar date <= to
 * @param window W >= 2
 * @throws RangeError when from > to, no calendar date lies in [from, to], fewer than 2 backtest days, the calendar
 *   has fewer than W returns before the first backtest day (the message gives the first possible start), or every
 *   instrument is excluded.
 */
export function buildBacktestPanel(book: Book, market: MarketContext, from: string, to: string, window: number): BacktestPanel {
  const W = window
  if (!Number.isInteger(W) || W < 2) throw new RangeError(`window must be an integer >= 2, got ${W}`)
  if (from > to) throw new RangeError(`backtest start ${from} is after its end ${to}`)
  const calendar = bookCalendar(book, market)
  const first = firstAtOrAfter(calendar, from)
  const last = lastAtOrBefore(calendar, to)
  if (first > last) throw new RangeError(`no market date of book ${book.name} between ${from} and ${to}`)
  const n = last - first + 1
  if (n < 2) throw new RangeError(`a backtest needs at least 2 market days; ${from}..${to} has ${n}`)
  if (first < W + 1) {
    const possible = calendar[W + 1]
    throw new RangeError(
      `a backtest starting ${calendar[first]} needs ${W} returns before it; the book's data starts ${calendar[0]}` +
        (possible !== undefined ? `, so the first possible start is ${possible}` : ''),
    )
  }
  const dates = calendar.slice(first - 1 - W, last + 1)
  const asof = dates[W] as string
  const linear = book.positions.filter((p) => p.assetClass !== 'option')
  const mw = buildMarketWindow(market.store, linear.map((p) => p.symbol), asof, W, { qualityFlags: market.qualityFlags })
  const N = mw.symbols.length
  if (N === 0) throw new RangeError(`no instrument of book ${book.name} has ${W} returns before ${dates[W + 1]}`)
  const reasons = new Map(mw.excluded.map((e) => [e.symbol, e.reason]))
  const excluded: ExcludedInstrument[] = []
  for (const p of book.positions) {
    const reason = p.assetClass === 'option' ? OPTION_EXCLUDED : reasons.get(p.symbol)
    if (reason !== undefined) excluded.push({ symbol: p.symbol, reason })
  }

  const quantityOf = new Map(linear.map((p) => [p.symbol, p.quantity]))
  const quantities = Float64Array.from(mw.symbols, (s) => quantityOf.get(s) as number)
  const D = dates.length
  const returns = new Float64Array((D - 1) * N)
  const close = new Float64Array(D * N)
  const dataQuality: DataQualityEntry[] = []
  mw.symbols.forEach((symbol, i) => {
    const series = market.store.get(symbol) as SymbolSeries
    const own = series.dates
    // buildMarketWindow included it, so it has a row on or before the window's first date.
    let p = lastAtOrBefore(own, dates[0] as string)
    let prevAdj = series.adjClose[p] as number
    close[i] = series.close[p] as number
    let filledDays = 0
    for (let k = 1; k < D; k++) {
      const d = dates[k] as string
      if (p + 1 < own.length && own[p + 1] === d) p++
      else filledDays++
      const adj = series.adjClose[p] as number
      returns[(k - 1) * N + i] = adj / prevAdj - 1
      close[k * N + i] = series.close[p] as number
      prevAdj = adj
    }
    const flags = (market.qualityFlags.get(symbol) ?? []).filter((f) => f.date >= (dates[1] as string) && f.date <= (dates[D - 1] as string))
    if (filledDays > 0 || flags.length > 0) dataQuality.push({ symbol, filledDays, flags: flags.map((f) => ({ date: f.date, issue: f.issue })) })
  })
  return { window: W, days: n, symbols: mw.symbols, quantities, dates, returns, close, excluded, dataQuality }
}
