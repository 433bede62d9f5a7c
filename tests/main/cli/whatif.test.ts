/**
 * `riskdesk whatif` through the in-process CLI: the after-figures are those of a full recompute of the traded book,
 * built here independently of the command; limits breached; reduce-only refusal; argument errors.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Book, Position } from '@shared/domain/book'
import { readBookFile } from '../../../src-main/books/book-file'
import { bundledMarketFiles } from '../../../src-main/market/bundled-data'
import { loadMarket } from '../../../src-main/market/load-market'
import type { MarketContext } from '../../../src-main/market/market-context'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { cli } from './cli-harness'

const ROOT = join(__dirname, '..', '..', '..')
const BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const ASOF = '2020-03-13'
const OPTS = { asof: ASOF, window: 250, confidence: 0.99 }

let market: MarketContext
let book: Book
beforeAll(() => {
  market = loadMarket(bundledMarketFiles())
  book = readBookFile(BOOK).book
})

function expectFigures(actual: { var: Record<string, number>; es: Record<string, number>; componentVaR: Record<string, number> }, book: Book): void {
  const r = computeRiskReport(book, market, OPTS)
  expect(actual.var).toEqual(r.var)
  expect(actual.es).toEqual(r.es)
  expect(actual.componentVaR).toEqual(Object.fromEntries(r.positions.map((p) => [p.symbol, p.componentVaR])))
}

describe('riskdesk whatif', () => {
  it('before and after are full recomputes of the book and of the traded book (a cut and a new ETF position)', async () => {
    const run = await cli('whatif', '--book', BOOK, '--trade', 'MSFT:-2000', '--trade', 'qqq:-1000', '--asof', ASOF, '--json')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const doc = JSON.parse(run.stdout)
    expectFigures(doc.before, book)
    const qqqClose = market.store.get('QQQ')!.close[market.store.get('QQQ')!.dates.indexOf(ASOF)]!
    const traded: Book = {
      ...book,
      positions: [
        ...book.positions.map((p): Position => (p.symbol === 'MSFT' ? { ...p, quantity: 6000 } : p)),
        { symbol: 'QQQ', quantity: -1000, cost: qqqClose, sector: 'ETF', assetClass: 'etf' },
      ],
    }
    expectFigures(doc.after, traded)
    expect(doc.trades).toEqual([
      { symbol: 'MSFT', fromQuantity: 8000, toQuantity: 6000, quantity: -2000, price: expect.any(Number), notional: expect.any(Number) },
      { symbol: 'QQQ', fromQuantity: 0, toQuantity: -1000, quantity: -1000, price: qqqClose, notional: -1000 * qqqClose },
    ])
    expect(doc.after.var.historical).toBeLessThan(doc.before.var.historical)
    // 2020-03-13: the demo book is far over its 310,000 VaR limit (the 462,593), before and after this trade
    expect(doc.before.var.historical).toBeCloseTo(462_593, 0)
    expect(doc.limits.source).toMatch(/demo-desk\.limits\.json$/)
    expect(doc.limits.after).toContainEqual({ key: 'var', limit: 'var', symbol: null, value: doc.after.var.historical, threshold: 310_000 })
    expect(doc.limits.newBreaches.map((b: { key: string }) => b.key)).not.toContain('var')
    expect(doc.reduceOnly).toBeNull()
  })

  it('a position traded to zero leaves the book; the table says which limits the traded book would breach', async () => {
    const run = await cli('whatif', '--book', BOOK, '--trade', 'JNJ:-5000', '--asof', ASOF)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/What-if on demo-desk at 2020-03-13/)
    expect(run.stdout).toMatch(/VaR historical\s+462,593/)
    expect(run.stdout).toMatch(/VaR [\d,]+ > limit 310,000 {2}\(already breached before\)/)
    const json = JSON.parse((await cli('whatif', '--book', BOOK, '--trade', 'JNJ:-5000', '--asof', ASOF, '--json')).stdout)
    expect(json.after.componentVaR.JNJ).toBeUndefined()
    expectFigures(json.after, { ...book, positions: book.positions.filter((p) => p.symbol !== 'JNJ') })
  })

  it('under --reduce-only a trade that raises VaR is refused with the reason (exit 1); one that lowers it passes', async () => {
    const up = await cli('whatif', '--book', BOOK, '--trade', 'MSFT:5000', '--asof', ASOF, '--reduce-only')
    expect(up.code).toBe(1)
    expect(up.stdout).toMatch(/Reduce-only: REFUSED/)
    expect(up.stderr).toMatch(/^riskdesk: trade refused: reduce-only mode \(set by whatif --reduce-only: command-line flag\): the trade would raise VaR from 462,593 to [\d,]+\n$/)
    const down = await cli('whatif', '--book', BOOK, '--trade', 'MSFT:-5000', '--asof', ASOF, '--reduce-only', '--json')
    expect(down.code).toBe(0)
    expect(JSON.parse(down.stdout).reduceOnly).toEqual({ allowed: true, reason: null })
  })

  it('bad arguments get one clear line naming the argument', async () => {
    const noQty = await cli('whatif', '--book', BOOK, '--trade', 'MSFT')
    expect(noQty.code).toBe(2)
    expect(noQty.stderr).toMatch(/--trade.*expected SYMBOL:QTY with a signed whole number, e\.g\. MSFT:-2000, got "MSFT"/)
    expect((await cli('whatif', '--book', BOOK, '--trade', 'MSFT:1.5')).code).toBe(2)
    expect((await cli('whatif', '--book', BOOK, '--trade', 'MSFT:0')).stderr).toMatch(/a trade of 0 changes nothing/)
    expect((await cli('whatif', '--book', BOOK)).stderr).toMatch(/--trade/)
    const unknown = await cli('whatif', '--book', BOOK, '--trade', 'ZZZZ:10', '--asof', ASOF)
    expect(unknown).toMatchObject({ code: 1, stderr: 'riskdesk: --trade ZZZZ: no market data for ZZZZ\n' })
    const limits = await cli('whatif', '--book', BOOK, '--trade', 'MSFT:-1', '--limits', join(ROOT, 'nope.limits.json'))
    expect(limits).toMatchObject({ code: 2, stderr: expect.stringMatching(/limits file .*nope\.limits\.json not found/) })
  })
})
