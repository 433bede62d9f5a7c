/**
 * The alert-history fold on a hand-written trail of lifecycle events (written through openDeskAuditLog, so every
 * payload parses against the registered schemas), whose expected rows are written out below independently of the
 * code: an escalation, acknowledgements, a note, a snooze, a vetoed action, an action re-sized, modified, approved
 * and applied, one that expired, limit changes and desk-head overrides while alerts are live, a second session.
 */
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertHistory, alertRowFromRaised, historyCells, HISTORY_COLUMNS, type AlertHistoryRow } from '../../../src-main/audit/alert-history'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { makeTempDir } from './audit-test-helpers'
import { basis, LifecycleTrail, plan } from './lifecycle-trail'

const { dir, cleanup } = makeTempDir('riskdesk-alert-history-')
let db: Database.Database
let history: AlertHistory
let raisedA1: { seq: number; ts: string; payload: unknown }

beforeAll(() => {
  db = openDatabase(':memory:')
  const t = new LifecycleTrail(db, join(dir, 'keys'))
  const A1 = 'sess1aaa-A1'
  const A2 = 'sess1aaa-A2'
  // session 1 (alice): A1 VaR HIGH on 2020-03-09, escalated to CRITICAL, acknowledged, noted; X1 vetoed; the limit
  // widened; automation paused by a desk head; X2 re-sized, modified, approved, applied; A2 (MSFT weight) raised while
  // A1 is live, escalated unacknowledged, snoozed, its X3 expired; A1 resolves; the limit back (only A2 still live)
  t.startSession('sess1aaa-0000-4000', 'alice', '2020-03-09')
  const r1 = t.raise(A1, 'var', 'VaR (historical)', 'HIGH', 105, 100, '2020-03-09', { window: 250, confidence: 0.99 })
  raisedA1 = { seq: r1.seq, ts: r1.ts, payload: r1.payload }
  t.alert('alert.escalated', 'system', A1, 'var', 'escalated', 'CRITICAL', '2020-03-10', { cause: 'metric', from: 'HIGH', value: 130, notify: ['trader', 'desk-head'] })
  t.alert('alert.acknowledged', 'alice', A1, 'var', 'acknowledged', 'CRITICAL', '2020-03-10')
  t.alert('alert.noted', 'alice', A1, 'var', 'acknowledged', 'CRITICAL', '2020-03-10', { text: 'crash week, watching the futures' })
  t.action('action.proposed', 'system', 'X1', A1, 'proposed', '2020-03-10', { policy: 'propose', plan: plan([['AAPL', 100, 75]], 95), basis: basis('2020-03-10', 130, 100), grace: null, alternative: null, downgraded: null })
  t.action('action.rejected', 'alice', 'X1', A1, 'rejected', '2020-03-10', { reason: 'hedge via index futures' })
  t.limits('bob', '2020-03-10', 100, 140, 'Desk head widened the VaR limit for the crash')
  t.limits('bob', '2020-03-10', 100, 140, 'other book', 'Equity L/S')
  t.override('override.paused', 'carol', 'desk-head', 'automation paused during the auction', '2020-03-11', { span: { updates: 3, ms: 0 } })
  t.action('action.proposed', 'system', 'X2', A1, 'proposed', '2020-03-11', { policy: 'propose', plan: plan([['AAPL', 100, 75]], 95), basis: basis('2020-03-11', 128, 140), grace: null, alternative: { method: 'pro-rata', turnover: 400, varAfter: 94 }, downgraded: null })
  t.action('action.resized', 'system', 'X2', A1, 'resized', '2020-03-11', { previous: plan([['AAPL', 100, 75]], 95), plan: plan([['AAPL', 100, 70]], 92), drift: { structureChanged: false, maxLegChange: 5, varAfterChange: 3, beyondTolerance: true } })
  t.action('action.modified', 'alice', 'X2', A1, 'modified', '2020-03-11', { reason: 'keep 80 AAPL for the client order', previous: plan([['AAPL', 100, 70]], 92), plan: plan([['AAPL', 100, 80]], 96, 'reduce', 'manual') })
  t.action('action.approved', 'alice', 'X2', A1, 'approved', '2020-03-11', { reason: 'approved as modified', plan: plan([['AAPL', 100, 80]], 96, 'reduce', 'manual'), automatic: false })
  t.action('action.applied', 'system', 'X2', A1, 'applied', '2020-03-11', { executedDate: '2020-03-11', fills: [{ symbol: 'AAPL', quantity: -20, price: 10 }], varAfter: 93.5, esAfter: null, limit: 140, withinLimit: true })
  t.raise(A2, 'positionWeight:MSFT', 'MSFT weight', 'HIGH', 0.14, 0.11, '2020-03-12')
  t.alert('alert.escalated', 'system', A2, 'positionWeight:MSFT', 'escalated', 'CRITICAL', '2020-03-12', { cause: 'unacknowledged', from: 'HIGH', value: 0.14, notify: ['trader', 'desk-head'] })
  t.alert('alert.snoozed', 'alice', A2, 'positionWeight:MSFT', 'escalated', 'CRITICAL', '2020-03-12', { reason: 'rebalancing tomorrow', span: { updates: 2, ms: 0 } })
  t.action('action.proposed', 'system', 'X3', A2, 'proposed', '2020-03-12', { policy: 'propose', plan: plan([['MSFT', 50, 40]], 90), basis: basis('2020-03-12', 90, 140), grace: null, alternative: null, downgraded: 'automation paused' })
  t.action('action.expired', 'system', 'X3', A2, 'expired', '2020-03-13', { cause: 'stale', detail: 'older than 5 market updates' })
  t.alert('alert.resolved', 'system', A1, 'var', 'resolved', 'CRITICAL', '2020-03-13', { value: 70, clearBelow: 78 })
  t.limits('bob', '2020-03-13', 140, 100, 'back to normal after the alert')
  t.endSession('alice', '2020-03-13')
  // session 2 (carol): an AAPL loss alert acknowledged, the kill switch and its re-arm while it is live; a
  // days-to-liquidate warning left open
  t.startSession('sess2bbb-0000-4000', 'carol', '2020-03-16')
  t.raise('sess2bbb-A1', 'positionLoss:AAPL', 'AAPL loss', 'HIGH', 5000, 3000, '2020-03-16')
  t.alert('alert.acknowledged', 'carol', 'sess2bbb-A1', 'positionLoss:AAPL', 'acknowledged', 'HIGH', '2020-03-16')
  t.override('override.killed', 'carol', 'desk-head', 'kill switch: venue outage', '2020-03-16')
  t.override('override.rearmed', 'dave', 'desk-head', 'venue back, re-armed', '2020-03-16')
  t.raise('sess2bbb-A2', 'daysToLiquidate:TLT', 'TLT days to liquidate', 'MEDIUM', 0.9, 1, '2020-03-17')
  history = new AlertHistory(db)
})
afterAll(() => {
  closeDatabase(db)
  cleanup()
})

