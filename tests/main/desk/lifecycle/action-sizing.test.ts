/**
 * Desk plans from the sizing engine on the demo book (2020-03-13, the "462,593" day) against the NumPy
 * reference tests/fixtures/actions/demo-window.json; the plans are valid lifecycle proposals and audit payloads.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ActionPlanSchema, SizingBasisSchema } from '@shared/domain/action'
import { readBookFile } from '../../../../src-main/books/book-file'
import { proposeAction } from '../../../../src-main/desk/lifecycle/action-lifecycle'
import { flattenPlan, sizeHedge, sizeReduce, sizingBasis, type SizingBook } from '../../../../src-main/desk/lifecycle/action-sizing'
import { bundledMarketFiles } from '../../../../src-main/market/bundled-data'
import { buildMarketWindow } from '../../../../src-main/market/history'
import { loadMarket } from '../../../../src-main/market/load-market'
import { valueBook } from '../../../../src-main/risk/book-valuation'
import { fakeClock } from './fake-time'

const ROOT = join(__dirname, '..', '..', '..', '..')
const ASOF = '2020-03-13'
const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/actions/demo-window.json'), 'utf8'))
const ref = fx.cases.find((c: { asof: string }) => c.asof === ASOF)

let book: SizingBook
let candidates: { symbol: string; price: number; returns: Float64Array }[]
beforeAll(() => {
  const market = loadMarket(bundledMarketFiles())
  const val = valueBook(readBookFile(join(ROOT, 'assets/books/demo-desk.csv')).book, market, ASOF, 250)
  const { mw } = val
  book = { symbols: mw.symbols, quantity: Float64Array.from(fx.quantity), price: mw.close, R: mw.returns, W: 250, N: val.M, method: 'historical', confidence: 0.99 }
  const hw = buildMarketWindow(market.store, ['SPY', 'QQQ'], ASOF, 250)
  candidates = hw.symbols.map((symbol, k) => ({ symbol, price: hw.close[k]!, returns: Float64Array.from({ length: 250 }, (_, t) => hw.returns[t * 2 + k]!) }))
})

describe('desk plans on the demo book, 2020-03-13', () => {
  it('reduce: least turnover reaches the target with about half the pro-rata turnover; only changed positions are legs', () => {
    const r = sizeReduce(book, fx.target)!
    expect(r.reachesTarget).toBe(true)
    expect(r.plan.varAfter).toBeLessThanOrEqual(fx.target)
    expect(Math.abs(r.plan.turnover / ref.leastTurnover.turnover - 1)).toBeLessThan(0.005)
    expect(Math.abs(r.proRata.turnover / ref.proRata.turnover - 1)).toBeLessThan(1e-9)
    expect(r.plan.turnover).toBeLessThan(r.proRata.turnover)
    for (const l of r.plan.legs) expect(l.toQuantity).not.toBe(l.fromQuantity)
    expect(ActionPlanSchema.parse(r.plan)).toEqual(r.plan)
    expect(sizeReduce(book, ref.varBefore * 1.01)).toBeNull()
  })
  it('hedge: one SPY leg from the held -3,000 shares, the reference shares and post-trade VaR', () => {
    const h = sizeHedge(book, candidates)!
    const spy = ref.hedge.candidates.find((c: { symbol: string }) => c.symbol === 'SPY')
    expect(h.plan.legs).toEqual([{ symbol: 'SPY', fromQuantity: -3000, toQuantity: -3000 + spy.shares, price: spy.price }])
    expect(Math.abs(h.plan.varAfter / spy.varAfter - 1)).toBeLessThan(1e-9)
    expect(h.ranked.map((x) => x.symbol)).toEqual(['SPY', 'QQQ'])
  })
  it('flatten closes every position; the basis records the snapshot; every plan is a valid proposal', () => {
    const f = flattenPlan(book)
    expect(f.legs).toHaveLength(book.N)
    expect(f).toMatchObject({ kind: 'flatten', varAfter: 0, esAfter: 0 })
    const basis = sizingBasis(book, { marketDate: ASOF, frameSeq: 30 }, 310_000, fx.target)
    expect(basis.varBefore).toBeCloseTo(ref.varBefore, 4)
    expect(SizingBasisSchema.parse(basis)).toEqual(basis)
    const { clock } = fakeClock('replay')
    for (const plan of [sizeReduce(book, fx.target)!.plan, sizeHedge(book, candidates)!.plan, f]) {
      expect(proposeAction({ id: 'X1', alertId: 'A1', policy: 'propose', plan, basis }, clock.now()).action.state).toBe('proposed')
    }
  })
})
