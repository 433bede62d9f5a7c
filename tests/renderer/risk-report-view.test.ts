import { describe, expect, it } from 'vitest'
import { METHOD_LABELS, methodRows, profileLines, REPORT_METHODS } from '../../src-renderer/src/util/risk-report-view'
import { riskReport } from './helpers/risk-report-fixture'

describe('risk report table rows', () => {
  it('one row per method, in order, with each method’s own VaR and ES and the headline marked', () => {
    const report = riskReport({ headline: { method: 'monteCarlo', var: 106_000, es: 136_000 } })
    const rows = methodRows(report)
    expect(rows.map((r) => r.method)).toEqual([...REPORT_METHODS])
    for (const row of rows) {
      expect(row.var).toBe(report.var[row.method])
      expect(row.es).toBe(report.es[row.method])
      expect(row.label).toBe(METHOD_LABELS[row.method])
    }
    expect(rows.filter((r) => r.headline).map((r) => r.method)).toEqual(['monteCarlo'])
  })

  it('notes carry the estimator inputs: Monte Carlo standard errors, paths and seed; ν; λ; skew', () => {
    const notes = Object.fromEntries(methodRows(riskReport()).map((r) => [r.method, r.note]))
    expect(notes['monteCarlo']).toBe('\u00b1612 / \u00b1845 s.e., 100,000 paths, seed 1')
    expect(notes['studentT']).toBe('\u03bd 5.00 (default)')
    expect(notes['filteredHistorical']).toBe('\u03bb 0.94, 230 scenarios')
    expect(notes['cornishFisher']).toBe('skew -0.43, ex. kurt 3.21')
    expect(notes['historical']).toBe('250 scenarios')
    expect(notes['parametric']).toBe('normal, \u03c3 43,210/day')
  })

  it('a missing figure has a null value and the report’s reason as its note', () => {
    const rows = methodRows(riskReport())
    const evt = rows.find((r) => r.method === 'evt')!
    expect([evt.var, evt.es]).toEqual([null, null])
    expect(evt.note).toBe('EVT needs at least 10 exceedances, got 7')
    expect(rows.find((r) => r.method === 'deltaGamma')!.note).toBe('the book holds no options')
    const noReason = methodRows(riskReport({ unavailable: [] })).find((r) => r.method === 'evt')!
    expect(noReason.note).toBe('not available')
  })

  it('longer horizons: overlapping historical scenarios, √h scaling, a Student-t Monte Carlo with repair and full revaluation', () => {
    const report = riskReport({
      horizon: { days: 10, historicalScenarios: 241 },
      monteCarlo: { distribution: 'student-t', nu: 4.5, repaired: true, revaluation: 'full' },
      studentT: { nu: 3.1234, nuSource: 'fitted' },
      unavailable: [{ figure: 'studentT.nu', reason: 'the fit did not converge' }],
    })
    const notes = Object.fromEntries(methodRows(report).map((r) => [r.method, r.note]))
    expect(notes['historical']).toBe('241 overlapping 10-day scenarios')
    expect(notes['parametric']).toBe('normal, \u03c3 43,210/day, \u00d7\u221a10')
    expect(notes['monteCarlo']).toContain(', t \u03bd 4.5, cov. repaired, full revaluation')
    expect(notes['studentT']).toBe('\u03bd 3.12 (fitted); fit failed: the fit did not converge')
  })
})

describe('risk report profile lines', () => {
  it('regime, Greeks, concentration, drawdown and volatility models of a linear book', () => {
    const lines = profileLines(riskReport())
    expect(lines.regime).toBe('HIGH vol, P(high) 83%; \u03c3 low 0.71%, high 2.43% (SPY 2020-04-01 \u2013 2024-03-28)')
    expect(lines.greeks).toBe('\u0394$ total 5,000,000; no options')
    expect(lines.concentration).toBe('CR4 26.2%, eff. N 22.1, Gini 0.19, div. ratio 2.61, PC1 33.4%')
    expect(lines.drawdown).toBe('max 4.4% (2023-04-28 \u2192 2023-06-02), now 0.9%, 3 d under water')
    expect(lines.volatility).toBe('EWMA \u03c3 70,592 (QLIKE 22.41), GARCH \u03c3 71,234 (\u03b1+\u03b2 0.971, QLIKE 22.38)')
  })

  it('book-P&L regimes are in currency; option Greeks are listed; missing blocks give their reason', () => {
    const lines = profileLines(
      riskReport({
        regime: { state: 'low', probabilityHigh: 0.1, source: 'book-pnl', lowVolatility: 41_000, highVolatility: 95_000 },
        greeks: { delta: 120_000, gamma: 3_400_000, vega: 5_600, theta: -780 },
        profile: {
          concentration: null,
          drawdown: null,
          volatilityModels: {
            ewma: { forecast: 1, lambda: 0.94, accuracy: { n: 1, mse: 1, qlike: 1 } },
            garch: { forecast: 2, persistence: 0.5, converged: false, accuracy: { n: 1, mse: 1, qlike: 1 } },
          },
          reasons: [{ figure: 'drawdown', reason: 'the holdings value is not positive every day' }],
        },
      }),
    )
    expect(lines.regime).toContain('low vol, P(high) 10%; \u03c3 low 41,000, high 95,000 (book P&L')
    expect(lines.greeks).toBe('\u0394$ total 5,000,000; options \u0394$ 120,000, \u0393$ 3,400,000, vega 5,600/vol pt, \u03b8 -780/day')
    expect(lines.concentration).toBe('n/a: not available')
    expect(lines.drawdown).toBe('n/a: the holdings value is not positive every day')
    expect(lines.volatility).toContain(', not converged)')
    expect(profileLines(riskReport({ regime: null, unavailable: [{ figure: 'regime', reason: 'no SPY history and an empty book' }] })).regime).toBe(
      'n/a: no SPY history and an empty book',
    )
  })
})
