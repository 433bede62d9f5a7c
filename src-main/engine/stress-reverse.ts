/**
 * Reverse stress test: the smallest market move that makes the book lose at least a given limit
 * (RISK-CONVENTIONS "Stress tests"). The loss function is the caller's (β-scaled moves, options fully revalued).
 */

/** Grid step of the first scan, as a market return (0.25 %). */
export const REVERSE_SCAN_STEP = 0.0025
/** Bisection stops when the bracket is narrower than this (a return, 1e-10). */
export const REVERSE_TOLERANCE = 1e-10

export interface ReverseStressResult {
  /** the market move m (−0.2 = market −20 %) at which the loss first reaches the limit, or null */
  readonly move: number | null
  /** loss at that move (>= limit), currency */
  readonly loss: number | null
  /** why no move was found, when move is null */
  readonly reason: string | null
}

/**
 * Scans m = 0, ∓step, ∓2 step … down to −maxDown and up to +maxUp, takes the first grid point in each direction
 * whose loss reaches `limit`, refines it by bisection to REVERSE_TOLERANCE, and returns the one with the smaller |m|.
 * The loss need not be monotone (options): the answer is the first crossing nearest to 0 on the grid's resolution.
 * @param lossAt - loss (positive = money lost) of the book under a market move m
 * @param limit - loss limit > 0
 * @throws RangeError when limit is not > 0 or the loss is not finite
 */
export function reverseStress(lossAt: (m: number) => number, limit: number, maxDown = 0.99, maxUp = 2): ReverseStressResult {
  if (!(limit > 0 && Number.isFinite(limit))) throw new RangeError(`reverseStress: limit must be > 0, got ${limit}`)
  const loss = (m: number): number => {
    const l = lossAt(m)
    if (!Number.isFinite(l)) throw new RangeError(`reverseStress: loss at move ${m} is not finite`)
    return l
  }
  if (loss(0) >= limit) return { move: 0, loss: loss(0), reason: null }
  const search = (dir: -1 | 1, max: number): number | null => {
    const steps = Math.ceil(max / REVERSE_SCAN_STEP)
    let prev = 0
    for (let k = 1; k <= steps; k++) {
      const m = dir * Math.min(max, k * REVERSE_SCAN_STEP)
      if (loss(m) >= limit) {
        let a = prev
        let b = m
        while (Math.abs(b - a) > REVERSE_TOLERANCE) {
          const mid = (a + b) / 2
          if (loss(mid) >= limit) b = mid
          else a = mid
        }
        return b
      }
      prev = m
    }
    return null
  }
  const down = search(-1, maxDown)
  const up = search(1, maxUp)
  const best = down === null ? up : up === null ? down : Math.abs(down) <= Math.abs(up) ? down : up
  if (best === null) return { move: null, loss: null, reason: `no market move from −${maxDown * 100} % to +${maxUp * 100} % loses ${limit}` }
  return { move: best, loss: loss(best), reason: null }
}
