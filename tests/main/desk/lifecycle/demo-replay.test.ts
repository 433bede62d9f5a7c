/**
 * The issue-8 control loop driven over the demo book's replay window 2020-02-03..2020-04-30 on the bundled data,
 * without the live desk session (integration comes with issue 7): each market day the book (with the quantities left by
 * earlier actions) is valued by the risk code's full recompute, its 99 % historical VaR is read against the 310,000
 * limit, the loop proposes and (policy auto) applies after one update of grace, re-sized on that day's prices, on the
 * paper venue, and the VaR is recomputed on the traded book. Checks the "done means": every applied action's
 * varAfter is at or under its limit on its executedDate; with hedge every trade is in an index ETF; the least-turnover
 * reduces trade less notional than pro rata at the same decisions.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Book } from '@shared/domain/book'
import { readBookFile } from '../../../../src-main/books/book-file'
import { historicalVaR } from '../../../../src-main/engine/historical'
import type { ActionKind, ActionPlan } from '../../../../src-main/desk/lifecycle/action-lifecycle'
import { policyFromLimits } from '../../../../src-main/desk/lifecycle/action-policy'
import { sizeHedge, sizeReduce, sizingBasis, type SizingBook } from '../../../../src-main/desk/lifecycle/action-sizing'
import { ControlLoop, DEFAULT_LOOP_CONFIG, type LoopEvent } from '../../../../src-main/desk/lifecycle/control-loop'
import { paperVenue } from '../../../../src-main/desk/lifecycle/venue'
import { bundledMarketFiles } from '../../../../src-main/market/bundled-data'
import { buildMarketWindow } from '../../../../src-main/market/history'
import { loadMarket } from '../../../../src-main/market/load-market'
import type { MarketContext } from '../../../../src-main/market/market-context'
import { valueBook } from '../../../../src-main/risk/book-valuation'
import { fakeClock } from './fake-time'

const ROOT = join(__dirname, '..', '..', '..', '..')
const LIMIT = 310_000
const TARGET = 0.96 * LIMIT
const W = 250
const ETFS = ['SPY', 'QQQ']

let market: MarketContext
let demo: Book
let days: string[]
beforeAll(() => {
  market = loadMarket(bundledMarketFiles())
  demo = readBookFile(join(ROOT, 'assets/books/demo-desk.csv')).book
  days = market.store.get('SPY')!.dates.filter((d) => d >= '2020-02-03' && d <= '2020-04-30')
})

interface Run {
  events: LoopEvent[]
  proRataTurnover: Map<string, number>
}

function replay(kind: ActionKind): Run {
  const loop = new ControlLoop('demo-desk', { ...DEFAULT_LOOP_CONFIG, policy: { ...policyFromLimits({ policy: 'auto', graceSeconds: 30 }), HIGH: { mode: 'auto-after-grace', kind }, CRITICAL: { mode: 'auto-after-grace', kind } } })
  const { clock } = fakeClock('replay')
  let book: Book = demo
  const events: LoopEvent[] = []
  const proRataTurnover = new Map<string, number>()
  const sizingOn = (b: Book, day: string): SizingBook => {
    const { mw, M } = valueBook(b, market, day, W)
    return { symbols: mw.symbols, quantity: Float64Array.from(mw.symbols, (s) => b.positions.find((p) => p.symbol === s)!.quantity), price: mw.close, R: mw.returns, W, N: M, method: 'historical', confidence: 0.99 }
  }
  const varOf = (sb: SizingBook): number => {
    const L = new Float64Array(W)
    for (let t = 0; t < W; t++) for (let i = 0; i < sb.N; i++) L[t]! += sb.quantity[i]! * sb.price[i]! * sb.R[t * sb.N + i]!
    return historicalVaR(L, 0.99)
  }
  for (const day of days) {
    const sb = sizingOn(book, day)
    const hw = buildMarketWindow(market.store, ETFS, day, W)
    const candidates = hw.symbols.map((symbol, k) => ({ symbol, price: hw.close[k]!, returns: Float64Array.from({ length: W }, (_, t) => hw.returns[t * hw.symbols.length + k]!) }))
    let lastSeq = 0
    const size = (k: ActionKind): { plan: ActionPlan; basis: ReturnType<typeof sizingBasis> } | null => {
      const basis = sizingBasis(sb, { marketDate: day, frameSeq: ++lastSeq, }, LIMIT, TARGET)
      if (k === 'hedge') {
        const h = sizeHedge(sb, candidates)
        return h === null || basis.varBefore <= TARGET ? null : { plan: h.plan, basis }
      }
      const r = sizeReduce(sb, TARGET)
      if (r === null) return null
      proRataTurnover.set(day, r.proRata.turnover)
      return { plan: r.plan, basis }
    }
    const now = clock.update(day)
    events.push(...loop.onUpdate([{ key: 'var', label: 'VaR (historical, 99 %)', value: varOf(sb), limit: LIMIT }], now, size))
    for (const a of loop.awaitingExecution()) {
      const prices = new Map([...sb.symbols.map((s, i) => [s, sb.price[i]!] as const), ...candidates.map((c) => [c.symbol, c.price] as const)])
      const r = paperVenue((s) => prices.get(s) ?? null).execute({ actionId: a.id, book: 'demo-desk', marketDate: day, plan: a.plan, reason: a.decision!.reason })
      if (r.status !== 'filled') throw new Error(`paper venue: ${r.status}`)
      const positions = [...book.positions]
      for (const f of r.fills) {
        const i = positions.findIndex((p) => p.symbol === f.symbol)
        if (i < 0) positions.push({ symbol: f.symbol, quantity: f.quantity, cost: f.price, assetClass: 'etf', sector: 'ETF' })
        else positions[i] = { ...positions[i]!, quantity: positions[i]!.quantity + f.quantity }
      }
      book = { ...book, positions: positions.filter((p) => p.quantity !== 0) }
      const varAfter = varOf(sizingOn(book, day))
      events.push(loop.recordExecution(a.id, 'desk', { executedDate: day, fills: r.fills, varAfter, esAfter: null, limit: LIMIT }, now))
    }
  }
  return { events, proRataTurnover }
}

describe('the control loop over the demo replay window (policy auto, paper venue)', () => {
  it('reduce: every applied action leaves VaR at or under the limit on its executedDate; less notional than pro rata', () => {
    const { events, proRataTurnover } = replay('reduce')
    const applied = events.filter((e) => e.type === 'action.applied')
    expect(applied.length).toBeGreaterThanOrEqual(1)
    for (const e of applied) {
      expect(e.varAfter, `${e.actionId} on ${e.executedDate}`).toBeLessThanOrEqual(e.limit)
      expect(e.withinLimit).toBe(true)
    }
    const approved = events.filter((e) => e.type === 'action.approved')
    expect(approved.every((e) => e.automatic)).toBe(true)
    let ours = 0
    let proRata = 0
    for (const e of approved) {
      ours += e.plan.turnover
      proRata += proRataTurnover.get(e.marketDate)!
      expect(e.plan.turnover).toBeLessThan(proRataTurnover.get(e.marketDate)!)
      for (const l of e.plan.legs) expect(Math.sign(l.toQuantity) === Math.sign(l.fromQuantity) || l.toQuantity === 0).toBe(true)
    }
    expect(ours).toBeLessThan(proRata)
  })
  it('hedge: every trade is in an index ETF and every applied action ends at or under the limit', () => {
    const { events } = replay('hedge')
    const applied = events.filter((e) => e.type === 'action.applied')
    expect(applied.length).toBeGreaterThanOrEqual(1)
    for (const e of applied) {
      expect(e.fills.every((f) => ETFS.includes(f.symbol))).toBe(true)
      expect(e.varAfter).toBeLessThanOrEqual(e.limit)
    }
  })
})
