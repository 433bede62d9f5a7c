import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Book } from '@shared/domain/book'
import { runBacktest, runBacktests } from '../../../src-main/risk/backtest'
import { OPTION_EXCLUDED, resolveBacktestRange } from '../../../src-main/risk/backtest-data'
import { BACKTEST_METHODS } from '../../../src-main/risk/backtest-methods'
import { marketOf, series, weekdays, without } from './synthetic-market'

/**
 * The backtest procedure on a synthetic market built to exercise RISK-CONVENTIONS "Market data" inside a backtest:
 * a vendor gap, a delisting, a late listing, a missing price on the day before the start, an unknown symbol and an
 * option row. Figures against the real-data reference are in backtest-reference.test.ts.
 */
const dates = weekdays(400)
const W = 60
const START = 100 // index of the first backtest day; the first window ends on dates[99]
const A = series('AAA', dates, 11)
const B = without(series('BBB', dates, 22), (_, k) => k === 150 || k === 151)
const C = without(series('CCC', dates, 33), (_, k) => k > 300)
const D = without(series('DDD', dates, 44), (_, k) => k < 80)
const F = without(series('FFF', dates, 55), (_, k) => k === START - 1)
const market = marketOf([A, B, C, D, F], {
  AAA: [
    { date: dates[10]!, issue: 'before the panel: not reported' },
    { date: dates[200]!, issue: 'inside the backtest' },
  ],
})
const book: Book = {
  name: 'synthetic',
  positions: [
    { symbol: 'AAA', quantity: 100 },
    { symbol: 'BBB', quantity: -50 },
    { symbol: 'CCC', quantity: 200 },
    { symbol: 'DDD', quantity: 10 },
    { symbol: 'FFF', quantity: 30 },
    { symbol: 'EEE', quantity: 5 },
    { symbol: 'AAA 2011-01-21 C 60', quantity: 2, assetClass: 'option' },
  ],
}
const range = { from: dates[START]!, to: dates[399]!, window: W }

/** Price of a series on `date`, carried forward from its last row on or before it (RISK-CONVENTIONS "Calendar"). */
function carried(s: typeof A, column: 'close' | 'adjClose', date: string): number {
  let k = s.dates.length - 1
  while (k >= 0 && s.dates[k]! > date) k--
  return s[column][k]!
}

