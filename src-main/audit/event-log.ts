/**
 * The append-only, hash-chained audit log over a database opened with `openDatabase`.
 *
 * Writes: each `appendMany` call is one IMMEDIATE transaction (the desk writes one per frame). Inside it the head
 * `(seq, hash)` is read, each event gets `seq = head.seq + 1` and `prevHash = head.hash`, its hash is computed
 * (event-hash.ts) and the row inserted with a prepared statement and bound parameters; a trigger advances
 * `chain_head` in the same statement. The records are returned after COMMIT, and with `synchronous = FULL` a
 * commit is on disk, so "returned" means "durable" — unless the caller wrapped the call in its own
 * `db.transaction`, in which case durability comes with that outer commit.
 *
 * Reading the head inside the write transaction (rather than caching it) keeps the chain linear even if another
 * connection (a second process on the same file) appends too: IMMEDIATE takes the write lock before the read.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { AuditEventSchemaMap } from '@shared/domain/audit-events'
import { canonicalJson, CanonicalJsonError } from './canonical-json'
import { AuditInputError } from './errors'
import { computeEventHash } from './event-hash'
import type { AuditEventInput, AuditEventRow, AuditRecord, ChainHead } from './event-types'
import { buildHistoryQuery, EVENT_COLUMNS, type AuditQuery } from './history-query'
import { isAuditTimestamp } from './timestamps'

export type { AuditQuery } from './history-query'

/**
 * Adds one event at the end of a frame, inside the frame's transaction (checkpoint.ts signs the head this way).
 * Called once per `appendMany` after the frame's rows are inserted; what it returns is appended with the next seq.
 */
export interface FrameSealer {
  /**
   * @param head - the chain head after the frame (seq, hash of its last row).
   * @param frame - the records just written, in order.
   * @returns an event to append after them, or null.
   */
  seal(head: ChainHead, frame: readonly AuditRecord[]): AuditEventInput | null
}

/** Options of `AuditLog`. */
export interface AuditLogOptions {
  /** clock for events appended without `ts`; default `() => new Date()`. */
  readonly now?: () => Date
  /** appends a closing event to a frame when it asks to (checkpoints); default none. */
  readonly sealer?: FrameSealer
  /**
   * the event vocabulary (AUDIT_EVENT_SCHEMAS for the desk): when given, an event whose type has no schema or whose
   * payload does not parse is refused (nothing of its frame written); default none (a bare chain, any type)
   */
  readonly events?: AuditEventSchemaMap
}

interface PreparedEvent {
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  readonly payloadJson: string
}

const LONE_SURROGATE = /\p{Cs}/u

/**
 * Turn a stored row into the record callers see.
 *
 * @param row - a row of `audit_events`.
 * @returns the record with `payload` parsed from the stored canonical JSON.
 * @throws SyntaxError when the stored payload is not JSON (only possible after tampering; verify.ts reports it).
 */
