/**
 * The market's volatility regime at the as-of date: a two-state Gaussian hidden Markov model (engine/regime-hmm.ts)
 * fitted to SPY's daily returns over a long look-back, with the Hamilton-filtered probability of the high-volatility
 * state on the as-of date. Why SPY rather than the book's P&L: docs/RISK-MEASURES.md, "Regime".
 */
import type { RegimeInfo } from '@shared/domain/risk-report'
import { fitRegimeHmm } from '../engine/regime-hmm'
import type { PriceStore } from '../market/price-store'

/** The market proxy whose returns define the regime. */
export const REGIME_PROXY = 'SPY'
/** SPY daily returns in the regime model (about four years: long enough to hold calm and turbulent spells). */
export const REGIME_OBSERVATIONS = 1000

/** A series to fit the regime model to, with its source and first/last dates. */
export interface RegimeSeries {
  readonly x: Float64Array
  readonly source: RegimeInfo['source']
  readonly from: string
  readonly to: string
}

/**
 * The last REGIME_OBSERVATIONS simple returns of SPY's adjusted close on its own trading days up to `asof`
 * (r_k = A_k / A_{k−1} − 1), or null when the store has no SPY or too little of its history.
 */
export function proxyReturns(store: PriceStore, asof: string, n = REGIME_OBSERVATIONS): RegimeSeries | null {
  const s = store.get(REGIME_PROXY)
  if (s === undefined) return null
  let last = s.dates.length - 1
  while (last >= 0 && (s.dates[last] as string) > asof) last--
  if (last < n) return null
  const x = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const i = last - n + 1 + k
    x[k] = s.adjClose[i]! / s.adjClose[i - 1]! - 1
  }
  return { x, source: 'SPY', from: s.dates[last - n + 1] as string, to: s.dates[last] as string }
}

/**
 * Fits the two-state HMM to the series and reads the regime on its last day: probabilityHigh = P(S_T = high | x_0..x_T)
 * (Hamilton filter), state 'high' when it is at least ½. The states' volatilities are in the series' units.
 * @throws RangeError from fitRegimeHmm (fewer than 20 points, non-finite or constant series)
 * Source: Hamilton, Econometrica 57 (1989); engine/regime-hmm.ts.
 */
export function regimeOf(series: RegimeSeries): RegimeInfo {
  const fit = fitRegimeHmm(series.x)
  const high = fit.highVolState
  const low = 1 - high
  const p = fit.filteredHighVol[series.x.length - 1]!
  return {
    state: p >= 0.5 ? 'high' : 'low',
    probabilityHigh: p,
    source: series.source,
    observations: series.x.length,
    from: series.from,
    to: series.to,
    lowVolatility: Math.sqrt(fit.variances[low]!),
    highVolatility: Math.sqrt(fit.variances[high]),
    persistenceLow: fit.transition[low * 3]!,
    persistenceHigh: fit.transition[high * 3]!,
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
  }
}
