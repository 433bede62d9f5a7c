/**
 * `riskdesk history` and the filtered `audit export` on a trail of lifecycle events through the 2020 crash weeks with
 * every proposed action vetoed (tests/main/audit/lifecycle-trail.ts crashSession, two sessions, written through
 * openDeskAuditLog: no replay). Expected rows are derived independently from the raw JSON export of the chain
 * (payload fields read in this file), not from the history module.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { FLAT_COLUMNS } from '../../../src-main/audit/flat-event'
import { crashSession, LifecycleTrail } from '../audit/lifecycle-trail'
import { cli } from './cli-harness'

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-'))
const db = join(dir, 'crash.db')
const REASON = 'hedge via index futures'
const WEEK = ['2020-03-09', '2020-03-13'] as const

interface Exported {
  seq: number
  ts: string
  type: string
  actor: string
  book: string | null
  payload: Record<string, unknown> & { alertId?: string; ruleKey?: string; severity?: string; frame?: { date: string }; marketDate?: string | null; reason?: string }
}
let events: Exported[] = []
/** the market date of an event as documented in migration 40, computed here from the payload */
const marketDateOf = (e: Exported): string | null => e.payload.marketDate ?? e.payload.frame?.date ?? (e.payload.date as string | undefined) ?? null
/** an alert's severity at the end of its trail: its last escalation's, else the raised one */
const finalSeverity = (raised: Exported): string =>
  events.filter((e) => e.type === 'alert.escalated' && e.payload.alertId === raised.payload.alertId).at(-1)?.payload.severity ?? raised.payload.severity!

interface HistoryAlert {
  id: string
  seq: number
  marketDate: string
  severity: string
  rule: string
  state: string
  actor: string
  actions: { id: string; state: string }[]
  overrides: { kind: string; reason: string | null; actor: string }[]
}

beforeAll(async () => {
  process.env.RISKDESK_KEY_DIR ??= join(dir, 'keys')
  const w = openDatabase(db)
  const t = new LifecycleTrail(w, join(dir, 'keys'))
  for (const sessionId of ['a1b2c3d4-0000-4000-8000-000000000001', 'e5f6a7b8-0000-4000-8000-000000000002']) crashSession(t, { sessionId, trader: 'alice', decide: 'reject', reason: REASON })
  closeDatabase(w)
  const exp = await cli('audit', 'export', '--db', db, '--format', 'json')
  events = JSON.parse(exp.stdout) as Exported[]
})

async function history(...args: string[]): Promise<HistoryAlert[]> {
  const r = await cli('history', '--db', db, '--json', ...args)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return (JSON.parse(r.stdout) as { alerts: HistoryAlert[] }).alerts
}

