/**
 * The outbox is the local audit trail itself: `audit_events` rows are never changed or deleted (triggers), and each
 * has a seq, so "what is still to send" is simply every row after the server's highest seq for this installation.
 * No extra table, no local bookkeeping that a crash could leave behind: after a SIGKILL the syncer asks the server
 * where it stands and carries on from there.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { AuditEventRow, ChainHead } from '../audit/event-types'

/** One local event in the shape it is replicated. */
export interface OutboxRow {
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  /** canonical JSON exactly as stored and hashed. */
  readonly payloadJson: string
  readonly prevHash: string
  readonly hash: string
}

/** Prepared reads of `audit_events` (one instance per connection). */
export class LocalOutbox {
  private readonly after: Statement<[number, number], AuditEventRow>
  private readonly one: Statement<[number], AuditEventRow>
  private readonly headStmt: Statement<[], ChainHead>

  /** @param db - a connection from `openDatabase` (read-only is fine). */
  constructor(db: Database) {
    this.after = db.prepare<[number, number], AuditEventRow>(
      'SELECT seq, ts, type, actor, book, payload, prev_hash, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?',
    )
    this.one = db.prepare<[number], AuditEventRow>('SELECT seq, ts, type, actor, book, payload, prev_hash, hash FROM audit_events WHERE seq = ?')
    this.headStmt = db.prepare<[], ChainHead>('SELECT seq, hash FROM chain_head WHERE id = 1')
  }

  /** The local head (seq 0 for an empty trail). */
  head(): ChainHead {
    return this.headStmt.get() ?? { seq: 0, hash: '0'.repeat(64) }
  }

  /** Up to `limit` rows with seq > `afterSeq`, in seq order. */
  rowsAfter(afterSeq: number, limit: number): OutboxRow[] {
    return this.after.all(afterSeq, limit).map(toOutboxRow)
  }

  /** The row at `seq`, or undefined. */
  row(seq: number): OutboxRow | undefined {
    const r = this.one.get(seq)
    return r === undefined ? undefined : toOutboxRow(r)
  }
}

function toOutboxRow(r: AuditEventRow): OutboxRow {
  return { seq: r.seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payloadJson: r.payload, prevHash: r.prev_hash, hash: r.hash }
}
