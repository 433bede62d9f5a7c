/**
 * Stressed VaR (docs/RISK-CONVENTIONS.md "Stress tests"): today's book revalued on every day of the history (the
 * S&P 500 index calendar from 1980 to the as-of date), 1-day historical VaR at 99 % on every 250-day window, and the
 * window that gives the largest VaR, with its dates. A factor without its own data on a day moves β x its proxy's
 * return that day (the proxy rule of the historical scenarios); options by delta-gamma on their underlying's return.
 * The share of proxied position-days in the chosen window is reported.
 */
import { blackScholes } from '../engine/black-scholes'
import { worstVaRWindow } from '../engine/stress-svar'
import { lastIndexAtOrBefore, levelsOnCalendar, type ProxyMode } from './factor-paths'
import { INDEX_SYMBOL, MARKET_PROXY, industryFactor } from './sector-industry'
import type { StressBook } from './stress-book'
import type { LevelSeries } from './stress-files'
import type { StressMarket } from './stress-market'

export const SVAR_WINDOW = 250
export const SVAR_CONFIDENCE = 0.99

export interface StressedVaRReport {
  readonly var: number
  readonly from: string
  readonly to: string
  /** VaR on the last 250 days to the as-of date, same revaluation, for comparison */
  readonly currentVar: number
  /** fraction of position-days in the chosen window that moved by a proxy */
  readonly proxiedShare: number
  readonly window: number
  readonly confidence: number
  readonly excluded: readonly { symbol: string; reason: string }[]
}

/** Daily returns of a series on the calendar (NaN where the series has no own level before and on the day). */
function dailyOnCalendar(s: LevelSeries | undefined, cal: readonly string[]): Float64Array {
  const out = new Float64Array(cal.length).fill(NaN)
  if (!s || s.dates.length === 0) return out
  const lv = levelsOnCalendar(s, cal)
  const first = s.dates[0]!
  const last = s.dates[s.dates.length - 1]!
  for (let t = 1; t < cal.length; t++) if (cal[t - 1]! >= first && cal[t]! <= last) out[t] = lv[t]! / lv[t - 1]! - 1
  return out
}

export function runStressedVaR(sm: StressMarket, book: StressBook, mode: ProxyMode = 'sector'): StressedVaRReport | { reason: string } {
  const cal = sm.calendar.slice(0, lastIndexAtOrBefore(sm.calendar, book.asof) + 1)
  const T = cal.length
  if (T < SVAR_WINDOW + 1) return { reason: `only ${T} days of history before ${book.asof}` }
  const proxyReturns = new Map<string, Float64Array>()
  const proxyDaily = (p: string): Float64Array => {
    let r = proxyReturns.get(p)
    if (!r) proxyReturns.set(p, (r = dailyOnCalendar(sm.levels.get(p), cal)))
    return r
  }
  const pnl = new Float64Array(T - 1)
  const proxied = new Uint32Array(T - 1)
  const excluded = [...book.excluded]
  let counted = 0
  const factorDaily = new Map<string, { r: Float64Array; isProxy: Uint8Array } | { reason: string }>()
  for (const pos of book.positions) {
    let fd = factorDaily.get(pos.factor)
    if (!fd) {
      const own = dailyOnCalendar(sm.levels.get(pos.factor), cal)
      const r = new Float64Array(T).fill(NaN)
      const isProxy = new Uint8Array(T)
      const proxies = [mode === 'sector' ? industryFactor(pos.sector) : null, MARKET_PROXY, INDEX_SYMBOL].filter((x): x is string => x !== null)
      const betas = proxies.map((p) => book.beta(pos.factor, p))
      let missing = false
      for (let t = 1; t < T; t++) {
        if (!Number.isNaN(own[t]!)) {
          r[t] = own[t]!
          continue
        }
        let k = 0
        while (k < proxies.length && (Number.isNaN(proxyDaily(proxies[k]!)[t]!) || 'reason' in betas[k]!)) k++
        if (k === proxies.length) {
          missing = true
          break
        }
        r[t] = (betas[k] as { beta: number }).beta * proxyDaily(proxies[k]!)[t]!
        isProxy[t] = 1
      }
      fd = missing ? { reason: `no own data or proxy with a beta on some day of the history` } : { r, isProxy }
      factorDaily.set(pos.factor, fd)
    }
    if ('reason' in fd) {
      excluded.push({ symbol: pos.symbol, reason: fd.reason })
      continue
    }
    counted++
    const delta = pos.option ? pos.units * blackScholes(pos.option.input).delta * pos.spot : pos.marketValue
    const gamma = pos.option ? pos.units * blackScholes(pos.option.input).gamma * pos.spot * pos.spot : 0
    for (let t = 1; t < T; t++) {
      const x = fd.r[t]!
      pnl[t - 1] = pnl[t - 1]! + delta * x + 0.5 * gamma * x * x
      proxied[t - 1] = proxied[t - 1]! + fd.isProxy[t]!
    }
  }
  if (counted === 0) return { reason: 'no position could be revalued on the history' }
  const { worst, rolling } = worstVaRWindow(pnl, SVAR_WINDOW, SVAR_CONFIDENCE)
  let px = 0
  for (let t = worst.from; t <= worst.to; t++) px += proxied[t]!
  return {
    var: worst.var,
    from: cal[worst.from + 1]!,
    to: cal[worst.to + 1]!,
    currentVar: rolling[rolling.length - 1]!,
    proxiedShare: px / (SVAR_WINDOW * counted),
    window: SVAR_WINDOW,
    confidence: SVAR_CONFIDENCE,
    excluded,
  }
}
