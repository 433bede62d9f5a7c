/**
 * Test trails of the issue-8 lifecycle events written straight through openDeskAuditLog (which refuses a payload
 * that does not parse against src-shared/domain/audit-events/lifecycle.ts), without a desk replay: each test spells
 * out the events it folds and the rows it expects.
 */
import type { Database } from 'better-sqlite3'
import { openDeskAuditLog } from '../../../src-main/audit/desk-audit-log'
import type { AuditLog } from '../../../src-main/audit/event-log'
import type { AuditRecord } from '../../../src-main/audit/event-types'

export const LIMITS = { varLimit: 100, varMethod: 'historical', maxLossPerPosition: 3000, maxPositionWeight: 0.11, maxDaysToLiquidate: 1, policy: 'propose', graceSeconds: 30, risingUpdates: 3 } as const

type Leg = readonly [symbol: string, from: number, to: number]

/** An action plan (ActionPlanSchema): legs at price 10, turnover Σ|Δq|·10. */
export function plan(legs: readonly Leg[], varAfter: number, kind: 'reduce' | 'hedge' | 'flatten' = 'reduce', method = 'least-turnover') {
  return {
    kind,
    method,
    legs: legs.map(([symbol, fromQuantity, toQuantity]) => ({ symbol, fromQuantity, toQuantity, price: 10 })),
    varAfter,
    esAfter: null,
    turnover: legs.reduce((s, [, f, t]) => s + Math.abs(f - t) * 10, 0),
  }
}

/** What a proposal was sized on (SizingBasisSchema). */
export function basis(marketDate: string, varBefore: number, varLimit: number) {
  return { marketDate, frameSeq: 1, method: 'historical', confidence: 0.99, window: 250, varBefore, esBefore: null, varLimit, target: varLimit * 0.96, positions: [{ symbol: 'AAPL', quantity: 100, price: 10 }] }
}

/**
 * Appends desk events one at a time with the envelope (sessionId, marketDate) and the row's wall time one minute
 * after the previous one, from 2026-03-02 10:00 UTC.
 */
export class LifecycleTrail {
  readonly log: AuditLog
  private minute = 0
  sessionId = 'session-0'
  book: string | null = 'Macro'

  constructor(db: Database, keyDir: string) {
    this.log = openDeskAuditLog(db, { keyDir })
  }

  /** the wall time the next event will carry */
  nextTs(): string {
    return new Date(Date.parse('2026-03-02T10:00:00.000Z') + this.minute * 60_000).toISOString()
  }

  ev(type: string, actor: string, marketDate: string | null, fields: Record<string, unknown>, book: string | null = this.book): AuditRecord {
    const ts = this.nextTs()
    this.minute += 1
    return this.log.append({ type, actor, book, ts, payload: { sessionId: this.sessionId, marketDate, ...fields } })
  }

  /**
   * @param resumedAfter - the market date a desk reopened on the same database resumes after (DeskService writes it
   *   when it restores the book's saved desk: open alerts, pending actions, controls); omitted: a fresh start.
   */
  startSession(sessionId: string, trader: string, date: string, resumedAfter?: string): AuditRecord {
    this.sessionId = sessionId
    const mode = resumedAfter === undefined ? { mode: 'replay' } : { mode: 'desk', resumedAfter }
    return this.ev('session.started', trader, date, { window: 250, confidence: 0.99, method: 'historical', engineVersion: 'test', ...mode, from: date, to: '2020-04-30', limits: LIMITS, excluded: [] })
  }

  endSession(trader: string, date: string): AuditRecord {
    return this.ev('session.ended', trader, date, { frames: 10 })
  }

  raise(alertId: string, ruleKey: string, label: string, severity: string, value: number, limit: number, date: string, inputs: Record<string, string | number | boolean | null> = {}): AuditRecord {
    return this.ev('alert.raised', 'system', date, { alertId, ruleKey, actor: 'system', state: 'open', severity, label, value, limit, notify: ['trader'], inputs })
  }

  /** alert.acknowledged | escalated | resolved | snoozed | noted: `fields` beyond the alert's common ones */
  alert(type: string, actor: string, alertId: string, ruleKey: string, state: string, severity: string, date: string, fields: Record<string, unknown> = {}): AuditRecord {
    return this.ev(type, actor, date, { alertId, ruleKey, actor, state, severity, ...fields })
  }

