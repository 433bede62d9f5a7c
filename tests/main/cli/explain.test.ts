/**
 * `riskdesk explain`: an alert's figure recomputed by full recompute (risk-report.ts computeRiskReport, itself checked
 * against numpy in tests/main/cli/risk-reference.test.ts) from the inputs its risk snapshot stored, equals the value
 * the live desk (incremental path) stored in the alert.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { AlertExplanationSchema, type AlertExplanation } from '../../../src-shared/domain/alert-explanation'
import type { Book } from '../../../src-shared/domain/book'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { DEMO_BOOK, bundledMarket } from '../desk/desk-fixture'
import { cli } from './cli-harness'

/** incremental and full recompute agree to rounding (as in tests/main/desk/desk-session.test.ts) */
const REL_TOL = 1e-9
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-explain-'))
const db = join(dir, 'crash.db')
let alerts: { id: string; rule: string; symbol: string | null; value: number }[] = []

async function explain(id: string): Promise<AlertExplanation> {
  const r = await cli('explain', '--db', db, '--alert', id, '--json')
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return AlertExplanationSchema.parse(JSON.parse(r.stdout))
}

describe('riskdesk explain on a replay of the demo desk through February-March 2020', () => {
  beforeAll(async () => {
    const r = await cli('replay', '--book', DEMO_BOOK, '--from', '2020-02-03', '--to', '2020-03-20', '--db', db, '--json')
    expect(r.code).toBe(0)
    const h = await cli('history', '--db', db, '--json')
    expect(h.code).toBe(0)
    alerts = (JSON.parse(h.stdout) as { alerts: typeof alerts }).alerts
  }, 300_000)

  it('recomputes the VaR alert to the stored value, with contributors from the same report', async () => {
    const varAlert = alerts.find((a) => a.rule === 'var')
    expect(varAlert).toBeDefined()
    const x = await explain(varAlert!.id)
    expect(x.rule).toBe('var')
    expect(x.unavailable).toBeNull()
    expect(x.stored).toBe(varAlert!.value)
    expect(rel(x.recomputed!, x.stored)).toBeLessThan(REL_TOL)
    for (const other of alerts.filter((a) => a.rule === 'var').slice(1)) {
      const y = await explain(other.id)
      if (y.notes.length === 0) expect(rel(y.recomputed!, y.stored)).toBeLessThan(REL_TOL)
    }
    expect(x.difference).toBe(x.recomputed! - x.stored)
    expect(x.inputs.positions.length).toBeGreaterThan(0)
    expect(x.inputs.engineVersion).not.toBe('')

    // the same report rebuilt here from the stored inputs: the contributors are its five largest component VaR, and
    // component VaR sums to its parametric VaR (Euler)
    const book: Book = { name: 'snapshot', positions: x.inputs.positions }
    const report = computeRiskReport(book, bundledMarket(), { asof: x.marketDate, window: x.inputs.window, confidence: x.inputs.confidence })
    const sum = report.positions.reduce((s, p) => s + p.componentVaR, 0)
    expect(rel(sum, report.var.parametric)).toBeLessThan(REL_TOL)
    const largest = [...report.positions].sort((a, b) => b.componentVaR - a.componentVaR).slice(0, 5)
    expect(x.topContributors.map((c) => c.symbol)).toEqual(largest.map((p) => p.symbol))
    x.topContributors.forEach((c, i) => expect(c.componentVaR).toBe(largest[i]!.componentVaR))
    for (let i = 1; i < x.topContributors.length; i++) expect(x.topContributors[i]!.componentVaR).toBeLessThanOrEqual(x.topContributors[i - 1]!.componentVaR)
  })

  it('recomputes a per-position alert from the same report, or says why not (never 0)', async () => {
    const pos = alerts.filter((a) => a.rule !== 'var')
    expect(pos.length).toBeGreaterThan(0)
    let recomputed = 0
    for (const a of pos.slice(0, 5)) {
      const x = await explain(a.id)
      expect(x.symbol).toBe(a.symbol)
      if (x.recomputed === null) expect(x.unavailable).toMatch(/\w/)
      else {
        recomputed++
        expect(x.unavailable).toBeNull()
        expect(rel(x.recomputed, x.stored)).toBeLessThan(REL_TOL)
      }
    }
    expect(recomputed).toBeGreaterThan(0)
  })

  it('says unavailable, with the reason, for a trail written before the book was stored in snapshots', async () => {
    const varAlert = alerts.find((a) => a.rule === 'var')!
    const old = join(dir, 'old.db')
    const src = new Database(db, { readonly: true })
    await src.backup(old)
    src.close()
    const t = new Database(old)
    t.exec('DROP TRIGGER audit_events_no_update')
    t.prepare("UPDATE audit_events SET payload = json_remove(payload, '$.positions') WHERE type = 'risk.snapshot'").run()
    t.close()
    const r = await cli('explain', '--db', old, '--alert', varAlert.id, '--json')
    expect(r.code).toBe(0)
    const x = AlertExplanationSchema.parse(JSON.parse(r.stdout))
    expect(x.recomputed).toBeNull()
    expect(x.difference).toBeNull()
    expect(x.unavailable).toMatch(/predates/)
  })

  it('the window gets the same explanation through history:explain, valid against the contract', async () => {
    const { invokeSchemas } = await import('../../../src-shared/api/contract')
    const { historyHandlers } = await import('../../../src-main/host/handlers/history-handlers')
    const { openDatabase, closeDatabase } = await import('../../../src-main/audit/db')
    const { AuditLog } = await import('../../../src-main/audit/event-log')
    const varAlert = alerts.find((a) => a.rule === 'var')!
    const conn = openDatabase(db, { readonly: true })
    try {
      const ctx = { db: conn, audit: new AuditLog(conn), market: bundledMarket(), historyPg: null }
      const handlers = historyHandlers(ctx as unknown as Parameters<typeof historyHandlers>[0])
      const served = invokeSchemas['history:explain'].res.parse(await handlers['history:explain']({ alertId: varAlert.id }, 'desk-head'))
      expect(served).toEqual(await explain(varAlert.id))
    } finally {
      closeDatabase(conn)
    }
  })

  it('prints a readable explanation, and names an unknown alert', async () => {
    const varAlert = alerts.find((a) => a.rule === 'var')!
    const t = await cli('explain', '--db', db, '--alert', varAlert.id)
    expect(t.code).toBe(0)
    expect(t.stdout).toMatch(/recomputed {2}[\d,]+\.\d\d/)
    expect(t.stdout).toMatch(/top contributors/)
    const u = await cli('explain', '--db', db, '--alert', 'no-such-alert')
    expect(u.code).toBe(1)
    expect(u.stderr).toMatch(/no alert no-such-alert/)
  })
})

