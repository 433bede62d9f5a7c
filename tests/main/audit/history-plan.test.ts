/**
 * History queries at scale use their indices (EXPLAIN QUERY PLAN), before and after ANALYZE.
 *
 * The trail is built by bench/history-trail.ts with a valid chain (real hash function), 1,000,000 events as the
 * issue asks (about a minute on 2 cores); `npm run test:unit`, the fast inner loop, sets RISKDESK_HISTORY_EVENTS
 * to 200,000. bench/history.bench.ts asserts the same plans at full size and times the queries. The plans do not
 * depend on the size except through ANALYZE statistics, which is why both a fresh and an analysed database are
 * checked, and why the history query pins its index.
 */
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSyntheticTrail, HISTORY_FILTERS, type TrailStats } from '../../../bench/history-trail'
import { AlertHistory, buildAlertHistorySql, CONTROL_CHANGE_TYPES } from '../../../src-main/audit/alert-history'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { buildExportQuery } from '../../../src-main/audit/export'
import { verifyChain } from '../../../src-main/audit/verify'
import { makeTempDir, queryPlan } from './audit-test-helpers'

const EVENTS = Number(process.env.RISKDESK_HISTORY_EVENTS ?? 1_000_000)
const { dir, cleanup } = makeTempDir('riskdesk-history-plan-')
let db: Database.Database
let stats: TrailStats

beforeAll(() => {
  db = openDatabase(join(dir, 'big.db'))
  stats = buildSyntheticTrail(db, EVENTS)
}, 600_000)
afterAll(() => {
  closeDatabase(db)
  cleanup()
})

