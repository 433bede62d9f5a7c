import { describe, expect, it } from 'vitest'
import { ewmaCovariance, sampleCovariance } from '../../../src-main/engine/covariance'
import { historicalVaR, scenarioPnL } from '../../../src-main/engine/historical'
import { normalVaR, portfolioSigma } from '../../../src-main/engine/parametric'
import { pnlVaRMeasure } from '../../../src-main/engine/pnl-risk-measure'

/** Seeded data: the identities hold for any returns and values. */
function data(seed: number, W = 90, N = 7): { R: Float64Array; v: Float64Array; W: number; N: number } {
  let s = seed
  const u = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  return { R: Float64Array.from({ length: W * N }, () => (u() - 0.48) * 0.05), v: Float64Array.from({ length: N }, () => (u() - 0.3) * 1e6), W, N }
}

/** Same quadratic form summed in another order: agreement to ~1e-12 relative. */
const REL = 1e-10

describe('pnlVaRMeasure: VaR from the scenario P&L equals the covariance forms', () => {
  for (const seed of [1, 2, 3]) {
    const { R, v, W, N } = data(seed)
    const L = scenarioPnL(R, W, N, v)
    it(`seed ${seed}: historical, parametric (sample Σ), EWMA (λ 0.94 and 0.97)`, () => {
      expect(pnlVaRMeasure('historical', 0.99)(L)).toBe(historicalVaR(L, 0.99))
      const par = normalVaR(portfolioSigma(sampleCovariance(R, W, N), v, N), 0.99)
      expect(Math.abs(pnlVaRMeasure('parametric', 0.99)(L) / par - 1)).toBeLessThan(REL)
      for (const lambda of [0.94, 0.97]) {
        const ew = normalVaR(portfolioSigma(ewmaCovariance(R, W, N, lambda), v, N), 0.975)
        expect(Math.abs(pnlVaRMeasure('ewma', 0.975, lambda)(L) / ew - 1)).toBeLessThan(REL)
      }
    })
  }
  it('refuses a bad confidence or λ, and a one-scenario parametric VaR', () => {
    expect(() => pnlVaRMeasure('historical', 1)).toThrow(RangeError)
    expect(() => pnlVaRMeasure('ewma', 0.99, 1)).toThrow(/lambda/)
    expect(() => pnlVaRMeasure('parametric', 0.99)(new Float64Array(1))).toThrow(/at least 2/)
  })
})
