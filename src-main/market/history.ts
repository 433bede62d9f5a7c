import type { DataQualityEntry, ExcludedInstrument } from '@shared/domain/risk-report'
import { ADV_DAYS, averageDailyVolume } from '../engine/liquidity'
import type { PriceStore, SymbolSeries } from './price-store'
import type { QualityFlag } from './quality-flags'

/** The aligned market data a risk computation needs for one set of instruments at one as-of date. */
export interface MarketWindow {
  /** the calendar date used: the last union-calendar date <= the requested as-of date (the requested date when the
   * calendar is empty) */
  readonly asof: string
  /** W, the number of daily returns */
  readonly window: number
  /** the N included instruments, in the order given */
  readonly symbols: string[]
  /** the W + 1 calendar dates ending at asof, ascending (fewer only when the calendar is shorter; then N = 0) */
  readonly dates: string[]
  /** W x N row-major, returns[t*N + i], t = 0 oldest: simple returns of adj_close from dates[t] to dates[t+1] */
  readonly returns: Float64Array
  /** N raw closes on asof (valuation prices) */
  readonly close: Float64Array
  /** N average daily volumes (shares) over the instrument's last advDays own observations <= asof, NaN if missing */
  readonly adv: Float64Array
  /** instruments left out of the risk figures, with the reason, in the order given */
  readonly excluded: ExcludedInstrument[]
  /** included instruments with carried-forward days or vendor-error flags in the window, in the order given */
  readonly dataQuality: DataQualityEntry[]
}

export interface MarketWindowOptions {
  /** symbol -> known vendor-error flags (quality-flags.ts); flags dated dates[1]..dates[W] are reported */
  readonly qualityFlags?: ReadonlyMap<string, readonly QualityFlag[]>
  /** ADV look-back in own observations (default 20, RISK-CONVENTIONS.md "Liquidity") */
  readonly advDays?: number
}

