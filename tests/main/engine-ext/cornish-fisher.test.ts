import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cornishFisherVaRES, type CornishFisherScale } from '../../../src-main/engine/cornish-fisher'
import { loadFixture, relErr } from './fixtures'

interface Case {
  name: string
  confidence: number
  scale: CornishFisherScale
  var: number
  es: number
  mean: number
  skewness: number
  excessKurtosis: number
  zCF: number
  tailMean: number
  floored: boolean
}
const ref = loadFixture<{ series: Record<string, number[]>; cases: Case[] }>('cornish_fisher.json')

// Same closed forms in the same double arithmetic; the reference sums PerformanceAnalytics' Ipower() terms
// instead of the expanded polynomial, which reorders roundings: ~1e-13 relative.
const REL_TOL = 1e-10

describe('modified VaR/ES against a transcription of PerformanceAnalytics', () => {
  it.each(ref.cases)('$name c=$confidence $scale', (c) => {
    const got = cornishFisherVaRES(ref.series[c.name]!, c.confidence, c.scale)
    expect(relErr(got.var, c.var)).toBeLessThanOrEqual(REL_TOL)
    expect(relErr(got.es, c.es)).toBeLessThanOrEqual(REL_TOL)
    expect(relErr(got.skewness, c.skewness)).toBeLessThanOrEqual(REL_TOL)
    expect(relErr(got.excessKurtosis, c.excessKurtosis)).toBeLessThanOrEqual(REL_TOL)
    expect(relErr(got.zCF, c.zCF)).toBeLessThanOrEqual(REL_TOL)
    expect(relErr(got.tailMean, c.tailMean)).toBeLessThanOrEqual(REL_TOL)
    expect(got.floored).toBe(c.floored)
  })

  it('the fixture covers both branches of the operational floor', () => {
    expect(ref.cases.some((c) => c.floored)).toBe(true)
    expect(ref.cases.some((c) => !c.floored)).toBe(true)
  })

  it('properties: ES >= VaR, translation by the mean, homogeneity', () => {
    const series = fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 20, maxLength: 80 })
    fc.assert(
      fc.property(series, fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, k) => {
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length
        fc.pre(xs.some((x) => Math.abs(x - mean) > 1e-6))
        const r = cornishFisherVaRES(xs, 0.99)
        expect(r.es).toBeGreaterThanOrEqual(r.var - 1e-9 * Math.abs(r.var))
        const scaled = cornishFisherVaRES(
          xs.map((x) => k * x),
          0.99,
        )
        expect(Math.abs(scaled.var - k * r.var)).toBeLessThanOrEqual(1e-8 * k * (Math.abs(r.var) + r.sd))
        expect(Math.abs(scaled.es - k * r.es)).toBeLessThanOrEqual(1e-8 * k * (Math.abs(r.es) + r.sd))
      }),
    )
  })

  it('rejects bad input', () => {
    expect(() => cornishFisherVaRES([1, 2], 0.99)).toThrow(/at least 3/)
    expect(() => cornishFisherVaRES([1, 1, 1, 1], 0.99)).toThrow(/zero variance/)
    expect(() => cornishFisherVaRES(new Array<number>(30).fill(0.01), 0.99)).toThrow(/zero variance/)
    expect(() => cornishFisherVaRES([1, 2, Infinity], 0.99)).toThrow(/pnl\[2\]/)
    expect(() => cornishFisherVaRES([1, 2, 3], 0)).toThrow(/confidence/)
  })
})