describe('riskdesk history', () => {
  it('lists one row per alert raised in the crash week, by market date, with its final severity', async () => {
    const alerts = await history('--from', WEEK[0], '--to', WEEK[1])
    const expected = events
      .filter((e) => e.type === 'alert.raised' && marketDateOf(e)! >= WEEK[0] && marketDateOf(e)! <= WEEK[1])
      .sort((x, y) => (marketDateOf(x)! < marketDateOf(y)! ? -1 : marketDateOf(x)! > marketDateOf(y)! ? 1 : x.seq - y.seq))
    expect(expected.length).toBeGreaterThan(0)
    expect(alerts.map((a) => a.seq)).toEqual(expected.map((e) => e.seq))
    expect(alerts.map((a) => [a.id, a.severity, a.rule])).toEqual(expected.map((e) => [e.payload.alertId, finalSeverity(e), e.payload.ruleKey!.split(':')[0]]))
    for (const a of alerts) expect(a.marketDate >= WEEK[0] && a.marketDate <= WEEK[1]).toBe(true)
  })

  it('attaches every veto to its alert, with actor and reason; --overridden keeps exactly those alerts', async () => {
    const all = await history()
    const vetoes = events.filter((e) => e.type === 'action.rejected')
    expect(vetoes.length).toBeGreaterThan(0)
    const attached = all.flatMap((a) => a.overrides.filter((o) => o.kind === 'action.rejected').map((o) => ({ alert: a.id, ...o })))
    expect(attached).toHaveLength(vetoes.length)
    expect(attached.every((o) => o.reason === REASON && o.actor === vetoes[0]!.actor)).toBe(true)
    expect(attached.map((o) => o.alert).sort()).toEqual(vetoes.map((v) => v.payload.alertId).sort())
    const overridden = await history('--overridden')
    expect(overridden.map((a) => a.seq)).toEqual(all.filter((a) => a.overrides.length > 0).map((a) => a.seq))
    expect(overridden.length).toBeGreaterThan(new Set(attached.map((o) => o.alert)).size) // a desk head's pause too
    expect((await history('--text', 'INDEX FUTURES')).map((a) => a.seq)).toEqual(all.filter((a) => a.overrides.some((o) => o.kind === 'action.rejected')).map((a) => a.seq))
  })

  it('prints one plain line per alert: the figure against its limit, escalations, actions, overrides, notes', async () => {
    const r = await cli('history', '--db', db)
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toBe(`${lines.length - 1} alerts`)
    const varLine = lines.find((l) => l.includes('VaR (historical)'))!
    expect(varLine).toMatch(/^2020-03-03 {2}CRITICAL {2}a1b2c3d4-A1 {2}VaR \(historical\) 120 > limit 100 \(120 %\) {2}acknowledged {2}alice {2}escalated HIGH -> CRITICAL on 2020-03-05 {2}actions: /)
    expect(varLine).toContain(`overrides: action.rejected by alice: ${REASON}`)
    expect(varLine).toContain('override.paused by desk-head: automation paused for the auction')
    expect(varLine).toContain('notes: alice: futures desk informed')
    expect(lines.find((l) => l.includes('a1b2c3d4-A3'))).toMatch(/MSFT weight 10\.0 % <= limit 11\.0 % \(91 %\) {2}open .*notes: snoozed by alice: rebalancing at the close/)
  })

  it('filters by severity, rule and actor, and says which argument is wrong', async () => {
    const all = await history()
    for (const severity of ['MEDIUM', 'HIGH', 'CRITICAL']) {
      expect((await history('--severity', severity)).map((a) => a.seq)).toEqual(all.filter((a) => a.severity === severity).map((a) => a.seq))
    }
    expect((await history('--rule', 'var')).map((a) => a.seq)).toEqual(all.filter((a) => a.rule === 'var').map((a) => a.seq))
    const trader = all[0]!.actor
    expect(await history('--actor', trader)).toHaveLength(all.length)
    expect(await history('--actor', 'nobody-of-that-name')).toHaveLength(0)
    const bad = await cli('history', '--db', db, '--from', '2020-3-9')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--from.*expected a date YYYY-MM-DD/)
    const sev = await cli('history', '--db', db, '--severity', 'huge')
    expect(sev.code).toBe(2)
    expect(sev.stderr).toMatch(/--severity.*MEDIUM, HIGH, CRITICAL/)
  })
})

describe('riskdesk audit export with market dates, types and flat CSV', () => {
  it('--market-from/--market-to select by market date (a wall-clock --from on a replay selects nothing)', async () => {
    const wall = await cli('audit', 'export', '--db', db, '--format', 'json', '--from', '2020-03-01')
    const today = new Date().toISOString().slice(0, 10)
    if (today >= '2020-03-02') expect(JSON.parse(wall.stdout).length).toBe(events.filter((e) => e.ts >= '2020-03-01').length)
    const r = await cli('audit', 'export', '--db', db, '--format', 'json', '--market-from', WEEK[0], '--market-to', WEEK[1])
    expect(r.code).toBe(0)
    const got = JSON.parse(r.stdout) as Exported[]
    const expected = events.filter((e) => marketDateOf(e) !== null && marketDateOf(e)! >= WEEK[0] && marketDateOf(e)! <= WEEK[1])
    expect(got.map((e) => e.seq)).toEqual(expected.map((e) => e.seq))
  })

  it('--format csv is flat: documented columns, no JSON in any cell; --type narrows', async () => {
    const r = await cli('audit', 'export', '--db', db, '--format', 'csv', '--market-from', WEEK[0], '--market-to', WEEK[1], '--type', 'action.rejected', '--type', 'alert.raised')
    expect(r.code).toBe(0)
    const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true })
    expect(parsed.meta.fields).toEqual([...FLAT_COLUMNS])
    const expected = events.filter((e) => (e.type === 'action.rejected' || e.type === 'alert.raised') && marketDateOf(e)! >= WEEK[0] && marketDateOf(e)! <= WEEK[1])
    expect(parsed.data.map((row) => Number(row.seq))).toEqual(expected.map((e) => e.seq))
    for (const row of parsed.data) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^\s*[[{]/)
    const veto = parsed.data.find((row) => row.type === 'action.rejected')!
    expect(veto).toMatchObject({ decision: 'rejected', reason: REASON })
    const raised = parsed.data.find((row) => row.type === 'alert.raised')!
    expect(raised.severity).toMatch(/^(MEDIUM|HIGH|CRITICAL)$/)
    expect(Number(raised.value)).toBeGreaterThan(Number(raised.limit))
  })
})

