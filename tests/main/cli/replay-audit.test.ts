import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BOOK } from '../desk/desk-fixture'
import { cli } from './cli-harness'

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-replay-'))
const approveDb = join(dir, 'approve.db')
const rejectDb = join(dir, 'reject.db')
let approveLines: Record<string, unknown>[] = []
let rejectLines: Record<string, unknown>[] = []

const parseLines = (out: string): Record<string, unknown>[] => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

/** Opens a copy of the trail with the append-only triggers dropped: what an attacker with file access can do. */
function tamperable(src: string, name: string): { path: string; db: Database.Database } {
  const path = join(dir, name)
  copyFileSync(src, path)
  const db = new Database(path)
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; DROP TRIGGER chain_head_only_advances;')
  return { path, db }
}

describe('riskdesk replay of the demo desk through the February-March 2020 crash', () => {
  beforeAll(async () => {
    const a = await cli('replay', '--book', DEMO_BOOK, '--from', '2020-02-03', '--to', '2020-04-30', '--db', approveDb, '--approve-all', '--json')
    expect(a.stderr).toBe('')
    expect(a.code).toBe(0)
    approveLines = parseLines(a.stdout)
    const r = await cli('replay', '--book', DEMO_BOOK, '--from', '2020-02-03', '--to', '2020-04-30', '--db', rejectDb, '--reject-all', 'hedge via index futures', '--json')
    expect(r.code).toBe(0)
    rejectLines = parseLines(r.stdout)
  })

  it('prints one JSON object per line, one risk frame per market day, and exits at --to', () => {
    const risk = approveLines.filter((l) => l.type === 'risk') as { frame: { date: string } }[]
    const dates = [...new Set(risk.map((l) => l.frame.date))]
    expect(dates[0]).toBe('2020-02-03')
    expect(dates[dates.length - 1]).toBe('2020-04-30')
    expect(approveLines.filter((l) => l.type === 'tick').length).toBeGreaterThan(25 * 60)
    expect(approveLines[approveLines.length - 1]).toMatchObject({ type: 'summary', audit: { ok: true } })
  })

  it('raises VaR-limit alerts during the crash, not before it', () => {
    const alerts = approveLines.filter((l) => l.type === 'alert' && (l.change === 'raised' || l.change === 'escalated')) as { alert: { kind: string; date: string; severity: string } }[]
    const varAlerts = alerts.filter((a) => a.alert.kind === 'var')
    expect(varAlerts.length).toBeGreaterThan(0)
    expect(varAlerts.every((a) => a.alert.date >= '2020-02-24')).toBe(true)
    expect(varAlerts.some((a) => a.alert.severity === 'HIGH' || a.alert.severity === 'CRITICAL')).toBe(true)
  })

  it('proposes actions and records approvals; each approved action is applied on paper', () => {
    const proposed = approveLines.filter((l) => l.type === 'action' && l.change === 'proposed')
    const approved = approveLines.filter((l) => l.type === 'action' && l.change === 'approved')
    const applied = approveLines.filter((l) => l.type === 'action' && l.change === 'applied') as { action: { execution: { executedDate: string; varAfter: number } | null } }[]
    expect(proposed.length).toBeGreaterThan(0)
    expect(approved).toHaveLength(proposed.length)
    expect(applied).toHaveLength(proposed.length)
    for (const a of applied) expect(Number.isFinite(a.action.execution?.varAfter)).toBe(true)
  })

  it('records rejections with their reason and never applies a rejected action', () => {
    const rejected = rejectLines.filter((l) => l.type === 'action' && l.change === 'rejected') as { action: { decision: { reason: string } } }[]
    expect(rejected.length).toBeGreaterThan(0)
    expect(rejected.every((l) => l.action.decision.reason === 'hedge via index futures')).toBe(true)
    expect(rejectLines.filter((l) => l.type === 'action' && l.change === 'applied')).toHaveLength(0)
  })

  it('leaves a trail that audit verify accepts and audit export returns with the decisions', async () => {
    const v = await cli('audit', 'verify', '--db', rejectDb)
    expect(v.code).toBe(0)
    expect(v.stdout).toMatch(/^OK: \d+ events/)
    const exp = await cli('audit', 'export', '--db', rejectDb, '--format', 'json')
    const events = JSON.parse(exp.stdout) as { type: string; actor: string; payload: { reason?: string } }[]
    const rejections = events.filter((e) => e.type === 'action.rejected')
    expect(rejections.length).toBeGreaterThan(0)
    expect(rejections[0]!.payload.reason).toBe('hedge via index futures')
    const csv = await cli('audit', 'export', '--db', rejectDb, '--format', 'chain-csv')
    expect(csv.stdout.split('\r\n')[0]).toBe('seq,ts,type,actor,book,payload,hash,prev_hash')
  })

  it('the append-only triggers refuse UPDATE and DELETE', () => {
    const db = new Database(approveDb)
    expect(() => db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/)
    db.close()
  })

  it('after dropping the triggers, editing any one row is detected and named', async () => {
    const n = (new Database(approveDb).prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n
    for (const [k, seq] of [1, Math.floor(n / 2), n].entries()) {
      const { path, db } = tamperable(approveDb, `edit-${k}.db`)
      db.prepare("UPDATE audit_events SET payload = replace(payload, 'approved', 'APPROVED') WHERE seq = ?").run(seq)
      db.prepare("UPDATE audit_events SET actor = actor || 'x' WHERE seq = ? AND payload NOT LIKE '%APPROVED%'").run(seq)
      db.close()
      const r = await cli('audit', 'verify', '--db', path)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(new RegExp(`at seq ${seq}\\b`))
    }
  })

  it('after dropping the triggers, deleting a row or reordering two rows is detected and named', async () => {
    const del = tamperable(approveDb, 'delete.db')
    del.db.prepare('DELETE FROM audit_events WHERE seq = 5').run()
    del.db.close()
    const r1 = await cli('audit', 'verify', '--db', del.path)
    expect(r1.code).toBe(1)
    expect(r1.stderr).toMatch(/at seq (5|6)\b/)

    const swap = tamperable(approveDb, 'swap.db')
    const rows = swap.db.prepare('SELECT * FROM audit_events WHERE seq IN (7, 8) ORDER BY seq').all() as Record<string, unknown>[]
    const upd = swap.db.prepare('UPDATE audit_events SET ts = ?, type = ?, actor = ?, book = ?, payload = ?, prev_hash = ?, hash = ? WHERE seq = ?')
    const [a, b] = rows as [Record<string, unknown>, Record<string, unknown>]
    upd.run(b.ts, b.type, b.actor, b.book, b.payload, b.prev_hash, b.hash, 7)
    upd.run(a.ts, a.type, a.actor, a.book, a.payload, a.prev_hash, a.hash, 8)
    swap.db.close()
    const r2 = await cli('audit', 'verify', '--db', swap.path)
    expect(r2.code).toBe(1)
    expect(r2.stderr).toMatch(/at seq 7\b/)
  })
})
