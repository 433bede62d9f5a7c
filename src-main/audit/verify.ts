/**
 * Chain verification: recompute every audit event's hash in seq order and check the links and the tail anchor.
 *
 * What is detected, and which seq is named as the first bad one:
 * - a changed ts, type, actor, book, payload or hash column -> that row ("hash mismatch at seq N");
 * - a changed prev_hash -> that row ("prev_hash ... at seq N");
 * - a deleted row in the middle -> the first row after the gap (its seq skips, and its prev_hash names a row that
 *   is gone);
 * - reordered or swapped rows -> the first moved row (its prev_hash no longer names its predecessor);
 * - deleted rows at the end -> the first missing seq, found by comparing the last row with `chain_head` (updated in
 *   the same statement as every insert). Without an anchor a truncated tail looks like a shorter valid log: someone
 *   who can rewrite the file can also rewind `chain_head`, so for stronger evidence pass an anchor recorded outside
 *   the database (a head printed in a report, a previous export) as `opts.anchor`.
 *
 * Rows are streamed with `Statement.iterate()` inside one read transaction (a consistent WAL snapshot even while
 * the desk keeps appending), so memory stays flat whatever the log size.
 */
import type { Database } from 'better-sqlite3'
import { computeEventHash, GENESIS_HASH } from './event-hash'
import type { AuditEventRow, ChainHead } from './event-types'
import { EVENT_COLUMNS } from './history-query'

/** Outcome of `verifyChain`. */
export type VerifyResult =
  | {
      readonly ok: true
      /** rows checked (the whole log). */
      readonly rows: number
      /** seq of the newest row (0 for an empty log). */
      readonly headSeq: number
      /** hash of the newest row (GENESIS_HASH for an empty log). */
      readonly headHash: string
    }
  | {
      readonly ok: false
      /** rows that verified before the first bad one. */
      readonly rows: number
      /** the first seq at which the log stops being trustworthy (see the module header). */
      readonly firstBadSeq: number
      /** one sentence for a person: what is wrong where. */
      readonly reason: string
    }

/** Options of `verifyChain`. */
export interface VerifyOptions {
  /** a head recorded elsewhere earlier: the log must still contain a row with this seq and hash. */
  readonly anchor?: ChainHead
  /** called every `progressEvery` rows with the count so far (for a CLI progress line). */
  readonly onProgress?: (rows: number) => void
  /** default 10 000. */
  readonly progressEvery?: number
}

/**
 * Verify the whole audit chain of `db`.
 *
 * @param db - a connection from `openDatabase` (read-only is fine).
 * @param opts - optional external anchor and progress callback.
 * @returns `{ ok: true, rows, headSeq, headHash }`, or `{ ok: false, rows, firstBadSeq, reason }` for the first
 *   problem in seq order (the tail/anchor checks come after every row has been checked).
 * @throws SqliteError only when the database cannot be read at all.
 */
export function verifyChain(db: Database, opts: VerifyOptions = {}): VerifyResult {
  return db.transaction(() => verifyInSnapshot(db, opts))()
}

function verifyInSnapshot(db: Database, opts: VerifyOptions): VerifyResult {
  const head = db.prepare<[], ChainHead>('SELECT seq, hash FROM chain_head WHERE id = 1').get()
  const rowsStmt = db.prepare<[], AuditEventRow>(`SELECT ${EVENT_COLUMNS} FROM audit_events ORDER BY seq`)
  const every = opts.progressEvery ?? 10_000
  const anchor = opts.anchor
  let rows = 0
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  const bad = (firstBadSeq: number, reason: string): VerifyResult => ({ ok: false, rows, firstBadSeq, reason })

  for (const row of rowsStmt.iterate()) {
    if (row.seq !== expectedSeq) {
      const missing = row.seq > expectedSeq ? `seq ${expectedSeq}..${row.seq - 1} missing (deleted rows?)` : 'out of order'
      return bad(row.seq, `seq gap at seq ${row.seq}: expected seq ${expectedSeq}, ${missing}`)
    }
    if (row.prev_hash !== prevHash) {
      return bad(row.seq, `prev_hash at seq ${row.seq} does not match the hash of seq ${row.seq - 1} (row deleted, reordered or prev_hash edited)`)
    }
    const recomputed = computeEventHash({
      seq: row.seq,
      ts: row.ts,
      type: row.type,
      actor: row.actor,
      book: row.book,
      payloadJson: row.payload,
      prevHash: row.prev_hash,
    })
    if (recomputed !== row.hash) {
      return bad(row.seq, `hash mismatch at seq ${row.seq}: the row's content differs from what was recorded (edited ts, type, actor, book, payload or hash)`)
    }
    if (anchor !== undefined && row.seq === anchor.seq && row.hash !== anchor.hash) {
      return bad(row.seq, `anchor mismatch at seq ${row.seq}: the log was rewritten since the anchor was taken`)
    }
    prevHash = row.hash
    expectedSeq += 1
    rows += 1
    if (opts.onProgress !== undefined && rows % every === 0) opts.onProgress(rows)
  }

  const lastSeq = expectedSeq - 1
  if (head === undefined) return bad(lastSeq + 1, 'chain_head is missing, so a truncated tail cannot be ruled out')
  if (head.seq > lastSeq) {
    return bad(lastSeq + 1, `tail truncated: chain_head records seq ${head.seq} but the last row is seq ${lastSeq} (seq ${lastSeq + 1}..${head.seq} deleted)`)
  }
  if (head.seq < lastSeq) {
    return bad(head.seq + 1, `rows after the head: chain_head records seq ${head.seq} but rows run to seq ${lastSeq} (head rewound or rows inserted around the triggers)`)
  }
  if (head.hash !== prevHash) return bad(head.seq, `chain_head hash does not match the hash of seq ${head.seq}`)
  if (anchor !== undefined && anchor.seq > lastSeq) {
    return bad(
      lastSeq + 1,
      `tail truncated: the anchor names seq ${anchor.seq} but the log ends at seq ${lastSeq} (seq ${lastSeq + 1}..${anchor.seq} deleted and the head rewound, or the database restored from an older copy)`,
    )
  }
  return { ok: true, rows, headSeq: lastSeq, headHash: prevHash }
}
