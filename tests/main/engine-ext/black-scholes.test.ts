import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { blackScholes, deltaGammaMoments, deltaGammaVaR, type BsmInput } from '../../../src-main/engine/black-scholes'
import { prepareMonteCarlo, simulatePnLChunk } from '../../../src-main/engine/monte-carlo'
import { loadFixture, relErr } from './fixtures'

interface Case {
  name?: string
  input: BsmInput
  price: number
  delta: number
  gamma: number
  vegaPerUnit: number
  thetaPerYear: number
  rho: number
}
interface Ref {
  cases: Case[]
  deltaGamma: {
    a: number[]
    B: number[]
    cov: number[]
    mean: number
    variance: number
    skewness: number
    excessKurtosis: number
    levels: { confidence: number; cfVar: number; cfEs: number; normalVar: number; normalEs: number }[]
  }
}
const ref = loadFixture<Ref>('black_scholes.json')

// Closed forms with stdlib's vs scipy's normal cdf (both ~1e-16 relative); the price of a deep OTM option is a
// difference of two terms, so allow 1e-12 relative to the larger of |value| and 1e-3 of spot.
const REL_TOL = 1e-11
// Delta-gamma cumulants: trace formulas vs the diagonalisation route, ~1e-14 relative.
const DG_REL_TOL = 1e-10

describe('Black-Scholes-Merton against scipy closed forms (finite-difference checked)', () => {
  it.each(ref.cases)('$input.type S=$input.spot K=$input.strike T=$input.expiry', (c) => {
    const g = blackScholes(c.input)
    const floor = 1e-3 * c.input.spot
    for (const k of ['price', 'delta', 'gamma', 'vegaPerUnit', 'thetaPerYear', 'rho'] as const) {
      const f = k === 'delta' ? 1 : k === 'gamma' ? 1e-6 : floor
      expect(relErr(g[k], c[k], f)).toBeLessThanOrEqual(REL_TOL)
    }
    expect(g.vega).toBeCloseTo(g.vegaPerUnit / 100, 15)
    expect(g.thetaPerDay).toBeCloseTo(g.thetaPerYear / 365, 15)
  })

  it('properties: put-call parity, delta parity, equal gamma and vega', () => {
    const arb = fc.record({
      spot: fc.double({ min: 1, max: 1000, noNaN: true }),
      moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
      expiry: fc.double({ min: 0.01, max: 5, noNaN: true }),
      rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
      dividendYield: fc.double({ min: 0, max: 0.06, noNaN: true }),
      vol: fc.double({ min: 0.02, max: 1.5, noNaN: true }),
    })
    fc.assert(
      fc.property(arb, (x) => {
        const base = { ...x, strike: x.spot * x.moneyness }
        const c = blackScholes({ ...base, type: 'call' })
        const p = blackScholes({ ...base, type: 'put' })
        const fwd = x.spot * Math.exp(-x.dividendYield * x.expiry) - base.strike * Math.exp(-x.rate * x.expiry)
        expect(Math.abs(c.price - p.price - fwd)).toBeLessThanOrEqual(1e-10 * x.spot)
        expect(Math.abs(c.delta - p.delta - Math.exp(-x.dividendYield * x.expiry))).toBeLessThan(1e-12)
        expect(relErr(c.gamma, p.gamma, 1e-300)).toBeLessThan(1e-12)
        expect(relErr(c.vegaPerUnit, p.vegaPerUnit, 1e-300)).toBeLessThan(1e-12)
        expect(c.price).toBeGreaterThanOrEqual(Math.max(fwd, 0) - 1e-10 * x.spot)
      }),
    )
  })

  it('limits at expiry and at zero volatility; rejects bad input', () => {
    const at = blackScholes({ type: 'call', spot: 110, strike: 100, expiry: 0, rate: 0.05, dividendYield: 0, vol: 0.2 })
    expect(at.price).toBe(10)
    expect(at.delta).toBe(1)
    expect(at.gamma).toBe(0)
    const otm = blackScholes({ type: 'put', spot: 110, strike: 100, expiry: 1, rate: 0.05, dividendYield: 0, vol: 0 })
    expect(otm.price).toBe(0)
    expect(otm.delta).toBe(0)
    expect(() => blackScholes({ type: 'call', spot: 0, strike: 100, expiry: 1, rate: 0, dividendYield: 0, vol: 0.2 })).toThrow(/spot/)
    expect(() => blackScholes({ type: 'call', spot: 1, strike: 100, expiry: -1, rate: 0, dividendYield: 0, vol: 0.2 })).toThrow(/expiry/)
  })
})

describe('delta-gamma VaR of a short-straddle book on SPY and QQQ', () => {
  const dg = ref.deltaGamma
  const a = Float64Array.from(dg.a)
  const B = Float64Array.from(dg.B)
  const cov = Float64Array.from(dg.cov)

  it('cumulants match the diagonalisation route', () => {
    const m = deltaGammaMoments(a, B, cov, 2)
    expect(relErr(m.mean, dg.mean)).toBeLessThan(DG_REL_TOL)
    expect(relErr(m.variance, dg.variance)).toBeLessThan(DG_REL_TOL)
    expect(relErr(m.skewness, dg.skewness)).toBeLessThan(DG_REL_TOL)
    expect(relErr(m.excessKurtosis, dg.excessKurtosis)).toBeLessThan(DG_REL_TOL)
  })

  it.each(dg.levels)('VaR/ES at c=$confidence (Cornish-Fisher and normal)', (l) => {
    const cf = deltaGammaVaR(a, B, cov, 2, l.confidence)
    expect(relErr(cf.var, l.cfVar)).toBeLessThan(DG_REL_TOL)
    expect(relErr(cf.es, l.cfEs)).toBeLessThan(DG_REL_TOL)
    const nm = deltaGammaVaR(a, B, cov, 2, l.confidence, 'normal')
    expect(relErr(nm.var, l.normalVar)).toBeLessThan(DG_REL_TOL)
    expect(relErr(nm.es, l.normalEs)).toBeLessThan(DG_REL_TOL)
  })

  it('the moments agree with a Monte Carlo of the quadratic P&L (within 4 standard errors)', () => {
    const model = prepareMonteCarlo(cov, new Float64Array(2), 2, { seed: 77, paths: 200_000 })
    const pnl = simulatePnLChunk(model, 0, model.paths, (r) => a[0]! * r[0]! + a[1]! * r[1]! + 0.5 * (B[0]! * r[0]! ** 2 + 2 * B[1]! * r[0]! * r[1]! + B[3]! * r[1]! ** 2))
    const n = pnl.length
    const mean = pnl.reduce((s, x) => s + x, 0) / n
    const variance = pnl.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)
    const m = deltaGammaMoments(a, B, cov, 2)
    expect(Math.abs(mean - m.mean)).toBeLessThan(4 * Math.sqrt(m.variance / n))
    // Var of the sample variance: (κ4 + 2κ2²)/n.
    expect(Math.abs(variance - m.variance)).toBeLessThan(4 * Math.sqrt(((m.excessKurtosis + 2) * m.variance ** 2) / n))
  })
})
