import { describe, expect, it } from 'vitest'
import { buildMarketWindow } from '../../../src-main/market/history'
import { PriceStore, type SymbolSeries } from '../../../src-main/market/price-store'

/** A series from rows of [date, adjClose] (close = 2 x adjClose, volume = 100 x row number, so each is traceable). */
function series(symbol: string, rows: [string, number][], volume?: number[]): SymbolSeries {
  return {
    symbol,
    dates: rows.map((r) => r[0]),
    adjClose: Float64Array.from(rows.map((r) => r[1])),
    close: Float64Array.from(rows.map((r) => 2 * r[1])),
    volume: Float64Array.from(volume ?? rows.map((_, k) => 100 * (k + 1))),
  }
}

const D = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08', '2020-01-09']
const A = series('A', D.map((d, k) => [d, 10 + k]))
// B has no row on D[2]: that day is carried forward
const B = series('B', [[D[0]!, 50], [D[1]!, 51], [D[3]!, 49], [D[4]!, 52], [D[5]!, 53]])
// C starts on D[3]
const C = series('C', [[D[3]!, 5], [D[4]!, 6], [D[5]!, 7]])
// E stops on D[4]
const E = series('E', [[D[0]!, 1], [D[1]!, 2], [D[2]!, 3], [D[3]!, 4], [D[4]!, 5]])
// F trades on a day nobody else does (a Saturday): it extends the union calendar
const F = series('F', [[D[0]!, 20], [D[1]!, 20], ['2020-01-04', 21], [D[2]!, 21], [D[3]!, 22], [D[4]!, 22], [D[5]!, 23]])
const store = new PriceStore([A, B, C, E, F])

