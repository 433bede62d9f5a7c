import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ewmaVarianceForecasts, ewmaVolatilityForecast } from '../../../src-main/engine/ewma-volatility'
import { filteredHistoricalVaRES, filteredScenarios } from '../../../src-main/engine/filtered-hs'
import {
  fitGarch11,
  forecastAccuracy,
  garch11LogLikelihood,
  garchForecast,
  garchVarianceSeries,
} from '../../../src-main/engine/garch'
import { loadFixture, relErr } from './fixtures'

interface GarchRef {
  name: string
  mean: 'zero' | 'sample'
  x: number[]
  mu: number
  backcast: number
  omega: number
  alpha: number
  beta: number
  logLikelihood: number
}
interface Ref {
  ewma: { x: number[]; forecasts: number[] }
  fhs: { name: string; pnl: number[]; scenarios: number[]; forecastVolatility: number; levels: { confidence: number; var: number; es: number }[] }[]
  garch: GarchRef[]
  accuracy: {
    params: GarchRef
    train: number[]
    test: number[]
    garchForecasts: number[]
    ewmaForecasts: number[]
    garch: { mse: number; qlike: number }
    ewma: { mse: number; qlike: number }
  }
}
const ref = loadFixture<Ref>('vol_models.json')

// The O(n) recursion vs the explicit weighted sum: rounding of ~300 terms, ~1e-14 relative.
const EWMA_REL_TOL = 1e-12
// FHS: same arithmetic plus a type-7 quantile; errors inherit the EWMA ones.
const FHS_REL_TOL = 1e-10
// GARCH: our optimum may not be worse than scipy's best by more than this (nats; the likelihoods are ~1e3-1e4).
const LL_ABS_TOL = 1e-6

describe('EWMA volatility', () => {
  it('the recursion equals the normalised weighted sum of RISK-CONVENTIONS at every step', () => {
    const f = ewmaVarianceForecasts(ref.ewma.x)
    f.forEach((v, t) => expect(relErr(v, ref.ewma.forecasts[t]!)).toBeLessThanOrEqual(EWMA_REL_TOL))
    expect(relErr(ewmaVolatilityForecast(ref.ewma.x), Math.sqrt(ref.ewma.forecasts.at(-1)!))).toBeLessThan(EWMA_REL_TOL)
  })
  it('rejects non-finite values and bad lambda', () => {
    expect(() => ewmaVarianceForecasts([1, NaN])).toThrow(/x\[1\]/)
    expect(() => ewmaVarianceForecasts([1, 2], 1)).toThrow(/lambda/)
  })
})

describe('filtered historical simulation', () => {
  it.each(ref.fhs)('$name', (c) => {
    const f = filteredScenarios(c.pnl)
    expect(f.scenarios.length).toBe(c.scenarios.length)
    f.scenarios.forEach((s, t) => expect(relErr(s, c.scenarios[t]!, 1)).toBeLessThanOrEqual(FHS_REL_TOL))
    expect(relErr(f.forecastVolatility, c.forecastVolatility)).toBeLessThan(FHS_REL_TOL)
    for (const l of c.levels) {
      const r = filteredHistoricalVaRES(c.pnl, l.confidence)
      expect(relErr(r.var, l.var)).toBeLessThanOrEqual(FHS_REL_TOL)
      expect(relErr(r.es, l.es)).toBeLessThanOrEqual(FHS_REL_TOL)
    }
  })

  it('properties: ES >= VaR, VaR non-decreasing in c, scaling the P&L scales VaR', () => {
    const pnl = ref.fhs[0]!.pnl
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), (a, b, k) => {
        const [lo, hi] = a < b ? [a, b] : [b, a]
        const x = filteredHistoricalVaRES(pnl, lo)
        expect(filteredHistoricalVaRES(pnl, hi).var).toBeGreaterThanOrEqual(x.var)
        expect(x.es).toBeGreaterThanOrEqual(x.var)
        expect(relErr(filteredHistoricalVaRES(pnl.map((p) => p * k), lo).var, k * x.var)).toBeLessThan(1e-12)
      }),
      { numRuns: 30 },
    )
  })

  it('rejects a series no longer than the warm-up and zero early volatility', () => {
    expect(() => filteredScenarios(new Array<number>(20).fill(1))).toThrow(/warmup/)
    expect(() => filteredScenarios([0, 0, 1, 2], 0.94, 2)).toThrow(/before day 2/)
  })
})

describe('GARCH(1,1) QML', () => {
  it.each(ref.garch)('$name: log-likelihood at least scipy’s optimum', (g) => {
    const fit = fitGarch11(g.x, g.mean)
    expect(fit.converged).toBe(true)
    expect(relErr(fit.mu, g.mu, 1e-300)).toBeLessThan(1e-12)
    expect(relErr(fit.backcast, g.backcast)).toBeLessThan(1e-12)
    expect(fit.persistence).toBeLessThan(1)
    const eps = g.x.map((v) => v - fit.mu)
    expect(relErr(fit.logLikelihood, garch11LogLikelihood(eps, fit, fit.backcast), 1)).toBeLessThan(1e-10)
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(g.logLikelihood - LL_ABS_TOL)
    // The same likelihood function: scipy's parameters give scipy's value in our implementation.
    expect(relErr(garch11LogLikelihood(eps, g, g.backcast), g.logLikelihood)).toBeLessThan(1e-11)
  })

  it('multi-day forecasts revert to the long-run variance', () => {
    const fit = fitGarch11(ref.garch[0]!.x)
    expect(garchForecast(fit, 1).variance).toBe(fit.nextVariance)
    const far = garchForecast(fit, 2000)
    expect(relErr(far.variance, fit.longRunVariance)).toBeLessThan(1e-6)
    expect(garchForecast(fit, 10).cumulativeVariance).toBeGreaterThan(0)
    expect(() => garchForecast(fit, 0)).toThrow(/h must/)
  })
})

describe('forecast accuracy (hold-out 2019, parameters fitted on 2015-2018)', () => {
  const a = ref.accuracy
  it('GARCH and EWMA one-step forecasts and their MSE / QLIKE match numpy', () => {
    const all = [...a.train, ...a.test]
    const gv = garchVarianceSeries(all, a.params, a.params.backcast).subarray(a.train.length, all.length)
    gv.forEach((v, t) => expect(relErr(v, a.garchForecasts[t]!)).toBeLessThan(1e-12))
    const ev = ewmaVarianceForecasts(all).subarray(a.train.length - 1, all.length - 1)
    ev.forEach((v, t) => expect(relErr(v, a.ewmaForecasts[t]!)).toBeLessThan(EWMA_REL_TOL))
    for (const [h, want] of [
      [gv, a.garch],
      [ev, a.ewma],
    ] as const) {
      const acc = forecastAccuracy(h, a.test)
      expect(acc.n).toBe(a.test.length)
      expect(relErr(acc.mse, want.mse)).toBeLessThan(1e-10)
      expect(relErr(acc.qlike, want.qlike)).toBeLessThan(1e-12)
    }
  })
  it('rejects mismatched lengths and non-positive forecasts', () => {
    expect(() => forecastAccuracy([1], [1, 2])).toThrow(/lengths/)
    expect(() => forecastAccuracy([0], [1])).toThrow(/forecasts\[0\]/)
  })
})
