/**
 * Σ v and vᵀΣv of a book without forming Σ. With L_t = Σ_i v_i r_{t,i} the book's scenario P&L:
 *   sample:  (Σ v)_i = Σ_t (r_{t,i} − r̄_i)(L_t − L̄) / (W − 1),   vᵀΣv = Σ_t (L_t − L̄)² / (W − 1);
 *   EWMA:    (Σ_E v)_i = Σ_k ω_k r_{T−k,i} L_{T−k},               vᵀΣ_E v = Σ_k ω_k L_{T−k}².
 * Algebraically identical to covTimesVector(sampleCovariance(R), v) and ewmaCovariance (RISK-CONVENTIONS.md
 * "Parametric"), but O(W·N) instead of O(W·N²): the full recompute of a 1,000-position book with a 10-year window
 * needs Σ v, not Σ. The live path (IncrementalRisk) uses the same moments on its ring buffer of returns.
 */
import { ewmaWeights, RISKMETRICS_LAMBDA } from './covariance'
import { assertLength, assertMatrix } from './validate'

export interface PortfolioMoments {
  /** Σ v (N), currency · return² */
  readonly sigmaV: Float64Array
  /** vᵀΣv, currency² (≥ 0) */
  readonly variance: number
}

/**
 * Sample-covariance moments (n − 1 denominator) from the returns and the book's scenario P&L.
 * @param R W x N returns, row-major, t = 0 oldest
 * @param L W scenario P&L of the book (scenarioPnL(R, W, N, v))
 * @throws RangeError on shape mismatch or W < 2
 */
export function sampleMomentsFromPnL(R: Float64Array, W: number, N: number, L: Float64Array): PortfolioMoments {
  assertMatrix('sampleMomentsFromPnL', 'R', R, W, N)
  assertLength('sampleMomentsFromPnL', 'L', L, W)
  if (W < 2) throw new RangeError('sampleMomentsFromPnL: W must be >= 2')
  let meanL = 0
  for (let t = 0; t < W; t++) meanL += L[t]!
  meanL /= W
  const sigmaV = new Float64Array(N)
  const meanR = new Float64Array(N)
  let variance = 0
  for (let t = 0; t < W; t++) {
    const d = L[t]! - meanL
    variance += d * d
    const row = t * N
    // Σ_t (r − r̄)(L − L̄) = Σ_t r (L − L̄), since Σ_t (L − L̄) = 0; r̄ is kept to remove the rounding residue below
    for (let i = 0; i < N; i++) {
      sigmaV[i]! += R[row + i]! * d
      meanR[i]! += R[row + i]!
    }
  }
  let residue = 0
  for (let t = 0; t < W; t++) residue += L[t]! - meanL
  for (let i = 0; i < N; i++) sigmaV[i] = (sigmaV[i]! - (meanR[i]! / W) * residue) / (W - 1)
  return { sigmaV, variance: variance / (W - 1) }
}

/**
 * RiskMetrics EWMA moments (zero mean, weights normalised over the window, k = 0 the newest row).
 * @throws RangeError on shape mismatch or λ outside (0, 1)
 */
export function ewmaMomentsFromPnL(R: Float64Array, W: number, N: number, L: Float64Array, lambda = RISKMETRICS_LAMBDA): PortfolioMoments {
  assertMatrix('ewmaMomentsFromPnL', 'R', R, W, N)
  assertLength('ewmaMomentsFromPnL', 'L', L, W)
  const w = ewmaWeights(W, lambda)
  const sigmaV = new Float64Array(N)
  let variance = 0
  for (let t = 0; t < W; t++) {
    const wl = w[W - 1 - t]! * L[t]!
    variance += wl * L[t]!
    const row = t * N
    for (let i = 0; i < N; i++) sigmaV[i]! += wl * R[row + i]!
  }
  return { sigmaV, variance }
}
