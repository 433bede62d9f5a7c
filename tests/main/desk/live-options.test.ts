/**
 * The live desk's option positions against the full recompute (risk/risk-report.ts computeRiskReport, itself checked
 * against the NumPy/SciPy reference): every figure of every replayed frame — historical, parametric and EWMA VaR/ES,
 * net, gross, HHI, and per position the market value, weight and component VaR — and an option on a stock that splits
 * during the replay (AAPL 4:1, 2020-08-31), adjusted as listed contracts are (strike ÷ 4, multiplier × 4).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Book } from '@shared/domain/book'
import type { DeskEvent } from '../../../src-main/desk/desk-events'
import { DeskSession } from '../../../src-main/desk/desk-session'
import { factorExposure, feedSymbols, heldBook, openLiveBook } from '../../../src-main/desk/live-book'
import { buildRiskState } from '../../../src-main/desk/risk-state-builder'
import { createReplayFeed } from '../../../src-main/market/feeds/replay-feed'
import { loadMarket } from '../../../src-main/market/load-market'
import type { MarketContext } from '../../../src-main/market/market-context'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { readBookFile } from '../../../src-main/books/book-file'
import { priceOption } from '../../../src-main/risk/option-pricing'
import { ASSETS, limits } from './desk-fixture'

/** Incremental and full recompute: the same terms in another order, a few ulps per update (as desk-session.test). */
const REL_TOL = 1e-9
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

let market: MarketContext | undefined
/** The bundled data with its corporate actions. */
function marketWithActions(): MarketContext {
  market ??= loadMarket({
    prices: [join(ASSETS, 'data', 'prices_daily.csv.gz')],
    sectors: join(ASSETS, 'data', 'sectors.csv'),
    qualityFlags: join(ASSETS, 'data', 'quality_flags.csv'),
    corporateActions: join(ASSETS, 'data', 'corporate_actions.csv'),
  })
  return market
}

let lastSession: DeskSession | null = null

function replay(book: Book, from: string, to: string): Extract<DeskEvent, { type: 'risk' | 'position' }>[] {
  const m = marketWithActions()
  const session = new DeskSession({ book, limits: limits({ varLimit: 1e9 }), market: m, start: from, user: 't' })
  const out: Extract<DeskEvent, { type: 'risk' | 'position' }>[] = []
  session.on((e) => {
    if (e.type === 'risk' || e.type === 'position') out.push(e)
  })
  const feed = createReplayFeed(m.store, feedSymbols(book), from, to)
  for (let b = feed.next(); b !== null; b = feed.next()) session.applyDay(b)
  lastSession = session
  return out
}

function expectFrameEqualsFullRecompute(e: Extract<DeskEvent, { type: 'risk' }>, book: Book): void {
  const full = computeRiskReport(book, marketWithActions(), { asof: e.frame.date })
  const d = e.frame.date
  expect(full.asof).toBe(d)
  expect(rel(e.frame.var.historical, full.var.historical), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.es.historical, full.es.historical), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.var.parametric, full.var.parametric), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.var.ewma, full.var.ewma), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.es.parametric, full.es.parametric), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.volatility, full.volatility.daily), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.net, full.marketValue.net), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.gross, full.marketValue.gross), d).toBeLessThan(REL_TOL)
  expect(rel(e.frame.hhi, full.concentration.hhi), d).toBeLessThan(REL_TOL)
  expect(e.positions.map((p) => p.symbol)).toEqual(full.positions.map((p) => p.symbol))
  e.positions.forEach((p, i) => {
    const f = full.positions[i]!
    expect(rel(p.price, f.price), `${d} ${p.symbol}`).toBeLessThan(REL_TOL)
    expect(rel(p.marketValue, f.marketValue), `${d} ${p.symbol}`).toBeLessThan(REL_TOL)
    expect(rel(p.weight, f.weight), `${d} ${p.symbol}`).toBeLessThan(REL_TOL)
    expect(rel(p.componentVaR, f.componentVaR), `${d} ${p.symbol}`).toBeLessThan(REL_TOL)
  })
}

