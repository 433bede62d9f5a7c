/**
 * Median and median absolute deviation (MAD) of each column of a rolling W x N return window, kept up to date as
 * rows enter and leave: the ingredients of the desk's suspect-tick rule (market/feeds/suspect-tick-rule.ts
 * robustScale), without a selection over the window on every tick.
 *
 * Per column a sorted copy of the window is kept beside the chronological ring. A roll removes the leaving value and
 * inserts the new one (binary search, then one copyWithin: O(log W + shift)). A query reads the median from the
 * middle of the sorted copy (O(1)) and the MAD by merging, outward from the median, the two runs of distances
 * |x − median| that the sorted copy already orders (O(W / 2) comparisons, no copy, no selection).
 * The values are the same order statistics robustScale selects, so its median and MAD come out identical, bit for bit:
 * median = s[n/2] (n odd) or (s[n/2 − 1] + s[n/2]) / 2 (n even) on the sorted s, the MAD the same on the distances.
 * Memory: two W x N arrays. Source of the estimators: Hampel (1974), Iglewicz & Hoaglin (1993) (as robustScale).
 */

/** Median and MAD of one column, and its mean absolute deviation from the median on demand. */
export interface RollingScaleReading {
  readonly median: number
  /** median of |r − median| */
  readonly mad: number
}

export class RollingRobustScales {
  readonly W: number
  readonly N: number
  /** column-major chronological ring: column i at [i W, (i + 1) W), oldest at `head` */
  private readonly ring: Float64Array
  /** column-major sorted copies, ascending */
  private readonly sorted: Float64Array
  private head = 0

  /**
   * @param returns - W x N finite returns, row-major, t = 0 oldest (copied)
   * @throws RangeError on a shape mismatch, W < 1 or a non-finite return
   */
  constructor(returns: Float64Array, W: number, N: number) {
    if (!(Number.isInteger(W) && W >= 1 && Number.isInteger(N) && N >= 0)) throw new RangeError(`RollingRobustScales: W (${W}) must be an integer >= 1 and N (${N}) >= 0`)
    if (returns.length !== W * N) throw new RangeError(`RollingRobustScales: returns has ${returns.length} entries, expected W x N = ${W * N}`)
    this.W = W
    this.N = N
    this.ring = new Float64Array(W * N)
    for (let t = 0; t < W; t++) {
      for (let i = 0; i < N; i++) {
        const r = returns[t * N + i]!
        if (!Number.isFinite(r)) throw new RangeError(`RollingRobustScales: return (${t}, ${i}) is not finite (${r})`)
        this.ring[i * W + t] = r
      }
    }
    this.sorted = Float64Array.from(this.ring)
    for (let i = 0; i < N; i++) this.sorted.subarray(i * W, (i + 1) * W).sort()
  }

  /**
   * A new day: `row` (N finite returns) enters every column, the oldest value leaves. O(N (log W + shift)).
   * @throws RangeError on a length mismatch or a non-finite return (nothing is changed)
   */
  roll(row: Float64Array): void {
    const { W, N, ring, sorted } = this
    if (row.length !== N) throw new RangeError(`RollingRobustScales.roll: row has ${row.length} entries, expected ${N}`)
    for (let i = 0; i < N; i++) if (!Number.isFinite(row[i]!)) throw new RangeError(`RollingRobustScales.roll: row[${i}] is not finite (${row[i]})`)
    for (let i = 0; i < N; i++) {
      const base = i * W
      const leaving = ring[base + this.head]!
      const entering = row[i]!
      ring[base + this.head] = entering
      if (leaving === entering) continue
      const from = lowerBound(sorted, base, base + W, leaving)
      if (entering > leaving) {
        // the slot moves right: shift (from, to) left by one, the new value goes just before the first larger one
        const to = lowerBound(sorted, from + 1, base + W, entering)
        sorted.copyWithin(from, from + 1, to)
        sorted[to - 1] = entering
      } else {
        const to = upperBound(sorted, base, from, entering)
        sorted.copyWithin(to + 1, to, from)
        sorted[to] = entering
      }
    }
    this.head = this.head + 1 === W ? 0 : this.head + 1
  }

  /**
   * Median and MAD of column i's window. O(W / 2).
   * @throws RangeError for an index outside [0, N)
   */
  reading(i: number): RollingScaleReading {
    const { W, sorted } = this
    if (!(Number.isInteger(i) && i >= 0 && i < this.N)) throw new RangeError(`RollingRobustScales: index ${i} is outside [0, ${this.N})`)
    const base = i * W
    const hi = W >>> 1
    const median = W % 2 === 1 ? sorted[base + hi]! : (sorted[base + hi - 1]! + sorted[base + hi]!) / 2
    // distances |x − median| in ascending order: left run s[q-1], s[q-2], ... and right run s[q], s[q+1], ...
    let right = lowerBound(sorted, base, base + W, median)
    let left = right - 1
    let prev = 0
    let cur = 0
    for (let k = 0; k <= hi; k++) {
      const dl = left >= base ? Math.abs(sorted[left]! - median) : Infinity
      const dr = right < base + W ? Math.abs(sorted[right]! - median) : Infinity
      prev = cur
      if (dl <= dr) {
        cur = dl
        left--
      } else {
        cur = dr
        right++
      }
    }
    const mad = W % 2 === 1 ? cur : (prev + cur) / 2
    return { median, mad }
  }

  /** Mean of |r − median| over column i's window, summed oldest first (as robustScale sums it). O(W). */
  meanAbsDeviation(i: number, median: number): number {
    const { W, ring } = this
    const base = i * W
    let sum = 0
    for (let k = 0; k < W; k++) sum += Math.abs(ring[base + ((this.head + k) % W)]! - median)
    return sum / W
  }

  /** Column i's window, oldest first (copy). O(W). */
  column(i: number): Float64Array {
    const { W, ring, head } = this
    const out = new Float64Array(W)
    const base = i * W
    out.set(ring.subarray(base + head, base + W), 0)
    out.set(ring.subarray(base, base + head), W - head)
    return out
  }
}

/** First index in [lo, hi) of the ascending a with a[index] >= x (hi when none). */
function lowerBound(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index in [lo, hi) of the ascending a with a[index] > x (hi when none). */
function upperBound(a: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
