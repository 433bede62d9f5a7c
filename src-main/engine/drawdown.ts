/**
 * Drawdown of a value path: the series, the maximum drawdown with its peak/trough/recovery, the current
 * drawdown and the time spent under water. Conventions: docs/RISK-CONVENTIONS.md "Drawdown and P&L".
 */

/**
 * Drawdown series D_t = (max_{s<=t} V_s − V_t) / max_{s<=t} V_s, a fraction in [0, 1).
 * @param values - value path V_0..V_{T−1} in time order (oldest first), every value finite and > 0
 * @returns Float64Array of length T
 * @throws RangeError when the path is empty or a value is not finite or not > 0 (named by index)
 * Source: RISK-CONVENTIONS; Magdon-Ismail & Atiya, "Maximum drawdown", Risk 17 (2004).
 */
export function drawdownSeries(values: ArrayLike<number>): Float64Array {
  const n = values.length
  if (n === 0) throw new RangeError('drawdown: value path is empty')
  const out = new Float64Array(n)
  let peak = -Infinity
  for (let t = 0; t < n; t++) {
    const v = values[t]!
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`drawdown: values[${t}] must be finite and > 0, got ${v}`)
    if (v > peak) peak = v
    out[t] = (peak - v) / peak
  }
  return out
}

export interface DrawdownReport {
  /** max_t D_t (fraction, 0 when the path never falls) */
  readonly maxDrawdown: number
  /** index of the running peak before the maximum drawdown (the last time the peak value was set) */
  readonly peakIndex: number
  /** index where the maximum drawdown is reached (the first such index) */
  readonly troughIndex: number
  /** first index after the trough where V_t >= the peak value, or null when not recovered by the end */
  readonly recoveryIndex: number | null
  /** steps from peak to recovery of the maximum drawdown, or from peak to the last index when not recovered */
  readonly maxDrawdownDuration: number
  /** steps from trough to recovery; null when not recovered */
  readonly timeToRecovery: number | null
  /** D_{T−1} */
  readonly currentDrawdown: number
  /** steps since the last running peak (0 when the last value is a peak) */
  readonly currentUnderwaterDuration: number
  /** longest stretch, in steps, from a running peak to the next index at or above it (or to the end) */
  readonly longestUnderwaterDuration: number
}

/**
 * Maximum drawdown, current drawdown, durations and time to recovery of a value path. Durations count steps
 * (rows of the input; trading days for a daily path).
 * @param values - value path, oldest first, finite and > 0
 * @throws RangeError as drawdownSeries
 * Source: RISK-CONVENTIONS (D_t and max drawdown); recovery = first return to the previous peak (as
 * PerformanceAnalytics `table.Drawdowns`, From/Trough/To).
 */
export function drawdownReport(values: ArrayLike<number>): DrawdownReport {
  const dd = drawdownSeries(values)
  const n = dd.length
  let maxDd = 0
  let trough = 0
  let peakOfMax = 0
  let lastPeak = 0
  let longest = 0
  for (let t = 0; t < n; t++) {
    if (dd[t] === 0) {
      longest = Math.max(longest, t - lastPeak)
      lastPeak = t
    } else if (dd[t]! > maxDd) {
      maxDd = dd[t]!
      trough = t
      peakOfMax = lastPeak
    }
  }
  longest = Math.max(longest, n - 1 - lastPeak)
  let recovery: number | null = null
  if (maxDd > 0) {
    for (let t = trough + 1; t < n; t++) {
      if (dd[t] === 0) {
        recovery = t
        break
      }
    }
  } else {
    trough = 0
  }
  return {
    maxDrawdown: maxDd,
    peakIndex: peakOfMax,
    troughIndex: trough,
    recoveryIndex: recovery,
    maxDrawdownDuration: maxDd > 0 ? (recovery ?? n - 1) - peakOfMax : 0,
    timeToRecovery: maxDd > 0 ? (recovery === null ? null : recovery - trough) : 0,
    currentDrawdown: dd[n - 1]!,
    currentUnderwaterDuration: n - 1 - lastPeak,
    longestUnderwaterDuration: longest,
  }
}
