import { describe, expect, it } from 'vitest'
import { CorrelationTracker, correlationShare } from '../../../src-main/desk/correlation-signal'
import { syntheticReturns } from '../engine/helpers'

/**
 * The day-by-day tracker of the correlation signal against the full recompute (correlationShare: sample covariance
 * of the window, then ml-matrix's eigenvalues) after every roll, over more than two windows (so its every-W resync
 * runs). Both are the same figure to rounding: 1e-12 absolute on a share in (0, 1].
 */
const SHARE_ABS_TOL = 1e-12

describe('CorrelationTracker', () => {
  it('equals correlationShare of the rolled window every day, across resyncs', () => {
    const W = 40
    const N = 12
    const days = 2 * W + 17
    const R = syntheticReturns(W + days, N, 77, 0.02)
    const tracker = new CorrelationTracker(R.slice(0, W * N), W, N)
    expect(Math.abs(tracker.share()! - correlationShare(R.slice(0, W * N), W, N)!)).toBeLessThan(SHARE_ABS_TOL)
    for (let d = 1; d <= days; d++) {
      tracker.roll(R.subarray((W + d - 1) * N, (W + d) * N))
      const want = correlationShare(R.slice(d * N, (W + d) * N), W, N)!
      expect(Math.abs(tracker.share()! - want), `day ${d}`).toBeLessThan(SHARE_ABS_TOL)
    }
  })

  it('is null while an instrument has zero variance in the window, and refuses sizes outside 2..100', () => {
    const W = 10
    const N = 3
    const R = syntheticReturns(W, N, 5)
    for (let t = 0; t < W; t++) R[t * N + 1] = 0.01
    expect(new CorrelationTracker(R, W, N).share()).toBeNull()
    expect(() => new CorrelationTracker(new Float64Array(W), W, 1)).toThrow(/at least 2/)
    expect(() => new CorrelationTracker(new Float64Array(W * 101), W, 101)).toThrow(/more than 100/)
  })
})
