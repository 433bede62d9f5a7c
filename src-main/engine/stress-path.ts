/**
 * Historical stress scenarios on Float64Array: the book's P&L path through a crisis window, its worst day, maximum
 * drawdown and time to recover. Conventions: docs/RISK-CONVENTIONS.md "Stress tests".
 */

/**
 * Cumulative return path of one price (level) series on a scenario calendar: R_t = A_t / A_base − 1.
 * @param level - T + 1 levels (adjusted closes or index levels) carried forward onto the calendar, level[0] at the
 *   base date; every value finite and > 0
 * @param out - optional output of length T + 1 (R_0 = 0)
 * @throws RangeError when a level is not finite and > 0 (named by index)
 */
export function cumulativeReturns(level: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = level.length
  const r = out ?? new Float64Array(n)
  if (r.length !== n) throw new RangeError(`cumulativeReturns: out has length ${r.length}, need ${n}`)
  const base = level[0]!
  if (!(Number.isFinite(base) && base > 0)) throw new RangeError(`cumulativeReturns: base level must be finite and > 0, got ${base}`)
  for (let t = 0; t < n; t++) {
    const a = level[t]!
    if (!(Number.isFinite(a) && a > 0)) throw new RangeError(`cumulativeReturns: level[${t}] must be finite and > 0, got ${a}`)
    r[t] = a / base - 1
  }
  return r
}

/** Worst single day of a P&L path: the most negative day-over-day change and its index (the day it ends on). */
export interface WorstDay {
  /** index t >= 1 in the path: the day from t−1 to t */
  readonly index: number
  /** pnl[t] − pnl[t−1], currency */
  readonly pnl: number
}

/**
 * The worst day-over-day change of a cumulative P&L path (pnl[0] = 0 at the base date).
 * @param pnl - cumulative P&L, length T + 1 >= 2
 * @returns the first index of the minimum change
 * @throws RangeError when the path has fewer than 2 points
 */
export function worstDay(pnl: ArrayLike<number>): WorstDay {
  if (pnl.length < 2) throw new RangeError('worstDay: the path needs at least 2 points (base date and one day)')
  let index = 1
  let worst = pnl[1]! - pnl[0]!
  for (let t = 2; t < pnl.length; t++) {
    const d = pnl[t]! - pnl[t - 1]!
    if (d < worst) {
      worst = d
      index = t
    }
  }
  return { index, pnl: worst }
}

/** Maximum drawdown of a value path V_t = V_0 + pnl_t in money and as a fraction of the peak. */
export interface PathDrawdown {
  /** max_t (max_{s<=t} V_s − V_t), currency, >= 0 */
  readonly amount: number
  /** amount / V_peak, or null when the value path is not > 0 at the peak (a net short or zero book) */
  readonly fraction: number | null
  /** index of the running peak before the maximum drawdown */
  readonly peakIndex: number
  /** first index where the maximum drawdown is reached */
  readonly troughIndex: number
}

/**
 * Maximum drawdown of the value path V_t = value0 + pnl[t] (RISK-CONVENTIONS "Drawdown and P&L": D_t measured from the
 * running peak). Measured in money so that a book of any sign has one; the fraction needs V_peak > 0.
 * @param pnl - cumulative P&L, length >= 1, pnl[0] at the base date
 * @param value0 - book market value at the as-of date (currency)
 * @throws RangeError on an empty path or a non-finite value
 */
export function pathDrawdown(pnl: ArrayLike<number>, value0: number): PathDrawdown {
  const n = pnl.length
  if (n === 0) throw new RangeError('pathDrawdown: empty path')
  let peak = pnl[0]!
  let peakAt = 0
  let amount = 0
  let peakIndex = 0
  let troughIndex = 0
  for (let t = 0; t < n; t++) {
    const p = pnl[t]!
    if (!Number.isFinite(p)) throw new RangeError(`pathDrawdown: pnl[${t}] must be finite, got ${p}`)
    if (p > peak) {
      peak = p
      peakAt = t
    }
    if (peak - p > amount) {
      amount = peak - p
      peakIndex = peakAt
      troughIndex = t
    }
  }
  const peakValue = value0 + pnl[peakIndex]!
  return { amount, fraction: amount > 0 && peakValue > 0 ? amount / peakValue : amount === 0 ? 0 : null, peakIndex, troughIndex }
}

/**
 * Time to recover from a drawdown: the first index after `troughIndex` where the P&L path is back at or above its
 * value at `peakIndex`, searched through the whole given path (the window and any continuation after it).
 * @returns the index, or null when the path never recovers (or there was no drawdown: then the trough is the peak)
 */
export function recoveryIndex(pnl: ArrayLike<number>, peakIndex: number, troughIndex: number): number | null {
  if (troughIndex <= peakIndex) return null
  const target = pnl[peakIndex]!
  for (let t = troughIndex + 1; t < pnl.length; t++) if (pnl[t]! >= target) return t
  return null
}

/**
 * Book P&L path of linear exposures: pnl_t = Σ_i v_i R[t, i] (RISK-CONVENTIONS "Stress tests": the market value at
 * the as-of date times the instrument's cumulative return from the base date).
 * @param R - (T+1) x N cumulative returns, row-major R[t*N + i], row 0 at the base date
 * @param v - N signed market values (currency)
 * @throws RangeError on a shape mismatch
 */
export function linearPathPnL(R: Float64Array, rows: number, N: number, v: Float64Array): Float64Array {
  if (R.length !== rows * N) throw new RangeError(`linearPathPnL: R has length ${R.length}, need ${rows} x ${N}`)
  if (v.length !== N) throw new RangeError(`linearPathPnL: v has length ${v.length}, need ${N}`)
  const out = new Float64Array(rows)
  for (let t = 0; t < rows; t++) {
    const o = t * N
    let s = 0
    for (let i = 0; i < N; i++) s += v[i]! * R[o + i]!
    out[t] = s
  }
  return out
}
