/**
 * Shapes of audit events: what a caller hands to `AuditLog.append`, what comes back, and the event type names the
 * desk uses. Type names are free strings to the log (new kinds need no migration); the list below is the
 * vocabulary shared by the desk, the host and the history views.
 */

/** Event types written by RiskDesk. `area.verb`, lowercase. */
export const AUDIT_EVENT_TYPES = [
  'session.started',
  'session.ended',
  'feed.health',
  'tick.rejected',
  'risk.snapshot',
  'alert.raised',
  'alert.escalated',
  'alert.cleared',
  'alert.acknowledged',
  'action.proposed',
  'action.approved',
  'action.rejected',
  'action.applied',
  'action.expired',
  'limits.changed',
  'anomaly.flagged',
  'book.saved',
  'book.changed',
] as const

/** One of AUDIT_EVENT_TYPES. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number]

/** An event to record. */
export interface AuditEventInput {
  /** what happened, e.g. `alert.raised`; non-empty. Prefer AUDIT_EVENT_TYPES. */
  readonly type: string
  /** who did it: a user name, or `system` / `desk` / `policy:auto` for automated steps; non-empty. */
  readonly actor: string
  /** the book concerned, or null/absent for desk-wide events. */
  readonly book?: string | null
  /** when it happened, `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, ms); default the log's clock at append time. */
  readonly ts?: string
  /** free-form details; must be canonical-JSON serialisable (plain data, finite numbers, no undefined). */
  readonly payload: unknown
}

/** An event as stored: the input plus its position in the chain and the two hashes. */
export interface AuditRecord {
  /** 1-based position in the log; consecutive, no gaps. */
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  /** the payload parsed back from its stored canonical JSON (plain data). */
  readonly payload: unknown
  /** the payload's canonical JSON, exactly as stored and hashed. */
  readonly payloadJson: string
  /** hash of the previous record (64 zeros for seq 1). */
  readonly prevHash: string
  /** SHA-256 hex of this record; see event-hash.ts. */
  readonly hash: string
}

/** The newest record's position and hash (seq 0 and 64 zeros for an empty log). */
export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

/** A row of `audit_events` as SQLite returns it. */
export interface AuditEventRow {
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  readonly payload: string
  readonly prev_hash: string
  readonly hash: string
}
