/**
 * The alert-history fold on a hand-written trail whose expected rows are written out below independently of the
 * code: two sessions that reuse alert ids (as rows written before ids carried the session do), an escalation, an
 * acknowledgement, a vetoed action, an approved and applied one, a limit change during a breach.
 */
import type Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { AlertHistory, historyCells, HISTORY_COLUMNS, type AlertHistoryRow } from '../../../src-main/audit/alert-history'
import { openDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import type { AuditEventInput } from '../../../src-main/audit/event-types'

let db: Database.Database
let history: AlertHistory

const alert = (id: string, date: string, severity: string, limit = 'var', value = 120, threshold = 100, state = 'open') => ({
  id,
  limit,
  symbol: limit === 'var' ? null : 'AAPL',
  severity,
  value,
  threshold,
  message: `${severity}: ${limit}`,
  raisedAt: '2026-03-02T10:00:00.000Z',
  date,
  state,
  acknowledgedBy: null,
})
const action = (id: string, alertId: string, date: string, state: string, extra: Record<string, unknown> = {}) => ({
  id,
  alertId,
  kind: 'reduce',
  fraction: 0.25,
  trades: [{ symbol: 'AAPL', fromQuantity: 100, toQuantity: 75, componentVaR: 10 }],
  varBefore: 120,
  varAfterPreview: 95,
  limit: 100,
  policy: 'propose',
  state,
  proposedAt: '2026-03-02T10:01:00.000Z',
  autoApplyAt: null,
  decidedBy: null,
  reason: null,
  date,
  ...extra,
})

let minute = 0
const at = (): string => new Date(Date.parse('2026-03-02T10:00:00.000Z') + minute++ * 60_000).toISOString()
const ev = (type: string, actor: string, payload: Record<string, unknown>, book: string | null = 'Macro'): AuditEventInput => ({ type, actor, book, ts: at(), payload })

beforeAll(() => {
  db = openDatabase(':memory:')
  const log = new AuditLog(db)
  const limits = (varLimit: number) => ({ varLimit })
  log.appendMany([
    // session 1 (alice): A1 MEDIUM 2020-03-09 escalates to A2 HIGH 2020-03-10; A2 acknowledged, an action vetoed,
    // the limit raised while it is live, a second action approved and applied, then A2 clears 2020-03-13
    ev('session.started', 'alice', { mode: 'replay' }),
    ev('risk.snapshot', 'system', { frame: { date: '2020-03-09' } }),
    ev('alert.raised', 'system', { alert: alert('A1', '2020-03-09', 'MEDIUM', 'var', 105), reading: {} }),
    ev('alert.escalated', 'system', { alert: alert('A2', '2020-03-10', 'HIGH', 'var', 130), reading: {}, supersedes: 'A1' }),
    ev('alert.acknowledged', 'alice', { alert: { ...alert('A2', '2020-03-10', 'HIGH'), state: 'acknowledged' } }),
    ev('action.proposed', 'system', { action: action('X1', 'A2', '2020-03-10', 'pending'), method: 'historical', reachesTarget: true }),
    ev('action.rejected', 'alice', { action: action('X1', 'A2', '2020-03-10', 'rejected', { reason: 'hedge via index futures' }), reason: 'hedge via index futures' }),
    ev('limits.changed', 'bob', { before: limits(100), after: limits(140), reason: 'Desk head widened the VaR limit for the crash' }),
    ev('limits.changed', 'bob', { before: limits(100), after: limits(140), reason: 'other book' }, 'Equity L/S'),
    ev('action.proposed', 'system', { action: action('X2', 'A2', '2020-03-11', 'pending'), method: 'historical', reachesTarget: true }),
    ev('action.approved', 'alice', { action: action('X2', 'A2', '2020-03-11', 'approved'), reason: null }),
    ev('action.applied', 'alice', { action: action('X2', 'A2', '2020-03-11', 'applied'), fills: [], execution: 'paper', executedDate: '2020-03-11', varAfter: 93.5 }),
    ev('alert.cleared', 'system', { alert: { ...alert('A2', '2020-03-10', 'HIGH'), state: 'cleared' }, reading: {} }),
    ev('limits.changed', 'bob', { before: limits(140), after: limits(100), reason: 'back to normal after the alert' }),
    ev('session.ended', 'alice', {}),
    // session 2 (carol): ids restart at A1; a position-loss alert, new-style payload with marketDate, left open
    ev('session.started', 'carol', { mode: 'live' }),
    ev('alert.raised', 'system', { sessionId: 's2-0123456789', marketDate: '2020-03-16', alert: alert('A1', '2020-03-16', 'CRITICAL', 'positionLoss', -5000, -3000), reading: {} }),
    ev('alert.acknowledged', 'carol', { sessionId: 's2-0123456789', marketDate: '2020-03-16', alert: alert('A1', '2020-03-16', 'CRITICAL', 'positionLoss') }),
  ])
  history = new AlertHistory(db)
})

const byId = (rows: AlertHistoryRow[]) => rows.map((r) => `${r.actor}/${r.id}`)

describe('the fold', () => {
  it('gives one row per alert, by market date, with state, trader, decisions and overrides', () => {
    const { alerts, next } = history.query()
    expect(next).toBeNull()
    expect(byId(alerts)).toEqual(['alice/A1', 'alice/A2', 'carol/A1'])
    const [a1, a2, c1] = alerts as [AlertHistoryRow, AlertHistoryRow, AlertHistoryRow]
    expect(a1).toMatchObject({ marketDate: '2020-03-09', severity: 'MEDIUM', rule: 'var', value: 105, limit: 100, state: 'superseded', supersededBy: 'A2', actions: [], overrides: [] })
    expect(a2).toMatchObject({
      marketDate: '2020-03-10',
      book: 'Macro',
      severity: 'HIGH',
      state: 'cleared',
      supersedes: 'A1',
      acknowledgedBy: 'alice',
      value: 130,
      limit: 100,
    })
    expect(a2.actions.map((x) => [x.id, x.state, x.decisions.map((d) => `${d.decision}:${d.actor}`), x.varAfter])).toEqual([
      ['X1', 'rejected', ['proposed:system', 'rejected:alice'], null],
      ['X2', 'applied', ['proposed:system', 'approved:alice', 'applied:alice'], 93.5],
    ])
    // the veto and the limit change on the same book while live; not the other book's, not the one after clearing
    expect(a2.overrides.map((o) => [o.kind, o.actor, o.reason, o.varLimitAfter])).toEqual([
      ['action.rejected', 'alice', 'hedge via index futures', null],
      ['limits.changed', 'bob', 'Desk head widened the VaR limit for the crash', 140],
    ])
    expect(c1).toMatchObject({ sessionId: 's2-0123456789', marketDate: '2020-03-16', rule: 'positionLoss', symbol: 'AAPL', state: 'acknowledged', acknowledgedBy: 'carol', overrides: [] })
  })
})

describe('filters', () => {
  const ids = (q: Parameters<AlertHistory['query']>[0]) => byId(history.query(q).alerts)
  it('market date range, severity, rule, book', () => {
    expect(ids({ marketFrom: '2020-03-10', marketTo: '2020-03-13' })).toEqual(['alice/A2'])
    expect(ids({ marketFrom: '2020-03-10' })).toEqual(['alice/A2', 'carol/A1'])
    expect(ids({ severity: 'CRITICAL' })).toEqual(['carol/A1'])
    expect(ids({ rule: 'var' })).toEqual(['alice/A1', 'alice/A2'])
    expect(ids({ book: 'Equity L/S' })).toEqual([])
  })
  it('actor: the trader of the session or anyone who acted on the alert', () => {
    expect(ids({ actor: 'carol' })).toEqual(['carol/A1'])
    expect(ids({ actor: 'alice' })).toEqual(['alice/A1', 'alice/A2'])
    expect(ids({ actor: 'bob' })).toEqual([]) // bob changed limits but did not act on an alert's own events
  })
  it('state, overridden, text in reasons', () => {
    expect(ids({ state: 'superseded' })).toEqual(['alice/A1'])
    expect(ids({ state: 'cleared' })).toEqual(['alice/A2'])
    expect(ids({ state: 'acknowledged' })).toEqual(['carol/A1'])
    expect(ids({ state: 'open' })).toEqual([])
    expect(ids({ overridden: true })).toEqual(['alice/A2'])
    expect(ids({ text: 'INDEX fut' })).toEqual(['alice/A2'])
    expect(ids({ text: 'widened' })).toEqual(['alice/A2'])
    expect(ids({ text: '100%' })).toEqual([])
  })
  it('wall time of the raise', () => {
    expect(ids({ wallFrom: '2026-03-02T10:02:00.000Z', wallTo: '2026-03-02T10:03:00.000Z' })).toEqual(['alice/A1', 'alice/A2'])
  })
  it('pages with a keyset cursor', () => {
    const p1 = history.query({ limit: 2 })
    expect(byId(p1.alerts)).toEqual(['alice/A1', 'alice/A2'])
    expect(p1.next).toBe(`2020-03-10:${p1.alerts[1]!.seq}`)
    const p2 = history.query({ limit: 2, after: p1.next! })
    expect(byId(p2.alerts)).toEqual(['carol/A1'])
    expect(p2.next).toBeNull()
  })
  it('refuses malformed filters by name', () => {
    expect(() => history.query({ marketFrom: '2020-13-01' })).toThrow(/marketFrom/)
    expect(() => history.query({ marketFrom: '2020-03-10', marketTo: '2020-03-01' })).toThrow(/after/)
    expect(() => history.query({ limit: 0 })).toThrow(/limit/)
    expect(() => history.query({ after: "2020-03-10:1 OR 1=1" })).toThrow(/after: not a history cursor/)
  })
})

describe('flat cells', () => {
  it('one line per alert, no JSON', () => {
    const a2 = history.query({ state: 'cleared' }).alerts[0]!
    const cells = historyCells(a2)
    expect(Object.keys(cells)).toEqual([...HISTORY_COLUMNS])
    expect(cells).toMatchObject({ alert_id: 'A2', decision: 'applied', decided_by: 'alice', var_after: 93.5, override_reasons: 'hedge via index futures | Desk head widened the VaR limit for the crash' })
    for (const v of Object.values(cells)) expect(String(v)).not.toMatch(/^[[{]/)
  })
})

describe('what the desk API carries', () => {
  it('pages parse with the contract schema; the timeline counts alerts per market day and severity', async () => {
    const { AlertHistoryPageSchema, AlertTimelineSchema } = await import('../../../src-shared/domain/alert-history-view')
    expect(() => AlertHistoryPageSchema.parse(history.query())).not.toThrow()
    const timeline = AlertTimelineSchema.parse(history.timeline())
    expect(timeline).toEqual([
      { marketDate: '2020-03-09', severity: 'MEDIUM', count: 1 },
      { marketDate: '2020-03-10', severity: 'HIGH', count: 1 },
      { marketDate: '2020-03-16', severity: 'CRITICAL', count: 1 },
    ])
    expect(history.timeline({ overridden: true })).toEqual([{ marketDate: '2020-03-10', severity: 'HIGH', count: 1 }])
  })
})
