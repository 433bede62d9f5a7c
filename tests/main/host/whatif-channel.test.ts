/**
 * `desk:whatif` through the desk service: the figures of `riskdesk whatif --json` (the CLI, tests/main/cli/whatif.test.ts)
 * and of computeRiskReport on the hand-traded book, on the desk's held book at its last market date with the session's
 * limits; reduce-only (set through controls:override) refuses a risk-increasing trade with the reason; invalid payloads
 * are refused before anything runs, naming the field.
 */
import type { Database } from 'better-sqlite3'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Book, Position } from '@shared/domain/book'
import type { Controls } from '@shared/domain/controls'
import type { Limits } from '@shared/domain/limits'
import type { RiskReport } from '@shared/domain/risk-report'
import { WhatIfResultSchema, type WhatIfResult } from '@shared/domain/what-if'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { readBookFile } from '../../../src-main/books/book-file'
import { readLimitsFile } from '../../../src-main/books/limits-file'
import type { DeskSession } from '../../../src-main/desk/desk-session'
import { DeskService, type ReplayPlan } from '../../../src-main/host/desk-service'
import type { HostContext } from '../../../src-main/host/handlers/handler-context'
import { whatIfHandlers } from '../../../src-main/host/handlers/whatif-handlers'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { cli } from '../cli/cli-harness'
import { bundledMarket, DEMO_BOOK, DEMO_LIMITS } from '../desk/desk-fixture'

/** The replay starts on Monday 2020-03-16: before its first frame the desk stands at Friday 2020-03-13. */
const REPLAY: ReplayPlan = { from: '2020-03-16', to: '2020-03-31', speed: 'max', autoplay: false }
const ASOF = '2020-03-13'
const OPTS = { asof: ASOF, window: 250, confidence: 0.99 }

let book: Book
let demoLimits: Limits
beforeAll(() => {
  book = readBookFile(DEMO_BOOK).book
  demoLimits = readLimitsFile(DEMO_LIMITS)
})

const open: { service: DeskService; db: Database }[] = []
afterEach(async () => {
  for (const { service, db } of open.splice(0)) {
    await service.close()
    closeDatabase(db)
  }
})

function makeService(): DeskService {
  const db = openDatabase(':memory:')
  const service = new DeskService({ market: bundledMarket(), db, user: 'tester', replay: REPLAY, initial: { book, limits: demoLimits, sourceFile: 'demo-desk.csv' }, pool: null })
  open.push({ service, db })
  return service
}

const components = (r: RiskReport) => Object.fromEntries(r.positions.map((p) => [p.symbol, p.componentVaR]))
const figures = (r: RiskReport) => ({ var: r.var, es: r.es, net: r.marketValue.net, gross: r.marketValue.gross })

