import { correlationSpectrum } from '../engine/concentration-ext'
import { sampleCovariance } from '../engine/covariance'

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
