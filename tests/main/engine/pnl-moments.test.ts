import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ewmaCovariance, sampleCovariance } from '../../../src-main/engine/covariance'
import { scenarioPnL } from '../../../src-main/engine/historical'
import { covTimesVector } from '../../../src-main/engine/parametric'
import { ewmaMomentsFromPnL, sampleMomentsFromPnL } from '../../../src-main/engine/pnl-moments'

/** Same algebra, different summation order: agreement to a few ulps of the largest term. */
const REL_TOL = 1e-11

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(b), scale)

describe('portfolio moments from the scenario P&L', () => {
  it('equal Σv and vᵀΣv from the full sample and EWMA covariance matrices (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        (W, N, seed, lambda) => {
          let s = seed + 1
          const rnd = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1
          const R = Float64Array.from({ length: W * N }, () => 0.02 * rnd() + 0.001)
          const v = Float64Array.from({ length: N }, () => 1e6 * rnd())
          const L = scenarioPnL(R, W, N, v)
          for (const [got, cov] of [
            [sampleMomentsFromPnL(R, W, N, L), sampleCovariance(R, W, N)],
            [ewmaMomentsFromPnL(R, W, N, L, lambda), ewmaCovariance(R, W, N, lambda)],
          ] as const) {
            const sv = covTimesVector(cov, v, N)
            const scale = Math.max(...Array.from(sv, Math.abs))
            for (let i = 0; i < N; i++) if (!close(got.sigmaV[i]!, sv[i]!, scale)) return false
            const quad = dot(v, sv)
            if (!close(got.variance, quad, Math.abs(quad) + scale * 1e6)) return false
          }
          return true
        },
      ),
    )
  })
  it('rejects bad shapes', () => {
    expect(() => sampleMomentsFromPnL(new Float64Array(6), 3, 2, new Float64Array(2))).toThrow(RangeError)
    expect(() => sampleMomentsFromPnL(new Float64Array(2), 1, 2, new Float64Array(1))).toThrow(RangeError)
    expect(() => ewmaMomentsFromPnL(new Float64Array(6), 3, 2, new Float64Array(3), 1)).toThrow(RangeError)
  })
})
