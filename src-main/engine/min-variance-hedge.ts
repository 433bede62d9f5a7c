/**
 * Sizing of the desk's "hedge" action: a position in one index ETF that minimises the variance of the book's
 * scenario P&L over the window, in whole shares, with the ETF chosen among candidates (SPY; QQQ or a sector ETF where
 * it fits better) by the lowest residual variance.
 *
 * Convention: P (W) is the book's scenario P&L (currency), H (W) the ETF's simple returns over the same scenarios.
 * Adding x dollars of the ETF gives P + x H, whose variance is minimal at x* = −cov(P, H) / var(H) (the minimum-
 * variance hedge ratio; Ederington 1979, "The hedging performance of the new futures markets", J. Finance 34(1);
 * Hull, Options, Futures and Other Derivatives, "optimal hedge ratio"). Shares n = round(x* / price): the variance is
 * a parabola in n, so the nearest whole share is the best whole share. Sample moments (ddof 1; the ratio does not
 * depend on it).
 */
import { assertLength } from './validate'

export interface HedgeCandidate {
  readonly symbol: string
  /** W simple returns of the ETF in the book's scenarios */
  readonly returns: Float64Array
  /** price per share (> 0) */
  readonly price: number
}

export interface HedgeSizing {
  readonly symbol: string
  /** x* = −cov(P, H)/var(H), dollars of the ETF before rounding */
  readonly dollars: number
  /** whole shares to trade (signed: negative = sell) */
  readonly shares: number
  /** shares × price */
  readonly notional: number
  /** sample variance of P before and of P + shares·price·H after (currency²) */
  readonly varianceBefore: number
  readonly residualVariance: number
}

/** var(H) below this fraction of Σh² is rounding noise of constant returns, not variance. */
const RELATIVE_VARIANCE_FLOOR = 1e-12

function mean(x: Float64Array): number {
  let s = 0
  for (let t = 0; t < x.length; t++) s += x[t]!
  return s / x.length
}

/**
 * The minimum-variance hedge of P with one ETF.
 * @returns null when the ETF's returns have no variance over the window (it cannot hedge anything)
 * @throws RangeError for W < 2, a length mismatch, a non-positive price or non-finite inputs
 */
export function minVarianceHedge(pnl: Float64Array, c: HedgeCandidate): HedgeSizing | null {
  const W = pnl.length
  if (W < 2) throw new RangeError(`minVarianceHedge: need at least 2 scenarios, got ${W}`)
  assertLength('minVarianceHedge', 'returns', c.returns, W)
  if (!(c.price > 0) || !Number.isFinite(c.price)) throw new RangeError(`minVarianceHedge: ${c.symbol} price must be positive, got ${c.price}`)
  const mp = mean(pnl)
  const mh = mean(c.returns)
  let sph = 0
  let shh = 0
  let spp = 0
  let raw = 0
  for (let t = 0; t < W; t++) {
    raw += c.returns[t]! * c.returns[t]!
    const dp = pnl[t]! - mp
    const dh = c.returns[t]! - mh
    sph += dp * dh
    shh += dh * dh
    spp += dp * dp
  }
  if (!Number.isFinite(sph + shh + spp)) throw new RangeError(`minVarianceHedge: non-finite P&L or ${c.symbol} returns`)
  // constant returns leave only rounding noise after centring: relative to Σh², that is no variance at all
  if (!(shh > RELATIVE_VARIANCE_FLOOR * raw)) return null
  const dollars = -sph / shh
  const shares = Math.round(dollars / c.price)
  const x = shares * c.price
  // var(P + xH) = var(P) + 2x cov(P,H) + x² var(H)
  const residual = (spp + 2 * x * sph + x * x * shh) / (W - 1)
  return { symbol: c.symbol, dollars, shares, notional: x, varianceBefore: spp / (W - 1), residualVariance: Math.max(0, residual) }
}

/**
 * Sizes the hedge with every candidate and returns them by residual variance, best first (candidates that cannot
 * hedge, with zero-variance returns, are left out and listed in `unusable`).
 * @throws RangeError as minVarianceHedge, or when no candidate is given
 */
export function chooseHedge(pnl: Float64Array, candidates: readonly HedgeCandidate[]): { ranked: HedgeSizing[]; unusable: string[] } {
  if (candidates.length === 0) throw new RangeError('chooseHedge: no hedge candidate given')
  const ranked: HedgeSizing[] = []
  const unusable: string[] = []
  for (const c of candidates) {
    const h = minVarianceHedge(pnl, c)
    if (h === null) unusable.push(c.symbol)
    else ranked.push(h)
  }
  ranked.sort((a, b) => a.residualVariance - b.residualVariance)
  return { ranked, unusable }
}

/** P + shares·price·H: the scenario P&L after the hedge (for the exact post-trade VaR). */
export function hedgedPnL(pnl: Float64Array, c: HedgeCandidate, shares: number): Float64Array {
  assertLength('hedgedPnL', 'returns', c.returns, pnl.length)
  const x = shares * c.price
  return Float64Array.from(pnl, (p, t) => p + x * c.returns[t]!)
}
