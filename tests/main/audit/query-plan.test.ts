/**
 * Why migration 10 creates exactly these three indices, shown with EXPLAIN QUERY PLAN (a lost index fails here).
 *
 * History queries (history-query.ts) always bound or filter by time and often pick one event type or one book:
 * "alerts of the last week", "everything on book Macro on 2026-03-02", the export of a date range. So:
 * - `(ts)` serves a time range alone (and the export's day bounds);
 * - `(type, ts)` and `(book, ts)` put the equality column first and the range second, so SQLite seeks straight to
 *   the matching slice: equality + range both inside one index (https://www.sqlite.org/optoverview.html#where_clause_analysis);
 *   a `(ts, type)` order would scan the whole time range and test type on each entry;
 * - every index implicitly ends with the rowid (= seq), so `(type, ts)` also serves `type = ?` alone;
 * - `afterSeq` paging and chain verification walk the rowid B-tree itself: no index needed, and no sort for ORDER BY seq.
 * Results are ordered by seq (log order), so a filtered query sorts only the rows that matched (the TEMP B-TREE
 * line). Each index costs a B-tree insert per append; three keeps appends fast (see the report's measurements).
 * Plans are for a fresh database (no sqlite_stat1); ANALYZE can make SQLite prefer a scan when a range covers
 * most of the table, which is then the cheaper plan.
 */
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import { buildHistoryQuery, EVENT_COLUMNS, type AuditQuery } from '../../../src-main/audit/history-query'
import { queryPlan, sampleEvents } from './audit-test-helpers'

let db: Database.Database
beforeAll(() => {
  db = openDatabase(':memory:')
  new AuditLog(db).appendMany(sampleEvents(2000))
})
afterAll(() => closeDatabase(db))

function planOf(q: AuditQuery): string[] {
  const built = buildHistoryQuery(q)
  if (built === null) throw new Error('query matches nothing')
  return queryPlan(db, built.sql, ...built.args)
}

const SORT = 'USE TEMP B-TREE FOR ORDER BY'

describe('history queries use the intended index', () => {
  it('a time range alone: (ts)', () => {
    expect(planOf({ from: '2026-03-02', to: '2026-03-02' })).toEqual(['SEARCH audit_events USING INDEX audit_events_by_ts (ts>? AND ts<?)', SORT])
  })

  it('a type within a time range: (type, ts), equality and range', () => {
    expect(planOf({ type: 'alert.raised', from: '2026-03-02', to: '2026-03-03' })).toEqual([
      'SEARCH audit_events USING INDEX audit_events_by_type_ts (type=? AND ts>? AND ts<?)',
      SORT,
    ])
  })

  it('several types within a time range: (type, ts), one seek per type', () => {
    expect(planOf({ type: ['alert.raised', 'alert.cleared'], from: '2026-03-02' })).toEqual([
      'SEARCH audit_events USING INDEX audit_events_by_type_ts (type=? AND ts>?)',
      SORT,
    ])
  })

  it('a book within a time range: (book, ts); desk-wide (book IS NULL) too', () => {
    expect(planOf({ book: 'Macro', from: '2026-03-02', to: '2026-03-02' })).toEqual([
      'SEARCH audit_events USING INDEX audit_events_by_book_ts (book=? AND ts>? AND ts<?)',
      SORT,
    ])
    expect(planOf({ book: null, from: '2026-03-02' })).toEqual(['SEARCH audit_events USING INDEX audit_events_by_book_ts (book=? AND ts>?)', SORT])
  })

  it('a type alone: an index led by type (since migration 40 also (type, market_date); either is a seek)', () => {
    expect(planOf({ type: 'limits.changed' })).toEqual([expect.stringMatching(/^SEARCH audit_events USING INDEX audit_events_by_type_(ts|market_date) \(type=\?\)$/), SORT])
  })

  it('paging by afterSeq: the rowid B-tree, already in seq order (no sort)', () => {
    expect(planOf({ afterSeq: 1500, limit: 100 })).toEqual(['SEARCH audit_events USING INTEGER PRIMARY KEY (rowid>?)'])
  })

  it('verification and unfiltered reads walk the table in seq order (no sort, no index)', () => {
    expect(queryPlan(db, `SELECT ${EVENT_COLUMNS} FROM audit_events ORDER BY seq`)).toEqual(['SCAN audit_events'])
    expect(queryPlan(db, 'SELECT seq, hash FROM chain_head WHERE id = 1')).toEqual(['SEARCH chain_head USING INTEGER PRIMARY KEY (rowid=?)'])
  })

  it('without the (type, ts) index the same query falls back to a weaker plan', () => {
    const q: AuditQuery = { type: 'alert.raised', from: '2026-03-02', to: '2026-03-03' }
    db.exec('DROP INDEX audit_events_by_type_ts')
    try {
      expect(planOf(q)).not.toContain('SEARCH audit_events USING INDEX audit_events_by_type_ts (type=? AND ts>? AND ts<?)')
      // with (type, market_date) still there SQLite seeks the type and tests ts on each row of it: weaker than
      // equality + range inside one index, which is the point of (type, ts)
      expect(planOf(q)[0]).toMatch(/^SEARCH audit_events USING INDEX audit_events_by_(ts \(ts>\? AND ts<\?\)|type_market_date \(type=\?\))$/)
    } finally {
      db.exec('CREATE INDEX audit_events_by_type_ts ON audit_events (type, ts)')
    }
  })
})
