/**
 * Covariance matrices of daily returns. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Parametric".
 * Both results are N x N, row-major, exactly symmetric (the upper triangle is computed and mirrored).
 */
import { assertMatrix } from './validate'

/** RiskMetrics daily decay factor (J.P. Morgan/Reuters, RiskMetrics Technical Document, 4th ed., 1996). */
export const RISKMETRICS_LAMBDA = 0.94

/** N rounded up to the micro-tile size (the transposed operands are padded with zero rows). */
const TILE = 4
const padded = (N: number): number => Math.ceil(N / TILE) * TILE
/** Days per pass: 8 operand rows of this many doubles (16 KB) stay in L1 while a tile is accumulated. */
const DAYS_PER_PASS = 256

/**
 * Upper triangle (j >= i) of C = A Bᵀ for A, B given transposed and zero-padded (row i of A is asset i's W values,
 * Np = padded(N) rows), returned N x N row-major with the lower triangle unset.
 *
 * Why this shape: the rank-1 update it replaces streamed the whole N x N matrix through memory once per day
 * (W x 8 MB at N = 1,000). Here each 4 x 4 tile of C keeps 16 sums in registers while it walks 4 + 4 rows of
 * A and B over one pass of days (in L1), and the passes run in day order. Every C_ij is still
 * ((0 + a_i0 b_j0) + a_i1 b_j1) + ... in day order, one product at a time: the same operations in the same order
 * as the rank-1 update, so the results are bit-identical to it.
 */
function syrkUpper(A: Float64Array, B: Float64Array, N: number, W: number): Float64Array {
  const Np = padded(N)
  const C = new Float64Array(Np * Np)
  for (let t0 = 0; t0 < W; t0 += DAYS_PER_PASS) {
    const t1 = Math.min(W, t0 + DAYS_PER_PASS)
    for (let i = 0; i < Np; i += TILE) {
      const a0 = i * W
      const a1 = a0 + W
      const a2 = a1 + W
      const a3 = a2 + W
      const r0 = i * Np
      const r1 = r0 + Np
      const r2 = r1 + Np
      const r3 = r2 + Np
      for (let j = i; j < Np; j += TILE) {
        const b0 = j * W
        const b1 = b0 + W
        const b2 = b1 + W
        const b3 = b2 + W
        let c00 = C[r0 + j]!, c01 = C[r0 + j + 1]!, c02 = C[r0 + j + 2]!, c03 = C[r0 + j + 3]!
        let c10 = C[r1 + j]!, c11 = C[r1 + j + 1]!, c12 = C[r1 + j + 2]!, c13 = C[r1 + j + 3]!
        let c20 = C[r2 + j]!, c21 = C[r2 + j + 1]!, c22 = C[r2 + j + 2]!, c23 = C[r2 + j + 3]!
        let c30 = C[r3 + j]!, c31 = C[r3 + j + 1]!, c32 = C[r3 + j + 2]!, c33 = C[r3 + j + 3]!
        for (let t = t0; t < t1; t++) {
          const x0 = A[a0 + t]!
          const x1 = A[a1 + t]!
          const x2 = A[a2 + t]!
          const x3 = A[a3 + t]!
          const y0 = B[b0 + t]!
          const y1 = B[b1 + t]!
          const y2 = B[b2 + t]!
          const y3 = B[b3 + t]!
          c00 += x0 * y0
          c01 += x0 * y1
          c02 += x0 * y2
          c03 += x0 * y3
          c10 += x1 * y0
          c11 += x1 * y1
          c12 += x1 * y2
          c13 += x1 * y3
          c20 += x2 * y0
          c21 += x2 * y1
          c22 += x2 * y2
          c23 += x2 * y3
          c30 += x3 * y0
          c31 += x3 * y1
          c32 += x3 * y2
          c33 += x3 * y3
        }
        C[r0 + j] = c00
        C[r0 + j + 1] = c01
        C[r0 + j + 2] = c02
        C[r0 + j + 3] = c03
        C[r1 + j] = c10
        C[r1 + j + 1] = c11
        C[r1 + j + 2] = c12
        C[r1 + j + 3] = c13
        C[r2 + j] = c20
        C[r2 + j + 1] = c21
        C[r2 + j + 2] = c22
        C[r2 + j + 3] = c23
        C[r3 + j] = c30
        C[r3 + j + 1] = c31
        C[r3 + j + 2] = c32
        C[r3 + j + 3] = c33
      }
    }
  }
  if (Np === N) return C
  const S = new Float64Array(N * N)
  for (let i = 0; i < N; i++) S.set(C.subarray(i * Np + i, i * Np + N), i * N + i)
  return S
}

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
  const Np = padded(N)
  const D = new Float64Array(Np * W)
  for (let t = 0; t < W; t++) {
    const row = t * N
    for (let i = 0; i < N; i++) D[i * W + t] = R[row + i]! - mean[i]!
  }
  const S = syrkUpper(D, D, N, W)
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
  const Np = padded(N)
  const A = new Float64Array(Np * W)
  const B = new Float64Array(Np * W)
  for (let t = 0; t < W; t++) {
    const row = t * N
    const wt = w[W - 1 - t]!
    for (let i = 0; i < N; i++) {
      A[i * W + t] = wt * R[row + i]!
      B[i * W + t] = R[row + i]!
    }
  }
  const S = syrkUpper(A, B, N, W)
  mirrorUpper(S, N)
  return S
}
