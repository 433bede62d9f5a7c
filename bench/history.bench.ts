/**
 * Issue #10: desk-head history on 1,000,000 audit events (200,000 with --quick).
 *
 * Builds a trail with a valid chain (bench/history-trail.ts) in a temp file database opened with `openDatabase`,
 * runs ANALYZE (what PRAGMA optimize does over time), checks that every history filter still reads the alert rows
 * off its index with no scan, and no sort except the wall-time range's (throws otherwise: a wrong plan is not a timing), then times one
 * page (100 alerts, folded with their actions and overrides) per filter of HISTORY_FILTERS, and the flat export's
 * SELECT of one month by market date.
 *
 * Reference measured in the same run: the alert-row query of three filters with the indices bypassed
 * (`NOT INDEXED`, a full scan of the table evaluating the same market-date expression), so each indexed time is also
 * reported as a ratio to a scan on the same data and machine. Target: every filtered page under 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AlertHistory, buildAlertHistorySql } from '../src-main/audit/alert-history'
import { closeDatabase, openDatabase } from '../src-main/audit/db'
import { buildExportQuery } from '../src-main/audit/export'
import { buildSyntheticTrail, HISTORY_FILTERS } from './history-trail'
import { benchArgs, log, writeResult } from './lib/output'
import { nowMs, summarize, timeRuns } from './lib/stats'

const TARGET_MS = 100
const args = benchArgs()
const events = args.quick ? 200_000 : 1_000_000
const runs = args.quick ? 5 : 25
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-bench-'))

try {
  const db = openDatabase(join(dir, 'history.db'))
  log(`building ${events.toLocaleString('en-US')} events`)
  const t0 = nowMs()
  const stats = buildSyntheticTrail(db, events)
  const buildMs = nowMs() - t0
  const a0 = nowMs()
  db.exec('ANALYZE')
  const analyzeMs = nowMs() - a0
  log(`built in ${(buildMs / 1000).toFixed(1)} s (${stats.alerts} alerts), ANALYZE ${(analyzeMs / 1000).toFixed(1)} s`)

  const plan = (sql: string, params: unknown[]): string[] =>
    db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => r.detail)
  const history = new AlertHistory(db)
  const cases: Record<string, unknown> = {}
  for (const [name, q] of Object.entries(HISTORY_FILTERS)) {
    const built = buildAlertHistorySql(q)
    const p = plan(built.sql, built.args)
    const expected = name === 'wall time range' ? /audit_events_by_type_ts/ : /audit_events_alerts_by_market_date/
    if (!expected.test(p[0] ?? '') || p.some((l) => /SCAN/.test(l)) || (name !== 'wall time range' && p.some((l) => /TEMP B-TREE/.test(l)))) {
      throw new Error(`history filter "${name}": unexpected plan\n${p.join('\n')}`)
    }
    let rows = 0
    const times = timeRuns(
      () => {
        const page = history.query({ ...q, limit: 100 })
        rows = page.alerts.length
        return page
      },
      2,
      runs,
    )
    const s = summarize(times)
    cases[name] = { rows, ...s, underTarget: s.median < TARGET_MS }
    log(`${name}: ${rows} alerts, median ${s.median.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`)
  }

  const month = buildExportQuery({ marketFrom: '2003-03-01', marketTo: '2003-03-31' })
  const exportStmt = db.prepare(month.sql)
  let exportRows = 0
  const exportTimes = summarize(
    timeRuns(
      () => {
        exportRows = exportStmt.all(...month.args).length
      },
      1,
      runs,
    ),
  )
  log(`export select of one market month: ${exportRows} events, median ${exportTimes.median.toFixed(2)} ms`)

  // Reference: the same alert-row selection with every index bypassed.
  const reference: Record<string, unknown> = {}
  for (const name of ['market date range', 'severity', 'no filter (first page)']) {
    const built = buildAlertHistorySql({ ...HISTORY_FILTERS[name], limit: 100 })
    const scanSql = built.sql.replace('INDEXED BY audit_events_alerts_by_market_date', 'NOT INDEXED')
    const stmt = db.prepare(scanSql)
    const s = summarize(timeRuns(() => stmt.all(...built.args), 0, args.quick ? 1 : 3))
    const indexed = db.prepare(built.sql)
    const si = summarize(timeRuns(() => indexed.all(...built.args), 1, runs))
    reference[name] = { scan: s, indexedRowsOnly: si, scanOverIndexed: s.median / si.median }
    log(`reference ${name}: scan ${s.median.toFixed(1)} ms vs indexed rows ${si.median.toFixed(2)} ms (x${(s.median / si.median).toFixed(0)})`)
  }
  closeDatabase(db)
  writeResult(args.resultFile, {
    events,
    alerts: stats.alerts,
    buildSeconds: buildMs / 1000,
    analyzeSeconds: analyzeMs / 1000,
    targetMs: TARGET_MS,
    pagesOf100: cases,
    exportMonth: { rows: exportRows, ...exportTimes },
    reference,
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