describe('options on the live desk', () => {
  it('demo-options: every frame equals the full recompute (all figures, every position)', () => {
    const { book } = readBookFile(join(ASSETS, 'books', 'demo-options.csv'), { knownSymbols: new Set(marketWithActions().store.symbols()) })
    expect(book.positions.filter((p) => p.option !== undefined)).toHaveLength(6)
    const events = replay(book, '2021-03-01', '2021-03-31')
    const frames = events.filter((e): e is Extract<DeskEvent, { type: 'risk' }> => e.type === 'risk')
    expect(frames.length).toBe(23)
    for (const e of frames) expectFrameEqualsFullRecompute(e, book)
  })

  it('an option on a stock that splits is adjusted (strike / 4, multiplier x 4) and still equals the full recompute', () => {
    const call = { underlying: 'AAPL', optionType: 'call' as const, strike: 500, expiry: '2020-12-18', impliedVol: 0.4, rate: 0.001, dividendYield: 0.006, multiplier: 100 }
    const before: Book = {
      name: 'aapl-split',
      positions: [
        { symbol: 'AAPL', quantity: 1000, cost: 400 },
        { symbol: 'AAPL-2020-12-18-C-500', quantity: -20, cost: 30, option: call },
        { symbol: 'MSFT', quantity: 1500 },
      ],
    }
    const after: Book = {
      name: 'aapl-split',
      positions: [
        { symbol: 'AAPL', quantity: 4000, cost: 100 },
        { symbol: 'AAPL-2020-12-18-C-500', quantity: -20, cost: 7.5, option: { ...call, strike: 125, multiplier: 400 } },
        { symbol: 'MSFT', quantity: 1500 },
      ],
    }
    const events = replay(before, '2020-08-24', '2020-09-04')
    const splits = events.filter((e) => e.type === 'position')
    expect(splits).toHaveLength(1)
    expect(splits[0]!.detail).toMatchObject({ symbol: 'AAPL', ratio: 4, fromQuantity: 1000, toQuantity: 4000, options: ['AAPL-2020-12-18-C-500'] })
    const frames = events.filter((e): e is Extract<DeskEvent, { type: 'risk' }> => e.type === 'risk')
    expect(frames.map((f) => f.frame.date)).toContain('2020-08-31')
    for (const e of frames) expectFrameEqualsFullRecompute(e, e.frame.date < '2020-08-31' ? before : after)
    // the option's unrealised P&L is continuous through the split: units × (price − cost) on either basis
    const row = (date: string) => frames.find((f) => f.frame.date === date)!.positions.find((p) => p.symbol === 'AAPL-2020-12-18-C-500')!
    expect(row('2020-08-31').unrealisedPnL).toBeCloseTo(-20 * 400 * (row('2020-08-31').price - 7.5), 6)
    expect(row('2020-08-28').unrealisedPnL).toBeCloseTo(-20 * 100 * (row('2020-08-28').price - 30), 6)
    // the book as held is the split-adjusted book
    expect(lastSession!.heldBook()).toEqual(after)
  })

  it('a held suspect tick of an underlying accepted by hand revalues its options at once', () => {
    const m = marketWithActions()
    const contract = { underlying: 'MSFT', optionType: 'put' as const, strike: 240, expiry: '2021-09-17', impliedVol: 0.27, rate: 0.0002, dividendYield: 0.009, multiplier: 100 }
    const book: Book = { name: 'held', positions: [{ symbol: 'MSFT', quantity: 3000 }, { symbol: 'MSFT-P', quantity: 30, option: contract }, { symbol: 'KO', quantity: 8000 }] }
    const session = new DeskSession({ book, limits: limits({ varLimit: 1e9 }), market: m, start: '2021-03-01', user: 't' })
    const held: string[] = []
    session.on((e) => {
      if (e.type === 'tick.suspect') held.push(e.held.id)
    })
    const feed = createReplayFeed(m.store, feedSymbols(book), '2021-03-01', '2021-03-05')
    const days = [feed.next()!, feed.next()!]
    session.applyDay(days[0]!)
    // a fat-finger close (x 1.5) on MSFT the second day is held as suspect, not applied
    const fat = { ...days[1]!, ticks: days[1]!.ticks.map((t) => (t.symbol === 'MSFT' ? { ...t, close: t.close * 1.5, adjClose: t.adjClose * 1.5 } : t)) }
    session.applyDay(fat)
    expect(held).toHaveLength(1)
    const fatClose = fat.ticks.find((t) => t.symbol === 'MSFT')!.close
    const before = session.snapshot().positions.find((p) => p.symbol === 'MSFT-P')!
    session.decideHeldTick(held[0]!, 'accept', 'trader', 'checked with the exchange')
    const after = session.snapshot().positions.find((p) => p.symbol === 'MSFT-P')!
    const expected = priceOption(contract, fatClose, days[1]!.date).price
    expect(after.price).toBeCloseTo(expected, 10)
    expect(after.price).not.toBeCloseTo(before.price, 2)
  })

  it('a trade that opens a linear position on a factor held only through options shows it as a row', () => {
    const m = marketWithActions()
    const put = { underlying: 'SPY', optionType: 'put' as const, strike: 380, expiry: '2021-12-17', impliedVol: 0.22, rate: 0.0002, dividendYield: 0.014, multiplier: 100 }
    const book: Book = { name: 'hedge', positions: [{ symbol: 'KO', quantity: 8000 }, { symbol: 'SPY-P', quantity: 40, option: put }] }
    const live = openLiveBook(book, m, '2021-03-01', 250)
    const spy = live.state.index.get('SPY')!
    const rows = () => buildRiskState('2021-03-01', live.risk, live.state, 0.99, 0.2, live.layout).rows!.map((r) => [r.symbol, r.quantity])
    expect(rows()).toEqual([['KO', 8000], ['SPY-P', 40]])
    live.state.trade(spy, -300)
    live.risk.setValue(spy, factorExposure(live, spy))
    expect(rows()).toEqual([['KO', 8000], ['SPY-P', 40], ['SPY', -300]])
    expect(heldBook(live, book).positions.map((p) => [p.symbol, p.quantity])).toEqual([['KO', 8000], ['SPY-P', 40], ['SPY', -300]])
  })

  it('heldBook leaves settled options out and keeps the others', () => {
    const book: Book = {
      name: 'expiring',
      positions: [
        { symbol: 'JPM', quantity: 1000 },
        { symbol: 'JPM-2021-03-19-C-150', quantity: 10, option: { underlying: 'JPM', optionType: 'call', strike: 150, expiry: '2021-03-19', impliedVol: 0.3, rate: 0, dividendYield: 0, multiplier: 100 } },
        { symbol: 'JPM-2021-06-18-P-140', quantity: 10, cost: 5, option: { underlying: 'JPM', optionType: 'put', strike: 140, expiry: '2021-06-18', impliedVol: 0.3, rate: 0, dividendYield: 0, multiplier: 100 } },
      ],
    }
    const events = replay(book, '2021-03-15', '2021-03-23')
    expect(events.filter((e) => e.type === 'position').map((e) => e.symbol)).toEqual(['JPM-2021-03-19-C-150'])
    expect(lastSession!.heldBook()).toEqual({ name: 'expiring', positions: [book.positions[0], book.positions[2]] })
    const frames = events.filter((e): e is Extract<DeskEvent, { type: 'risk' }> => e.type === 'risk')
    expectFrameEqualsFullRecompute(frames.at(-1)!, lastSession!.heldBook())
  })
})