async function whatif(service: DeskService, trades: { symbol: string; quantity: number }[]): Promise<WhatIfResult> {
  const r = await service.invoke('desk:whatif', { trades }, 'tester')
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('desk:whatif', () => {
  it('gives the CLI figures and the reports of the book and of the hand-traded book', async () => {
    const trades = [{ symbol: 'MSFT', quantity: -2000 }, { symbol: 'qqq', quantity: -1000 }]
    const res = await whatif(makeService(), trades)
    expect(WhatIfResultSchema.parse(res)).toEqual(res)
    const run = await cli('whatif', '--book', DEMO_BOOK, '--trade', 'MSFT:-2000', '--trade', 'qqq:-1000', '--asof', ASOF, '--json')
    expect(run.code).toBe(0)
    const doc = JSON.parse(run.stdout)

    const market = bundledMarket()
    const qqq = market.store.get('QQQ')!
    const qqqClose = qqq.close[qqq.dates.indexOf(ASOF)]!
    const traded: Book = {
      ...book,
      positions: [...book.positions.map((p): Position => (p.symbol === 'MSFT' ? { ...p, quantity: 6000 } : p)), { symbol: 'QQQ', quantity: -1000, cost: qqqClose, sector: 'ETF', assetClass: 'etf' }],
    }
    const before = computeRiskReport(book, market, OPTS)
    const after = computeRiskReport(traded, market, OPTS)
    expect(res).toMatchObject({ book: 'demo-desk', asof: ASOF, window: 250, confidence: 0.99, varMethod: 'historical', afterFlat: false, reduceOnly: false, refused: null })
    expect(res.before).toEqual(figures(before))
    expect(res.after).toEqual(figures(after))
    expect({ var: res.before.var, es: res.before.es }).toEqual({ var: doc.before.var, es: doc.before.es })
    expect({ var: res.after.var, es: res.after.es }).toEqual({ var: doc.after.var, es: doc.after.es })
    expect(res.legs).toEqual(doc.trades)
    expect(res.legs.at(-1)).toEqual({ symbol: 'QQQ', fromQuantity: 0, toQuantity: -1000, quantity: -1000, price: qqqClose, notional: -1000 * qqqClose })
    // component VaR per symbol, null where the symbol is not in that book
    expect(Object.fromEntries(res.components.map((c) => [c.symbol, c.before]).filter(([, v]) => v !== null))).toEqual(components(before))
    expect(Object.fromEntries(res.components.map((c) => [c.symbol, c.after]))).toEqual(components(after))
    expect(res.components.find((c) => c.symbol === 'QQQ')).toEqual({ symbol: 'QQQ', before: null, after: components(after)['QQQ'] })
    // breaches after, and which are new: as the CLI reads them
    expect(res.breaches.map((b) => [b.key, b.kind, b.symbol, b.value, b.limit])).toEqual(doc.limits.after.map((b: { key: string; limit: string; symbol: string | null; value: number; threshold: number }) => [b.key, b.limit, b.symbol, b.value, b.threshold]))
    expect(res.breaches.filter((b) => b.isNew).map((b) => b.key)).toEqual(doc.limits.newBreaches.map((b: { key: string }) => b.key))
    expect(res.breaches.find((b) => b.key === 'var')).toEqual({ key: 'var', kind: 'var', symbol: null, label: 'VaR (Historical)', value: after.var.historical, limit: 310_000, isNew: false })
  })

  it('under reduce-only (set by an override) a trade that raises VaR is refused with the reason; a cut passes', async () => {
    const service = makeService()
    const set = await service.invoke('controls:override', { kind: 'reduce-only', reason: 'book over its VaR limit' }, 'tester')
    expect(set).toMatchObject({ ok: true, value: { reduceOnly: { by: 'tester' } } })
    const up = await whatif(service, [{ symbol: 'MSFT', quantity: 5000 }])
    expect(up.reduceOnly).toBe(true)
    const f = (x: number) => Math.round(x).toLocaleString('en-US')
    expect(up.refused).toEqual({ reason: `reduce-only mode (set by tester: book over its VaR limit): the trade would raise VaR from ${f(up.before.var.historical)} to ${f(up.after.var.historical)}` })
    const down = await whatif(service, [{ symbol: 'MSFT', quantity: -5000 }])
    expect(down).toMatchObject({ reduceOnly: true, refused: null })
    // the what-if changes nothing on the desk
    expect(service.snapshot().positions.find((p) => p.symbol === 'MSFT')?.quantity).toBe(8000)
  })

  it('refuses invalid payloads with bad_request naming the field, and an unknown symbol naming the trade', async () => {
    const service = makeService()
    const many = Array.from({ length: 51 }, () => ({ symbol: 'MSFT', quantity: 1 }))
    const cases: [unknown, RegExp][] = [
      [{}, /^desk:whatif: trades: /],
      [{ trades: [] }, /^desk:whatif: trades: /],
      [{ trades: many }, /^desk:whatif: trades: /],
      [{ trades: [{ symbol: 'MSFT', quantity: 0 }] }, /^desk:whatif: trades\.0\.quantity: a trade of 0 changes nothing$/],
      [{ trades: [{ symbol: 'MSFT', quantity: 1.5 }] }, /^desk:whatif: trades\.0\.quantity: a whole number of shares$/],
      [{ trades: [{ symbol: 'MSFT', quantity: 2e9 }] }, /^desk:whatif: trades\.0\.quantity: /],
      [{ trades: [{ symbol: 'MSFT', quantity: '100' }] }, /^desk:whatif: trades\.0\.quantity: /],
      [{ trades: [{ symbol: 'MSFT', quantity: Number.NaN }] }, /^desk:whatif: trades\.0\.quantity: /],
      [{ trades: [{ symbol: 'MSFT', quantity: 1 }, { symbol: '', quantity: 1 }] }, /^desk:whatif: trades\.1\.symbol: /],
      [{ trades: [{ symbol: 'MS FT;', quantity: 1 }] }, /^desk:whatif: trades\.0\.symbol: /],
      [{ trades: [{ symbol: 'MSFT', quantity: 1, price: 3 }] }, /^desk:whatif: trades\.0: /],
      [{ trades: [{ symbol: 'MSFT', quantity: 1 }], asof: '2020-01-01' }, /^desk:whatif: /],
    ]
    for (const [payload, message] of cases) {
      const r = await service.handle('desk:whatif', payload, 'mallory')
      expect(r, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(message) } })
    }
    expect(await service.invoke('desk:whatif', { trades: [{ symbol: 'ZZZZ', quantity: 10 }] }, 'tester')).toEqual({ ok: false, error: { code: 'failed', message: 'trade ZZZZ: no market data for ZZZZ' } })
  })
})

describe('whatIfHandlers', () => {
  it('trades the held book (not the opened one) at the newest frame date with the session limits', async () => {
    const market = bundledMarket()
    const held: Book = { ...book, positions: book.positions.map((p) => (p.symbol === 'MSFT' ? { ...p, quantity: 3000 } : p)) }
    const controls = { book: 'demo-desk', pause: null, kill: null, killedAt: null, reduceOnly: null, lock: null, armed: true, armedReason: null } satisfies Controls
    const session = { heldBook: () => held, limits: { ...demoLimits, varMethod: 'ewma' }, controls: () => controls, snapshot: () => ({ frames: [{ date: '2020-03-20' }] }) }
    const ctx = { market, replay: REPLAY, session: () => session as unknown as DeskSession, checked: (_c: string, v: unknown) => WhatIfResultSchema.parse(v) } as unknown as HostContext
    const res = await whatIfHandlers(ctx)['desk:whatif']({ trades: [{ symbol: 'MSFT', quantity: 1000 }] }, 'tester')
    const opts = { asof: '2020-03-20', window: 250, confidence: 0.99 }
    expect(res.asof).toBe('2020-03-20')
    expect(res.varMethod).toBe('ewma')
    expect(res.before).toEqual(figures(computeRiskReport(held, market, opts)))
    expect(res.after).toEqual(figures(computeRiskReport({ ...held, positions: held.positions.map((p) => (p.symbol === 'MSFT' ? { ...p, quantity: 4000 } : p)) }, market, opts)))
    expect(res.legs[0]).toMatchObject({ symbol: 'MSFT', fromQuantity: 3000, toQuantity: 4000 })
    expect(res.breaches.find((b) => b.key === 'var')?.label).toBe('VaR (EWMA)')
  })
})