  action(type: string, actor: string, actionId: string, alertId: string, state: string, date: string, fields: Record<string, unknown> = {}): AuditRecord {
    return this.ev(type, actor, date, { actionId, alertId, actor, state, ...fields })
  }

  override(type: string, actor: string, role: 'trader' | 'desk-head', reason: string, date: string, fields: Record<string, unknown> = {}): AuditRecord {
    return this.ev(type, actor, date, { book: this.book ?? 'Macro', actor, role, reason, ...fields })
  }

  /** a risk.snapshot of the frame of `date`: settings, a placeholder frame, the limits and the book as held */
  snapshot(date: string, positions: readonly { symbol: string; quantity: number; cost?: number }[], settings: { window?: number; confidence?: number; varLimit?: number } = {}): AuditRecord {
    const varLimit = settings.varLimit ?? LIMITS.varLimit
    const frame = {
      date,
      seq: 1,
      net: 0,
      gross: 0,
      pnl: 0,
      volatility: 0,
      var: { historical: 0, parametric: 0, ewma: 0 },
      es: { historical: 0, parametric: 0 },
      hhi: 0,
      worstSector: null,
      varLimit,
      breached: false,
      regimeTightened: false,
      regime: null,
      vix: null,
      correlationShare: null,
      anomalies: [],
    }
    return this.ev('risk.snapshot', 'system', date, {
      window: settings.window ?? 250,
      confidence: settings.confidence ?? 0.99,
      method: 'historical',
      engineVersion: 'test',
      frame,
      limits: { ...LIMITS, varLimit },
      positions: positions.map((p) => ({ ...p })),
    })
  }

  limits(actor: string, date: string, before: number, after: number, reason: string, book: string | null = this.book): AuditRecord {
    return this.ev('limits.changed', actor, date, { before: { ...LIMITS, varLimit: before }, after: { ...LIMITS, varLimit: after }, reason }, book)
  }
}

/** The market days of 2–20 March 2020 (weekdays). */
export const CRASH_DAYS = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13', '16', '17', '18', '19', '20'].map((d) => `2020-03-${d}`)

/**
 * A desk session through the crash weeks, as a replay with every proposal decided one way would write it: each day a
 * risk snapshot; a VaR alert raised on day 2, escalated, acknowledged, with a reduce proposed on most days and
 * approved (then applied) or rejected with `reason`; position alerts (loss, weight) raised and resolved; a limit
 * change, a pause of the automation by a desk head, a note and a snooze; a days-to-liquidate warning escalated for want
 * of an acknowledgement. The session ends with every final state present: acknowledged, resolved, open, escalated.
 *
 * @returns the alert ids raised, in order.
 */
