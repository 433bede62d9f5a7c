import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  baselTable,
  baselZone,
  baselZones,
  chiSquareSurvival,
  christoffersenIndependence,
  coverageTests,
  kupiecPOF,
  transitionCounts,
} from '../../../src-main/engine/backtest-stats'
import { loadFixture, relErr } from './fixtures'

interface Lr {
  lr: number
  pValue: number
}
interface Case {
  name: string
  confidence: number
  indicator: number[]
  days: number
  exceptions: number
  counts: { n00: number; n01: number; n10: number; n11: number }
  pof: Lr
  independence: Lr
  conditionalCoverage: Lr
}
interface BaselRef {
  days: number
  confidence: number
  greenMax: number
  redFrom: number
  pmf: number[]
  cdf: number[]
}
const ref = loadFixture<{ cases: Case[]; basel: BaselRef[] }>('backtest_stats.json')

// LR statistics are closed forms of a few logs: scipy and this code differ only by log/rounding order (~1e-14).
const LR_REL_TOL = 1e-10
// p-values: stdlib's and scipy's (Cephes) incomplete gamma agree to ~1e-13 relative, even at 1e-16.
const P_REL_TOL = 1e-9
// Binomial pmf/cdf via lgamma in log space vs scipy's exact routines: ~1e-13 relative.
const BINOM_REL_TOL = 1e-11

describe('Kupiec / Christoffersen against scipy on real backtests', () => {
  for (const c of ref.cases) {
    it(c.name, () => {
      const res = coverageTests(c.indicator, c.confidence)
      expect(res.days).toBe(c.days)
      expect(res.exceptions).toBe(c.exceptions)
      expect(res.counts).toEqual(c.counts)
      const pairs: [Lr, Lr][] = [
        [res.pof, c.pof],
        [res.independence, c.independence],
        [res.conditionalCoverage, c.conditionalCoverage],
      ]
      for (const [got, want] of pairs) {
        expect(Math.abs(got.lr - want.lr)).toBeLessThanOrEqual(LR_REL_TOL * Math.max(1, want.lr))
        expect(relErr(got.pValue, want.pValue)).toBeLessThanOrEqual(P_REL_TOL)
      }
      expect(res.conditionalCoverage.df).toBe(2)
    })
  }

  it('rejects bad input', () => {
    expect(() => kupiecPOF(10, 11, 0.99)).toThrow(/exceed/)
    expect(() => kupiecPOF(10, 1, 1)).toThrow(/confidence/)
    expect(() => transitionCounts([0, 2, 1])).toThrow(/indicator\[1\]/)
    expect(() => christoffersenIndependence({ n00: 0, n01: 0, n10: 0, n11: 0 })).toThrow(/zero/)
    expect(() => chiSquareSurvival(-1, 1)).toThrow()
  })

  it('LR_POF is zero exactly at the expected exception rate and grows away from it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 40 }), (x, extra) => {
        const n = 100 * x
        expect(kupiecPOF(n, x, 0.99).lr).toBeLessThan(1e-9)
        expect(kupiecPOF(n, x + 1 + extra, 0.99).lr).toBeGreaterThan(kupiecPOF(n, x, 0.99).lr)
      }),
    )
  })
})

describe('Basel traffic light', () => {
  it('reproduces the Basel Committee (1996) table for 250 days at 99 %', () => {
    // Basel Committee on Banking Supervision, "Supervisory framework for the use of backtesting...", Jan 1996, Table 1:
    // cumulative probability (%) for 0..10 exceptions, rounded to two decimals as published.
    const published = [8.11, 28.58, 54.32, 75.81, 89.22, 95.88, 98.63, 99.6, 99.89, 99.97, 99.99]
    const table = baselTable(250, 0.99)
    expect(table.map((r) => r.exceptions)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(table.map((r) => Math.round(r.cumulativeProbability * 1e4) / 100)).toEqual(published)
    expect(table.map((r) => r.zone)).toEqual([
      ...Array<string>(5).fill('green'),
      ...Array<string>(5).fill('yellow'),
      'red',
    ])
    expect(baselZone(4, 250, 0.99)).toBe('green')
    expect(baselZone(5, 250, 0.99)).toBe('yellow')
    expect(baselZone(9, 250, 0.99)).toBe('yellow')
    expect(baselZone(10, 250, 0.99)).toBe('red')
    expect(baselZone(60, 250, 0.99)).toBe('red')
  })

  for (const b of ref.basel) {
    it(`zones and binomial probabilities for n = ${b.days}, c = ${b.confidence} match scipy`, () => {
      const z = baselZones(b.days, b.confidence)
      expect(z.greenMax).toBe(b.greenMax)
      expect(z.redFrom).toBe(b.redFrom)
      const table = baselTable(b.days, b.confidence)
      expect(table.length).toBe(b.cdf.length)
      table.forEach((row, k) => {
        expect(relErr(row.probability, b.pmf[k]!)).toBeLessThanOrEqual(BINOM_REL_TOL)
        expect(relErr(row.cumulativeProbability, b.cdf[k]!)).toBeLessThanOrEqual(BINOM_REL_TOL)
      })
    })
  }
})
