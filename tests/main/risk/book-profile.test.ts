import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readBookFile } from '../../../src-main/books/book-file'
import { computeExtendedRiskReport } from '../../../src-main/risk/extended-risk-report'
import { bundledMarket, DEMO_BOOK } from '../desk/desk-fixture'

/** Closed forms on the same inputs as NumPy: agreement to rounding. */
const REL_TOL = 1e-9

const expected = JSON.parse(readFileSync(join(__dirname, '../../fixtures/risk-profile/demo-desk_2020-03-31.json'), 'utf8')) as {
  concentration: Record<string, number | number[]>
  drawdown: { maxDrawdown: number; currentDrawdown: number; troughDate: string }
  volatilityModels: { ewma: { forecast: number; accuracy: { n: number; mse: number; qlike: number } } }
  instrumentEwma: Record<string, number>
}

const near = (a: number, b: number): void => expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)).toBeLessThan(REL_TOL)

describe('risk report profile vs NumPy (demo desk, 2020-03-31)', () => {
  const market = bundledMarket()
  const book = readBookFile(DEMO_BOOK, { knownSymbols: new Set(market.store.symbols()) }).book
  const report = computeExtendedRiskReport(book, market, { asof: '2020-03-31', paths: 2000 })
  const p = report.profile

  it('concentration and the correlation spectrum', () => {
    const c = p.concentration!
    for (const k of ['cr4', 'effectiveN', 'gini', 'diversificationRatio', 'firstComponentShare'] as const) near(c[k], expected.concentration[k] as number)
    ;(expected.concentration.eigenvalues as number[]).forEach((e, i) => near(c.eigenvalues[i]!, e))
  })

  it('drawdown of the holdings value path', () => {
    const d = p.drawdown!
    near(d.maxDrawdown, expected.drawdown.maxDrawdown)
    near(d.currentDrawdown, expected.drawdown.currentDrawdown)
    expect(d.troughDate).toBe(expected.drawdown.troughDate)
  })

  it('EWMA forecast and its one-step-ahead accuracy; GARCH is fitted and comparable', () => {
    const v = p.volatilityModels!
    near(v.ewma.forecast, expected.volatilityModels.ewma.forecast)
    expect(v.ewma.accuracy.n).toBe(expected.volatilityModels.ewma.accuracy.n)
    near(v.ewma.accuracy.mse, expected.volatilityModels.ewma.accuracy.mse)
    near(v.ewma.accuracy.qlike, expected.volatilityModels.ewma.accuracy.qlike)
    expect(v.garch.accuracy.n).toBe(v.ewma.accuracy.n)
    expect(v.garch.alpha + v.garch.beta).toBeLessThan(1)
    expect(v.garch.forecast).toBeGreaterThan(0)
  })

  it('per-instrument EWMA forecasts, with a GARCH fit beside each', () => {
    const rows = p.instrumentVolatility!
    expect(rows.map((r) => r.symbol).sort()).toEqual(Object.keys(expected.instrumentEwma).sort())
    for (const r of rows) {
      expect(r.unavailable).toBeUndefined()
      near(r.ewmaForecast!, expected.instrumentEwma[r.symbol]!)
      // α + β may sit on the stationarity boundary 1 in a crash window (an IGARCH-like fit), never above it
      expect(r.garch === null || (r.garch.forecast > 0 && r.garch.persistence <= 1)).toBe(true)
    }
  })

  it('a net-short book has no drawdown figure, with the reason', () => {
    const short = { name: 'short', positions: [{ symbol: 'SPY', quantity: -1000 }, { symbol: 'AAPL', quantity: 10 }] }
    const r = computeExtendedRiskReport(short, market, { asof: '2020-03-31', paths: 2000 })
    expect(r.profile.drawdown).toBeNull()
    expect(r.profile.reasons.some((x) => x.figure === 'drawdown' && /not positive/.test(x.reason))).toBe(true)
  })
})
