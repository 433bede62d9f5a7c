import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { LimitsSchema } from '@shared/domain/limits'
import { historicalVaRES, scenarioPnL } from '../../../src-main/engine/historical'
import { CsvByteReader } from '../../../src-main/market/csv-byte-reader'
import { buildMarketWindow } from '../../../src-main/market/history'
import type { PriceStore } from '../../../src-main/market/price-store'
import { loadPriceFiles } from '../../../src-main/market/prices-loader'
import { loadQualityFlags } from '../../../src-main/market/quality-flags'
import { loadSectors } from '../../../src-main/market/sectors-loader'
import { sharedData } from '../../helpers/shared-data'

const ASSETS = resolve(import.meta.dirname, '../../../assets')
const shared = sharedData({ etfs: 'multi-asset-daily/etf_daily.csv' })
const ETF_SYMBOLS = ['GLD', 'IEF', 'QQQ', 'SPY', 'TLT']
/** Limits of the brief for the bundle. */
const MAX_BUNDLE_BYTES = 10_000_000
const MIN_EQUITIES = 80
/** assets/books/README.md: the limits leave the calm period in bounds and March 2020 breaks the VaR limit by >= 25 % */
const CALM = ['2019-06-03', '2020-02-14'] as const
const CRASH = ['2020-03-12', '2020-03-31'] as const
const CRITICAL_RATIO = 1.25

function readCsv(path: string): Record<string, string>[] {
  const r = new CsvByteReader(readFileSync(path), path)
  r.next()
  const header = Array.from({ length: r.count }, (_, k) => r.text(k))
  const rows: Record<string, string>[] = []
  while (r.next()) if (!r.isBlank()) rows.push(Object.fromEntries(header.map((h, k) => [h, r.text(k)])))
  return rows
}

let store: PriceStore
beforeAll(() => {
  store = loadPriceFiles([`${ASSETS}/data/prices_daily.csv.gz`])
})

describe('assets/data', () => {
  it('bundles at least 80 equities covering the 11 GICS sectors plus the 5 ETFs, 2005-01-03..2021-04-21', () => {
    expect(statSync(`${ASSETS}/data/prices_daily.csv.gz`).size).toBeLessThan(MAX_BUNDLE_BYTES)
    const sectors = loadSectors(`${ASSETS}/data/sectors.csv`)
    expect(new Set(store.symbols())).toEqual(new Set(sectors.keys()))
    expect([...sectors].filter(([, s]) => s === 'ETF').map(([k]) => k).sort()).toEqual(ETF_SYMBOLS)
    expect(sectors.size - ETF_SYMBOLS.length).toBeGreaterThanOrEqual(MIN_EQUITIES)
    expect(new Set(sectors.values()).size).toBe(12)
    for (const s of ['AAPL', 'MSFT', 'AMZN', 'JPM', 'XOM', 'JNJ']) expect(store.has(s)).toBe(true)
    expect(store.firstDate()).toBe('2005-01-03')
    expect(store.lastDate()).toBe('2021-04-21')
    const calendar = store.get('SPY')!.dates
    for (const s of store.symbols()) expect(store.get(s)!.dates).toEqual(calendar)
  })

  shared.it('copies the source values unchanged', () => {
    const aapl = store.get('AAPL')!
    expect(aapl.close[aapl.dates.indexOf('2020-03-16')]).toBe(242.21) // PROVENANCE.md spot check
    const etf = loadPriceFiles([shared.paths.etfs])
    for (const s of ETF_SYMBOLS) {
      const src = etf.get(s)!
      const ours = store.get(s)!
      const from = src.dates.indexOf(ours.dates[0]!)
      expect(src.dates.slice(from, from + ours.dates.length)).toEqual(ours.dates)
      expect(Array.from(ours.adjClose)).toEqual(Array.from(src.adjClose.subarray(from, from + ours.dates.length)))
      expect(Array.from(ours.volume)).toEqual(Array.from(src.volume.subarray(from, from + ours.dates.length)))
    }
  })

  it('ships the quality flags of the bundled symbols only, inside the bundled range', () => {
    const flags = loadQualityFlags(`${ASSETS}/data/quality_flags.csv`)
    for (const [symbol, list] of flags) {
      expect(store.has(symbol)).toBe(true)
      for (const f of list) expect(f.date >= store.firstDate()! && f.date <= store.lastDate()!).toBe(true)
    }
  })
})

describe('assets/books/demo-desk', () => {
  const book = readCsv(`${ASSETS}/books/demo-desk.csv`)
  const limits = LimitsSchema.parse(JSON.parse(readFileSync(`${ASSETS}/books/demo-desk.limits.json`, 'utf8')))

  it('is a ~25-position, mostly long book with a few shorts and ETFs, all in the bundle', () => {
    expect(book.length).toBeGreaterThanOrEqual(20)
    expect(book.length).toBeLessThanOrEqual(30)
    const shorts = book.filter((p) => Number(p.quantity) < 0)
    expect(shorts.length).toBeGreaterThanOrEqual(3)
    expect(shorts.length).toBeLessThanOrEqual(4)
    expect(book.filter((p) => p.assetClass === 'etf').length).toBeGreaterThanOrEqual(2)
    for (const p of book) expect(store.has(p.symbol!)).toBe(true)
    const gross = book.reduce((g, p) => g + Math.abs(Number(p.quantity) * Number(p.cost)), 0)
    expect(gross).toBeGreaterThan(10e6)
    expect(gross).toBeLessThan(20e6)
  })

  it('has a VaR limit that the calm market respects and the March 2020 crash breaks (CRITICAL)', () => {
    expect(limits.varMethod).toBe('historical')
    const symbols = book.map((p) => p.symbol!)
    const q = Float64Array.from(book.map((p) => Number(p.quantity)))
    const varOn = (date: string): number => {
      const mw = buildMarketWindow(store, symbols, date, 250)
      expect(mw.symbols).toEqual(symbols)
      const v = q.map((x, i) => x * mw.close[i]!)
      return historicalVaRES(scenarioPnL(mw.returns, 250, symbols.length, v), 0.99).var
    }
    const days = store.get('SPY')!.dates
    const calm = days.filter((d) => d >= CALM[0] && d <= CALM[1])
    const crash = days.filter((d) => d >= CRASH[0] && d <= CRASH[1])
    expect(Math.max(...calm.map(varOn))).toBeLessThan(limits.varLimit)
    expect(Math.min(...crash.map(varOn))).toBeGreaterThanOrEqual(CRITICAL_RATIO * limits.varLimit)
  })
})
