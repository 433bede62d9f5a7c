/**
 * Covariance matrices of daily returns. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Parametric".
 * Both results are N x N, row-major, exactly symmetric (the upper triangle is computed and mirrored).
 */
import { assertMatrix } from './validate'

/** RiskMetrics daily decay factor (J.P. Morgan/Reuters, RiskMetrics Technical Document, 4th ed., 1996). */
export const RISKMETRICS_LAMBDA = 0.94

function mirrorUpper(S: Float64Array, N: number): void {
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) S[j * N + i] = S[i * N + j]!
  }
}

/**
 * Sample covariance with the n - 1 denominator (numpy.cov(R, rowvar=False, ddof=1)), two-pass: column means first,
 * then centred cross-products, so that it is accurate even when the means are large relative to the spread.
 * @param R W x N returns, row-major R[t*N + i]; W >= 2.
 * @returns N x N covariance, row-major, in return units squared (per day for daily returns).
 * @throws RangeError on shape mismatch or W < 2.
 */
export function sampleCovariance(R: Float64Array, W: number, N: number): Float64Array {
  assertMatrix('sampleCovariance', 'R', R, W, N)
  if (W < 2) throw new RangeError(`sampleCovariance: need W >= 2 rows for the n-1 denominator, got W = ${W}`)
  const mean = new Float64Array(N)
  for (let t = 0; t < W; t++) {
    const row = t * N
    for (let i = 0; i < N; i++) mean[i]! += R[row + i]!
  }
  for (let i = 0; i < N; i++) mean[i]! /= W
  const S = new Float64Array(N * N)
  const d = new Float64Array(N)
  for (let t = 0; t < W; t++) {
    const row = t * N
    for (let i = 0; i < N; i++) d[i] = R[row + i]! - mean[i]!
    for (let i = 0; i < N; i++) {
      const di = d[i]!
      const base = i * N
      for (let j = i; j < N; j++) S[base + j]! += di * d[j]!
    }
  }
  const inv = 1 / (W - 1)
  for (let i = 0; i < N; i++) {
    for (let j = i; j < N; j++) S[i * N + j]! *= inv
  }
  mirrorUpper(S, N)
  return S
}

/**
 * Weights of the RiskMetrics EWMA window, ω_k = (1 - λ) λ^k / (1 - λ^W) for k = 0 (newest day) ... W - 1 (oldest);
 * they sum to 1.
 * @throws RangeError unless W is a positive integer and 0 < λ < 1.
 */
export function ewmaWeights(W: number, lambda = RISKMETRICS_LAMBDA): Float64Array {
  if (!Number.isInteger(W) || W < 1) throw new RangeError(`ewmaWeights: W must be an integer >= 1, got ${W}`)
  assertLambda('ewmaWeights', lambda)
  const w = new Float64Array(W)
  const scale = (1 - lambda) / (1 - Math.pow(lambda, W))
  for (let k = 0; k < W; k++) w[k] = scale * Math.pow(lambda, k)
  return w
}

/** Throws unless 0 < λ < 1. */
export function assertLambda(fn: string, lambda: number): void {
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`${fn}: lambda must be in the open interval (0, 1), got ${lambda}`)
}

/**
 * RiskMetrics EWMA covariance over the window, zero mean, weights normalised over the window:
 * Σ_EWMA = Σ_{k=0}^{W-1} ω_k r_{T-k} r_{T-k}ᵀ, ω_k = (1 - λ) λ^k / (1 - λ^W), k = 0 is the newest row (t = W - 1).
 * Source: RiskMetrics Technical Document (1996), with the finite-window normalisation of RISK-CONVENTIONS.md.
 * @param R W x N returns, row-major, t = 0 oldest.
 * @param lambda decay factor in (0, 1), default 0.94 (daily data).
 * @returns N x N covariance, row-major.
 * @throws RangeError on shape mismatch or λ outside (0, 1).
 */
export function ewmaCovariance(R: Float64Array, W: number, N: number, lambda = RISKMETRICS_LAMBDA): Float64Array {
  assertMatrix('ewmaCovariance', 'R', R, W, N)
  assertLambda('ewmaCovariance', lambda)
  const w = ewmaWeights(W, lambda)
  const S = new Float64Array(N * N)
  for (let t = 0; t < W; t++) {
    const row = t * N
    const wt = w[W - 1 - t]!
    for (let i = 0; i < N; i++) {
      const ri = wt * R[row + i]!
      const base = i * N
      for (let j = i; j < N; j++) S[base + j]! += ri * R[row + j]!
    }
  }
  mirrorUpper(S, N)
  return S
}