describe('riskdesk explain after approved actions changed the book (demo desk, February-April 2020, --approve-all)', () => {
  it('every alert raised after an applied action is recomputed to its stored value from the book held on its frame, or says why it differs', async () => {
    const traded = join(dir, 'approved.db')
    const r = await cli('replay', '--book', DEMO_BOOK, '--from', '2020-02-03', '--to', '2020-04-30', '--db', traded, '--approve-all', '--json')
    expect(r.code).toBe(0)
    const applied = r.stdout
      .split('\n')
      .filter((l) => l.includes('"change":"applied"'))
      .map((l) => (JSON.parse(l) as { executedDate: string }).executedDate)
    expect(applied.length).toBeGreaterThan(0)
    // a lifecycle alert lives through a whole breach (escalating, not re-raised), so these are the alerts raised
    // after the first paper execution changed the book
    const h = await cli('history', '--db', traded, '--json', '--from', applied[0]!)
    const after = (JSON.parse(h.stdout) as { alerts: { id: string; marketDate: string }[] }).alerts
    expect(after.length).toBeGreaterThan(1)
    let exact = 0
    for (const a of after) {
      const e = await cli('explain', '--db', traded, '--alert', a.id, '--json')
      expect(e.code).toBe(0)
      const x = AlertExplanationSchema.parse(JSON.parse(e.stdout))
      if (x.recomputed === null) expect(x.unavailable).toMatch(/\w/)
      else {
        // a desk that held back or dropped ticks priced on another history than the stored prices: then it says so
        if (rel(x.recomputed, x.stored) < REL_TOL) exact++
        else expect(x.notes.length).toBeGreaterThan(0)
      }
    }
    expect(exact).toBeGreaterThanOrEqual(3)
  }, 300_000)
})