describe('the window and the CLI agree', () => {
  it('pages served to the window (history:query, contract-checked) hold the rows of riskdesk history --json, and their CSV cells follow', async () => {
    const { invokeSchemas } = await import('../../../src-shared/api/contract')
    const { HISTORY_COLUMNS, historyCells } = await import('../../../src-shared/domain/alert-history-view')
    const { historyHandlers } = await import('../../../src-main/host/handlers/history-handlers')
    const { openDatabase, closeDatabase } = await import('../../../src-main/audit/db')
    const { AuditLog } = await import('../../../src-main/audit/event-log')
    const conn = openDatabase(db, { readonly: true })
    try {
      const ctx = { db: conn, audit: new AuditLog(conn), historyPg: null, checked: (c: 'history:query', v: unknown) => invokeSchemas[c].res.parse(v) }
      const handlers = historyHandlers(ctx as unknown as Parameters<typeof historyHandlers>[0])
      const served: unknown[] = []
      let after: string | undefined
      do {
        const page = (await handlers['history:query']({ marketFrom: WEEK[0], marketTo: WEEK[1], limit: 3, ...(after ? { after } : {}) }, 'desk-head')) as { alerts: unknown[]; next: string | null }
        served.push(...page.alerts)
        after = page.next ?? undefined
      } while (after !== undefined)
      const cliRows = await history('--from', WEEK[0], '--to', WEEK[1])
      expect(served).toEqual(cliRows)
      const csv = Papa.unparse({ fields: [...HISTORY_COLUMNS], data: (served as Parameters<typeof historyCells>[0][]).map((r) => HISTORY_COLUMNS.map((c) => historyCells(r)[c])) })
      const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data
      expect(parsed.map((r) => [r.alert_id, r.market_date, r.severity])).toEqual(cliRows.map((a) => [a.id, a.marketDate, a.severity]))
      const status = await handlers['history:status']({}, 'desk-head')
      expect(status).toMatchObject({ ok: true, problem: null })
      // the window's XLSX: the same alerts, in the same order
      const xlsx = await handlers['history:exportXlsx']({ marketFrom: WEEK[0], marketTo: WEEK[1] }, 'desk-head')
      expect(xlsx.fileName).toBe(`alert-history-${WEEK[0]}-${WEEK[1]}.xlsx`)
      const ExcelJS = (await import('exceljs')).default
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer)
      const ids: unknown[] = []
      wb.getWorksheet('Alerts')!.eachRow((row, n) => {
        if (n > 1) ids.push(row.getCell(1).value)
      })
      expect(ids).toEqual(cliRows.map((a) => a.id))
    } finally {
      closeDatabase(conn)
    }
  })
})

describe('riskdesk history --xlsx', () => {
  it('writes the same flat rows as the CSV cells, and every decision with its reason, as a workbook', async () => {
    const ExcelJS = (await import('exceljs')).default
    const { HISTORY_COLUMNS } = await import('../../../src-shared/domain/alert-history-view')
    const file = join(dir, 'week.xlsx')
    const r = await cli('history', '--db', db, '--json', '--xlsx', file)
    expect(r.code).toBe(0)
    const cliRows = (JSON.parse(r.stdout) as { alerts: HistoryAlert[] }).alerts
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const sheet = wb.getWorksheet('Alerts')!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual([...HISTORY_COLUMNS])
    const ids: unknown[] = []
    sheet.eachRow((row, n) => {
      if (n > 1) ids.push(row.getCell(1).value)
    })
    expect(ids).toEqual(cliRows.map((a) => a.id))
    const reasons: unknown[] = []
    const steps: unknown[][] = []
    wb.getWorksheet('Decisions')!.eachRow((row, n) => {
      if (n > 1 && row.getCell(4).value === 'action.rejected') reasons.push(row.getCell(7).value)
      if (n > 1) steps.push([row.getCell(4).value, row.getCell(6).value, row.getCell(7).value])
    })
    expect(reasons).toEqual(cliRows.flatMap((a) => a.overrides.filter((o) => o.kind === 'action.rejected').map((o) => o.reason)))
    expect(reasons.length).toBeGreaterThan(0)
    // the desk head's pause with its role, a note and a snooze are steps of the alerts they concern
    expect(steps).toContainEqual(['override.paused', 'desk-head (desk-head)', 'automation paused for the auction'])
    expect(steps).toContainEqual(['alert.noted', 'alice', 'futures desk informed'])
    expect(steps).toContainEqual(['alert.snoozed', 'alice', 'rebalancing at the close'])
    const again = await cli('history', '--db', db, '--xlsx', file)
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/exists already/)
  })
})
