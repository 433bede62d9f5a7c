import { correlationSpectrum } from '../engine/concentration-ext'
import { sampleCovariance } from '../engine/covariance'
import { symmetricEigenvalues } from '../engine/symmetric-eigenvalues'

/**
 * Largest book for which the desk computes the correlation-breakdown signal on every frame: the eigenvalues of an
 * N×N matrix cost O(N³) (about 10⁶ operations at N = 100, a few milliseconds), which a frame can afford; above that it
 * is skipped and the session says so.
 */
export const CORRELATION_SIGNAL_MAX_N = 100

/** Why the signal is not computed for a book of N instruments, or null when it is. */
export function correlationSignalSkipReason(N: number): string | null {
  if (N < 2) return `the correlation signal needs at least 2 instruments (the book has ${N})`
  if (N > CORRELATION_SIGNAL_MAX_N) {
    return `the correlation signal is skipped for books of more than ${CORRELATION_SIGNAL_MAX_N} instruments (O(N³) per frame; the book has ${N})`
  }
  return null
}

/**
 * The correlation-breakdown signal of a return window: the share of variance in the first principal component of
 * the correlation matrix, λ₁ / N (correlations rising together push it towards 1).
 * @param window - W×N daily returns, row-major, oldest first (IncrementalRisk.window())
 * @returns λ₁ / N, or null when N is outside 2..CORRELATION_SIGNAL_MAX_N or an instrument has zero variance in the
 *   window (its correlations are undefined)
 * Source: Kritzman, Li, Page, Rigobon, "Principal components as a measure of systemic risk", J. Portfolio Management
 * 37 (2011); engine/concentration-ext.ts correlationSpectrum on the sample covariance (n − 1).
 */
export function correlationShare(window: Float64Array, W: number, N: number): number | null {
  if (correlationSignalSkipReason(N) !== null) return null
  const cov = sampleCovariance(window, W, N)
  for (let i = 0; i < N; i++) if (!(cov[i * N + i]! > 0)) return null
  return correlationSpectrum(cov, N).firstComponentShare
}

/**
 * The same signal as {@link correlationShare}, kept up to date day by day: the window's shifted sums (shift K = the
 * column means at the last full recompute, sD = Σ_t (r_t − K), M = Σ_t (r_t − K)(r_t − K)ᵀ, updated by rank-one
 * add/remove in O(N²) per day and recomputed every W days against rounding drift) give the sample covariance
 * Σ = (M − sD sDᵀ / W) / (W − 1); its correlation matrix's eigenvalues come from symmetricEigenvalues (no
 * eigenvectors). Per day O(N²) + ~4/3 N³ instead of O(W N²) + ~9 N³. Same figure to rounding (~1e-13).
 * Only for 2 <= N <= CORRELATION_SIGNAL_MAX_N (it keeps its own W × N copy of the window).
 */
export class CorrelationTracker {
  private readonly ring: Float64Array
  private head = 0
  private readonly shift: Float64Array
  private readonly sD: Float64Array
  private readonly M: Float64Array
  private readonly d: Float64Array
  private readonly dOld: Float64Array
  private rollsSinceResync = 0

  /**
   * @param window - W×N daily returns, row-major, oldest first (copied)
   * @throws RangeError when N is outside 2..CORRELATION_SIGNAL_MAX_N, W < 2 or the window has the wrong length
   */
  constructor(
    window: Float64Array,
    readonly W: number,
    readonly N: number,
  ) {
    const skip = correlationSignalSkipReason(N)
    if (skip !== null) throw new RangeError(`CorrelationTracker: ${skip}`)
    if (!(Number.isInteger(W) && W >= 2)) throw new RangeError(`CorrelationTracker: W must be an integer >= 2, got ${W}`)
    if (window.length !== W * N) throw new RangeError(`CorrelationTracker: window has ${window.length} entries, expected W x N = ${W * N}`)
    this.ring = Float64Array.from(window)
    this.shift = new Float64Array(N)
    this.sD = new Float64Array(N)
    this.M = new Float64Array(N * N)
    this.d = new Float64Array(N)
    this.dOld = new Float64Array(N)
    this.resync()
  }

  /** A new day: `row` (N returns) enters the window, the oldest row leaves. O(N²). */
  roll(row: Float64Array): void {
    const { N, ring, shift, sD, M, d, dOld } = this
    if (row.length !== N) throw new RangeError(`CorrelationTracker.roll: row has ${row.length} entries, expected ${N}`)
    const base = this.head * N
    for (let i = 0; i < N; i++) {
      d[i] = row[i]! - shift[i]!
      dOld[i] = ring[base + i]! - shift[i]!
      sD[i]! += d[i]! - dOld[i]!
    }
    for (let i = 0; i < N; i++) {
      const di = d[i]!
      const oi = dOld[i]!
      const r = i * N
      for (let j = 0; j < N; j++) M[r + j]! += di * d[j]! - oi * dOld[j]!
    }
    ring.set(row, base)
    this.head = this.head + 1 === this.W ? 0 : this.head + 1
    if (++this.rollsSinceResync >= this.W) this.resync()
  }

  /**
   * λ₁ / Σλ of the window's correlation matrix (= λ₁ / N), or null when an instrument has zero variance in the
   * window.
   */
  share(): number | null {
    const { N, W, sD, M } = this
    const cov = new Float64Array(N * N)
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) cov[i * N + j] = (M[i * N + j]! - (sD[i]! * sD[j]!) / W) / (W - 1)
    }
    const s = new Float64Array(N)
    for (let i = 0; i < N; i++) {
      const v = cov[i * N + i]!
      if (!(v > 0)) return null
      s[i] = 1 / Math.sqrt(v)
    }
    // the correlation matrix as correlationSpectrum forms it (symmetrised, unit diagonal)
    const corr = new Float64Array(N * N)
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) corr[i * N + j] = i === j ? 1 : 0.5 * (cov[i * N + j]! + cov[j * N + i]!) * s[i]! * s[j]!
    }
    const lam = symmetricEigenvalues(corr, N)
    let total = 0
    for (const x of lam) total += x
    return lam[0]! / total
  }

  /** Recomputes K, sD and M from the window. O(W N²). */
  private resync(): void {
    const { W, N, ring, shift, sD, M, d } = this
    shift.fill(0)
    for (let t = 0; t < W; t++) for (let i = 0; i < N; i++) shift[i]! += ring[t * N + i]!
    for (let i = 0; i < N; i++) shift[i]! /= W
    sD.fill(0)
    M.fill(0)
    for (let t = 0; t < W; t++) {
      for (let i = 0; i < N; i++) {
        d[i] = ring[t * N + i]! - shift[i]!
        sD[i]! += d[i]!
      }
      for (let i = 0; i < N; i++) {
        const di = d[i]!
        const r = i * N
        for (let j = i; j < N; j++) M[r + j]! += di * d[j]!
      }
    }
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) M[j * N + i] = M[i * N + j]!
    this.rollsSinceResync = 0
  }
}