describe('buildMarketWindow', () => {
  it('aligns on the union calendar, carries missing prices forward and counts filled days', () => {
    const mw = buildMarketWindow(store, ['B', 'A'], D[5]!, 4)
    expect(mw.asof).toBe(D[5])
    expect(mw.window).toBe(4)
    expect(mw.dates).toEqual(D.slice(1))
    expect(mw.symbols).toEqual(['B', 'A'])
    const N = 2
    const carriedB = [51, 51, 49, 52, 53]
    for (let t = 0; t < 4; t++) {
      expect(mw.returns[t * N]).toBe(carriedB[t + 1]! / carriedB[t]! - 1)
      expect(mw.returns[t * N + 1]).toBe(A.adjClose[t + 2]! / A.adjClose[t + 1]! - 1)
    }
    expect(mw.returns[0]).toBe(0) // B on D[2], carried forward
    expect(Array.from(mw.close)).toEqual([B.close[4], A.close[5]])
    expect(mw.dataQuality).toEqual([{ symbol: 'B', filledDays: 1, flags: [] }])
    expect(mw.excluded).toEqual([])
  })

  it('does not count a carried base date (dates[0]) as a filled day of the window', () => {
    const mw = buildMarketWindow(store, ['B', 'A'], D[5]!, 3)
    expect(mw.dates[0]).toBe(D[2])
    expect(Array.from({ length: 3 }, (_, t) => mw.returns[t * 2])).toEqual([49 / 51 - 1, 52 / 49 - 1, 53 / 52 - 1])
    expect(mw.dataQuality).toEqual([])
    // on its own calendar B has no gap at all
    expect(buildMarketWindow(store, ['B'], D[5]!, 3).dataQuality).toEqual([])
  })

  it('excludes unknown symbols, instruments without an as-of price and short histories, with reasons, in order', () => {
    const mw = buildMarketWindow(store, ['ZZZ', 'C', 'A', 'E'], D[5]!, 4)
    expect(mw.symbols).toEqual(['A'])
    expect(mw.excluded).toEqual([
      { symbol: 'ZZZ', reason: 'unknown symbol' },
      { symbol: 'C', reason: `only 2 returns before ${D[5]}, window needs 4` },
      { symbol: 'E', reason: `no price on ${D[5]}` },
    ])
    expect(mw.returns.length).toBe(4)
  })

  it('includes an instrument whose history starts exactly on the window base date', () => {
    const mw = buildMarketWindow(store, ['C'], D[5]!, 2)
    expect(mw.symbols).toEqual(['C'])
    expect(Array.from(mw.returns)).toEqual([6 / 5 - 1, 7 / 6 - 1])
  })

  it('lets every known instrument shape the calendar, so others get filled days on its extra dates', () => {
    const mw = buildMarketWindow(store, ['A', 'F'], D[5]!, 5)
    expect(mw.dates).toEqual([D[1], '2020-01-04', D[2], D[3], D[4], D[5]])
    expect(mw.dataQuality).toEqual([{ symbol: 'A', filledDays: 1, flags: [] }])
    // an excluded instrument's dates still count: E (no as-of price) does not add any, F does
    expect(buildMarketWindow(store, ['A', 'E'], D[5]!, 5).dates).toEqual(D)
  })

  it('uses the last calendar date on or before a requested date that is not a trading day', () => {
    const mw = buildMarketWindow(store, ['A'], '2020-01-05', 2)
    expect(mw.asof).toBe(D[1])
    expect(mw.dates).toEqual([D[0], D[1]])
  })

  it('excludes everything when the calendar is shorter than the window', () => {
    const mw = buildMarketWindow(store, ['A', 'B'], D[2]!, 4)
    expect(mw.dates).toEqual(D.slice(0, 3))
    expect(mw.symbols).toEqual([])
    expect(mw.returns.length).toBe(0)
    expect(mw.excluded).toEqual([
      { symbol: 'A', reason: `only 2 returns before ${D[2]}, window needs 4` },
      { symbol: 'B', reason: `no price on ${D[2]}` }, // checked before the history length
    ])
  })

  it('excludes instruments that have no data up to the as-of date at all', () => {
    const mw = buildMarketWindow(store, ['C'], D[1]!, 2)
    expect(mw.asof).toBe(D[1])
    expect(mw.dates).toEqual([])
    expect(mw.excluded).toEqual([{ symbol: 'C', reason: `no price on ${D[1]}` }])
  })

  it('lists quality flags dated on the W return dates only', () => {
    const qualityFlags = new Map([
      ['A', [
        { date: D[1]!, issue: 'on the base date: outside' },
        { date: D[2]!, issue: 'first return: inside' },
        { date: D[5]!, issue: 'as-of: inside' },
        { date: '2020-01-10', issue: 'after: outside' },
      ]],
    ])
    const mw = buildMarketWindow(store, ['A', 'B'], D[5]!, 4, { qualityFlags })
    expect(mw.dataQuality).toEqual([
      { symbol: 'A', filledDays: 0, flags: [{ date: D[2], issue: 'first return: inside' }, { date: D[5], issue: 'as-of: inside' }] },
      { symbol: 'B', filledDays: 1, flags: [] },
    ])
  })

  it('averages the volume of the last advDays own rows, NaN when one is missing', () => {
    const withGap = series('G', D.map((d, k) => [d, 1 + k]), [1, 2, NaN, 4, 6, 8])
    const s = new PriceStore([A, B, withGap])
    const mw = buildMarketWindow(s, ['A', 'B', 'G'], D[5]!, 2, { advDays: 3 })
    expect(mw.adv[0]).toBe((400 + 500 + 600) / 3)
    expect(mw.adv[1]).toBe((300 + 400 + 500) / 3) // B's own rows, not calendar days
    expect(mw.adv[2]).toBe((4 + 6 + 8) / 3)
    expect(buildMarketWindow(s, ['G'], D[5]!, 2, { advDays: 4 }).adv[0]).toBeNaN()
    expect(buildMarketWindow(s, ['A'], D[5]!, 2).adv[0]).toBe((100 + 200 + 300 + 400 + 500 + 600) / 6)
  })

  it('throws RangeError for a bad window, advDays, a repeated symbol or an as-of before all data', () => {
    expect(() => buildMarketWindow(store, ['A'], D[5]!, 1)).toThrow(RangeError)
    expect(() => buildMarketWindow(store, ['A'], D[5]!, 2.5)).toThrow(RangeError)
    expect(() => buildMarketWindow(store, ['A'], D[5]!, 2, { advDays: 0 })).toThrow(RangeError)
    expect(() => buildMarketWindow(store, ['A', 'A'], D[5]!, 2)).toThrow('symbol A is listed twice')
    expect(() => buildMarketWindow(store, ['A'], '2019-12-31', 2)).toThrow('as-of date 2019-12-31 precedes all market data')
    expect(() => buildMarketWindow(new PriceStore([]), ['A'], D[5]!, 2)).toThrow(RangeError)
  })
})
