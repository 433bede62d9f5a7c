import { describe, expect, it } from 'vitest'
import { ewmaCovariance, ewmaWeights, sampleCovariance } from '../../../src-main/engine/covariance'
import { expectAllClose, expectClose, f64, loadCases, loadEdge, maxAbs } from './helpers'

/**
 * Covariances are sums of W products; NumPy (BLAS matmul) sums in another order. Entries are judged against the
 * largest entry of the matrix (off-diagonal covariances can be near zero), 1e-10 of it is far above rounding.
 */
const REL_TOL = 1e-10
const EDGE_TOL = 1e-14

const cases = loadCases()
const edge = loadEdge()

describe('sample and EWMA covariance vs NumPy on real data', () => {
  for (const k of cases) {
    it(`${k.name} (W=${k.W}, N=${k.N})`, () => {
      const R = f64(k.returns)
      const S = sampleCovariance(R, k.W, k.N)
      expectAllClose(S, k.expected.sampleCov, REL_TOL, maxAbs(k.expected.sampleCov), 'sample')
      const E = ewmaCovariance(R, k.W, k.N, k.lambda)
      expectAllClose(E, k.expected.ewmaCov, REL_TOL, maxAbs(k.expected.ewmaCov), 'ewma')
      expectAllClose(ewmaCovariance(R, k.W, k.N), E, 0, 0, 'default lambda is 0.94')
      for (let i = 0; i < k.N; i++) {
        for (let j = 0; j < k.N; j++) {
          expect(S[i * k.N + j]).toBe(S[j * k.N + i])
          expect(E[i * k.N + j]).toBe(E[j * k.N + i])
        }
      }
    })
  }

  it('3 x 2 hand-checkable case', () => {
    const s = edge.small
    expectAllClose(sampleCovariance(f64(s.returns), s.W, s.N), s.sampleCov, EDGE_TOL, maxAbs(s.sampleCov), 'sample')
    expectAllClose(ewmaCovariance(f64(s.returns), s.W, s.N, s.lambda), s.ewmaCov, EDGE_TOL, maxAbs(s.ewmaCov), 'ewma')
  })

  it('EWMA weights sum to 1 and put the most weight on the newest day (k = 0)', () => {
    const w = ewmaWeights(250, 0.94)
    expectClose(w.reduce((a, b) => a + b, 0), 1, 1e-14, 0, 'sum')
    expect(w[0]).toBeGreaterThan(w[1]!)
    expectClose(w[1]! / w[0]!, 0.94, 1e-14, 0, 'ratio')
  })

  it('sample covariance is unchanged by a constant shift of the returns (two-pass accuracy)', () => {
    const k = cases[0]!
    const R = f64(k.returns)
    const shifted = R.map((x) => x + 1e3)
    const S = sampleCovariance(R, k.W, k.N)
    // Adding 1e3 leaves ~1e-13 absolute resolution on returns of ~1e-2: 1e-8 of the largest entry is still tight.
    expectAllClose(sampleCovariance(shifted, k.W, k.N), S, 1e-8, maxAbs(S), 'shifted')
  })
})

describe('covariance errors', () => {
  it('rejects bad shapes, W < 2 for the sample estimator and lambda outside (0, 1)', () => {
    const R = new Float64Array(6)
    expect(() => sampleCovariance(R, 4, 2)).toThrow(/R.length is 6/)
    expect(() => sampleCovariance(new Float64Array(3), 1, 3)).toThrow(/W >= 2/)
    expect(() => ewmaCovariance(R, 2, 4)).toThrow(/expected W\*N/)
    for (const l of [0, 1, -0.1, 1.2, Number.NaN]) {
      expect(() => ewmaCovariance(R, 3, 2, l)).toThrow(/lambda/)
      expect(() => ewmaWeights(3, l)).toThrow(/lambda/)
    }
    expect(() => ewmaWeights(0)).toThrow(/W must be/)
    expect(() => sampleCovariance(R, 3, 0)).toThrow(/N must be/)
  })
})
