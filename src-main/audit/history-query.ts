/**
 * The SQL of history queries over `audit_events`, built from fixed fragments and `?` placeholders only: every value
 * is a bound parameter, never text spliced into SQL.
 *
 * Results are in log order (ascending seq), which is the order of the hash chain and makes `afterSeq` an exact
 * keyset cursor. Which index serves which filter (migration 10) is asserted in tests/main/audit/query-plan.test.ts:
 * a time range alone uses `(ts)`, with a type `(type, ts)`, with a book `(book, ts)` (equality then range, both
 * inside the index); only the matching rows are then sorted by seq.
 */
import { queryBoundsToRange, tsRangeConditions } from './timestamps'

/** Rows returned by a history query when no limit is given. */
export const DEFAULT_QUERY_LIMIT = 1_000
/** Largest `limit` accepted; page with `afterSeq` beyond it. */
export const MAX_QUERY_LIMIT = 100_000

/** Filters of a history query; all optional and combined with AND. */
export interface AuditQuery {
  /** lower bound on ts, inclusive: a day `YYYY-MM-DD` (from its 00:00 UTC) or an exact audit timestamp. */
  readonly from?: string
  /** upper bound on ts, inclusive: a day `YYYY-MM-DD` (through its end, UTC) or an exact audit timestamp. */
  readonly to?: string
  /** one type, or any of several (e.g. every `alert.*` type). An empty list matches nothing. */
  readonly type?: string | readonly string[]
  /** one book; `null` selects desk-wide events (no book). */
  readonly book?: string | null
  /** at most this many rows, 1..MAX_QUERY_LIMIT; default DEFAULT_QUERY_LIMIT. */
  readonly limit?: number
  /** only rows with seq > afterSeq: pass the last seq of the previous page to get the next one. */
  readonly afterSeq?: number
}

/** Columns of `audit_events` in the order every reader selects them. */
export const EVENT_COLUMNS = 'seq, ts, type, actor, book, payload, prev_hash, hash'

/**
 * Build the statement for `q`.
 *
 * @param q - see AuditQuery.
 * @returns `{ sql, args }` to run with `db.prepare(sql).all(...args)`, or null when the query cannot match anything
 *   (an empty type list).
 * @throws RangeError for a malformed `from`/`to`, from after to, or a limit/afterSeq out of range.
 */
export function buildHistoryQuery(q: AuditQuery): { sql: string; args: unknown[] } | null {
  const limit = q.limit ?? DEFAULT_QUERY_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new RangeError(`limit must be an integer in 1..${MAX_QUERY_LIMIT}, got ${limit}`)
  }
  if (q.afterSeq !== undefined && !(Number.isSafeInteger(q.afterSeq) && q.afterSeq >= 0)) {
    throw new RangeError(`afterSeq must be a non-negative integer, got ${q.afterSeq}`)
  }
  const types = q.type === undefined ? undefined : typeof q.type === 'string' ? [q.type] : q.type
  if (types !== undefined && types.length === 0) return null
  const range = tsRangeConditions(queryBoundsToRange(q.from, q.to))
  const where = range.where
  const args: unknown[] = range.args
  if (types !== undefined) {
    where.push(types.length === 1 ? 'type = ?' : `type IN (${types.map(() => '?').join(', ')})`)
    args.push(...types)
  }
  if (q.book === null) where.push('book IS NULL')
  else if (q.book !== undefined) {
    where.push('book = ?')
    args.push(q.book)
  }
  if (q.afterSeq !== undefined) {
    where.push('seq > ?')
    args.push(q.afterSeq)
  }
  args.push(limit)
  const sql = `SELECT ${EVENT_COLUMNS} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`
  return { sql, args }
}