const byId = (rows: AlertHistoryRow[]) => rows.map((r) => `${r.actor}/${r.id}`)

describe('the fold', () => {
  it('gives one row per raised alert, by market date, with its final state, severity, trader, decisions and overrides', () => {
    const { alerts, next } = history.query()
    expect(next).toBeNull()
    expect(byId(alerts)).toEqual(['alice/sess1aaa-A1', 'alice/sess1aaa-A2', 'carol/sess2bbb-A1', 'carol/sess2bbb-A2'])
    const [a1, a2, c1, c2] = alerts as [AlertHistoryRow, AlertHistoryRow, AlertHistoryRow, AlertHistoryRow]
    expect(a1).toMatchObject({
      marketDate: '2020-03-09',
      book: 'Macro',
      severity: 'CRITICAL',
      raisedSeverity: 'HIGH',
      rule: 'var',
      ruleKey: 'var',
      symbol: null,
      label: 'VaR (historical)',
      value: 105,
      limit: 100,
      state: 'resolved',
      resolvedDate: '2020-03-13',
      acknowledgedBy: 'alice',
      escalations: [{ cause: 'metric', from: 'HIGH', to: 'CRITICAL', value: 130, marketDate: '2020-03-10' }],
      notes: [{ actor: 'alice', text: 'crash week, watching the futures', marketDate: '2020-03-10' }],
      snoozes: [],
    })
    expect(a1.actions.map((x) => [x.id, x.state, x.decisions.map((d) => `${d.decision}:${d.actor}`), x.varAfter])).toEqual([
      ['X1', 'rejected', ['proposed:system', 'rejected:alice'], null],
      ['X2', 'applied', ['proposed:system', 'resized:system', 'modified:alice', 'approved:alice', 'applied:system'], 93.5],
    ])
    // the plan in force is the modified one; the preview and the basis are kept
    expect(a1.actions[1]).toMatchObject({ kind: 'reduce', method: 'manual', trades: [{ symbol: 'AAPL', fromQuantity: 100, toQuantity: 80 }], turnover: 200, varBefore: 128, varLimit: 140, varAfterPreview: 96, executedDate: '2020-03-11', withinLimit: true })
    expect(a1.actions[1]!.decisions.map((d) => d.reason)).toEqual([null, null, 'keep 80 AAPL for the client order', 'approved as modified', null])
    expect(a1.actions[1]!.decisions[1]!.detail).toBe('re-sized on current prices: AAPL 100->75 -> AAPL 100->70; VaR after 95 -> 92')
    // the veto, the limit change on the same book, the pause and the modification while live, in trail order; not
    // the other book's limit change, not the one after it resolved
    expect(a1.overrides.map((o) => [o.kind, o.actor, o.role, o.reason, o.varLimitAfter, o.actionId])).toEqual([
      ['action.rejected', 'alice', null, 'hedge via index futures', null, 'X1'],
      ['limits.changed', 'bob', null, 'Desk head widened the VaR limit for the crash', 140, null],
      ['override.paused', 'carol', 'desk-head', 'automation paused during the auction', null, null],
      ['action.modified', 'alice', null, 'keep 80 AAPL for the client order', null, 'X2'],
    ])
    expect(a1.overrides[2]!.detail).toBe('for 3 market updates or 0 min')
    expect(a1.overrides[3]!.detail).toBe('AAPL 100->70 -> AAPL 100->80')

    expect(a2).toMatchObject({ rule: 'positionWeight', ruleKey: 'positionWeight:MSFT', symbol: 'MSFT', label: 'MSFT weight', severity: 'CRITICAL', raisedSeverity: 'HIGH', state: 'escalated', acknowledgedBy: null, resolvedAt: null })
    expect(a2.escalations.map((e) => e.cause)).toEqual(['unacknowledged'])
    expect(a2.snoozes).toMatchObject([{ actor: 'alice', reason: 'rebalancing tomorrow', span: { updates: 2, ms: 0 } }])
    expect(a2.actions.map((x) => [x.id, x.state, x.decisions.map((d) => `${d.decision}:${d.detail}`)])).toEqual([['X3', 'expired', ['proposed:automation paused', 'expired:stale: older than 5 market updates']]])
    expect(a2.overrides.map((o) => [o.kind, o.reason])).toEqual([['limits.changed', 'back to normal after the alert']])

    expect(c1).toMatchObject({ sessionId: 'sess2bbb-0000-4000', marketDate: '2020-03-16', rule: 'positionLoss', symbol: 'AAPL', state: 'acknowledged', acknowledgedBy: 'carol', severity: 'HIGH' })
    expect(c1.overrides.map((o) => [o.kind, o.actor, o.role, o.reason])).toEqual([
      ['override.killed', 'carol', 'desk-head', 'kill switch: venue outage'],
      ['override.rearmed', 'dave', 'desk-head', 'venue back, re-armed'],
    ])
    expect(c2).toMatchObject({ state: 'open', severity: 'MEDIUM', overrides: [], actions: [] })
  })

  it('alertRowFromRaised builds the row from the raised event alone (the PostgreSQL reader calls it too)', () => {
    const row = alertRowFromRaised({ seq: raisedA1.seq, ts: raisedA1.ts, type: 'alert.raised', actor: 'system', book: 'Macro', market_date: '2020-03-09', trader: 'alice', payload: raisedA1.payload })
    expect(row).toEqual({
      id: 'sess1aaa-A1',
      seq: raisedA1.seq,
      sessionId: 'sess1aaa-0000-4000',
      marketDate: '2020-03-09',
      wallTime: raisedA1.ts,
      book: 'Macro',
      actor: 'alice',
      severity: 'HIGH',
      raisedSeverity: 'HIGH',
      rule: 'var',
      ruleKey: 'var',
      symbol: null,
      label: 'VaR (historical)',
      value: 105,
      limit: 100,
      state: 'open',
      escalations: [],
      acknowledgedBy: null,
      acknowledgedAt: null,
      snoozes: [],
      notes: [],
      resolvedAt: null,
      resolvedDate: null,
      actions: [],
      overrides: [],
    })
  })
})

