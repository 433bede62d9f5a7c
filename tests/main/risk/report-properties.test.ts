import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Book, Position } from '@shared/domain/book'
import { readBookFile } from '../../../src-main/books/book-file'
import { bundledMarketFiles } from '../../../src-main/market/bundled-data'
import { loadMarket } from '../../../src-main/market/load-market'
import type { MarketContext } from '../../../src-main/market/market-context'
import { PriceStore } from '../../../src-main/market/price-store'
import { computeExtendedRiskReport } from '../../../src-main/risk/extended-risk-report'
import { computeRiskReport } from '../../../src-main/risk/risk-report'

/** Invariants of the extended report that hold whatever the data: defaults equal the core report, Euler sums, scaling. */
const ROOT = join(__dirname, '..', '..', '..')
const market = loadMarket(bundledMarketFiles())
const demo = readBookFile(join(ROOT, 'assets', 'books', 'demo-desk.csv')).book
const options = readBookFile(join(ROOT, 'assets', 'books', 'demo-options.csv')).book
/** Sums of ~25 terms and k-scaled recomputations: a few ulps of the largest term. */
const SUM_REL_TOL = 1e-10
/** Closed-form figures recomputed on a book scaled by k: rounding only. */
const SCALE_REL_TOL = 1e-10
/** EVT refits the GPD on the scaled losses; Nelder-Mead stops within xatol = 1e-10 of the optimum, which moves the
 * figures by up to ~1e-8 relative. */
const FIT_SCALE_REL_TOL = 1e-6
const PATHS = 2000

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)

describe('defaults', () => {
  it.each([['demo-desk', '2020-03-31'], ['demo-desk', undefined], ['demo-options', undefined]] as const)('%s at %s: every core field equals computeRiskReport exactly', (name, asof) => {
    const book = name === 'demo-desk' ? demo : options
    const core = computeRiskReport(book, market, { asof })
    const ext = computeExtendedRiskReport(book, market, { asof, paths: PATHS })
    for (const [k, v] of Object.entries(core)) {
      if (k === 'var' || k === 'es' || k === 'positions') continue
      expect((ext as unknown as Record<string, unknown>)[k]).toEqual(v)
    }
    expect({ historical: ext.var.historical, parametric: ext.var.parametric, ewma: ext.var.ewma }).toEqual(core.var)
    expect({ historical: ext.es.historical, parametric: ext.es.parametric }).toEqual(core.es)
    ext.positions.forEach((p, j) => expect({ ...p, incrementalVaR: undefined, componentES: undefined }).toEqual({ ...core.positions[j], incrementalVaR: undefined, componentES: undefined }))
    expect(ext.horizon.days).toBe(1)
  })
})

describe('decomposition', () => {
  it.each([1, 5, 10])('component VaR sums to parametric VaR and component ES to historical ES (options book, %i days)', (horizon) => {
    const r = computeExtendedRiskReport(options, market, { horizon, paths: PATHS })
    const cVaR = r.positions.reduce((s, p) => s + p.componentVaR, 0)
    const cES = r.positions.reduce((s, p) => s + p.componentES, 0)
    expect(rel(cVaR, r.var.parametric)).toBeLessThan(SUM_REL_TOL)
    expect(rel(cES, r.es.historical)).toBeLessThan(SUM_REL_TOL)
  })

  it('a one-position book: its incremental VaR is the VaR', () => {
    const book: Book = { name: 'one', positions: [demo.positions[0]!] }
    const r = computeExtendedRiskReport(book, market, { asof: '2019-12-31', paths: PATHS })
    expect(r.positions[0]!.incrementalVaR).toBe(r.var.historical)
  })

  it('without options the book greeks are zero and delta-gamma is the delta-normal VaR', () => {
    const r = computeExtendedRiskReport(demo, market, { paths: PATHS })
    expect([r.greeks.delta, r.greeks.gamma, r.greeks.vega, r.greeks.theta]).toEqual([0, 0, 0, 0])
    expect(rel(r.greeks.totalDollarDelta, r.marketValue.net)).toBeLessThan(SUM_REL_TOL)
    expect(rel(r.var.deltaGamma!, r.var.parametric)).toBeLessThan(SUM_REL_TOL)
  })
})

