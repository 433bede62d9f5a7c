import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { buildMarketWindow } from '../../../src-main/market/history'
import type { PriceStore } from '../../../src-main/market/price-store'
import { loadPriceFiles } from '../../../src-main/market/prices-loader'
import { loadQualityFlags } from '../../../src-main/market/quality-flags'
import { loadSectors } from '../../../src-main/market/sectors-loader'
import { sharedData } from '../../helpers/shared-data'

const shared = sharedData({
  equities: 'sp500-daily-equities/prices_daily.csv.gz',
  flags: 'sp500-daily-equities/quality_flags.csv',
  etfs: 'multi-asset-daily/etf_daily.csv',
  sectors: 'sp500-gics-sectors/sectors.csv',
})
const { equities: EQUITIES, etfs: ETFS, flags: FLAGS, sectors: SECTORS } = shared.paths
const FIXTURE = resolve(import.meta.dirname, '../../fixtures/market/market_windows.json')

/**
 * Returns: the same IEEE operation (a / b - 1) in NumPy and here, so they agree exactly; ADV: NumPy's pairwise
 * summation may differ from a running sum in the last bits, a few ulps on a 20-term mean of ~1e7 values.
 */
const REL_TOL = 1e-12

interface WindowCase {
  name: string
  input: { symbols: string[]; asof: string; window: number }
  expected: {
    asof: string
    dates: string[]
    symbols: string[]
    returns: number[]
    close: number[]
    adv: number[]
    excluded: { symbol: string; reason: string }[]
    dataQuality: { symbol: string; filledDays: number; flags: { date: string; issue: string }[] }[]
  }
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length)
  for (let k = 0; k < expected.length; k++) {
    const e = expected[k]!
    expect(Math.abs(actual[k]! - e)).toBeLessThanOrEqual(REL_TOL * Math.max(1, Math.abs(e)))
  }
}

shared.describe('the full S&P 500 daily file (sp500-daily-equities)', () => {
  let store: PriceStore
  beforeAll(() => {
    store = loadPriceFiles([EQUITIES])
  })

  it('holds the documented universe and rows (PROVENANCE.md)', () => {
    const symbols = store.symbols()
    expect(symbols.length).toBe(504)
    expect(symbols.includes('BF.B')).toBe(false)
    expect(symbols.reduce((n, s) => n + store.get(s)!.dates.length, 0)).toBe(2_402_891)
    expect(store.firstDate()).toBe('1999-11-01')
    expect(store.lastDate()).toBe('2021-04-21')
    expect(store.get('VAR')!.dates.at(-1)).toBe('2021-04-16')
  })

  it('matches the PROVENANCE.md spot checks', () => {
    const at = (symbol: string, date: string): number => {
      const s = store.get(symbol)!
      const k = s.dates.indexOf(date)
      expect(k).toBeGreaterThanOrEqual(0)
      return k
    }
    const aapl = store.get('AAPL')!
    const k = at('AAPL', '2020-03-16')
    expect(aapl.close[k]).toBe(242.21)
    expect(aapl.close[k - 1]).toBe(277.97)
    expect(aapl.dates[k - 1]).toBe('2020-03-13')
    expect((aapl.adjClose[k]! / aapl.adjClose[k - 1]! - 1) * 100).toBeCloseTo(-12.86, 2)
    expect(aapl.close[at('AAPL', '2008-09-26')]).toBe(128.24)
    expect(store.get('XOM')!.close[at('XOM', '2008-10-15')]).toBe(62.35)
    expect(store.get('C')!.close[at('C', '2008-11-21')]).toBe(3.77)
  })

  it.each(JSON.parse(readFileSync(FIXTURE, 'utf8')) as WindowCase[])('market window "$name" matches the NumPy reference', (c) => {
    const flags = loadQualityFlags(FLAGS)
    const mw = buildMarketWindow(store, c.input.symbols, c.input.asof, c.input.window, { qualityFlags: flags })
    const e = c.expected
    expect(mw.asof).toBe(e.asof)
    expect(mw.dates).toEqual(e.dates)
    expect(mw.symbols).toEqual(e.symbols)
    expect(mw.excluded).toEqual(e.excluded)
    expect(mw.dataQuality).toEqual(e.dataQuality)
    expectClose(mw.returns, e.returns)
    expectClose(mw.close, e.close)
    expectClose(mw.adv, e.adv)
  })
})

shared.describe('the other shared files', () => {
  it('loads the ETF file (Yahoo layout, extra columns)', () => {
    const etf = loadPriceFiles([ETFS])
    expect(etf.symbols()).toEqual(['AGG', 'DBC', 'EEM', 'EWY', 'GLD', 'IEF', 'IEV', 'IYR', 'QQQ', 'SPY', 'TLT', 'VB', 'VT'])
    expect(etf.get('SPY')!.dates.length).toBe(5639)
    const spy = etf.get('SPY')!
    const k = spy.dates.indexOf('2020-03-16')
    // PROVENANCE.md (multi-asset-daily): SPY adjusted -10.94 % on 2020-03-16
    expect((spy.adjClose[k]! / spy.adjClose[k - 1]! - 1) * 100).toBeCloseTo(-10.94, 2)
  })

  it('loads sectors and quality flags as documented', () => {
    const sectors = loadSectors(SECTORS)
    expect(sectors.size).toBe(505)
    expect(new Set(sectors.values()).size).toBe(11)
    expect(sectors.get('AAPL')).toBe('Information Technology')
    expect(sectors.get('BRK.B')).toBe('Financials')
    const flags = loadQualityFlags(FLAGS)
    const rows = [...flags.values()].flat()
    expect(rows.length).toBe(164)
    expect(new Set([...flags].flatMap(([s, fl]) => fl.map((f) => `${s} ${f.date}`))).size).toBe(147)
    expect(flags.get('JCI')!.filter((f) => f.date === '2007-07-02').length).toBe(3)
  })
})