describe('filters', () => {
  const ids = (q: Parameters<AlertHistory['query']>[0]) => history.query(q).alerts.map((r) => r.id)
  it('market date range, final severity, rule (kind or key), book', () => {
    expect(ids({ marketFrom: '2020-03-10', marketTo: '2020-03-13' })).toEqual(['sess1aaa-A2'])
    expect(ids({ marketFrom: '2020-03-16' })).toEqual(['sess2bbb-A1', 'sess2bbb-A2'])
    expect(ids({ severity: 'CRITICAL' })).toEqual(['sess1aaa-A1', 'sess1aaa-A2'])
    expect(ids({ severity: 'HIGH' })).toEqual(['sess2bbb-A1'])
    expect(ids({ severity: 'MEDIUM' })).toEqual(['sess2bbb-A2'])
    expect(ids({ rule: 'var' })).toEqual(['sess1aaa-A1'])
    expect(ids({ rule: 'positionLoss' })).toEqual(['sess2bbb-A1'])
    expect(ids({ rule: 'positionLoss:AAPL' })).toEqual(['sess2bbb-A1'])
    expect(ids({ rule: 'positionLoss:MSFT' })).toEqual([])
    expect(ids({ rule: 'position' })).toEqual([])
    expect(ids({ book: 'Equity L/S' })).toEqual([])
  })
  it('actor: the trader of the session, or anyone who acted on the alert or changed its book\'s controls while it was live', () => {
    expect(ids({ actor: 'carol' })).toEqual(['sess1aaa-A1', 'sess2bbb-A1', 'sess2bbb-A2'])
    expect(ids({ actor: 'alice' })).toEqual(['sess1aaa-A1', 'sess1aaa-A2'])
    expect(ids({ actor: 'bob' })).toEqual(['sess1aaa-A1', 'sess1aaa-A2'])
    expect(ids({ actor: 'dave' })).toEqual(['sess2bbb-A1'])
    expect(ids({ actor: 'erin' })).toEqual([])
  })
  it('final state, overridden, text in reasons, snoozes and notes', () => {
    expect(ids({ state: 'resolved' })).toEqual(['sess1aaa-A1'])
    expect(ids({ state: 'escalated' })).toEqual(['sess1aaa-A2'])
    expect(ids({ state: 'acknowledged' })).toEqual(['sess2bbb-A1'])
    expect(ids({ state: 'open' })).toEqual(['sess2bbb-A2'])
    expect(ids({ overridden: true })).toEqual(['sess1aaa-A1', 'sess1aaa-A2', 'sess2bbb-A1'])
    expect(ids({ text: 'INDEX fut' })).toEqual(['sess1aaa-A1'])
    expect(ids({ text: 'client order' })).toEqual(['sess1aaa-A1'])
    expect(ids({ text: 'watching' })).toEqual(['sess1aaa-A1'])
    expect(ids({ text: 'rebalancing' })).toEqual(['sess1aaa-A2'])
    expect(ids({ text: 'widened' })).toEqual(['sess1aaa-A1'])
    expect(ids({ text: 'venue' })).toEqual(['sess2bbb-A1'])
    expect(ids({ text: '100%' })).toEqual([])
    expect(() => history.query({ state: 'cleared' as never })).toThrow(/state must be one of open, escalated, acknowledged, resolved/)
  })
  it('wall time of the raise', () => {
    const [a1, a2] = history.query().alerts as [AlertHistoryRow, AlertHistoryRow]
    expect(ids({ wallFrom: a1.wallTime, wallTo: a2.wallTime })).toEqual(['sess1aaa-A1', 'sess1aaa-A2'])
    expect(ids({ wallFrom: a2.wallTime, wallTo: a2.wallTime })).toEqual(['sess1aaa-A2'])
  })
  it('pages with a keyset cursor', () => {
    const p1 = history.query({ limit: 3 })
    expect(p1.alerts.map((r) => r.id)).toEqual(['sess1aaa-A1', 'sess1aaa-A2', 'sess2bbb-A1'])
    expect(p1.next).toBe(`2020-03-16:${p1.alerts[2]!.seq}`)
    const p2 = history.query({ limit: 3, after: p1.next! })
    expect(p2.alerts.map((r) => r.id)).toEqual(['sess2bbb-A2'])
    expect(p2.next).toBeNull()
  })
  it('refuses malformed filters by name', () => {
    expect(() => history.query({ marketFrom: '2020-13-01' })).toThrow(/marketFrom/)
    expect(() => history.query({ marketFrom: '2020-03-10', marketTo: '2020-03-01' })).toThrow(/after/)
    expect(() => history.query({ limit: 0 })).toThrow(/limit/)
    expect(() => history.query({ after: '2020-03-10:1 OR 1=1' })).toThrow(/after: not a history cursor/)
  })
})

