/**
 * src-main/risk/what-if-trade.ts against independent references: every before/after figure equals computeRiskReport
 * (itself tested against NumPy, tests/main/cli/risk-reference) of the book and of a traded book built here by hand;
 * prices are read from the price history directly; breaches are read by hand from those reports; the controls'
 * verdicts follow desk/overrides.ts checkChange's contract (reduce-only refuses a VaR rise, the kill switch any leg
 * that grows a position). The `riskdesk whatif` expectations of tests/main/cli/whatif.test.ts hold here too.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Book, Position } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { RiskReport } from '@shared/domain/risk-report'
import { readBookFile } from '../../../src-main/books/book-file'
import { readLimitsFile } from '../../../src-main/books/limits-file'
import { initialControls, type ControlState } from '../../../src-main/desk/overrides'
import type { MarketContext } from '../../../src-main/market/market-context'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { WhatIfError, runWhatIfTrade, tradedBook, type WhatIfInput } from '../../../src-main/risk/what-if-trade'
import { bundledMarket, DEMO_BOOK, DEMO_LIMITS } from '../desk/desk-fixture'

const ASOF = '2020-03-13'
const OPTS = { asof: ASOF, window: 250, confidence: 0.99 }
let market: MarketContext
let book: Book
let demoLimits: Limits
beforeAll(() => {
  market = bundledMarket()
  book = readBookFile(DEMO_BOOK).book
  demoLimits = readLimitsFile(DEMO_LIMITS)
})

const input = (trades: WhatIfInput['trades'], over: Partial<WhatIfInput> = {}): WhatIfInput => ({ book, trades, market, asof: ASOF, window: 250, confidence: 0.99, limits: demoLimits, controls: null, ...over })
/** raw close of a symbol on a date, from the price history */
const close = (symbol: string, date = ASOF): number => {
  const s = market.store.get(symbol)!
  return s.close[s.dates.indexOf(date)]!
}
const row = (b: Book, symbol: string): Position | undefined => b.positions.find((p) => p.symbol === symbol)
const controls = (over: Partial<ControlState>): ControlState => ({ ...initialControls('demo-desk'), ...over })
const setBy = { by: 'ann', role: 'trader' as const, reason: 'book over its limit', since: { updates: 0, wallMs: 0, marketDate: ASOF } }

function expectSameReport(actual: RiskReport | null, expected: RiskReport): void {
  expect(actual).not.toBeNull()
  expect(actual!.var).toEqual(expected.var)
  expect(actual!.es).toEqual(expected.es)
  expect(actual!.marketValue).toEqual(expected.marketValue)
  expect(actual!.positions.map((p) => [p.symbol, p.quantity, p.componentVaR])).toEqual(expected.positions.map((p) => [p.symbol, p.quantity, p.componentVaR]))
}