export function crashSession(t: LifecycleTrail, opts: { sessionId: string; trader: string; decide: 'approve' | 'reject'; reason: string }): string[] {
  const tag = opts.sessionId.slice(0, 8)
  const ids: string[] = []
  let alertNo = 0
  let actionNo = 0
  const raise = (ruleKey: string, label: string, severity: string, value: number, limit: number, date: string): string => {
    const id = `${tag}-A${++alertNo}`
    t.raise(id, ruleKey, label, severity, value, limit, date, { window: 250, confidence: 0.99 })
    ids.push(id)
    return id
  }
  t.startSession(opts.sessionId, opts.trader, CRASH_DAYS[0]!)
  const positions = [{ symbol: 'AAPL', quantity: 8000, cost: 300 }, { symbol: 'MSFT', quantity: 8000, cost: 170 }, { symbol: 'BA', quantity: 3000, cost: 330 }]
  let varAlert: string | null = null
  let weightAlert: string | null = null
  let daysAlert: string | null = null
  CRASH_DAYS.forEach((date, d) => {
    t.snapshot(date, positions)
    if (d === 1) varAlert = raise('var', 'VaR (historical)', 'HIGH', 120, 100, date)
    if (d === 3 && varAlert) {
      t.alert('alert.escalated', 'system', varAlert, 'var', 'escalated', 'CRITICAL', date, { cause: 'metric', from: 'HIGH', value: 130, notify: ['trader', 'desk-head'] })
      t.alert('alert.acknowledged', opts.trader, varAlert, 'var', 'acknowledged', 'CRITICAL', date)
    }
    if (d === 4 && varAlert) t.alert('alert.noted', opts.trader, varAlert, 'var', 'acknowledged', 'CRITICAL', date, { text: 'futures desk informed' })
    if (d >= 2 && d % 2 === 0 && varAlert) {
      const id = `${tag}-X${++actionNo}`
      t.action('action.proposed', 'system', id, varAlert, 'proposed', date, { policy: 'propose', plan: plan([['MSFT', 8000, 6000]], 95), basis: basis(date, 125, 100), grace: null, alternative: null, downgraded: null })
      if (opts.decide === 'reject') t.action('action.rejected', opts.trader, id, varAlert, 'rejected', date, { reason: opts.reason })
      else {
        t.action('action.approved', opts.trader, id, varAlert, 'approved', date, { reason: opts.reason, plan: plan([['MSFT', 8000, 6000]], 95), automatic: false })
        t.action('action.applied', 'system', id, varAlert, 'applied', date, { executedDate: date, fills: [{ symbol: 'MSFT', quantity: -2000, price: 10 }], varAfter: 97, esAfter: null, limit: 100, withinLimit: true })
      }
    }
    if (d === 5) {
      const loss = raise('positionLoss:BA', 'BA loss', 'HIGH', 350_000, 310_000, date)
      t.alert('alert.resolved', 'system', loss, 'positionLoss:BA', 'resolved', 'HIGH', CRASH_DAYS[d + 1]!, { value: 200_000, clearBelow: 279_000 })
    }
    if (d === 6) t.limits('desk-head', date, 100, 120, 'temporary increase approved by the desk head')
    if (d === 8) weightAlert = raise('positionWeight:MSFT', 'MSFT weight', 'MEDIUM', 0.1, 0.11, date)
    if (d === 9) t.override('override.paused', 'desk-head', 'desk-head', 'automation paused for the auction', date, { span: { updates: 2, ms: 0 } })
    if (d === 11 && weightAlert) t.alert('alert.snoozed', opts.trader, weightAlert, 'positionWeight:MSFT', 'open', 'MEDIUM', date, { reason: 'rebalancing at the close', span: { updates: 3, ms: 0 } })
    if (d === 12) daysAlert = raise('daysToLiquidate:BA', 'BA days to liquidate', 'MEDIUM', 0.9, 1, date)
    if (d === 13 && daysAlert) t.alert('alert.escalated', 'system', daysAlert, 'daysToLiquidate:BA', 'escalated', 'HIGH', date, { cause: 'unacknowledged', from: 'MEDIUM', value: 0.95, notify: ['trader', 'desk-head'] })
  })
  t.endSession(opts.trader, CRASH_DAYS.at(-1)!)
  return ids
}

/** The alert ids of restartTrail, by name. */
export interface RestartTrailIds {
  /** VaR alert raised in session 1, restored and resolved in session 3 */
  readonly varAlert: string
  /** its action: proposed in session 1, approved and applied in session 3 */
  readonly action: string
  /** BA loss alert resolved in session 1, before the restart */
  readonly resolvedBefore: string
  /** MSFT weight alert left open in session 1, restored in session 3, dropped by the fresh start of session 4 */
  readonly dropped: string
  /** the other book's alert (session 2) */
  readonly otherBook: string
  /** session 4's own alert */
  readonly fresh: string
}

/**
 * A desk restarted on the same database, as DeskService writes it (hand-written, so each row's expectation can be
 * spelled out): session 1 on Macro raises a VaR alert (acknowledged, a reduce proposed), a BA loss alert resolved
 * before the restart and an MSFT weight alert left open, with a limit change while they are live; session 2 is
 * another book's (Equity L/S, its own alert and kill switch); session 3 resumes Macro (`resumedAfter`) with the same
 * alert ids: the VaR alert escalates, its action is approved and applied, the kill switch is engaged, a desk head
 * re-arms, the alert resolves, then a limit change; session 4 starts Macro afresh (no resumedAfter: the open MSFT
 * alert is dropped), raises its own alert and, as a trail written before ids carried the session's tag could, the
 * MSFT alert's id again (acknowledged), and pauses the automation.
 */
