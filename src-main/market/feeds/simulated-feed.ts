import { lowerTriangularMultiply } from '../../engine/cholesky'
import { ewmaCovariance } from '../../engine/covariance'
import { repairPositiveDefinite } from '../../engine/nearest-pd'
import { baseGenerator, VariateStream } from '../../engine/random-variates'
import type { MarketWindow } from '../history'
import { nextBusinessDay } from '../iso-dates'
import type { DayBatch, Feed, Tick } from './feed'

export interface SimulatedFeedOptions {
  /** calibration history: the returns window ending on the last real day, and its closes */
  readonly market: MarketWindow
  /** last real adjusted close per instrument (index-aligned with market.symbols) */
  readonly lastAdjClose: Float64Array
  /** mean daily volume per instrument (index-aligned), used as the simulated volume; NaN if unknown */
  readonly volume: Float64Array
  /** number of simulated business days; Infinity for an endless live feed */
  readonly days: number
  readonly seed: number
  /** EWMA decay of the calibration covariance (RiskMetrics 0.94) */
  readonly lambda?: number
}

/**
 * A simulated live feed calibrated to recent history: daily returns drawn from a zero-mean multivariate normal with
 * the RiskMetrics EWMA covariance of the calibration window (repaired to positive definite when needed), applied to
 * both the raw and the adjusted close. Seeded, so the same seed gives the same path. Dates continue on business days
 * (Monday to Friday) after the calibration window's as-of date.
 *
 * Source: J.P. Morgan/Reuters, RiskMetrics Technical Document (1996), the conditional normal model.
 * @throws RangeError on an empty market window or a bad seed (see random-variates)
 */
export function createSimulatedFeed(opts: SimulatedFeedOptions): Feed & { readonly repaired: boolean } {
  const { market } = opts
  const N = market.symbols.length
  if (N === 0) throw new RangeError('simulated feed: no instruments to simulate')
  const cov = ewmaCovariance(market.returns, market.window, N, opts.lambda)
  const { cholesky: L, repaired } = repairPositiveDefinite(cov, N)
  const rng = new VariateStream(baseGenerator(opts.seed))
  const close = Float64Array.from(market.close)
  const adj = Float64Array.from(opts.lastAdjClose)
  const z = new Float64Array(N)
  const r = new Float64Array(N)
  let date = market.asof
  let produced = 0
  return {
    kind: 'simulated',
    repaired,
    remaining: () => (Number.isFinite(opts.days) ? opts.days - produced : null),
    next(): DayBatch | null {
      if (produced >= opts.days) return null
      produced++
      date = nextBusinessDay(date)
      for (let i = 0; i < N; i++) z[i] = rng.normal()
      lowerTriangularMultiply(L, N, z, r)
      const ticks: Tick[] = market.symbols.map((symbol, i) => {
        // a simple return below -100 % is impossible for a stock; clamp at -99 % (only reached by absurd covariances)
        const ri = Math.max(r[i]!, -0.99)
        close[i] = close[i]! * (1 + ri)
        adj[i] = adj[i]! * (1 + ri)
        return { symbol, date, close: close[i]!, adjClose: adj[i]!, volume: opts.volume[i]! }
      })
      return { date, ticks }
    },
  }
}
