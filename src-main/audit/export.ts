/**
 * Export of audit events as CSV (for spreadsheets) or JSON (for re-verification and other tools).
 *
 * - CSV: RFC 4180 via papaparse `unparse`, CRLF line ends, a header row, columns
 *   `seq,ts,type,actor,book,payload,hash,prev_hash`; `book` is empty for desk-wide events; `payload` is the stored
 *   canonical JSON text. By default cells that a spreadsheet would run as a formula (starting with = + - @ tab CR)
 *   are prefixed with `'` (papaparse `escapeFormulae`, OWASP "CSV injection"); such a cell no longer matches the
 *   hashed bytes, so use JSON for an export that must re-verify byte for byte.
 * - JSON: one array, one record per line: `{seq, ts, type, actor, book, payload, hash, prev_hash}` with `payload` as
 *   JSON data. Every hash can be recomputed from a record with `computeEventHash` (payloadJson =
 *   `canonicalJson(record.payload)`).
 *
 * Rows are read with `iterate()` and written in chunks, so `writeEvents` exports any size with flat memory.
 * Export does not verify the chain; run `verifyChain` first when the export is evidence.
 */
import type { Database } from 'better-sqlite3'
import Papa from 'papaparse'
import type { AuditEventRow } from './event-types'
import { EVENT_COLUMNS } from './history-query'
import { dayBoundsToRange, tsRangeConditions } from './timestamps'

/** Column order of the CSV export. */
export const EXPORT_COLUMNS = ['seq', 'ts', 'type', 'actor', 'book', 'payload', 'hash', 'prev_hash'] as const

/** Options of `exportEvents` / `writeEvents`. */
export interface ExportOptions {
  /** first day included, `YYYY-MM-DD` (UTC), on ts. */
  readonly from?: string
  /** last day included, `YYYY-MM-DD` (UTC), on ts. */
  readonly to?: string
  readonly format: 'csv' | 'json'
  /** CSV only: prefix formula-like cells with `'` (default true). */
  readonly escapeFormulae?: boolean
}

/** Rows per `write` call. */
const CHUNK_ROWS = 500
const CRLF = '\r\n'

/**
 * Stream matching events, in seq order, to `write`.
 *
 * @param db - a connection from `openDatabase`.
 * @param opts - date bounds (inclusive days on ts) and format.
 * @param write - receives the output in order, in chunks of up to CHUNK_ROWS records (e.g. `chunk =>
 *   stream.write(chunk)`; the caller handles back-pressure if it needs to).
 * @returns the number of events written.
 * @throws RangeError for a malformed or reversed date bound; Error naming the seq when a stored payload is not JSON
 *   (only possible after tampering).
 */
export function writeEvents(db: Database, opts: ExportOptions, write: (chunk: string) => void): number {
  if (opts.format !== 'csv' && opts.format !== 'json') throw new RangeError(`format must be 'csv' or 'json', got ${JSON.stringify(opts.format)}`)
  const { where, args } = tsRangeConditions(dayBoundsToRange(opts.from, opts.to))
  const sql = `SELECT ${EVENT_COLUMNS} FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`
  const rows = db.prepare<string[], AuditEventRow>(sql)

  const csv = opts.format === 'csv'
  const escapeFormulae = opts.escapeFormulae ?? true
  let count = 0
  let chunk: AuditEventRow[] = []
  const flush = (): void => {
    if (chunk.length === 0) return
    if (csv) {
      write(Papa.unparse(chunk, { columns: [...EXPORT_COLUMNS], header: false, escapeFormulae, newline: CRLF }) + CRLF)
    } else {
      const lines = chunk.map((r) => JSON.stringify(toJsonRecord(r)))
      write((count > chunk.length ? ',\n' : '\n') + lines.join(',\n'))
    }
    chunk = []
  }

  write(csv ? Papa.unparse({ fields: [...EXPORT_COLUMNS], data: [] }, { newline: CRLF }) : '[')
  // One read transaction: a consistent snapshot even while the desk appends.
  db.transaction(() => {
    for (const row of rows.iterate(...args)) {
      chunk.push(row)
      count += 1
      if (chunk.length === CHUNK_ROWS) flush()
    }
    flush()
  })()
  if (!csv) write(count === 0 ? ']\n' : '\n]\n')
  return count
}

/**
 * Export matching events as one string (convenience over `writeEvents` for small exports and tests).
 *
 * @param db - a connection from `openDatabase`.
 * @param opts - see ExportOptions.
 * @returns the CSV text (header + CRLF-terminated rows) or the JSON array text.
 * @throws as `writeEvents`.
 */
export function exportEvents(db: Database, opts: ExportOptions): string {
  const parts: string[] = []
  writeEvents(db, opts, (chunk) => parts.push(chunk))
  return parts.join('')
}

/** One exported JSON record; `payload` is the parsed stored payload. */
export interface ExportedEvent {
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  readonly payload: unknown
  readonly hash: string
  readonly prev_hash: string
}

function toJsonRecord(r: AuditEventRow): ExportedEvent {
  let payload: unknown
  try {
    payload = JSON.parse(r.payload)
  } catch (err) {
    throw new Error(`seq ${r.seq}: stored payload is not JSON, the log has been altered (run verify): ${(err as Error).message}`, { cause: err })
  }
  return { seq: r.seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payload, hash: r.hash, prev_hash: r.prev_hash }
}