/** Index of the last element <= key in an ascending array, or -1. */
function lastAtOrBefore(dates: readonly string[], key: string): number {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((dates[mid] as string) <= key) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/**
 * The last `count` dates of the union calendar of `series` that are <= `asof`, ascending. Each series contributes
 * only its own last `count` dates <= asof, which is enough: any date among the union's last `count` is among the
 * last `count` of the series it came from.
 */
function unionCalendarTail(series: readonly SymbolSeries[], asof: string, count: number): string[] {
  const set = new Set<string>()
  for (const s of series) {
    const e = lastAtOrBefore(s.dates, asof)
    for (let k = Math.max(0, e - count + 1); k <= e; k++) set.add(s.dates[k] as string)
  }
  const all = [...set].sort()
  return all.slice(Math.max(0, all.length - count))
}

/**
 * Aligns the price histories of `symbols` on one calendar and cuts the window of the last W daily returns ending on
 * the as-of date (RISK-CONVENTIONS.md "Market data"):
 * - calendar: the union of the trading dates of the given instruments that the store knows (excluded ones too);
 *   the as-of date used is the last calendar date <= the requested one;
 * - returns: simple returns of adj_close, r_t = A_t / A_{t-1} - 1, on the calendar; a date missing inside an
 *   instrument's own span carries the previous adj_close forward (a zero return) and counts as a filled day when it
 *   is one of the W return dates dates[1..W];
 * - excluded, with these exact reasons: `unknown symbol` (not in the store); `no price on <asof>` (no own row on the
 *   as-of date); `only <k> returns before <asof>, window needs <W>` (the instrument starts after dates[0], so it has
 *   k < W returns on the calendar);
 * - dataQuality: one entry per included instrument with filledDays > 0 or quality flags dated dates[1..W];
 * - close: raw close on the as-of date; adv: mean volume of the last advDays own rows <= asof (engine/liquidity.ts
 *   averageDailyVolume: NaN when a volume in the look-back is missing).
 *
 * @param store price history
 * @param symbols instruments, in the order the result keeps
 * @param asof requested as-of date, ISO YYYY-MM-DD
 * @param window W, the number of returns, an integer >= 2
 * @throws RangeError if window is not an integer >= 2, advDays is not an integer >= 1, a symbol is listed twice,
 *   or asof precedes all data of the store. (When only the given instruments have no data up to asof, the result
 *   has no dates, asof is the requested date and each instrument is excluded with `no price on <asof>`.)
 */
export function buildMarketWindow(
  store: PriceStore,
  symbols: readonly string[],
  asof: string,
  window: number,
  opts: MarketWindowOptions = {},
): MarketWindow {
  const W = window
  const advDays = opts.advDays ?? ADV_DAYS
  if (!Number.isInteger(W) || W < 2) throw new RangeError(`window must be an integer >= 2, got ${W}`)
  if (!Number.isInteger(advDays) || advDays < 1) throw new RangeError(`advDays must be an integer >= 1, got ${advDays}`)
  const seen = new Set<string>()
  for (const s of symbols) {
    if (seen.has(s)) throw new RangeError(`symbol ${s} is listed twice`)
    seen.add(s)
  }
  const first = store.firstDate()
  if (first === undefined || asof < first) {
    throw new RangeError(`as-of date ${asof} precedes all market data${first === undefined ? '' : ` (first date ${first})`}`)
  }

  const known = symbols.map((s) => store.get(s)).filter((s): s is SymbolSeries => s !== undefined)
  const dates = unionCalendarTail(known, asof, W + 1)
  // Empty only when no given instrument has data up to asof; then every instrument is excluded below.
  const asofUsed = dates[dates.length - 1] ?? asof
  const base = dates[0]
  const fullWindow = dates.length === W + 1

  const excluded: ExcludedInstrument[] = []
  const included: { series: SymbolSeries; last: number }[] = []
  for (const symbol of symbols) {
    const series = store.get(symbol)
    if (series === undefined) {
      excluded.push({ symbol, reason: 'unknown symbol' })
      continue
    }
    const last = lastAtOrBefore(series.dates, asofUsed)
    if (last < 0 || series.dates[last] !== asofUsed) {
      excluded.push({ symbol, reason: `no price on ${asofUsed}` })
      continue
    }
    const start = series.dates[0] as string
    if (!fullWindow || start > (base as string)) {
      // start is a calendar date (the calendar is the union), so its position gives the number of returns.
      const returns = dates.length - 1 - dates.indexOf(start)
      excluded.push({ symbol, reason: `only ${returns} returns before ${asofUsed}, window needs ${W}` })
      continue
    }
    included.push({ series, last })
  }

  const N = included.length
  const returns = new Float64Array(W * N)
  const close = new Float64Array(N)
  const adv = new Float64Array(N)
  const dataQuality: DataQualityEntry[] = []
  included.forEach(({ series, last }, i) => {
    const own = series.dates
    let p = lastAtOrBefore(own, base as string)
    let prev = series.adjClose[p] as number
    let filledDays = 0
    for (let t = 1; t <= W; t++) {
      const d = dates[t] as string
      if (p < last && own[p + 1] === d) p++
      else filledDays++
      const price = series.adjClose[p] as number
      returns[(t - 1) * N + i] = price / prev - 1
      prev = price
    }
    close[i] = series.close[last] as number
    adv[i] = averageDailyVolume(series.volume.subarray(Math.max(0, last + 1 - advDays), last + 1), advDays)
    const flags = (opts.qualityFlags?.get(series.symbol) ?? []).filter((f) => f.date >= (dates[1] as string) && f.date <= asofUsed)
    if (filledDays > 0 || flags.length > 0) {
      dataQuality.push({ symbol: series.symbol, filledDays, flags: flags.map((f) => ({ date: f.date, issue: f.issue })) })
    }
  })

  return {
    asof: asofUsed,
    window: W,
    symbols: included.map((x) => x.series.symbol),
    dates,
    returns,
    close,
    adv,
    excluded,
    dataQuality,
  }
}
