import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ewmaCovariance, sampleCovariance } from '../../../src-main/engine/covariance'
import { standardNormalCdf, standardNormalPdf, standardNormalQuantile } from '../../../src-main/engine/distributions'
import { covTimesVector, normalES, normalVaR, portfolioSigma } from '../../../src-main/engine/parametric'
import { expectAllClose, expectClose, f64, loadCases, loadEdge, syntheticReturns } from './helpers'

/**
 * σ_P is a quadratic form over an N x N covariance built from W-term sums, in another summation order than NumPy;
 * @stdlib's normal quantile agrees with SciPy to ~1e-15 (LIBRARIES.md). 1e-10 is far above both.
 */
const REL_TOL = 1e-10
/** Direct distribution values: @stdlib vs SciPy differ by at most a few ulps. */
const DIST_TOL = 1e-14

const cases = loadCases()
const edge = loadEdge()

describe('normal distribution wrappers vs scipy.stats.norm', () => {
  for (const n of edge.normal) {
    it(`c = ${n.c}`, () => {
      expectClose(standardNormalQuantile(n.c), n.z, DIST_TOL, 1e-300, 'ppf')
      expectClose(standardNormalPdf(n.z), n.pdf, DIST_TOL, 0, 'pdf')
      expectClose(standardNormalCdf(n.z), n.c, DIST_TOL, 0, 'cdf(ppf(c))')
    })
  }
  it('rejects NaN and p outside [0, 1]', () => {
    expect(() => standardNormalQuantile(1.1)).toThrow(RangeError)
    expect(() => standardNormalQuantile(Number.NaN)).toThrow(RangeError)
    expect(() => standardNormalCdf(Number.NaN)).toThrow(RangeError)
    expect(() => standardNormalPdf(Number.NaN)).toThrow(RangeError)
  })
})

describe('portfolio sigma and delta-normal VaR / ES vs NumPy + SciPy on real data', () => {
  for (const k of cases) {
    it(`${k.name}`, () => {
      const R = f64(k.returns)
      const v = f64(k.values)
      const sigma = portfolioSigma(sampleCovariance(R, k.W, k.N), v, k.N)
      expectClose(sigma, k.expected.sigma, REL_TOL, 0, 'sigma')
      const ewmaSigma = portfolioSigma(ewmaCovariance(R, k.W, k.N, k.lambda), v, k.N)
      expectClose(ewmaSigma, k.expected.ewmaSigma, REL_TOL, 0, 'ewma sigma')
      for (const e of k.expected.byConfidence) {
        expectClose(normalVaR(sigma, e.c), e.normalVaR, REL_TOL, 0, `VaR ${e.c}`)
        expectClose(normalES(sigma, e.c), e.normalES, REL_TOL, 0, `ES ${e.c}`)
        expectClose(normalVaR(ewmaSigma, e.c), e.ewmaVaR, REL_TOL, 0, `EWMA VaR ${e.c}`)
      }
    })
  }
})

describe('parametric properties', () => {
  const cArb = fc.double({ min: 0.5, max: 0.9999, noNaN: true })
  it('VaR non-decreasing in c, ES >= VaR, both linear in sigma', () => {
    fc.assert(
      // Money-sized sigmas (0 or 1e-6 .. 1e9 currency): subnormal underflow is not a use case.
      fc.property(cArb, cArb, fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e9, noNaN: true })), fc.double({ min: 0.01, max: 100, noNaN: true }), (c1, c2, s, k) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1]
        expect(normalVaR(s, lo)).toBeLessThanOrEqual(normalVaR(s, hi))
        expect(normalES(s, lo)).toBeGreaterThanOrEqual(normalVaR(s, lo))
        expectClose(normalVaR(k * s, lo), k * normalVaR(s, lo), 1e-15, 0, 'VaR scaling')
        expectClose(normalES(k * s, lo), k * normalES(s, lo), 1e-15, 0, 'ES scaling')
      }),
      { numRuns: 300 },
    )
  })

  it('sigma scales with |k| when the book is scaled by k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.01, max: 50, noNaN: true }), fc.boolean(), (seed, m, negative) => {
        const k = negative ? -m : m
        const W = 30
        const N = 4
        const S = sampleCovariance(syntheticReturns(W, N, seed), W, N)
        const v = f64([2e5, -1e5, 5e4, 3e5])
        expectClose(portfolioSigma(S, v.map((x) => k * x), N), Math.abs(k) * portfolioSigma(S, v, N), 1e-13, 0, 'sigma')
      }),
      { numRuns: 100 },
    )
  })

  it('a zero book has sigma 0, VaR 0 and ES 0 (no NaN)', () => {
    const S = sampleCovariance(syntheticReturns(20, 3, 7), 20, 3)
    const sigma = portfolioSigma(S, new Float64Array(3), 3)
    expect(sigma).toBe(0)
    expect(normalVaR(sigma, 0.99)).toBe(0)
    expect(normalES(sigma, 0.99)).toBe(0)
  })

  it('covTimesVector matches the fixture Σ v', () => {
    const k = cases[1]!
    const S = sampleCovariance(f64(k.returns), k.W, k.N)
    const sv = covTimesVector(S, f64(k.values), k.N)
    expectAllClose(sv, k.expected.sigmaV, REL_TOL, Math.max(...k.expected.sigmaV.map(Math.abs)), 'Sv')
  })
})

describe('parametric errors', () => {
  it('rejects bad shapes, c outside (0, 1), bad sigma and a non-PSD matrix', () => {
    const S = f64([1, 0, 0, 1])
    expect(() => portfolioSigma(S, new Float64Array(3), 2)).toThrow(/v.length/)
    expect(() => portfolioSigma(new Float64Array(3), new Float64Array(2), 2)).toThrow(/cov.length is 3/)
    expect(() => covTimesVector(S, new Float64Array(2), 2, new Float64Array(1))).toThrow(/out.length/)
    expect(() => portfolioSigma(f64([1, 0, 0, -1]), f64([0, 1]), 2)).toThrow(/not positive semi-definite/)
    expect(() => portfolioSigma(f64([1, 0, 0, Number.NaN]), f64([1, 1]), 2)).toThrow(/not finite/)
    for (const c of [0, 1, -1, 2, Number.NaN]) {
      expect(() => normalVaR(1, c)).toThrow(/confidence/)
      expect(() => normalES(1, c)).toThrow(/confidence/)
    }
    for (const s of [-1, Number.NaN, Infinity]) {
      expect(() => normalVaR(s, 0.99)).toThrow(/sigma/)
      expect(() => normalES(s, 0.99)).toThrow(/sigma/)
    }
  })
})
