/**
 * The return path of each risk factor through a historical window on the scenario calendar, with the proxy rule for
 * factors without data in the window (docs/RISK-CONVENTIONS.md "Stress tests").
 */
import { cumulativeReturns } from '../engine/stress-path'
import { INDEX_SYMBOL, MARKET_PROXY, industryFactor } from './sector-industry'
import type { StressBook } from './stress-book'
import type { LevelSeries } from './stress-files'
import type { StressMarket } from './stress-market'

/** How far after the window end the value path is followed to find the time to recover (trading days, ~10 years). */
export const MAX_RECOVERY_DAYS = 2520

export type ProxyMode = 'sector' | 'market'

/** Index of the last element <= key (or < key when strict) in an ascending array, or −1. */
export function lastIndexAtOrBefore(dates: readonly string[], key: string, strict = false): number {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const d = dates[mid]!
    if (strict ? d < key : d <= key) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** The scenario calendar of a window: base date, window end and the extended end (for recovery), as indices. */
export interface WindowCalendar {
  /** dates[0] is the base date; dates[endRow] the window's end; later rows continue up to MAX_RECOVERY_DAYS */
  readonly dates: readonly string[]
  readonly endRow: number
}

/**
 * The calendar of a window [start, end]: base = the last trading day on or before `start` (before `start` for a
 * one-day scenario, start = end), then every trading day up to `end`, then up to MAX_RECOVERY_DAYS more.
 * @returns null when the calendar has no base date or no day after it up to `end`
 */
export function windowCalendar(calendar: readonly string[], start: string, end: string): WindowCalendar | null {
  const b = lastIndexAtOrBefore(calendar, start, start === end)
  const e = lastIndexAtOrBefore(calendar, end)
  if (b < 0 || e <= b) return null
  const x = Math.min(calendar.length - 1, e + MAX_RECOVERY_DAYS)
  return { dates: calendar.slice(b, x + 1), endRow: e - b }
}

/** The first `rows` rows of a window calendar (the window itself when rows = endRow + 1). */
export function truncateCalendar(cal: WindowCalendar, rows: number): WindowCalendar {
  return rows >= cal.dates.length ? cal : { dates: cal.dates.slice(0, Math.max(rows, cal.endRow + 1)), endRow: cal.endRow }
}

/** Whether a series covers the window: an own row on or before the base date and on or after the end date. */
export function covers(s: LevelSeries | undefined, base: string, end: string): s is LevelSeries {
  return s !== undefined && s.dates.length > 0 && s.dates[0]! <= base && s.dates[s.dates.length - 1]! >= end
}

/**
 * Levels carried forward onto calendar dates (the last own level on or before each date). Rows after the series'
 * last date carry its last level; the caller limits the path to the common span.
 */
export function levelsOnCalendar(s: LevelSeries, dates: readonly string[]): Float64Array {
  const out = new Float64Array(dates.length)
  let k = lastIndexAtOrBefore(s.dates, dates[0]!)
  for (let t = 0; t < dates.length; t++) {
    while (k + 1 < s.dates.length && s.dates[k + 1]! <= dates[t]!) k++
    out[t] = s.level[k]!
  }
  return out
}

/** One factor's path through the window. */
export interface FactorPath {
  /** cumulative return from the base date, one per calendar row (β x the proxy's, floored at −100 %, when proxied) */
  readonly R: Float64Array
  /** the proxy's own cumulative return path when proxied (unscaled), else null */
  readonly proxyR: Float64Array | null
  readonly proxied: boolean
  readonly proxy: string | null
  readonly beta: number | null
  /** last calendar row the underlying data cover (own or proxy series) */
  readonly lastRow: number
}

/**
 * The path of `factor`: its own cumulative return when its series covers the window; otherwise β x the proxy's
 * cumulative return (floored at −100 %), with proxy = the sector's industry portfolio (mode `sector`, when the sector maps to one and it
 * covers the window), else SPY, else the S&P 500 index `^SPX`; β over the 250 returns before the as-of date.
 * @returns the path, or the reason the factor cannot be moved (no proxy covers the window, or no beta)
 */
export function factorPath(
  sm: StressMarket,
  book: StressBook,
  factor: string,
  sector: string | null,
  cal: WindowCalendar,
  mode: ProxyMode,
  /** proxy paths already computed on this same calendar, by proxy symbol (shared by the factors of one run) */
  proxyCache: Map<string, Float64Array> = new Map(),
): FactorPath | { reason: string } {
  const base = cal.dates[0]!
  const end = cal.dates[cal.endRow]!
  const own = sm.levels.get(factor)
  const lastRowOf = (s: LevelSeries): number => lastIndexAtOrBefore(cal.dates, s.dates[s.dates.length - 1]!)
  if (covers(own, base, end)) {
    return { R: cumulativeReturns(levelsOnCalendar(own, cal.dates)), proxyR: null, proxied: false, proxy: null, beta: null, lastRow: lastRowOf(own) }
  }
  const candidates = [mode === 'sector' ? industryFactor(sector) : null, MARKET_PROXY, INDEX_SYMBOL].filter((p): p is string => p !== null)
  const proxy = candidates.find((p) => covers(sm.levels.get(p), base, end))
  if (proxy === undefined) return { reason: `no data from ${base} to ${end} and no proxy with data (${candidates.join(', ')})` }
  const b = book.beta(factor, proxy)
  if ('reason' in b) return { reason: `no data from ${base} to ${end}; ${b.reason}` }
  const ps = sm.levels.get(proxy)!
  let proxyR = proxyCache.get(proxy)
  if (!proxyR) proxyCache.set(proxy, (proxyR = cumulativeReturns(levelsOnCalendar(ps, cal.dates))))
  // A position cannot lose more than its whole value: β x a deep fall (β 2.5, index −45 %) is floored at −100 %.
  const R = new Float64Array(proxyR.length)
  for (let t = 0; t < R.length; t++) R[t] = Math.max(-1, b.beta * proxyR[t]!)
  return { R, proxyR, proxied: true, proxy, beta: b.beta, lastRow: lastRowOf(ps) }
}
