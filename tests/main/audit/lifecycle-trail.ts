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

  startSession(sessionId: string, trader: string, date: string): AuditRecord {
    this.sessionId = sessionId
    return this.ev('session.started', trader, date, { window: 250, confidence: 0.99, method: 'historical', engineVersion: 'test', mode: 'replay', from: date, to: '2020-04-30', limits: LIMITS, excluded: [] })
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
