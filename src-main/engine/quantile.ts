/**
 * Sample quantiles, Hyndman–Fan type 7 (linear interpolation between order statistics; R's default and NumPy's
 * `method='linear'`). Source: R. Hyndman and Y. Fan, "Sample quantiles in statistical packages", The American
 * Statistician 50(4), 1996; reference implementation numpy.quantile (numpy/lib/function_base.py, `_quantile`).
 *
 * With n values x_(0) <= ... <= x_(n-1): h = (n - 1) p, k = floor(h), t = h - k,
 * Q_p = lerp(x_(k), x_(k+1), t), where lerp is NumPy's `_lerp` (a + (b - a) t, or b - (b - a)(1 - t) when
 * t >= 0.5, which keeps the result monotone in p and exact at t = 1).
 */

/** Interpolation exactly as numpy.lib.function_base._lerp, so results agree with NumPy to the last bit. */
export function lerp(a: number, b: number, t: number): number {
  const diff = b - a
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

function assertProbability(fn: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: p must be in [0, 1], got ${p}`)
}

/**
 * Type 7 quantile of an already sorted sample. O(1).
 * @param sorted ascending, finite values (not checked: the caller sorted them); length n >= 1.
 * @param p probability in [0, 1].
 * @returns Q_p in the units of the sample.
 * @throws RangeError when the sample is empty or p is outside [0, 1] / NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) throw new RangeError('quantileSorted: empty sample')
  assertProbability('quantileSorted', p)
  const h = (n - 1) * p
  const k = Math.floor(h)
  const t = h - k
  const a = sorted[k]!
  if (t === 0 || k >= n - 1) return a
  return lerp(a, sorted[k + 1]!, t)
}

function swap(a: Float64Array, i: number, j: number): void {
  const x = a[i]!
  a[i] = a[j]!
  a[j] = x
}

/**
 * Partially reorders a[lo..hi] in place so that a[k] holds the value of rank k - lo in that range, every entry of
 * a[lo..k-1] is <= a[k] and every entry of a[k+1..hi] is >= a[k] (Hoare's FIND / quickselect).
 * Median-of-three pivot with three-way partitioning (many ties are common in P&L vectors: zero-return days);
 * after 2·log2(n) + 16 rounds without converging it sorts the remaining range, so the worst case is O(n log n)
 * and the expected cost O(n). Values must not be NaN (comparisons with NaN are false).
 * @throws RangeError when lo..hi is not a valid range of `a` or k is outside it.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): void {
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && hi < a.length && lo <= hi)) {
    throw new RangeError(`selectInPlace: invalid range [${lo}, ${hi}] for length ${a.length}`)
  }
  if (!(Number.isInteger(k) && k >= lo && k <= hi)) {
    throw new RangeError(`selectInPlace: k = ${k} is outside [${lo}, ${hi}]`)
  }
  let rounds = 2 * Math.ceil(Math.log2(hi - lo + 1)) + 16
  while (hi > lo) {
    if (rounds-- === 0) {
      a.subarray(lo, hi + 1).sort()
      return
    }
    const mid = lo + ((hi - lo) >> 1)
    const x = a[lo]!
    const y = a[mid]!
    const z = a[hi]!
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    // Dijkstra three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot.
    let lt = lo
    let i = lo
    let gt = hi
    while (i <= gt) {
      const v = a[i]!
      if (v < pivot) swap(a, lt++, i++)
      else if (v > pivot) swap(a, i, gt--)
      else i++
    }
    if (k < lt) hi = lt - 1
    else if (k > gt) lo = gt + 1
    else return
  }
}

/** Smallest value of a[from..to] (inclusive) and how many entries equal it. Requires from <= to. */
export function minWithCount(a: Float64Array, from: number, to: number): { min: number; count: number } {
  let min = a[from]!
  let count = 1
  for (let i = from + 1; i <= to; i++) {
    const v = a[i]!
    if (v < min) {
      min = v
      count = 1
    } else if (v === min) {
      count++
    }
  }
  return { min, count }
}

/**
 * Copies `values` into `scratch` (allocated when absent), checking that every value is finite.
 * @returns the scratch array actually used (length >= values.length).
 */
export function copyToScratch(fn: string, values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length
  const s = scratch ?? new Float64Array(n)
  if (s.length < n) throw new RangeError(`${fn}: scratch.length is ${s.length}, need at least ${n}`)
  if (s === values) throw new RangeError(`${fn}: scratch must not be the input array`)
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) throw new RangeError(`${fn}: values[${i}] must be finite, got ${v}`)
    s[i] = v
  }
  return s
}

/**
 * Type 7 quantile of an unsorted sample by selection: quickselect for the order statistic k = floor((n-1)p), then
 * the minimum of the upper part for k + 1. Expected O(n); never reorders the caller's array (works on a copy).
 * Gives bit-for-bit the same value as `quantileSorted` on the sorted sample, and as numpy.quantile(method='linear').
 * @param values finite values, length n >= 1.
 * @param p probability in [0, 1].
 * @param scratch optional work array of length >= n, reused across calls to avoid allocation on the live path.
 * @throws RangeError when the sample is empty, a value is not finite, p is outside [0, 1], or scratch is too short.
 */
export function quantile(values: Float64Array, p: number, scratch?: Float64Array): number {
  const n = values.length
  if (n === 0) throw new RangeError('quantile: empty sample')
  assertProbability('quantile', p)
  const s = copyToScratch('quantile', values, scratch)
  const h = (n - 1) * p
  const k = Math.floor(h)
  const t = h - k
  selectInPlace(s, k, 0, n - 1)
  const a = s[k]!
  if (t === 0 || k >= n - 1) return a
  return lerp(a, minWithCount(s, k + 1, n - 1).min, t)
}
