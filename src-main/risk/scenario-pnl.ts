/**
 * Scenario P&L of a valued book under a matrix of factor returns (historical days, overlapping h-day returns):
 * linear positions revalued linearly (RISK-CONVENTIONS "Portfolio P&L scenarios"), options fully, repriced with
 * Black-Scholes-Merton on the scenario's underlying price, implied vol and time to expiry held at their as-of values.
 */
import { scenarioPnL } from '../engine/historical'
import { overlappingReturns } from '../engine/horizon'
import type { BookValuation, ValuedPosition } from './book-valuation'
import { spotRepricer } from './option-pricing'

/** Factor returns for a horizon: rows x M, row-major, oldest first. */
export interface ScenarioReturns {
  readonly R: Float64Array
  readonly rows: number
  readonly horizon: number
}

/**
 * The window's scenario returns at horizon h: the W daily returns themselves for h = 1 (untouched, so one-day figures
 * are exactly those of RISK-CONVENTIONS), else the W − h + 1 overlapping compounded h-day returns
 * r^(h)_t = Π_{j<h} (1 + r_{t+j}) − 1 (engine/horizon.ts overlappingReturns).
 * @throws RangeError when h is not an integer in [1, W]
 */
export function horizonReturns(val: BookValuation, h: number): ScenarioReturns {
  const { mw, M } = val
  if (!(Number.isInteger(h) && h >= 1)) throw new RangeError(`horizon must be an integer >= 1, got ${h}`)
  if (h === 1) return { R: mw.returns, rows: mw.window, horizon: 1 }
  const o = overlappingReturns(mw.returns, mw.window, M, h)
  return { R: o.R, rows: o.rows, horizon: h }
}

/**
 * P&L (currency) of one position in every scenario: units x spot x r for a linear position (= v r), and
 * units x (P(S (1 + r)) − P(S)) for an option, P the price-only repricer at the as-of inputs.
 * @returns Float64Array(rows)
 */
export function positionPnL(p: ValuedPosition, s: ScenarioReturns, M: number): Float64Array {
  const out = new Float64Array(s.rows)
  const { R, rows } = s
  const f = p.factor
  if (p.option === null) {
    const v = p.marketValue
    for (let t = 0; t < rows; t++) out[t] = v * R[t * M + f]!
    return out
  }
  const price = spotRepricer(p.option.input)
  const base = price(p.spot)
  for (let t = 0; t < rows; t++) out[t] = p.units * (price(p.spot * (1 + R[t * M + f]!)) - base)
  return out
}

/**
 * Book P&L in every scenario: Σ_f linearExposure_f r_{t,f} (engine scenarioPnL, so an option-free book gets exactly
 * the RISK-CONVENTIONS scenario P&L) plus every option's full-revaluation P&L.
 * @returns Float64Array(rows)
 */
export function bookPnL(val: BookValuation, s: ScenarioReturns): Float64Array {
  const L = scenarioPnL(s.R, s.rows, val.M, val.linearExposure)
  if (!val.hasOptions) return L
  for (const p of val.positions) {
    if (p.option === null) continue
    const x = positionPnL(p, s, val.M)
    for (let t = 0; t < s.rows; t++) L[t] = L[t]! + x[t]!
  }
  return L
}