export function restartTrail(t: LifecycleTrail): RestartTrailIds {
  const ids: RestartTrailIds = {
    varAlert: 'rst1aaaa-A1',
    action: 'rst1aaaa-X1',
    resolvedBefore: 'rst1aaaa-A2',
    dropped: 'rst1aaaa-A3',
    otherBook: 'rst2bbbb-A1',
    fresh: 'rst4dddd-A1',
  }
  t.book = 'Macro'
  t.startSession('rst1aaaa-0000-4000-8000-000000000001', 'alice', '2020-03-09')
  t.raise(ids.varAlert, 'var', 'VaR (historical)', 'HIGH', 120, 100, '2020-03-09', { window: 250, confidence: 0.99 })
  t.alert('alert.acknowledged', 'alice', ids.varAlert, 'var', 'acknowledged', 'HIGH', '2020-03-09')
  t.action('action.proposed', 'system', ids.action, ids.varAlert, 'proposed', '2020-03-09', { policy: 'propose', plan: plan([['AAPL', 100, 60]], 95), basis: basis('2020-03-09', 120, 100), grace: null, alternative: null, downgraded: null })
  t.raise(ids.resolvedBefore, 'positionLoss:BA', 'BA loss', 'HIGH', 4000, 3000, '2020-03-09')
  t.limits('bob', '2020-03-09', 100, 110, 'widened for the crash week')
  t.alert('alert.resolved', 'system', ids.resolvedBefore, 'positionLoss:BA', 'resolved', 'HIGH', '2020-03-10', { value: 2000, clearBelow: 2700 })
  t.raise(ids.dropped, 'positionWeight:MSFT', 'MSFT weight', 'MEDIUM', 0.1, 0.11, '2020-03-10')
  t.endSession('alice', '2020-03-10')

  t.book = 'Equity L/S'
  t.startSession('rst2bbbb-0000-4000-8000-000000000002', 'erin', '2020-03-11')
  t.raise(ids.otherBook, 'var', 'VaR (historical)', 'HIGH', 130, 100, '2020-03-11')
  t.override('override.killed', 'erin', 'trader', 'other book: venue outage', '2020-03-11')
  t.endSession('erin', '2020-03-11')

  t.book = 'Macro'
  t.startSession('rst3cccc-0000-4000-8000-000000000003', 'alice', '2020-03-11', '2020-03-10')
  t.alert('alert.escalated', 'system', ids.varAlert, 'var', 'escalated', 'CRITICAL', '2020-03-11', { cause: 'metric', from: 'HIGH', value: 140, notify: ['trader', 'desk-head'] })
  t.action('action.approved', 'alice', ids.action, ids.varAlert, 'approved', '2020-03-11', { reason: 'cut as proposed after the restart', plan: plan([['AAPL', 100, 60]], 95), automatic: false })
  t.action('action.applied', 'system', ids.action, ids.varAlert, 'applied', '2020-03-11', { executedDate: '2020-03-11', fills: [{ symbol: 'AAPL', quantity: -40, price: 10 }], varAfter: 96, esAfter: null, limit: 110, withinLimit: true })
  t.override('override.killed', 'alice', 'trader', 'crash day: stop all automation', '2020-03-11')
  t.override('override.rearmed', 'dora', 'desk-head', 'reviewed the book after the kill switch', '2020-03-12')
  t.alert('alert.resolved', 'system', ids.varAlert, 'var', 'resolved', 'CRITICAL', '2020-03-12', { value: 80, clearBelow: 99 })
  t.limits('bob', '2020-03-12', 110, 100, 'back to normal after the resolution')
  t.endSession('alice', '2020-03-12')

  t.startSession('rst4dddd-0000-4000-8000-000000000004', 'carol', '2020-03-16')
  t.raise(ids.fresh, 'daysToLiquidate:TLT', 'TLT days to liquidate', 'MEDIUM', 0.9, 1, '2020-03-16')
  t.raise(ids.dropped, 'positionWeight:MSFT', 'MSFT weight', 'HIGH', 0.12, 0.11, '2020-03-16')
  t.alert('alert.acknowledged', 'carol', ids.dropped, 'positionWeight:MSFT', 'acknowledged', 'HIGH', '2020-03-16')
  t.override('override.paused', 'carol', 'desk-head', 'automation paused for the auction', '2020-03-16', { span: { updates: 2, ms: 0 } })
  return ids
}
