import { REGIME_OBSERVATIONS, REGIME_PROXY } from '../risk/market-regime'
import type { Regime } from '@shared/domain/market-state'
import { fitRegimeHmm, hmmFilterStep, type HmmFit, type HmmParams } from '../engine/regime-hmm'
import { lastIndexOnOrBefore } from '../market/feeds/replay-feed'
import type { PriceStore } from '../market/price-store'

/** The market proxy whose daily returns define the desk's regime. */
/** The same market proxy and fit length as the risk report's regime, so desk and report agree. */
export const REGIME_FIT_DAYS = REGIME_OBSERVATIONS
/** probabilityHigh at or above which the regime state is 'high'. */
export const HIGH_STATE_THRESHOLD = 0.5

/** A fit computed ahead (e.g. on the compute pool) of the series RegimeTracker.start would fit: SPY's or the book's. */
export interface RegimeFitAhead {
  readonly source: Regime['source']
  readonly fit: HmmFit
}

/** What the model was fitted on and what it found (written to the audit trail at session start). */
export interface RegimeFitInfo {
  readonly source: Regime['source']
  /** why the book's P&L is used instead of SPY, or null */
  readonly fallbackReason: string | null
  readonly observations: number
  /** first and last date of the fitted series (SPY: return dates; book: the scenario window's dates) */
  readonly from: string
  readonly to: string
  /** one-day standard deviations of the two states, in the series' units (SPY: return; book: currency) */
  readonly lowVolatility: number
  readonly highVolatility: number
  readonly converged: boolean
}

/**
 * The desk's market regime, updated once per market day: a two-state Gaussian HMM (engine/regime-hmm.ts) is fitted
 * by EM at session start, and each day one Hamilton filter step (hmmFilterStep) turns the day's observation into
 * P(high-volatility state | data up to that day). With source 'SPY' the observation is SPY's simple return of the
 * adjusted close; with source 'book-pnl' it is the book's newest scenario P&L Σ_i v_i r_{t,i}.
 */
export class RegimeTracker {
  private prob: [number, number]
  private lastProxyAdj: number

  private constructor(
    readonly info: RegimeFitInfo,
    private readonly params: HmmParams,
    private readonly high: 0 | 1,
    lastFiltered: [number, number],
    lastProxyAdj: number,
  ) {
    this.prob = lastFiltered
    this.lastProxyAdj = lastProxyAdj
  }

  /**
   * Fits on SPY's REGIME_FIT_DAYS daily returns ending on the last SPY date <= asof when the store has them; else on
   * `bookPnL` (the book's scenario P&L window, oldest first, dated `bookDates`) and says why. `ahead`: the fit of that
   * same series computed elsewhere (used for the branch whose source it names; the caller guarantees the series).
   * @returns the tracker, or null with the reason when neither series can be fitted (e.g. a constant P&L)
   */
  static start(
    store: PriceStore,
    asof: string,
    bookPnL: Float64Array,
    bookDates: { from: string; to: string },
    ahead?: RegimeFitAhead,
  ): { tracker: RegimeTracker | null; reason: string | null } {
    const proxy = regimeProxyReturns(store, asof)
    let fallbackReason: string | null = null
    if ('x' in proxy) {
      try {
        return { tracker: RegimeTracker.fit(proxy.x, 'SPY', null, proxy.from, proxy.to, proxy.lastAdj, ahead?.source === 'SPY' ? ahead.fit : undefined), reason: null }
      } catch (e) {
        fallbackReason = `SPY returns could not be fitted: ${(e as Error).message}`
      }
    } else fallbackReason = proxy.reason
    try {
      const fit = ahead?.source === 'book-pnl' ? ahead.fit : undefined
      return { tracker: RegimeTracker.fit(bookPnL, 'book-pnl', fallbackReason, bookDates.from, bookDates.to, NaN, fit), reason: null }
    } catch (e) {
      return { tracker: null, reason: `${fallbackReason}; the book's scenario P&L could not be fitted either: ${(e as Error).message}` }
    }
  }

  private static fit(x: Float64Array, source: Regime['source'], fallbackReason: string | null, from: string, to: string, lastAdj: number, precomputed?: HmmFit): RegimeTracker {
    const fit = precomputed ?? fitRegimeHmm(x)
    const high = fit.highVolState
    const low = high === 1 ? 0 : 1
    const pHigh = fit.filteredHighVol[x.length - 1]!
    const last: [number, number] = high === 1 ? [1 - pHigh, pHigh] : [pHigh, 1 - pHigh]
    const info: RegimeFitInfo = {
      source,
      fallbackReason,
      observations: x.length,
      from,
      to,
      lowVolatility: Math.sqrt(fit.variances[low]),
      highVolatility: Math.sqrt(fit.variances[high]),
      converged: fit.converged,
    }
    return new RegimeTracker(info, fit, high, last, lastAdj)
  }

  get source(): Regime['source'] {
    return this.info.source
  }

  /** The current regime reading. */
  current(): Regime {
    const p = this.prob[this.high]
    return { probabilityHigh: p, state: p >= HIGH_STATE_THRESHOLD ? 'high' : 'low', source: this.info.source }
  }

  /**
   * One filter step with SPY's adjusted close of the new day (the return is taken against the previous close seen).
   * @returns false when the observation could not be used (probability unchanged; the close still becomes the base)
   */
  stepProxyClose(adjClose: number): boolean {
    const x = adjClose / this.lastProxyAdj - 1
    this.lastProxyAdj = adjClose
    return this.step(x)
  }

  /** One filter step with the book's P&L of the new day (source 'book-pnl'). @returns false when it could not be used */
  stepObservation(x: number): boolean {
    return this.step(x)
  }

  private step(x: number): boolean {
    try {
      this.prob = hmmFilterStep(this.prob, x, this.params).filtered
      return true
    } catch {
      // a non-finite or impossible observation leaves the regime as it was; the caller reports the skipped day
      return false
    }
  }
}

/**
 * The series the regime model is fitted on at session start: SPY's REGIME_FIT_DAYS simple returns of the adjusted
 * close ending on the last SPY date <= asof (with the first and last return dates and that last close), or why there
 * is none. A fit of `x` by fitRegimeHmm (e.g. on a worker thread) can be handed to RegimeTracker.start.
 */
export function regimeProxyReturns(store: PriceStore, asof: string): { x: Float64Array; from: string; to: string; lastAdj: number } | { reason: string } {
  const spy = store.get(REGIME_PROXY)
  const last = spy ? lastIndexOnOrBefore(spy.dates, asof) : -1
  if (!spy || last < REGIME_FIT_DAYS) {
    return { reason: spy ? `SPY has ${Math.max(0, last)} returns up to ${asof}, fewer than ${REGIME_FIT_DAYS}` : `no ${REGIME_PROXY} history in the market data` }
  }
  const x = new Float64Array(REGIME_FIT_DAYS)
  for (let k = 0; k < REGIME_FIT_DAYS; k++) {
    const i = last - REGIME_FIT_DAYS + 1 + k
    x[k] = spy.adjClose[i]! / spy.adjClose[i - 1]! - 1
  }
  return { x, from: spy.dates[last - REGIME_FIT_DAYS + 1]!, to: spy.dates[last]!, lastAdj: spy.adjClose[last]! }
}

/** SPY's adjusted close on exactly `date` in the store, or null. */
export function proxyCloseOn(store: PriceStore, date: string): number | null {
  const s = store.get(REGIME_PROXY)
  if (!s) return null
  const i = lastIndexOnOrBefore(s.dates, date)
  return i >= 0 && s.dates[i] === date ? s.adjClose[i]! : null
}
