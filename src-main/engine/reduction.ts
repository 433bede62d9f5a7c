/**
 * Sizing of the desk's automated risk-reducing action: cut the positions with the largest component VaR by the
 * smallest common fraction that brings the book's VaR to a target.
 *
 * Convention: positions are taken in descending order of component VaR (only positive contributors: cutting a
 * hedge would raise risk). The set grows one position at a time until cutting the whole set (fraction 1) reaches
 * the target; the fraction is then found by bisection on the exact VaR of the reduced book, so the preview is the
 * VaR the book would really have, not a linear approximation. Source: Euler allocation ranking as in Jorion,
 * Value at Risk, 3rd ed., ch. 7 ("VaR tools"); the bisection is ours.
 */

export interface ReductionPlan {
  /** indices of the positions to cut, in order of component VaR */
  readonly indices: readonly number[]
  /** fraction of each selected position to sell (or buy back), in (0, 1] */
  readonly fraction: number
  /** VaR of the reduced book at that fraction */
  readonly varAfter: number
  /** false when even closing every positive contributor leaves VaR above the target */
  readonly reachesTarget: boolean
}

/** Bisection steps: 2^-40 of a position is far below one share for any realistic book. */
const BISECTION_STEPS = 40

/**
 * @param componentVaR Float64Array(N): component VaR per position (currency)
 * @param target the VaR to reach (currency, > 0), usually a little under the limit
 * @param varOf VaR of the book with positions `indices` scaled by (1 − fraction); must be exact for the desk's method
 * @param maxPositions at most this many positions are cut (default: all positive contributors)
 * @returns the plan, or null when no position contributes positively to VaR
 * @throws RangeError if target is not a positive finite number
 */
export function planReduction(
  componentVaR: Float64Array,
  target: number,
  varOf: (indices: readonly number[], fraction: number) => number,
  maxPositions = Infinity,
): ReductionPlan | null {
  if (!(target > 0) || !Number.isFinite(target)) throw new RangeError(`planReduction: target must be positive, got ${target}`)
  const order = Array.from(componentVaR.keys())
    .filter((i) => (componentVaR[i] as number) > 0)
    .sort((a, b) => (componentVaR[b] as number) - (componentVaR[a] as number))
    .slice(0, maxPositions)
  if (order.length === 0) return null
  let indices: number[] = []
  let full = Infinity
  for (const i of order) {
    indices = [...indices, i]
    full = varOf(indices, 1)
    if (full <= target) break
  }
  if (full > target) return { indices, fraction: 1, varAfter: full, reachesTarget: false }
  let lo = 0
  let hi = 1
  for (let k = 0; k < BISECTION_STEPS; k++) {
    const mid = (lo + hi) / 2
    if (varOf(indices, mid) <= target) hi = mid
    else lo = mid
  }
  return { indices, fraction: hi, varAfter: varOf(indices, hi), reachesTarget: true }
}
