/**
 * Further concentration measures of a book: top-k concentration ratio, effective number of positions, Gini of the
 * weights, diversification ratio, and the eigenvalue structure of the correlation matrix.
 * Weights are w_i = |v_i| / gross as in RISK-CONVENTIONS "Exposures". Definitions: docs/RISK-MEASURES.md.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { exposures } from './concentration'
import { portfolioSigma } from './parametric'
import { assertLength, assertSquare } from './validate'

/**
 * Concentration ratio CR_k = sum of the k largest weights w_i = |v_i| / gross (CR4 for k = 4); 0 for a zero book.
 * @throws RangeError when k is not an integer >= 1 or a value is not finite
 * Source: the industrial-organisation concentration ratio (e.g. US Census CR4), applied to position weights.
 */
export function concentrationRatio(v: Float64Array, k = 4): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`concentrationRatio: k must be an integer >= 1, got ${k}`)
  const w = Float64Array.from(exposures(v).weights).sort()
  let s = 0
  for (let i = w.length - 1; i >= Math.max(0, w.length - k); i--) s += w[i]!
  return s
}

/**
 * Effective number of positions 1 / HHI = 1 / Σ w_i² (N for an equal-weight book, 1 for a single position);
 * 0 for a zero book.
 * Source: M. A. Adelman, "Comment on the 'H' concentration measure as a numbers-equivalent", REStat 51 (1969).
 */
export function effectiveNumberOfPositions(v: Float64Array): number {
  const { hhi } = exposures(v)
  return hhi > 0 ? 1 / hhi : 0
}

/**
 * Gini coefficient of the weights |v_i| / gross, in [0, 1 − 1/N]: 0 when all positions are equal.
 * G = Σ_i (2i − N − 1) w_(i) / (N Σ w), w_(1) <= ... <= w_(N) (i from 1); 0 for N <= 1 or a zero book.
 * Source: the sorted-sample form of the mean-difference Gini, e.g. Damgaard & Weiner, Ecology 81 (2000).
 */
export function giniOfWeights(v: Float64Array): number {
  const w = Float64Array.from(exposures(v).weights).sort()
  const n = w.length
  let total = 0
  let s = 0
  for (let i = 0; i < n; i++) {
    total += w[i]!
    s += (2 * (i + 1) - n - 1) * w[i]!
  }
  return n > 1 && total > 0 ? s / (n * total) : 0
}

/**
 * Diversification ratio DR = Σ_i |v_i| σ_i / σ_P (σ_i = sqrt(Σ_ii), σ_P = sqrt(vᵀΣv)): 1 for one position or
 * perfectly correlated longs, larger with more diversification (and with hedges).
 * @param cov - N×N covariance of daily returns, row-major; @param v - N market values
 * @throws RangeError on shape mismatch, a negative variance, or σ_P = 0 (ratio undefined)
 * Source: Y. Choueifaty & Y. Coignard, "Toward maximum diversification", J. Portfolio Management 35 (2008), with
 * |v_i| so that short positions count as exposure.
 */
export function diversificationRatio(cov: Float64Array, v: Float64Array, N: number): number {
  assertSquare('diversificationRatio', 'cov', cov, N)
  assertLength('diversificationRatio', 'v', v, N)
  let num = 0
  for (let i = 0; i < N; i++) {
    const s2 = cov[i * N + i]!
    if (!(s2 >= 0)) throw new RangeError(`diversificationRatio: variance of instrument ${i} is ${s2}`)
    num += Math.abs(v[i]!) * Math.sqrt(s2)
  }
  const sp = portfolioSigma(cov, v, N)
  if (!(sp > 0)) throw new RangeError('diversificationRatio: portfolio volatility is zero')
  return num / sp
}

export interface CorrelationSpectrum {
  /** eigenvalues of the correlation matrix, descending; they sum to N */
  readonly eigenvalues: Float64Array
  /** λ_1 / Σ λ = λ_1 / N: variance share of the first principal component of standardised returns */
  readonly firstComponentShare: number
  /** the correlation matrix, N×N row-major */
  readonly correlation: Float64Array
}

/**
 * Eigenvalues of the correlation matrix C = D^{−1/2} Σ D^{−1/2} and the first component's share λ_1 / N
 * (a "market factor" or absorption-ratio style concentration of risk).
 * @throws RangeError on shape mismatch or a variance that is not > 0 (named by index)
 * Source: Kritzman, Li, Page, Rigobon, "Principal components as a measure of systemic risk", J. Portfolio
 * Management 37 (2011). Eigen-solver: ml-matrix EigenvalueDecomposition (assumeSymmetric).
 */
export function correlationSpectrum(cov: Float64Array, N: number): CorrelationSpectrum {
  assertSquare('correlationSpectrum', 'cov', cov, N)
  const d = new Float64Array(N)
  for (let i = 0; i < N; i++) {
    const s2 = cov[i * N + i]!
    if (!(s2 > 0)) throw new RangeError(`correlationSpectrum: variance of instrument ${i} must be > 0, got ${s2}`)
    d[i] = 1 / Math.sqrt(s2)
  }
  const corr = new Float64Array(N * N)
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) corr[i * N + j] = i === j ? 1 : 0.5 * (cov[i * N + j]! + cov[j * N + i]!) * d[i]! * d[j]!
  }
  const rows = Array.from({ length: N }, (_, i) => Array.from(corr.subarray(i * N, (i + 1) * N)))
  const lam = Float64Array.from(new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues)
  lam.sort().reverse()
  let total = 0
  for (const x of lam) total += x
  return { eigenvalues: lam, firstComponentShare: lam[0]! / total, correlation: corr }
}
