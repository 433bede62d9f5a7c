import { describe, expect, it } from 'vitest'
import { PriceStore, type SymbolSeries } from '../../../src-main/market/price-store'

const series = (symbol: string, dates: string[], n = dates.length): SymbolSeries => ({
  symbol,
  dates,
  close: new Float64Array(n).fill(1),
  adjClose: new Float64Array(n).fill(1),
  volume: new Float64Array(n).fill(1),
})

describe('PriceStore', () => {
  it('reports symbols in order and the overall date range', () => {
    const store = new PriceStore([series('B', ['2020-01-03', '2020-01-06']), series('A', ['2019-12-31']), series('E', [])])
    expect(store.symbols()).toEqual(['B', 'A', 'E'])
    expect(store.firstDate()).toBe('2019-12-31')
    expect(store.lastDate()).toBe('2020-01-06')
    const empty = new PriceStore([])
    expect([empty.firstDate(), empty.lastDate(), empty.symbols()]).toEqual([undefined, undefined, []])
  })

  it('rejects series that break the invariants', () => {
    expect(() => new PriceStore([series('A', ['2020-01-02', '2020-01-02'])])).toThrow(/not strictly ascending/)
    expect(() => new PriceStore([series('A', ['2020-01-03', '2020-01-02'])])).toThrow(/not strictly ascending/)
    expect(() => new PriceStore([series('A', ['2020-01-02'], 2)])).toThrow(/different lengths/)
    expect(() => new PriceStore([series('A', []), series('A', [])])).toThrow(/given twice/)
  })
})