describe('flat cells', () => {
  it('one line per alert, no JSON: the last decision of the latest action, overrides and notes joined', () => {
    const a1 = history.query({ state: 'resolved' }).alerts[0]!
    const cells = historyCells(a1)
    expect(Object.keys(cells)).toEqual([...HISTORY_COLUMNS])
    expect(cells).toMatchObject({
      alert_id: 'sess1aaa-A1',
      severity: 'CRITICAL',
      rule: 'var',
      label: 'VaR (historical)',
      state: 'resolved',
      actions: 2,
      decision: 'applied',
      decided_by: 'system',
      var_after: 93.5,
      override_reasons: 'hedge via index futures | Desk head widened the VaR limit for the crash | automation paused during the auction | keep 80 AAPL for the client order',
      notes: 'alice: crash week, watching the futures',
    })
    for (const v of Object.values(cells)) expect(String(v)).not.toMatch(/^[[{]/)
    // a re-size is the desk's step, not a decision
    expect(historyCells({ ...a1, actions: [{ varAfter: null, decisions: [{ decision: 'proposed', actor: 'system', reason: null }, { decision: 'resized', actor: 'system', reason: null }] }] })).toMatchObject({ decision: 'pending', decided_by: null })
  })
})

describe('what the desk API carries', () => {
  it('pages parse with the contract schema; the timeline counts alerts per market day and final severity', async () => {
    const { AlertHistoryPageSchema, AlertTimelineSchema } = await import('../../../src-shared/domain/alert-history-view')
    expect(() => AlertHistoryPageSchema.parse(history.query())).not.toThrow()
    const timeline = AlertTimelineSchema.parse(history.timeline())
    expect(timeline).toEqual([
      { marketDate: '2020-03-09', severity: 'CRITICAL', count: 1 },
      { marketDate: '2020-03-12', severity: 'CRITICAL', count: 1 },
      { marketDate: '2020-03-16', severity: 'HIGH', count: 1 },
      { marketDate: '2020-03-17', severity: 'MEDIUM', count: 1 },
    ])
    expect(history.timeline({ overridden: true, severity: 'CRITICAL' })).toEqual([
      { marketDate: '2020-03-09', severity: 'CRITICAL', count: 1 },
      { marketDate: '2020-03-12', severity: 'CRITICAL', count: 1 },
    ])
  })
})