describe('scaling the book by k scales every VaR and ES by k', () => {
  const scaled = (book: Book, k: number): Book => ({ ...book, positions: book.positions.map((p): Position => ({ ...p, quantity: p.quantity * k })) })
  const methods = ['historical', 'parametric', 'ewma', 'studentT', 'cornishFisher', 'monteCarlo', 'filteredHistorical', 'evt', 'deltaGamma'] as const

  it.each([['demo-desk', demo], ['demo-options', options]] as const)('%s', (_name, book) => {
    const base = computeExtendedRiskReport(book, market, { asof: '2021-03-01', paths: PATHS })
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), (k) => {
        const r = computeExtendedRiskReport(scaled(book, k), market, { asof: '2021-03-01', paths: PATHS })
        for (const m of methods) {
          const tol = m === 'evt' ? FIT_SCALE_REL_TOL : SCALE_REL_TOL
          expect(rel(r.var[m]!, k * base.var[m]!), m).toBeLessThan(tol)
          expect(rel(r.es[m]!, k * base.es[m]!), m).toBeLessThan(tol)
        }
        r.positions.forEach((p, j) => expect(rel(p.incrementalVaR, k * base.positions[j]!.incrementalVaR)).toBeLessThan(SCALE_REL_TOL))
      }),
      { numRuns: 8, seed: 4 },
    )
  })
})

describe('exclusions of option positions', () => {
  // A small market: A has 300 days, B only its last 100 (99 returns).
  const dates = Array.from({ length: 300 }, (_, k) => new Date(Date.UTC(2020, 0, 1) + k * 86_400_000).toISOString().slice(0, 10))
  const series = (symbol: string, from: number) => {
    const d = dates.slice(from)
    const px = Float64Array.from(d, (_, k) => 100 * Math.exp(0.01 * Math.sin(k) + 0.0005 * k))
    return { symbol, dates: d, close: px, adjClose: px, volume: Float64Array.from(d, () => 1e6) }
  }
  const small: MarketContext = { store: new PriceStore([series('A', 0), series('B', 200)]), sectors: new Map(), qualityFlags: new Map() }
  const asof = dates[dates.length - 1]!
  const opt = (symbol: string, underlying: string, expiry: string): Position => ({
    symbol,
    quantity: 1,
    assetClass: 'option',
    option: { underlying, optionType: 'call', strike: 100, expiry, impliedVol: 0.2, rate: 0, dividendYield: 0, multiplier: 100 },
  })

  it('an option on an excluded underlying is excluded with the underlying\'s reason; an expired one is excluded too', () => {
    const book: Book = { name: 'x', positions: [{ symbol: 'A', quantity: 10 }, opt('A-C', 'A', '2021-06-30'), opt('B-C', 'B', '2021-06-30'), opt('A-OLD', 'A', '2020-06-30')] }
    const r = computeExtendedRiskReport(book, small, { asof, window: 250, paths: PATHS })
    expect(r.positions.map((p) => p.symbol)).toEqual(['A', 'A-C'])
    expect(r.excluded).toEqual([
      { symbol: 'B-C', reason: `underlying B: only 99 returns before ${asof}, window needs 250` },
      { symbol: 'A-OLD', reason: `expired on 2020-06-30, on or before ${asof}` },
    ])
  })
})

describe('a book with nothing to measure', () => {
  it('all positions excluded: zero VaR where defined, the rest null and listed as unavailable', () => {
    const book: Book = { name: 'gone', positions: [{ symbol: 'NOPE', quantity: 5 }] }
    const r = computeExtendedRiskReport(book, market, { paths: PATHS })
    expect(r.excluded).toEqual([{ symbol: 'NOPE', reason: 'unknown symbol' }])
    expect([r.var.historical, r.var.parametric, r.var.studentT, r.var.monteCarlo]).toEqual([0, 0, 0, 0])
    expect([r.var.cornishFisher, r.var.filteredHistorical, r.var.evt, r.var.deltaGamma]).toEqual([null, null, null, null])
    expect(r.unavailable.map((u) => u.figure)).toEqual(['cornishFisher', 'filteredHistorical', 'evt', 'deltaGamma'])
    expect(r.regime?.source).toBe('SPY')
  })
})