describe('backtest procedure (synthetic market)', () => {
  const result = runBacktest(book, market, range)

  it('excludes at the start, with the risk report reasons, and keeps them out even when prices appear later', () => {
    expect(result.symbols).toEqual(['AAA', 'BBB', 'CCC'])
    expect(result.excluded).toEqual([
      { symbol: 'DDD', reason: `only ${START - 1 - 80} returns before ${dates[START - 1]}, window needs ${W}` },
      { symbol: 'FFF', reason: `no price on ${dates[START - 1]}` },
      { symbol: 'EEE', reason: 'unknown symbol' },
      { symbol: 'AAA 2011-01-21 C 60', reason: OPTION_EXCLUDED },
    ])
  })

  it('counts carried-forward prices over the first window and the backtest days, and flags inside that span', () => {
    expect(result.dataQuality).toEqual([
      { symbol: 'AAA', filledDays: 0, flags: [{ date: dates[200]!, issue: 'inside the backtest' }] },
      { symbol: 'BBB', filledDays: 2, flags: [] },
      { symbol: 'CCC', filledDays: 399 - 300, flags: [] },
    ])
  })

  it('realised P&L is Σ q_i P_{t−1,i} r_{t,i} with carried-forward prices, on every backtest day', () => {
    expect(result.series.map((s) => s.date)).toEqual(dates.slice(START))
    const held = [A, B, C]
    const q = [100, -50, 200]
    const worst = Math.max(
      ...result.series.map((s, j) => {
        const [prev, day] = [dates[START + j - 1]!, dates[START + j]!]
        let L = 0
        held.forEach((x, i) => (L += q[i]! * carried(x, 'close', prev) * (carried(x, 'adjClose', day) / carried(x, 'adjClose', prev) - 1)))
        return Math.abs(s.pnl - L) / Math.max(1e-9, Math.abs(L))
      }),
    )
    // two summation orders of three terms: rounding only
    expect(worst).toBeLessThan(1e-12)
  })

  it('an exception is a day with L_t < −VaR_t, and the statistics count exactly those days', () => {
    for (const r of runBacktests(book, market, BACKTEST_METHODS, range)) {
      const hits = r.series.filter((s) => s.pnl < -s.var).map((s) => s.date)
      expect(r.exceptionDates, r.method).toEqual(hits)
      expect(r.exceptions).toBe(hits.length)
      expect(r.observations).toBe(400 - START)
      const { n00, n01, n10, n11 } = r.christoffersen
      expect(n00 + n01 + n10 + n11).toBe(r.observations - 1)
      expect(n01 + n11).toBe(hits.length - (hits[0] === dates[START] ? 1 : 0))
    }
  })

  it('scaling every quantity by k scales each day’s VaR and P&L by k and keeps the exceptions (all methods)', () => {
    const base = runBacktests(book, market, BACKTEST_METHODS, range)
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), (k) => {
        const scaled: Book = { ...book, positions: book.positions.map((p) => ({ ...p, quantity: p.quantity * k })) }
        runBacktests(scaled, market, BACKTEST_METHODS, range).forEach((r, m) => {
          const b = base[m]!
          expect(r.exceptionDates).toEqual(b.exceptionDates)
          r.series.forEach((s, j) => {
            // k multiplies every term of the same sums: only rounding differs
            expect(Math.abs(s.var - k * b.series[j]!.var)).toBeLessThanOrEqual(1e-12 * k * b.series[j]!.var)
            expect(Math.abs(s.pnl - k * b.series[j]!.pnl)).toBeLessThanOrEqual(1e-12 * k * b.series[j]!.var)
          })
        })
      }),
      { numRuns: 5, seed: 4 },
    )
  })

  it('uses the first market day on or after from and the last on or before to', () => {
    const r = runBacktest(book, market, { from: '2010-06-05', to: '2010-09-05', window: W }) // a Saturday and a Sunday
    expect([r.from, r.to]).toEqual(['2010-06-07', '2010-09-03'])
  })

  it.each([
    [{ from: dates[200]!, to: dates[150]! }, /start .* is after its end/],
    [{ from: '2012-01-02', to: '2012-02-01' }, /no market date of book synthetic between/],
    [{ from: dates[399]!, to: dates[399]! }, /at least 2 market days/],
    [{ from: dates[30]!, to: dates[200]! }, new RegExp(`needs ${W} returns before it; the book's data starts ${dates[0]}, so the first possible start is ${dates[W + 1]}`)],
    [{ from: dates[START]!, to: dates[200]!, confidence: 1 }, /confidence must be in \(0, 1\)/],
    [{ from: dates[START]!, to: dates[200]!, nu: 2 }, /nu must be finite and > 2/],
    [{ from: dates[START]!, to: dates[200]!, lambda: 1 }, /lambda must be in \(0, 1\)/],
    [{ from: dates[START]!, to: dates[200]!, window: 1 }, /window must be an integer >= 2/],
    [{ from: dates[START]!, to: dates[200]!, window: 21, method: 'filteredHistorical' as const }, /filteredHistorical needs a window longer than 21/],
  ])('refuses %o', (opts, message) => {
    expect(() => runBacktest(book, market, { window: W, ...opts })).toThrow(message)
  })

  it('refuses a book none of whose instruments has the window, and an unknown method', () => {
    // FFF has no price on the day before the start and DDD too short a history there: nothing left to backtest
    const late: Book = { name: 'late', positions: [{ symbol: 'FFF', quantity: 1 }, { symbol: 'DDD', quantity: 1 }] }
    expect(() => runBacktest(late, market, range)).toThrow(/no instrument of book late has 60 returns before/)
    expect(() => runBacktests(book, market, ['garch' as never], range)).toThrow(/unknown backtest method garch/)
  })
})

describe('resolveBacktestRange', () => {
  const cal = weekdays(600)
  it('defaults to the N market days before the given date', () => {
    expect(resolveBacktestRange(cal, {}, cal[400]!, 250)).toEqual({ from: cal[150], to: cal[399] })
    // a date that is not a market day: the last market day before it ends the range
    expect(resolveBacktestRange(cal, {}, '2010-01-09', 2)).toEqual({ from: cal[3], to: cal[4] })
  })
  it('completes a single date to N days, clipped at the data', () => {
    expect(resolveBacktestRange(cal, { to: cal[500] }, cal[0]!, 250)).toEqual({ from: cal[251], to: cal[500] })
    expect(resolveBacktestRange(cal, { from: cal[100] }, cal[0]!, 250)).toEqual({ from: cal[100], to: cal[349] })
    expect(resolveBacktestRange(cal, { from: cal[500] }, cal[0]!, 250)).toEqual({ from: cal[500], to: cal[599] })
    expect(resolveBacktestRange(cal, { from: 'a', to: 'b' }, cal[0]!, 250)).toEqual({ from: 'a', to: 'b' })
  })
  it('says when there is no market date where asked', () => {
    expect(() => resolveBacktestRange(cal, { from: '2099-01-01' }, cal[0]!, 250)).toThrow(/no market date on or after 2099-01-01/)
    expect(() => resolveBacktestRange(cal, {}, cal[0]!, 250)).toThrow(/no market date before/)
  })
})
