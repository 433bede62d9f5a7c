import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BacktestResultSchema, type BacktestMethod, type BacktestResult } from '@shared/domain/backtest-result'
import { BACKTEST_METHODS } from '../../../src-main/risk/backtest-methods'
import { runBacktest, runBacktests } from '../../../src-main/risk/backtest'
import { FIXTURES, SHARED, loadCase, referenceMarket, type ReferenceCase } from './reference-data'

/**
 * `runBacktest` against an independent NumPy/SciPy implementation of RISK-CONVENTIONS "VaR backtesting"
 * (tests/fixtures/backtest/make_backtest_reference.py: full recompute of every day's VaR from the raw CSV rows) on
 * two real books, one long-only and one long/short with ETFs, over 2019-2020 and over 2020H1 with W = 125, c = 0.975.
 */

/** The statistics depend only on the exception counts, which must match exactly; 1e-8 is the acceptance tolerance
 * (observed: 1.4e-11 at worst, scipy's chi2.sf against the regularised incomplete gamma). */
const STAT_REL_TOL = 1e-8
/**
 * Daily VaR and P&L: the engine rolls the window (shifted sliding sums, rank-one EWMA updates, resync every W days)
 * while the reference recomputes each day; observed differences are below 3e-15 of the day's VaR. 1e-9 leaves room for the
 * rounding of a different summation order without hiding a wrong window (which moves VaR by ~1e-3).
 */
const SERIES_REL_TOL = 1e-9

function close(actual: number, expected: number, rel: number, scale = Math.abs(expected)): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(scale, 1e-300)
}

const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { file: string }[]

SHARED.describe('backtests on the full shared price files', () => {
  const market = referenceMarket()

  describe.each(cases)('backtest vs the NumPy/SciPy reference: $file', ({ file }) => {
    const ref: ReferenceCase = loadCase(file)
    const book = ref.bookData
    const results = runBacktests(book, market, BACKTEST_METHODS, { from: ref.requested.from, to: ref.requested.to, window: ref.window, confidence: ref.confidence })
    const byMethod = new Map(results.map((r) => [r.method, r]))

    it('uses the same days, instruments, exclusions and data-quality entries', () => {
      const r = results[0]!
      expect([r.from, r.to, r.observations]).toEqual([ref.from, ref.to, ref.dates.length])
      expect(r.symbols).toEqual(ref.symbols)
      expect(r.excluded).toEqual(ref.excluded)
      expect(r.dataQuality).toEqual(ref.dataQuality)
      expect(r.series.map((s) => s.date)).toEqual(ref.dates)
    })

    it('realised P&L L_t = Σ v_{t−1,i} r_{t,i} matches every day', () => {
      const r = results[0]!
      const bad = r.series.filter((s, j) => !close(s.pnl, ref.pnl[j]!, SERIES_REL_TOL, ref.methods.historical.var[j]!))
      expect(bad).toEqual([])
    })

    it.each(BACKTEST_METHODS)('%s: same VaR every day, same exceptions and dates, statistics to 1e-8', (method: BacktestMethod) => {
      const r = byMethod.get(method)!
      const e = ref.methods[method]
      expect(BacktestResultSchema.safeParse(r).success).toBe(true)
      const badVar = r.series.flatMap((s, j) => (close(s.var, e.var[j]!, SERIES_REL_TOL) ? [] : [`${s.date}: ${s.var} vs ${e.var[j]}`]))
      expect(badVar).toEqual([])
      expect(r.exceptions).toBe(e.exceptions)
      expect(r.exceptionDates).toEqual(e.exceptionDates)
      expect([r.lambda, r.nu]).toEqual([e.lambda, e.nu])
      expect(r.trafficLight.zone).toBe(e.trafficLight.zone)
      expect([r.trafficLight.greenMax, r.trafficLight.yellowMax]).toEqual([e.trafficLight.greenMax, e.trafficLight.yellowMax])
      const { n00, n01, n10, n11 } = r.christoffersen
      expect({ n00, n01, n10, n11 }).toEqual({ n00: e.christoffersen.n00, n01: e.christoffersen.n01, n10: e.christoffersen.n10, n11: e.christoffersen.n11 })
      const pairs: [string, number, number][] = [
        ['expectedExceptions', r.expectedExceptions, e.expectedExceptions],
        ['kupiec.lr', r.kupiec.lr, e.kupiec.lr],
        ['kupiec.pValue', r.kupiec.pValue, e.kupiec.pValue],
        ['christoffersen.lrInd', r.christoffersen.lrInd, e.christoffersen.lrInd],
        ['christoffersen.pValue', r.christoffersen.pValue, e.christoffersen.pValue],
        ['conditionalCoverage.lr', r.conditionalCoverage.lr, e.conditionalCoverage.lr],
        ['conditionalCoverage.pValue', r.conditionalCoverage.pValue, e.conditionalCoverage.pValue],
        ['trafficLight.cumulativeProbability', r.trafficLight.cumulativeProbability, e.trafficLight.cumulativeProbability],
      ]
      // an LR of exactly 0 (e.g. no consecutive exceptions possible) is compared absolutely
      const bad = pairs.filter(([, a, x]) => !(x === 0 ? Math.abs(a) <= 1e-12 : close(a, x, STAT_REL_TOL))).map(([k, a, x]) => `${k}: ${a} vs ${x}`)
      expect(bad).toEqual([])
    })

    it('a single-method run gives the same result as the one-pass comparison', () => {
      const one: BacktestResult = runBacktest(book, market, { from: ref.requested.from, to: ref.requested.to, window: ref.window, confidence: ref.confidence, method: 'cornishFisher' })
      expect(one).toEqual(byMethod.get('cornishFisher'))
    })
  })
})