const ALERT_SCAN = /^SEARCH a USING INDEX audit_events_alerts_by_market_date \(market_date>\?( AND market_date<\?)?\)$/
/** every correlated lookup is a seek on one of the history indices (rowid ranges inside them) */
const LOOKUP = /^SEARCH [sotlc] (EXISTS )?USING (COVERING )?INDEX audit_events_(session_starts|by_alert_ref|control_changes) \(/

function checkHistoryPlans(): void {
  for (const [name, q] of Object.entries(HISTORY_FILTERS)) {
    const built = buildAlertHistorySql(q)
    const plan = queryPlan(db, built.sql, ...built.args)
    if (name === 'wall time range') {
      // a wall range alone seeks (type, ts) for both opening types and sorts only the alerts inside the range
      expect(plan[0]).toBe('SEARCH a USING INDEX audit_events_by_type_ts (type=? AND ts>? AND ts<?)')
      expect(plan.at(-1)).toBe('USE TEMP B-TREE FOR ORDER BY')
      expect(plan.join('\n')).not.toMatch(/SCAN/)
      continue
    }
    expect(plan[0], name).toMatch(ALERT_SCAN)
    for (const line of plan.slice(1)) expect(line, `${name}: ${line}`).toMatch(new RegExp(`${LOOKUP.source}|^CORRELATED SCALAR SUBQUERY \\d+$`))
    expect(plan.join('\n'), name).not.toMatch(/SCAN|TEMP B-TREE/)
  }
  const linked = queryPlan(db, 'SELECT seq FROM audit_events WHERE alert_ref = ? AND seq > ? AND seq < ? ORDER BY seq', 'A1', 1, 100)
  expect(linked).toEqual(['SEARCH audit_events USING INDEX audit_events_by_alert_ref (alert_ref=? AND rowid>? AND rowid<?)'])
  // the fold's reads per alert window (AlertHistory.inWindows): its events, and its book's control changes while live
  const windows = (kind: 'linked' | 'controls'): string[] => {
    const where = kind === 'linked' ? 'alert_ref = ?' : `type IN (${CONTROL_CHANGE_TYPES.map((t) => `'${t}'`).join(', ')}) AND book IS ?`
    const one = `SELECT ? AS idx, seq, ts, type, actor, book, payload, market_date FROM audit_events WHERE ${where} AND seq > ? AND seq < ?`
    return queryPlan(db, `${one} UNION ALL ${one}`, 0, kind === 'linked' ? 'A1' : 'Macro', 1, 100, 1, kind === 'linked' ? 'A2' : null, 1, 100)
  }
  expect(windows('linked').filter((l) => l.startsWith('SEARCH'))).toEqual(Array(2).fill('SEARCH audit_events USING INDEX audit_events_by_alert_ref (alert_ref=? AND rowid>? AND rowid<?)'))
  expect(windows('controls').filter((l) => l.startsWith('SEARCH'))).toEqual(Array(2).fill('SEARCH audit_events USING INDEX audit_events_control_changes (book=? AND rowid>? AND rowid<?)'))
  expect(windows('controls').join('\n')).not.toMatch(/SCAN|TEMP B-TREE/)
}

function checkExportPlans(): void {
  const plan = (o: Parameters<typeof buildExportQuery>[0]): string[] => {
    const b = buildExportQuery(o)
    return queryPlan(db, b.sql, ...b.args)
  }
  // matched rows only are sorted by seq (TEMP B-TREE), never the table scanned
  expect(plan({ marketFrom: '2003-03-01', marketTo: '2003-03-31' })[0]).toBe('SEARCH audit_events USING INDEX audit_events_by_market_date (market_date>? AND market_date<?)')
  expect(plan({ marketFrom: '2003-03-01', types: ['alert.raised', 'action.rejected'] })[0]).toBe(
    'SEARCH audit_events USING INDEX audit_events_by_type_market_date (type=? AND market_date>?)',
  )
  expect(plan({ types: ['limits.changed'] })[0]).toMatch(/^SEARCH audit_events USING INDEX audit_events_by_type_(ts|market_date) \(type=\?\)$/)
  // (ts) or, once ANALYZE has seen how few actors there are, a skip-scan of (actor, ts): both seek the ts range
  expect(plan({ from: '2026-01-10', to: '2026-01-12' })[0]).toMatch(
    /^SEARCH audit_events USING INDEX audit_events_by_(ts \(ts>\? AND ts<\?\)|actor_ts \(ANY\(actor\) AND ts>\? AND ts<\?\))$/,
  )
  const actor = queryPlan(db, 'SELECT seq FROM audit_events WHERE actor = ? AND ts >= ? ORDER BY seq', 'carol', '2026-01-10')
  expect(actor[0]).toMatch(/^SEARCH audit_events USING (COVERING )?INDEX audit_events_by_actor_ts \(actor=\? AND ts>\?\)$/)
}

describe(`history on ${EVENTS.toLocaleString('en-US')} events`, () => {
  it('the synthetic trail is a valid chain of the requested size', () => {
    expect(stats.events).toBe(EVENTS)
    expect(stats.alerts).toBeGreaterThan(EVENTS / 200)
    expect(verifyChain(db)).toMatchObject({ ok: true, rows: EVENTS, headSeq: EVENTS, headHash: stats.head.hash })
  })

  it('every history filter reads alerts off the market-date index and seeks its lookups: no scan, no sort', () => {
    checkHistoryPlans()
  })

  it('exports filter through the market-date, type and wall-time indices', () => {
    checkExportPlans()
  })

  it('returns what was generated: alerts of a market-date range, paged', () => {
    const from = '2003-01-01'
    const to = '2003-12-31'
    const expected = [...stats.alertsByDate].filter(([d]) => d >= from && d <= to).reduce((s, [, k]) => s + k, 0)
    expect(expected).toBeGreaterThan(0)
    const history = new AlertHistory(db)
    const rows = [...history.all({ marketFrom: from, marketTo: to })]
    expect(rows).toHaveLength(expected)
    const keys = rows.map((r) => `${r.marketDate}#${String(r.seq).padStart(12, '0')}`)
    expect(keys).toEqual([...keys].sort())
  })

  it('keeps the same plans after ANALYZE (what PRAGMA optimize does on close)', () => {
    db.exec('ANALYZE')
    checkHistoryPlans()
    checkExportPlans()
  })
})