describe('runWhatIfTrade', () => {
  it('a cut and a new ETF short: before and after are the reports of the book and of the hand-traded book', () => {
    const o = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: -2000 }, { symbol: 'QQQ', quantity: -1000 }]))
    const handTraded: Book = {
      ...book,
      positions: [...book.positions.map((p): Position => (p.symbol === 'MSFT' ? { ...p, quantity: 6000 } : p)), { symbol: 'QQQ', quantity: -1000, cost: close('QQQ'), sector: 'ETF', assetClass: 'etf' }],
    }
    const before = computeRiskReport(book, market, OPTS)
    const after = computeRiskReport(handTraded, market, OPTS)
    expectSameReport(o.before, before)
    expectSameReport(o.after, after)
    expect(o.traded).toEqual(handTraded)
    // the figure: the demo book is far over its 310,000 limit on 2020-03-13
    expect(o.before.var.historical).toBeCloseTo(462_593, 0)
    expect(o.legs).toEqual([
      { symbol: 'MSFT', fromQuantity: 8000, toQuantity: 6000, quantity: -2000, price: close('MSFT'), notional: -2000 * close('MSFT') },
      { symbol: 'QQQ', fromQuantity: 0, toQuantity: -1000, quantity: -1000, price: close('QQQ'), notional: -1000 * close('QQQ') },
    ])
    expect(o.varMethod).toBe('historical')
    // breaches read by hand from the reference reports
    const byHand = (r: RiskReport) => [
      ...(r.var.historical > 310_000 ? ['var'] : []),
      ...r.positions.flatMap((p) => [
        ...(p.unrealisedPnL !== null && -p.unrealisedPnL > 310_000 ? [`positionLoss:${p.symbol}`] : []),
        ...(p.weight > 0.11 ? [`positionWeight:${p.symbol}`] : []),
        ...(p.daysToLiquidate !== null && p.daysToLiquidate > 1 ? [`daysToLiquidate:${p.symbol}`] : []),
      ]),
    ]
    expect(o.breachesBefore!.map((b) => b.key)).toEqual(byHand(before))
    expect(o.breachesAfter!.map((b) => b.key)).toEqual(byHand(after))
    expect(o.breachesAfter).toContainEqual({ key: 'var', limit: 'var', symbol: null, value: after.var.historical, threshold: 310_000 })
    expect(o.newBreaches!.map((b) => b.key)).toEqual(byHand(after).filter((k) => !byHand(before).includes(k)))
    expect(o.newBreaches!.map((b) => b.key)).not.toContain('var')
    expect(o.check).toBeNull()
  })

  it('cost rules: an enlarged row averages its cost, a flipped row starts at the price, a closed row leaves the book', () => {
    const { traded, legs } = tradedBook(book, [{ symbol: 'MSFT', quantity: 2000 }, { symbol: 'JNJ', quantity: -8000 }, { symbol: 'KO', quantity: -10_000 }], market, ASOF)
    expect(row(traded, 'MSFT')).toEqual({ ...row(book, 'MSFT'), quantity: 10_000, cost: (8000 * 101.12 + 2000 * close('MSFT')) / 10_000 })
    expect(row(traded, 'JNJ')).toEqual({ ...row(book, 'JNJ'), quantity: -3000, cost: close('JNJ') })
    expect(row(traded, 'KO')).toBeUndefined()
    expect(traded.positions).toHaveLength(book.positions.length - 1)
    expect(legs.map((l) => [l.symbol, l.fromQuantity, l.toQuantity])).toEqual([['MSFT', 8000, 10_000], ['JNJ', 5000, -3000], ['KO', 10_000, 0]])
    // a reduced row keeps its cost
    expect(row(tradedBook(book, [{ symbol: 'BA', quantity: -500 }], market, ASOF).traded, 'BA')).toEqual({ ...row(book, 'BA'), quantity: 1000 })
  })

  it('trades on one symbol add up to one leg, from the first quantity to the last', () => {
    const o = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: -2000 }, { symbol: 'MSFT', quantity: 500 }]))
    expect(o.legs).toEqual([{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: 6500, quantity: -1500, price: close('MSFT'), notional: -1500 * close('MSFT') }])
    expectSameReport(o.after, computeRiskReport({ ...book, positions: book.positions.map((p) => (p.symbol === 'MSFT' ? { ...p, quantity: 6500 } : p)) }, market, OPTS))
  })

  it('a book traded flat has no after-report, breaches nothing, and passes reduce-only (VaR 0)', () => {
    const small: Book = { name: 'two', positions: [{ symbol: 'MSFT', quantity: 100, cost: 150 }, { symbol: 'KO', quantity: -200, cost: 50 }] }
    const o = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: -100 }, { symbol: 'KO', quantity: 200 }], { book: small, controls: controls({ reduceOnly: { ...setBy, span: null } }) }))
    expect(o.after).toBeNull()
    expect(o.traded.positions).toEqual([])
    expect(o.breachesAfter).toEqual([])
    expect(o.check).toEqual({ allowed: true })
    expectSameReport(o.before, computeRiskReport(small, market, OPTS))
  })

  it('under reduce-only a trade that raises VaR is refused with the reason; one that lowers it passes', () => {
    const ro = controls({ reduceOnly: { ...setBy, span: null } })
    const up = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: 5000 }], { controls: ro }))
    expect(up.after!.var.historical).toBeGreaterThan(up.before.var.historical)
    const f = (x: number) => Math.round(x).toLocaleString('en-US')
    expect(up.check).toEqual({ allowed: false, reason: `reduce-only mode (set by ann: book over its limit): the trade would raise VaR from ${f(up.before.var.historical)} to ${f(up.after!.var.historical)}` })
    const down = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: -5000 }], { controls: ro }))
    expect(down.after!.var.historical).toBeLessThan(down.before.var.historical)
    expect(down.check).toEqual({ allowed: true })
    // the VaR the check reads is the limits' method
    const ewma = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: 5000 }], { controls: ro, limits: { ...demoLimits, varMethod: 'ewma' } }))
    expect(ewma.varMethod).toBe('ewma')
    expect(ewma.check).toMatchObject({ allowed: false, reason: expect.stringContaining(`from ${f(ewma.before.var.ewma)} to ${f(ewma.after!.var.ewma)}`) })
  })

  it('under the kill switch any leg that grows a position is refused, even one that lowers VaR', () => {
    const killed = controls({ kill: setBy })
    const hedge = runWhatIfTrade(input([{ symbol: 'SPY', quantity: -2000 }], { controls: killed }))
    expect(hedge.check).toMatchObject({ allowed: false, reason: expect.stringMatching(/^kill switch on \(ann\): .*SPY would grow$/) })
    expect(runWhatIfTrade(input([{ symbol: 'MSFT', quantity: -1000 }], { controls: killed })).check).toEqual({ allowed: true })
  })

  it('without limits no breaches are read and the check uses the historical VaR', () => {
    const o = runWhatIfTrade(input([{ symbol: 'MSFT', quantity: 5000 }], { limits: null, controls: controls({ lock: { ...setBy, marketDate: ASOF } }) }))
    expect([o.breachesBefore, o.breachesAfter, o.newBreaches]).toEqual([null, null, null])
    expect(o.check).toMatchObject({ allowed: false, reason: expect.stringMatching(/^commitment lock until the close of 2020-03-13 \(set by ann: book over its limit\): the trade would raise VaR/) })
  })

  it('errors are plain messages naming the trade', () => {
    const err = (f: () => unknown): WhatIfError => {
      try {
        f()
      } catch (e) {
        if (e instanceof WhatIfError) return e
        throw e
      }
      throw new Error('no error')
    }
    const unknown = err(() => runWhatIfTrade(input([{ symbol: 'ZZZZ', quantity: 10 }])))
    expect(unknown.message).toBe('trade ZZZZ: no market data for ZZZZ')
    expect(unknown.usage).toBe(false)
    const twice: Book = { name: 'dup', positions: [{ symbol: 'MSFT', quantity: 100 }, { symbol: 'MSFT', quantity: 50 }] }
    const dup = err(() => runWhatIfTrade(input([{ symbol: 'MSFT', quantity: 10 }], { book: twice })))
    expect(dup.message).toBe('trade MSFT: the book has 2 rows for MSFT; trade one row at a time by editing the book')
    expect(dup.usage).toBe(true)
    expect(err(() => tradedBook(book, [{ symbol: 'QQQ', quantity: 10 }], market, '2004-12-31')).message).toBe('trade QQQ: no price for QQQ on or before 2004-12-31 in the market data')
  })
})