export function rowToRecord(row: AuditEventRow): AuditRecord {
  return {
    seq: row.seq,
    ts: row.ts,
    type: row.type,
    actor: row.actor,
    book: row.book,
    payload: JSON.parse(row.payload) as unknown,
    payloadJson: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

function checkText(value: unknown, field: string, index: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AuditInputError(field, `event ${index}: ${field} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`, index)
  }
  // SQLite stores TEXT as UTF-8, which cannot hold a lone surrogate: it would come back changed and break the hash.
  if (LONE_SURROGATE.test(value)) throw new AuditInputError(field, `event ${index}: ${field} contains a lone UTF-16 surrogate`, index)
  return value
}

/** Refuses an event type outside the vocabulary, or a payload that does not match its type's schema. */
function checkPayload(events: AuditEventSchemaMap, type: string, payload: unknown, index: number): void {
  const schema = events[type]
  if (schema === undefined) throw new AuditInputError('type', `event ${index}: unknown event type ${type} (every desk event type has a payload schema in src-shared/domain/audit-events/)`, index)
  const parsed = schema.safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AuditInputError('payload', `event ${index} (${type}): payload.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, index)
  }
}

/** The audit trail's writer and history reader. One instance per connection; cheap to construct. */
export class AuditLog {
  private readonly now: () => Date
  private readonly events: AuditEventSchemaMap | null
  private readonly readHead: Statement<[], ChainHead>
  private readonly insertRow: Statement<[number, string, string, string, string | null, string, string, string]>
  private readonly readOne: Statement<[number], AuditEventRow>
  private readonly queries = new Map<string, Statement<unknown[], AuditEventRow>>()
  private readonly writeFrame: (events: readonly PreparedEvent[]) => AuditRecord[]

  /**
   * @param db - a connection from `openDatabase` (migrated). Statements are prepared once here and reused.
   * @param opts - see AuditLogOptions.
   */
  constructor(
    readonly db: Database,
    opts: AuditLogOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date())
    this.events = opts.events ?? null
    this.readHead = db.prepare<[], ChainHead>('SELECT seq, hash FROM chain_head WHERE id = 1')
    this.insertRow = db.prepare(`INSERT INTO audit_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    this.readOne = db.prepare<[number], AuditEventRow>(`SELECT ${EVENT_COLUMNS} FROM audit_events WHERE seq = ?`)
    const frame = db.transaction((events: readonly PreparedEvent[]): AuditRecord[] => {
      let { seq, hash: prevHash } = this.head()
      const records: AuditRecord[] = []
      const insert = (e: PreparedEvent): void => {
        seq += 1
        const hash = computeEventHash({ seq, ts: e.ts, type: e.type, actor: e.actor, book: e.book, payloadJson: e.payloadJson, prevHash })
        this.insertRow.run(seq, e.ts, e.type, e.actor, e.book, e.payloadJson, prevHash, hash)
        records.push({ seq, ts: e.ts, type: e.type, actor: e.actor, book: e.book, payload: JSON.parse(e.payloadJson), payloadJson: e.payloadJson, prevHash, hash })
        prevHash = hash
      }
      for (const e of events) insert(e)
      const closing = opts.sealer?.seal({ seq, hash: prevHash }, records)
      if (closing) insert(this.prepareEvent(closing, records.length))
      return records
    })
    // IMMEDIATE: take the write lock before reading the head, so no other writer can slip in between.
    this.writeFrame = (events) => frame.immediate(events)
  }

  /**
   * Record one event durably.
   *
   * @param event - see AuditEventInput.
   * @returns the stored record (seq, hashes), after the transaction has committed.
   * @throws AuditInputError (nothing written) when a field is invalid or the payload is not canonical-JSON data;
   *   SqliteError when the database refuses the write (disk full, locked beyond the busy timeout, read-only).
   */
  append(event: AuditEventInput): AuditRecord {
    return this.appendMany([event])[0] as AuditRecord
  }

  /**
   * Record several events (one desk frame) in a single transaction: all or none are written, with consecutive seqs.
   *
   * @param events - in the order they should appear in the log. An empty list writes nothing.
   * @returns the stored records in order, after commit.
   * @throws AuditInputError naming the event index and field of the first invalid event (nothing of the frame is
   *   written); SqliteError from the database.
   */
  appendMany(events: readonly AuditEventInput[]): AuditRecord[] {
    if (events.length === 0) return []
    const prepared = events.map((e, i) => this.prepareEvent(e, i))
    return this.writeFrame(prepared)
  }

  /** The newest record's seq and hash: `{ seq: 0, hash: GENESIS_HASH }` for an empty log. */
  head(): ChainHead {
    const head = this.readHead.get()
    if (head === undefined) throw new Error('chain_head row is missing: the database was not migrated or was tampered with')
    return { seq: head.seq, hash: head.hash }
  }

  /**
   * One record by position.
   *
   * @param seq - 1-based position.
   * @returns the record, or undefined when there is none.
   */
  get(seq: number): AuditRecord | undefined {
    const row = this.readOne.get(seq)
    return row === undefined ? undefined : rowToRecord(row)
  }

  /**
   * History: records matching all given filters, in log order (ascending seq). Statements are cached per filter
   * shape (see history-query.ts for the SQL and the indices it uses).
   *
   * @param q - see AuditQuery.
   * @returns at most `limit` records.
   * @throws RangeError for a malformed `from`/`to`, from after to, or a limit/afterSeq out of range.
   */
  query(q: AuditQuery = {}): AuditRecord[] {
    const built = buildHistoryQuery(q)
    if (built === null) return []
    return this.statement(built.sql).all(...built.args).map(rowToRecord)
  }

  private statement(sql: string): Statement<unknown[], AuditEventRow> {
    let stmt = this.queries.get(sql)
    if (stmt === undefined) {
      stmt = this.db.prepare<unknown[], AuditEventRow>(sql)
      this.queries.set(sql, stmt)
    }
    return stmt
  }

  private prepareEvent(e: AuditEventInput, index: number): PreparedEvent {
    if (typeof e !== 'object' || e === null) throw new AuditInputError('event', `event ${index}: expected an object`, index)
    const type = checkText(e.type, 'type', index)
    const actor = checkText(e.actor, 'actor', index)
    const book = e.book === undefined || e.book === null ? null : checkText(e.book, 'book', index)
    let ts: string
    if (e.ts === undefined) ts = this.now().toISOString()
    else if (typeof e.ts === 'string' && isAuditTimestamp(e.ts)) ts = e.ts
    else throw new AuditInputError('ts', `event ${index}: ts must be YYYY-MM-DDTHH:mm:ss.sssZ (UTC), got ${JSON.stringify(e.ts)}`, index)
    if (this.events !== null) checkPayload(this.events, type, e.payload, index)
    let payloadJson: string
    try {
      payloadJson = canonicalJson(e.payload)
    } catch (err) {
      if (err instanceof CanonicalJsonError) {
        throw new AuditInputError('payload', `event ${index} (${type}): payload ${err.message}`, index, { cause: err })
      }
      throw err
    }
    return { ts, type, actor, book, payloadJson }
  }
}
