/**
 * The probability distributions the engine uses, behind one small interface so that the library choice
 * (@stdlib, see ../shared/docs/LIBRARIES.md section 1: accurate to ~1e-15 against SciPy) stays in one file.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/**
 * Standard normal quantile Φ⁻¹(p).
 * @param p probability in [0, 1]; returns -Infinity at 0 and +Infinity at 1.
 * @throws RangeError when p is outside [0, 1] or NaN.
 * Source: @stdlib/stats-base-dists-normal-quantile (matches scipy.stats.norm.ppf to ~1e-15).
 */
export function standardNormalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`standardNormalQuantile: p must be in [0, 1], got ${p}`)
  return normalQuantile(p, 0, 1)
}

/**
 * Standard normal cumulative distribution Φ(x).
 * @throws RangeError when x is NaN.
 * Source: @stdlib/stats-base-dists-normal-cdf (matches scipy.stats.norm.cdf, including the far tail).
 */
export function standardNormalCdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('standardNormalCdf: x is NaN')
  return normalCdf(x, 0, 1)
}

/**
 * Standard normal density φ(x) = exp(-x²/2) / sqrt(2π) (the same expression as scipy.stats.norm.pdf).
 * @throws RangeError when x is NaN.
 */
export function standardNormalPdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('standardNormalPdf: x is NaN')
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x)
}
