import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleCovariance } from '../../../src-main/engine/covariance'
import { decomposeFromSigmaV, eulerDecomposition } from '../../../src-main/engine/decomposition'
import { expectAllClose, expectClose, f64, loadCases, maxAbs, syntheticReturns } from './helpers'

/** Same computation chain as σ_P (see parametric.test.ts), then O(N) scalings: 1e-10 relative is ample. */
const REL_TOL = 1e-10
/** Σ component = z/σ · vᵀΣv = z σ holds up to the rounding of an N-term sum. */
const SUM_TOL = 1e-12

const cases = loadCases()

describe('Euler decomposition vs NumPy on real data', () => {
  for (const k of cases) {
    it(`${k.name}`, () => {
      const S = sampleCovariance(f64(k.returns), k.W, k.N)
      const v = f64(k.values)
      for (const e of k.expected.byConfidence) {
        const d = eulerDecomposition(S, v, k.N, e.c)
        expectClose(d.sigma, k.expected.sigma, REL_TOL, 0, 'sigma')
        expectClose(d.var, e.normalVaR, REL_TOL, 0, 'VaR')
        expectAllClose(d.sigmaV, k.expected.sigmaV, REL_TOL, maxAbs(k.expected.sigmaV), 'Sv')
        expectAllClose(d.marginal, e.marginal, REL_TOL, maxAbs(e.marginal), 'marginal')
        expectAllClose(d.component, e.component, REL_TOL, maxAbs(e.component), 'component')
        const withSv = eulerDecomposition(S, v, k.N, e.c, d.sigmaV)
        expect(Array.from(withSv.component)).toEqual(Array.from(d.component))
      }
    })
  }
})

describe('Euler decomposition properties', () => {
  it('components sum to VaR for random books and covariances', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        // Market values in whole cents up to ±1e6 (zeros included): realistic money, no subnormal underflow.
        fc.array(fc.integer({ min: -1e8, max: 1e8 }).map((cents) => cents / 100), { minLength: 5, maxLength: 5 }),
        fc.double({ min: 0.5, max: 0.999, noNaN: true }),
        (seed, vals, c) => {
          const N = 5
          const S = sampleCovariance(syntheticReturns(30, N, seed), 30, N)
          const d = eulerDecomposition(S, Float64Array.from(vals), N, c)
          const sum = d.component.reduce((a, b) => a + b, 0)
          const size = d.component.reduce((a, b) => a + Math.abs(b), 0)
          expectClose(sum, d.var, SUM_TOL, size, 'Σ component')
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a zero book gives zeros everywhere, not NaN', () => {
    const N = 4
    const S = sampleCovariance(syntheticReturns(25, N, 3), 25, N)
    const d = eulerDecomposition(S, new Float64Array(N), N, 0.99)
    expect(d.sigma).toBe(0)
    expect(d.var).toBe(0)
    expect(Array.from(d.marginal)).toEqual([0, 0, 0, 0])
    expect(Array.from(d.component)).toEqual([0, 0, 0, 0])
  })

  it('a perfectly hedged book (Σ v = 0) gives zeros, not NaN', () => {
    // Two instruments with identical returns: long one, short the other.
    const W = 10
    const R = new Float64Array(W * 2)
    for (let t = 0; t < W; t++) R[2 * t] = R[2 * t + 1] = Math.sin(t) / 50
    const d = eulerDecomposition(sampleCovariance(R, W, 2), f64([1e6, -1e6]), 2, 0.99)
    expect(d.var).toBe(0)
    expect(d.component.every((x) => x === 0)).toBe(true)
  })
})

describe('decomposition errors', () => {
  it('rejects bad shapes and c outside (0, 1)', () => {
    const S = f64([1, 0, 0, 1])
    expect(() => eulerDecomposition(S, new Float64Array(3), 2, 0.99)).toThrow(/v.length/)
    expect(() => eulerDecomposition(new Float64Array(5), new Float64Array(2), 2, 0.99)).toThrow(/cov.length/)
    expect(() => eulerDecomposition(S, new Float64Array(2), 2, 0.99, new Float64Array(3))).toThrow(/sigmaV.length/)
    expect(() => eulerDecomposition(S, new Float64Array(2), 2, 1)).toThrow(/confidence/)
    expect(() => decomposeFromSigmaV(1, new Float64Array(2), new Float64Array(2), 2, 0)).toThrow(/confidence/)
  })
})
