/**
 * Delta-normal (RiskMetrics) VaR and ES, zero mean. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Parametric".
 * Source: RiskMetrics Technical Document (1996); ES formula: P. Jorion, Value at Risk, 3rd ed.
 */
import { standardNormalPdf, standardNormalQuantile } from './distributions'
import { assertConfidence, assertLength, assertSquare } from './validate'

/**
 * Σ v for a symmetric N x N row-major matrix. O(N²).
 * @param out optional output of length N.
 * @throws RangeError on shape mismatch.
 */
export function covTimesVector(cov: Float64Array, v: Float64Array, N: number, out?: Float64Array): Float64Array {
  assertSquare('covTimesVector', 'cov', cov, N)
  assertLength('covTimesVector', 'v', v, N)
  const y = out ?? new Float64Array(N)
  assertLength('covTimesVector', 'out', y, N)
  for (let i = 0; i < N; i++) {
    const base = i * N
    let sum = 0
    for (let j = 0; j < N; j++) sum += cov[base + j]! * v[j]!
    y[i] = sum
  }
  return y
}

/**
 * sqrt of a quadratic form vᵀΣv that should be >= 0. Rounding can push it a hair below zero for a (near) zero or
 * perfectly hedged book; that is clamped to 0. A clearly negative value means Σ is not positive semi-definite,
 * which is reported rather than hidden.
 * @param quad vᵀΣv; @param scale Σ_i |v_i| (|Σ| |v|)_i, the size of the terms that were summed.
 */
export function sqrtQuadraticForm(fn: string, quad: number, scale: number): number {
  if (!Number.isFinite(quad)) throw new RangeError(`${fn}: vᵀΣv is not finite (${quad})`)
  if (quad >= 0) return Math.sqrt(quad)
  if (quad >= -1e-12 * scale) return 0
  throw new RangeError(`${fn}: vᵀΣv = ${quad} < 0: the covariance matrix is not positive semi-definite`)
}

/**
 * Portfolio volatility σ_P = sqrt(vᵀ Σ v), in currency per day (RISK-CONVENTIONS: the seed formula
 * σ_p² = Σ_i Σ_j w_i w_j σ_i σ_j ρ_ij written in money).
 * @param cov N x N covariance of daily returns, row-major.
 * @param v N signed market values in currency.
 * @throws RangeError on shape mismatch, non-finite input, or a clearly negative vᵀΣv (Σ not PSD).
 */
export function portfolioSigma(cov: Float64Array, v: Float64Array, N: number): number {
  assertSquare('portfolioSigma', 'cov', cov, N)
  assertLength('portfolioSigma', 'v', v, N)
  let quad = 0
  let scale = 0
  for (let i = 0; i < N; i++) {
    const base = i * N
    let row = 0
    let absRow = 0
    for (let j = 0; j < N; j++) {
      const x = cov[base + j]! * v[j]!
      row += x
      absRow += Math.abs(x)
    }
    quad += v[i]! * row
    scale += Math.abs(v[i]!) * absRow
  }
  return sqrtQuadraticForm('portfolioSigma', quad, scale)
}

/**
 * Normal VaR_c = z_c σ (zero mean), z_c = Φ⁻¹(c). Positive = loss, in the units of σ.
 * @param sigma portfolio volatility >= 0 (currency per day).
 * @param c confidence in (0, 1).
 * @throws RangeError for c outside (0, 1) or sigma negative / not finite.
 */
export function normalVaR(sigma: number, c: number): number {
  assertSigma('normalVaR', sigma)
  assertConfidence('normalVaR', c)
  return standardNormalQuantile(c) * sigma
}

/**
 * Normal ES_c = σ φ(z_c) / (1 - c) (zero mean), the mean loss beyond VaR_c under N(0, σ²).
 * @param sigma portfolio volatility >= 0 (currency per day).
 * @param c confidence in (0, 1).
 * @throws RangeError for c outside (0, 1) or sigma negative / not finite.
 */
export function normalES(sigma: number, c: number): number {
  assertSigma('normalES', sigma)
  assertConfidence('normalES', c)
  return (sigma * standardNormalPdf(standardNormalQuantile(c))) / (1 - c)
}

function assertSigma(fn: string, sigma: number): void {
  if (!(Number.isFinite(sigma) && sigma >= 0)) throw new RangeError(`${fn}: sigma must be finite and >= 0, got ${sigma}`)
}
