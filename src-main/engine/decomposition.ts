/**
 * Euler allocation of delta-normal VaR to positions. Conventions: ../shared/docs/RISK-CONVENTIONS.md,
 * "Decomposition". Source: P. Jorion, Value at Risk, 3rd ed., ch. 7 (marginal and component VaR).
 */
import { standardNormalQuantile } from './distributions'
import { covTimesVector, sqrtQuadraticForm } from './parametric'
import { assertConfidence, assertLength, assertSquare } from './validate'

/** Result of {@link eulerDecomposition}; all money in the book's currency, one-day horizon. */
export interface EulerDecomposition {
  /** σ_P = sqrt(vᵀΣv), currency per day */
  readonly sigma: number
  /** normal VaR_c = z_c σ_P */
  readonly var: number
  /** Σ v (N), currency · return² */
  readonly sigmaV: Float64Array
  /** marginal VaR_i = z_c (Σ v)_i / σ_P: VaR per unit of currency added to position i (dimensionless) */
  readonly marginal: Float64Array
  /** component VaR_i = v_i · marginal_i; Σ_i component_i = var */
  readonly component: Float64Array
}

/**
 * Marginal and component VaR from a covariance matrix.
 * When σ_P = 0 (zero book, or a book in the null space of Σ, so Σ v = 0) the gradient of σ_P does not exist;
 * marginal and component are then reported as 0, so the components still sum to VaR = 0 and nothing is NaN.
 * @param cov N x N covariance of daily returns, row-major (symmetric PSD).
 * @param v N signed market values in currency.
 * @param c confidence in (0, 1).
 * @param sigmaV optional precomputed Σ v (the live path keeps it up to date); computed when absent.
 * @throws RangeError on shape mismatch, c outside (0, 1), or a clearly negative vᵀΣv.
 */
export function eulerDecomposition(
  cov: Float64Array,
  v: Float64Array,
  N: number,
  c: number,
  sigmaV?: Float64Array,
): EulerDecomposition {
  assertSquare('eulerDecomposition', 'cov', cov, N)
  assertLength('eulerDecomposition', 'v', v, N)
  assertConfidence('eulerDecomposition', c)
  const sv = sigmaV ?? covTimesVector(cov, v, N)
  assertLength('eulerDecomposition', 'sigmaV', sv, N)
  let quad = 0
  let scale = 0
  for (let i = 0; i < N; i++) {
    quad += v[i]! * sv[i]!
    scale += Math.abs(v[i]! * sv[i]!)
  }
  const sigma = sqrtQuadraticForm('eulerDecomposition', quad, scale)
  return decomposeFromSigmaV(sigma, v, sv, N, c)
}

/**
 * The O(N) tail of {@link eulerDecomposition} given σ_P and Σ v already known (used by IncrementalRisk).
 * @throws RangeError on shape mismatch or c outside (0, 1).
 */
export function decomposeFromSigmaV(
  sigma: number,
  v: Float64Array,
  sigmaV: Float64Array,
  N: number,
  c: number,
): EulerDecomposition {
  assertLength('decomposeFromSigmaV', 'v', v, N)
  assertLength('decomposeFromSigmaV', 'sigmaV', sigmaV, N)
  assertConfidence('decomposeFromSigmaV', c)
  const z = standardNormalQuantile(c)
  const marginal = new Float64Array(N)
  const component = new Float64Array(N)
  if (sigma > 0) {
    const f = z / sigma
    for (let i = 0; i < N; i++) {
      marginal[i] = f * sigmaV[i]!
      component[i] = v[i]! * marginal[i]!
    }
  }
  return { sigma, var: z * sigma, sigmaV, marginal, component }
}
