/**
 * Stressed VaR: the historical VaR of today's book on the W-day window, over all the history, that gives the largest
 * VaR (RISK-CONVENTIONS "Stress tests"; Basel 2.5 stressed VaR on a 12-month window of significant stress).
 */
import { historicalVaR } from './historical'

export interface StressedWindow {
  /** first and last index (inclusive) in the P&L series of the worst window */
  readonly from: number
  readonly to: number
  readonly var: number
}

/**
 * Rolling historical VaR over every window of W consecutive days, and the worst one (the first on ties).
 * @param pnl - the book's daily P&L on the history, oldest first, finite
 * @param W - window length (250), c - confidence (0.99)
 * @returns the worst window and the VaR of every window (index k: days k..k+W−1)
 * @throws RangeError when pnl is shorter than W or an input is invalid
 */
export function worstVaRWindow(pnl: Float64Array, W: number, c: number): { worst: StressedWindow; rolling: Float64Array } {
  if (!(Number.isInteger(W) && W >= 2)) throw new RangeError(`worstVaRWindow: W must be an integer >= 2, got ${W}`)
  if (pnl.length < W) throw new RangeError(`worstVaRWindow: ${pnl.length} days of P&L, need at least ${W}`)
  const n = pnl.length - W + 1
  const rolling = new Float64Array(n)
  const scratch = new Float64Array(W)
  let best = 0
  for (let k = 0; k < n; k++) {
    rolling[k] = historicalVaR(pnl.subarray(k, k + W), c, scratch)
    if (rolling[k]! > rolling[best]!) best = k
  }
  return { worst: { from: best, to: best + W - 1, var: rolling[best]! }, rolling }
}
