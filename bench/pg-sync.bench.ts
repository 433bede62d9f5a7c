/**
 * Issue #11: replication to PostgreSQL. A throw-away PostgreSQL (tests/helpers/postgres-server.ts: Debian's server
 * binaries, initdb + pg_ctl as an unprivileged user on a loopback port, fsync off) holds the desk copy.
 *
 * 1. Sync throughput: the synthetic 1,000,000-event trail of the history bench (200,000 with --quick; valid chain,
 *    alerts, actions, overrides) is replicated by OutboxSyncer.syncOnce (the code of `riskdesk sync`), events/s.
 * 2. Batch size: the first 100,000 events again under new installation ids with 500, 2,000 and 5,000 rows per
 *    INSERT (insertBatch, the syncer's statement). Reference in the same run: the same rows and batches into a copy
 *    of the table without trigger, policies or checks, so the ratio is the cost of checking on arrival.
 * 3. Desk-wide history on the 1,000,000 replicated rows (plus the batch-size rows): one page of 100 alerts per
 *    filter of HISTORY_FILTERS through queryPgAlertHistory (three queries per page), as the desk head. Target: under
 *    200 ms. The plan of the alert-row query is recorded (which index it starts from).
 *
 * Without PostgreSQL binaries the result is `{ skipped: reason }`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { closeDatabase, openDatabase } from '../src-main/audit/db'
import { installationIdentity } from '../src-main/audit/installation'
import { LocalOutbox } from '../src-main/replication/local-outbox'
import { OutboxSyncer } from '../src-main/replication/outbox-syncer'
import { buildPgAlertHistorySql, queryPgAlertHistory } from '../src-main/replication/pg-alert-history'
import { migratePg } from '../src-main/replication/pg-migrate'
import { insertBatch } from '../src-main/replication/server-chain'
import { POSTGRES_AVAILABLE, postgresMissingReason, startPostgres } from '../tests/helpers/postgres-server'
import { buildSyntheticTrail, HISTORY_FILTERS } from './history-trail'
import { benchArgs, log, writeResult } from './lib/output'
import { nowMs, summarize } from './lib/stats'

const TARGET_MS = 200
const args = benchArgs()
const events = args.quick ? 200_000 : 1_000_000
const sweepEvents = args.quick ? 20_000 : 100_000
const runs = args.quick ? 5 : 21

async function timeAsync(fn: () => Promise<unknown>, warmup: number, n: number): Promise<Float64Array> {
  for (let i = 0; i < warmup; i++) await fn()
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t0 = nowMs()
    await fn()
    out[i] = nowMs() - t0
  }
  return out
}

async function main(): Promise<void> {
  if (!POSTGRES_AVAILABLE) {
    log(`skipped: ${postgresMissingReason()}`)
    writeResult(args.resultFile, { skipped: postgresMissingReason() })
    return
  }
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-pg-bench-'))
  const server = await startPostgres()
  try {
    const admin = new pg.Client({ connectionString: server.url() })
    await admin.connect()
    await migratePg(admin)
    const login = async (role: string, group: string, installationId?: string): Promise<string> => {
      const password = randomUUID()
      await admin.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)} IN ROLE ${group}`)
      if (installationId !== undefined) await admin.query('SELECT riskdesk.register_workstation($1, $2, $3)', [installationId, role, role])
      return server.url(role, password)
    }

    log(`building ${events.toLocaleString('en-US')} local events`)
    const file = join(dir, 'trail.db')
    const db = openDatabase(file)
    const b0 = nowMs()
    const trail = buildSyntheticTrail(db, events)
    const buildSeconds = (nowMs() - b0) / 1000
    const id = installationIdentity(db, { keyDir: join(dir, 'keys') }).id
    closeDatabase(db)

    // 1. the syncer over the whole trail
    const ro = openDatabase(file, { readonly: true, integrityCheck: 'none' })
    const wsUrl = await login('ws_bench', 'riskdesk_workstation', id)
    const syncer = new OutboxSyncer({ db: ro, installationId: id, pgUrl: wsUrl })
    const s0 = nowMs()
    const pass = await syncer.syncOnce()
    const syncSeconds = (nowMs() - s0) / 1000
    await syncer.stop()
    if (pass.status.state !== 'caught-up' || pass.inserted !== events) throw new Error(`sync did not complete: ${JSON.stringify(pass.status)}`)
    const sync = { events, seconds: syncSeconds, eventsPerSecond: events / syncSeconds, batchSize: 2_000 }
    log(`sync: ${events} events in ${syncSeconds.toFixed(1)} s = ${Math.round(sync.eventsPerSecond)} events/s`)

    // 2. batch sizes, and the unchecked reference
    const rows = new LocalOutbox(ro).rowsAfter(0, sweepEvents)
    closeDatabase(ro)
    await admin.query('CREATE TABLE riskdesk.unchecked (LIKE riskdesk.events INCLUDING DEFAULTS)')
    await admin.query('ALTER TABLE riskdesk.unchecked ALTER payload DROP NOT NULL, ADD PRIMARY KEY (installation_id, seq)')
    const batchSizes: Record<string, unknown> = {}
    for (const size of [500, 2_000, 5_000]) {
      const sweepId = randomUUID()
      const url = await login(`ws_sweep_${size}`, 'riskdesk_workstation', sweepId)
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      const t0 = nowMs()
      for (let i = 0; i < rows.length; i += size) await insertBatch(c, sweepId, rows.slice(i, i + size))
      const seconds = (nowMs() - t0) / 1000
      await c.end()
      // the reference: the same statement shape into the unchecked copy, as the owner
      const r0 = nowMs()
      for (let i = 0; i < rows.length; i += size) {
        const json = JSON.stringify(
          rows.slice(i, i + size).map((x) => ({ seq: x.seq, ts: x.ts, type: x.type, actor: x.actor, book: x.book, payload_json: x.payloadJson, prev_hash: x.prevHash, hash: x.hash })),
        )
        await admin.query(
          `INSERT INTO riskdesk.unchecked (installation_id, seq, ts, type, actor, book, payload_json, prev_hash, hash)
           SELECT $1::uuid, t.* FROM json_to_recordset($2::json) AS t(seq bigint, ts text, type text, actor text, book text, payload_json text, prev_hash text, hash text)
           ORDER BY t.seq ON CONFLICT DO NOTHING`,
          [sweepId, json],
        )
      }
      const refSeconds = (nowMs() - r0) / 1000
      batchSizes[String(size)] = {
        events: rows.length,
        eventsPerSecond: rows.length / seconds,
        uncheckedEventsPerSecond: rows.length / refSeconds,
        checkedOverUnchecked: seconds / refSeconds,
      }
      log(`batch ${size}: ${Math.round(rows.length / seconds)} events/s checked, ${Math.round(rows.length / refSeconds)} unchecked (x${(seconds / refSeconds).toFixed(2)})`)
    }
    await admin.query('DROP TABLE riskdesk.unchecked')
    await admin.query('ANALYZE riskdesk.events')
    const totalRows = Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM riskdesk.events')).rows[0]!.n)

    // 3. desk-wide history as the desk head
    const headUrl = await login('head_bench', 'riskdesk_desk_head')
    const head = new pg.Client({ connectionString: headUrl })
    await head.connect()
    const filters: Record<string, object> = Object.fromEntries(Object.entries(HISTORY_FILTERS).filter(([name]) => name !== 'next page'))
    const firstPage = await queryPgAlertHistory(head, { marketFrom: '2002-06-03', limit: 100 })
    if (firstPage.next !== null) filters['next page'] = { after: firstPage.next }
    const cases: Record<string, unknown> = {}
    for (const [name, q] of Object.entries(filters)) {
      const built = buildPgAlertHistorySql({ ...q, limit: 100 })
      const plan = (await head.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${built.sql}`, built.args)).rows.map((r) => r['QUERY PLAN'])
      // The index the alert rows (alias a) are read from: a plain index scan names it on its own line, a bitmap scan
      // on the line below its heap scan.
      const heap = plan.findIndex((l) => /Bitmap Heap Scan on events a\b/.test(l))
      const firstIndex =
        plan.map((l) => /Index (?:Only )?Scan(?: Backward)? using (\S+) on events a\b/.exec(l)?.[1]).find((x) => x !== undefined) ??
        (heap >= 0 ? (plan.slice(heap + 1).map((l) => /Bitmap Index Scan on (\S+)/.exec(l)?.[1]).find((x) => x !== undefined) ?? null) : null)
      let alerts = 0
      const s = summarize(
        await timeAsync(
          async () => {
            alerts = (await queryPgAlertHistory(head, { ...q, limit: 100 })).alerts.length
          },
          2,
          runs,
        ),
      )
      cases[name] = { alerts, ...s, underTarget: s.median < TARGET_MS, alertIndex: firstIndex, seqScan: plan.some((l) => /Seq Scan on events a\b/.test(l)) }
      log(`${name}: ${alerts} alerts, median ${s.median.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${firstIndex ?? 'no index on the alert rows'})`)
    }
    await head.end()
    const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown'
    await admin.end()
    writeResult(args.resultFile, {
      postgres: version,
      events,
      alerts: trail.alerts,
      buildSeconds,
      sync,
      batchSizes,
      history: { rows: totalRows, targetMs: TARGET_MS, pagesOf100: cases },
    })
  } finally {
    server.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
