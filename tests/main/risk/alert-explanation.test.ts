/**
 * explainAlert on lifecycle payloads written straight to the trail (no replay): which events it reads (the
 * alert.raised of that id; the risk.snapshot of its session and market date written before it, not another
 * session's or a later one), how the rule key maps to the figure (var, positionLoss:SYM), which inputs it recomputes
 * with (the alert's own, else the snapshot's), and the reasons when it cannot.
 *
 * The stored figures are computeRiskReport's on the bundled prices (that function is checked against NumPy in
 * tests/main/cli/risk-reference.test.ts), so an exact recompute shows the right book, date and settings were read;
 * the decoy snapshots hold other books, whose figures differ. The replay-based test (tests/main/cli/explain.test.ts)
 * compares with the live desk's incremental figures.
 */
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertExplanationSchema } from '../../../src-shared/domain/alert-explanation'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AlertExplanationError, explainAlert } from '../../../src-main/risk/alert-explanation'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { makeTempDir } from '../audit/audit-test-helpers'
import { LifecycleTrail } from '../audit/lifecycle-trail'
import { cli } from '../cli/cli-harness'
import { bundledMarket, SMALL_BOOK } from '../desk/desk-fixture'

const DATE = '2020-03-10'
const { dir, cleanup } = makeTempDir('riskdesk-explain-lifecycle-')
const file = join(dir, 'trail.db')
let db: Database.Database
const positions = SMALL_BOOK.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity, ...(p.cost === undefined ? {} : { cost: p.cost }) }))
const report = (window: number) => computeRiskReport(SMALL_BOOK, bundledMarket(), { asof: DATE, window, confidence: 0.99 })

beforeAll(() => {
  const w = openDatabase(file)
  const t = new LifecycleTrail(w, join(dir, 'keys'))
  const r250 = report(250)
  const aapl = r250.positions.find((p) => p.symbol === 'AAPL')!
  // an earlier session on the same market date with another book: not this alert's snapshot
  t.startSession('sess0000-0000-4000', 'bob', DATE)
  t.snapshot(DATE, [{ symbol: 'SPY', quantity: 1000 }])
  t.endSession('bob', DATE)
  t.startSession('sess1111-0000-4000', 'alice', DATE)
  t.snapshot(DATE, positions, { varLimit: 60_000 })
  t.raise('sess1111-A1', 'var', 'VaR (historical)', 'HIGH', r250.var.historical, 60_000, DATE, { window: 250, confidence: 0.99, method: 'historical', engineVersion: 'test' })
  t.raise('sess1111-A2', 'positionLoss:AAPL', 'AAPL loss', 'HIGH', -aapl.unrealisedPnL!, 1000, DATE)
  // the alert recorded another window than its frame's snapshot: recomputed with the alert's, and said so
  t.raise('sess1111-A3', 'var', 'VaR (historical)', 'HIGH', report(120).var.historical, 60_000, DATE, { window: 120 })
  t.raise('sess1111-A4', 'drawdown', 'book drawdown', 'MEDIUM', 0.2, 0.15, DATE)
  t.raise('sess1111-A5', 'positionWeight:TSLA', 'TSLA weight', 'HIGH', 0.3, 0.11, DATE)
  // a later snapshot of the same frame with another book: written after the alerts, not theirs
  t.snapshot(DATE, [{ symbol: 'QQQ', quantity: 500 }])
  t.raise('sess1111-A6', 'var', 'VaR (historical)', 'HIGH', 1, 60_000, '2020-03-11')
  closeDatabase(w)
  db = openDatabase(file, { readonly: true })
})
afterAll(() => {
  closeDatabase(db)
  cleanup()
})

const REL_TOL = 1e-12
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

describe('explainAlert on lifecycle payloads', () => {
  it('recomputes a VaR alert from its own session\'s snapshot written before it, with its top contributors', () => {
    const x = AlertExplanationSchema.parse(explainAlert(db, 'sess1111-A1', bundledMarket()))
    expect(x).toMatchObject({ alertId: 'sess1111-A1', rule: 'var', symbol: null, marketDate: DATE, method: 'historical', limit: 60_000, unavailable: null, notes: [] })
    expect(rel(x.recomputed!, x.stored)).toBeLessThan(REL_TOL)
    expect(x.inputs).toMatchObject({ window: 250, confidence: 0.99, engineVersion: 'test' })
    expect(x.inputs.positions.map((p) => p.symbol)).toEqual(SMALL_BOOK.positions.map((p) => p.symbol))
    expect(x.topContributors.map((c) => c.symbol)).toEqual([...report(250).positions].sort((a, b) => b.componentVaR - a.componentVaR).slice(0, 5).map((p) => p.symbol))
  })

  it('reads a per-position rule key as its symbol and figure', () => {
    const x = explainAlert(db, 'sess1111-A2', bundledMarket())
    expect(x).toMatchObject({ rule: 'positionLoss', symbol: 'AAPL', limit: 1000, unavailable: null })
    expect(rel(x.recomputed!, x.stored)).toBeLessThan(REL_TOL)
    const tsla = explainAlert(db, 'sess1111-A5', bundledMarket())
    expect(tsla).toMatchObject({ rule: 'positionWeight', symbol: 'TSLA', recomputed: null, difference: null, unavailable: 'TSLA is not held in the stored book' })
  })

  it("recomputes with the alert's own inputs when they differ from the snapshot's, and notes it", () => {
    const x = explainAlert(db, 'sess1111-A3', bundledMarket())
    expect(x.inputs.window).toBe(120)
    expect(rel(x.recomputed!, x.stored)).toBeLessThan(REL_TOL)
    expect(x.notes).toEqual(["the alert records window 120 and confidence 0.99, its frame's snapshot 250 and 0.99: recomputed with the alert's"])
  })

  it('says why it cannot: no snapshot of its frame, a rule it does not recompute, an unknown id', () => {
    expect(explainAlert(db, 'sess1111-A6', bundledMarket())).toMatchObject({
      recomputed: null,
      snapshotSeq: null,
      unavailable: 'the trail has no risk snapshot for the frame of 2020-03-11 that raised the alert',
    })
    expect(() => explainAlert(db, 'sess1111-A4', bundledMarket())).toThrow(AlertExplanationError)
    expect(() => explainAlert(db, 'sess1111-A4', bundledMarket())).toThrow('alert sess1111-A4 reads book drawdown (rule drawdown), which explain does not recompute')
    expect(() => explainAlert(db, 'nope', bundledMarket())).toThrow('no alert nope in this audit trail')
  })

  it('riskdesk explain prints the figure with a plain label', async () => {
    const r = await cli('explain', '--db', file, '--alert', 'sess1111-A2')
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^alert sess1111-A2 {2}market date 2020-03-10 {2}AAPL loss$/m)
    expect(r.stdout).toMatch(/recomputed {2}-?[\d,]+\.\d\d/)
    const u = await cli('explain', '--db', file, '--alert', 'sess1111-A4')
    expect(u.code).toBe(1)
    expect(u.stderr).toMatch(/which explain does not recompute/)
  })
})
