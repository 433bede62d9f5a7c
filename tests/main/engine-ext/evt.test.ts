import { describe, expect, it } from 'vitest'
import { fitGpd, gpdLogLikelihood, gpdTailVaRES, peaksOverThresholdVaRES } from '../../../src-main/engine/evt'
import { loadFixture, relErr } from './fixtures'

interface Case {
  name: string
  pnl: number[]
  threshold: number
  n: number
  exceedances: number
  xi: number
  beta: number
  logLikelihood: number
  levels: { confidence: number; var: number; es: number }[]
}
const ref = loadFixture<{ cases: Case[] }>('evt.json')

// Our optimum may not be worse than scipy's best by more than optimiser noise (nats).
const LL_ABS_TOL = 1e-6
// Near the optimum the likelihood is flat, so parameters (and the VaR/ES they imply) agree only to ~1e-5..1e-4;
// 1e-3 relative is still far tighter than the figures' statistical error (tens of %).
const FIGURE_REL_TOL = 1e-3

describe('peaks over threshold (GPD) against scipy on real losses', () => {
  it.each(ref.cases)('$name', (c) => {
    const r = peaksOverThresholdVaRES(Float64Array.from(c.pnl))
    expect(r.converged).toBe(true)
    expect(relErr(r.threshold, c.threshold)).toBeLessThan(1e-14)
    expect(r.exceedances).toBe(c.exceedances)
    expect(r.logLikelihood).toBeGreaterThanOrEqual(c.logLikelihood - LL_ABS_TOL)
    r.levels.forEach((l, i) => {
      const want = c.levels[i]!
      expect(l.confidence).toBe(want.confidence)
      expect(relErr(l.var, want.var)).toBeLessThan(FIGURE_REL_TOL)
      expect(relErr(l.es, want.es)).toBeLessThan(FIGURE_REL_TOL)
      expect(l.es).toBeGreaterThan(l.var)
    })
    // The McNeil-Frey formulas with scipy's parameters reproduce scipy's figures exactly.
    for (const l of c.levels) {
      const t = gpdTailVaRES(c.threshold, c.xi, c.beta, c.n, c.exceedances, l.confidence)
      expect(relErr(t.var, l.var)).toBeLessThan(1e-12)
      expect(relErr(t.es, l.es)).toBeLessThan(1e-12)
    }
  })

  it('the likelihood is continuous at xi = 0 and -Infinity outside the support', () => {
    const y = [0.5, 1, 2, 3]
    expect(Math.abs(gpdLogLikelihood(y, 1e-7, 1.3) - gpdLogLikelihood(y, 0, 1.3))).toBeLessThan(1e-5)
    expect(gpdLogLikelihood(y, -0.5, 1)).toBe(-Infinity)
  })

  it('rejects too few exceedances, quantiles inside the threshold and infinite-mean tails', () => {
    expect(() => fitGpd([1, 2, 3])).toThrow(/at least 10/)
    expect(() => gpdTailVaRES(1, 0.2, 1, 1000, 50, 0.9)).toThrow(/not beyond/)
    expect(() => gpdTailVaRES(1, 1.2, 1, 1000, 50, 0.99)).toThrow(/xi/)
  })
})
