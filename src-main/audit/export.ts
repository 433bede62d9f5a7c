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
 * - flat-csv: one row per event with the columns of flat-event.ts (market date, wall time, book, actor, type,
 *   severity, rule, value, limit, decision, reason, ...), no JSON in any cell: what a desk head opens in a
 *   spreadsheet. Formula-like cells are escaped as for csv.
 *
 * Filters: `from`/`to` are UTC days on the wall time (`ts`); `marketFrom`/`marketTo` are market dates (the
 * `market_date` generated column of migration 40: the payload's `marketDate`, else the date of its risk frame,
 * alert or action); `types` keeps only those event types. Each uses an index (history-plan.test.ts).
 *
 * Rows are read with `iterate()` and written in chunks, so `writeEvents` exports any size with flat memory.
 * Export does not verify the chain; run `verifyChain` first when the export is evidence.
 */
import type { Database } from 'better-sqlite3'
import Papa from 'papaparse'
import type { AuditEventRow } from './event-types'
import { FLAT_COLUMNS, flattenEvent } from './flat-event'
import { EVENT_COLUMNS } from './history-query'
import { dayBoundsToRange, isIsoDate, tsRangeConditions } from './timestamps'

/** Column order of the CSV export. */
export const EXPORT_COLUMNS = ['seq', 'ts', 'type', 'actor', 'book', 'payload', 'hash', 'prev_hash'] as const

/** Options of `exportEvents` / `writeEvents`. */
export interface ExportOptions {
  /** first day included, `YYYY-MM-DD` (UTC), on ts. */
  readonly from?: string
  /** last day included, `YYYY-MM-DD` (UTC), on ts. */
  readonly to?: string
  /** first market date included, `YYYY-MM-DD`. */
  readonly marketFrom?: string
  /** last market date included, `YYYY-MM-DD`. */
  readonly marketTo?: string
  /** only these event types (an empty list exports nothing). */
  readonly types?: readonly string[]
  readonly format: 'csv' | 'json' | 'flat-csv'
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
  if (opts.format !== 'csv' && opts.format !== 'json' && opts.format !== 'flat-csv') {
    throw new RangeError(`format must be 'csv', 'flat-csv' or 'json', got ${JSON.stringify(opts.format)}`)
  }
  const { sql, args } = buildExportQuery(opts)
  const rows = db.prepare<string[], AuditEventRow & { market_date: string | null }>(sql)

  const flat = opts.format === 'flat-csv'
  const csv = opts.format === 'csv' || flat
  const columns: string[] = flat ? [...FLAT_COLUMNS] : [...EXPORT_COLUMNS]
  const escapeFormulae = opts.escapeFormulae ?? true
  let count = 0
  let chunk: (AuditEventRow & { market_date: string | null })[] = []
  const flush = (): void => {
    if (chunk.length === 0) return
    if (csv) {
      const data: object[] = flat ? chunk.map(flattenEvent) : chunk
      write(Papa.unparse(data, { columns, header: false, escapeFormulae, newline: CRLF }) + CRLF)
    } else {
      const lines = chunk.map((r) => JSON.stringify(toJsonRecord(r)))
      write((count > chunk.length ? ',\n' : '\n') + lines.join(',\n'))
    }
    chunk = []
  }

  write(csv ? Papa.unparse({ fields: columns, data: [] }, { newline: CRLF }) : '[')
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
 * The SELECT of an export (exported for the query-plan tests).
 *
 * @throws RangeError naming the bound when a date is malformed or reversed.
 */
export function buildExportQuery(opts: Omit<ExportOptions, 'format' | 'escapeFormulae'>): { sql: string; args: string[] } {
  const { where, args } = tsRangeConditions(dayBoundsToRange(opts.from, opts.to))
  for (const [name, v] of [['market-from', opts.marketFrom], ['market-to', opts.marketTo]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new RangeError(`${name}: expected a market date YYYY-MM-DD, got ${JSON.stringify(v)}`)
  }
  if (opts.marketFrom !== undefined && opts.marketTo !== undefined && opts.marketFrom > opts.marketTo) {
    throw new RangeError(`market-from (${opts.marketFrom}) is after market-to (${opts.marketTo})`)
  }
  if (opts.marketFrom !== undefined) {
    where.push('market_date >= ?')
    args.push(opts.marketFrom)
  }
  if (opts.marketTo !== undefined) {
    where.push('market_date <= ?')
    args.push(opts.marketTo)
  }
  if (opts.types !== undefined) {
    where.push(opts.types.length === 0 ? '0' : `type IN (${opts.types.map(() => '?').join(', ')})`)
    args.push(...opts.types)
  }
  const sql = `SELECT ${EVENT_COLUMNS}, market_date FROM audit_events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`
  return { sql, args }
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
