/**
 * The desk-wide history's "text in reasons" filter on a real PostgreSQL: the trigram index of migrations 30 and 40
 * only narrows which alerts are tested, so the rows must be exactly those of the exact test alone, and those of the
 * query without the index (its text expression written out inline, not through riskdesk.reason_text). Same
 * case-insensitive substring semantics, `%` and `_` literal. The plan test shows the index is used (no timing here:
 * speed is measured in bench/pg-sync.bench.ts). Rows are compared as the alert-row query selects them (installation,
 * seq), before the lifecycle fold, which this change does not touch.
 *
 * Data: the synthetic trail of the history bench (bench/history-trail.ts: rejected actions with four reasons,
 * limit changes and desk-head pauses with one each, alert notes, feed notes that no alert shows), 30,000 events
 * replicated by the syncer.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type pg from 'pg'
import { afterAll, beforeAll, expect } from 'vitest'
import { buildSyntheticTrail } from '../../../bench/history-trail'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { installationIdentity } from '../../../src-main/audit/installation'
import { OutboxSyncer } from '../../../src-main/replication/outbox-syncer'
import { CONTROL_CHANGE_TYPES } from '../../../src-main/audit/alert-history'
import { buildPgAlertHistorySql, usesTrigramIndex, type PgAlertHistoryQuery } from '../../../src-main/replication/pg-alert-history'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { addDeskHead, addWorkstation, connect, migrateServer } from './replication-fixtures'

const EVENTS = 30_000
/** The text expression written out inline, as riskdesk.reason_text defines it (migration 40: reasons and notes' text). */
const before = (alias: string): string => `lower(coalesce(${alias}.payload ->> 'reason', '') || ' ' || coalesce(${alias}.payload ->> 'text', ''))`

/** Texts with and without trigrams, in other cases, spanning words, with LIKE's wildcards (literal), matching nothing. */
const TEXTS = [
  'auction',
  'AUCTION',
  '  Hedge Via  ',
  'temporary increase',
  'desk head',
  'data error',
  'client order pending',
  'Futures Desk',
  'in',
  'a',
  'intraday',
  'at_the',
  'the auction%',
  '%',
  'no such reason',
  'é',
]

postgres.describe('desk-wide history: text in reasons through the trigram index (real server)', () => {
  let server: PgTestServer
  let dir: string
  let head: pg.Client

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-pg-text-'))
    server = await startPostgres()
    await migrateServer(server)
    const file = join(dir, 'trail.db')
    const db = openDatabase(file)
    buildSyntheticTrail(db, EVENTS)
    const id = installationIdentity(db, { keyDir: join(dir, 'keys') }).id
    closeDatabase(db)
    const login = await addWorkstation(server, 'ws_text', id)
    const ro = openDatabase(file, { readonly: true, integrityCheck: 'none' })
    const syncer = new OutboxSyncer({ db: ro, installationId: id, pgUrl: login.url })
    try {
      const pass = await syncer.syncOnce()
      expect(pass.inserted).toBe(EVENTS)
    } finally {
      await syncer.stop()
      closeDatabase(ro)
    }
    const admin = await connect(server.url())
    await admin.query('ANALYZE riskdesk.events')
    await admin.end()
    head = await connect(await addDeskHead(server, 'head_text'))
  }, 300_000)

  afterAll(async () => {
    await head?.end()
    server?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** (installation, seq) of every alert row the SQL selects (one page holds them all). */
  async function keys(sql: string, args: unknown[]): Promise<string[]> {
    return (await head.query<{ installation_id: string; seq: string }>(sql, args)).rows.map((r) => `${r.installation_id}/${r.seq}`)
  }

  postgres.it('selects exactly the alerts of the exact test and of the query before the index, for every text', async () => {
    let matched = 0
    for (const text of TEXTS) {
      for (const extra of [{}, { marketFrom: '2000-06-01', marketTo: '2001-12-31' }, { overridden: true }] satisfies PgAlertHistoryQuery[]) {
        const q: PgAlertHistoryQuery = { ...extra, text, limit: 1000 }
        const indexed = buildPgAlertHistorySql(q)
        const exact = buildPgAlertHistorySql(q, { textIndex: false })
        const old = exact.sql.replace(/riskdesk\.reason_text\((\w+)\.payload\)/g, (_m, alias: string) => before(alias))
        expect(old).not.toContain('reason_text')
        const reference = await keys(old, exact.args)
        expect(reference.length, `${text}: one page holds every alert`).toBeLessThan(1001)
        expect(await keys(indexed.sql, indexed.args), JSON.stringify(q)).toEqual(reference)
        expect(await keys(exact.sql, exact.args), JSON.stringify(q)).toEqual(reference)
        matched += reference.length
      }
    }
    expect(matched).toBeGreaterThan(0)
    // the semantics, stated: case-insensitive substring of an alert's reasons; wildcards literal; feed notes not shown
    const count = async (text: string): Promise<number> => {
      const built = buildPgAlertHistorySql({ text, limit: 1000 })
      return (await keys(built.sql, built.args)).length
    }
    expect(await count('auction')).toBeGreaterThan(0)
    expect(await count('AUCTION')).toBe(await count('auction'))
    expect(await count('temporary increase')).toBeGreaterThan(0)
    expect(await count('futures desk')).toBeGreaterThan(0) // an alert's note (alert.noted text)
    expect(await count('paused for the')).toBeGreaterThan(0) // a desk head's pause while the alert was live
    expect(await count('the auction%')).toBe(0)
    expect(await count('at_the')).toBe(0)
    expect(await count('intraday')).toBe(0)
    expect(await count('no such reason')).toBe(0)
  })

  postgres.it('looks the text up in the trigram index when it has a trigram, and walks the alerts when it has none', async () => {
    expect(usesTrigramIndex('auction')).toBe(true)
    expect(usesTrigramIndex(' a b c ')).toBe(false)
    expect(usesTrigramIndex('in')).toBe(false)
    const plan = async (q: PgAlertHistoryQuery): Promise<string> => {
      const built = buildPgAlertHistorySql({ ...q, limit: 100 })
      return (await head.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${built.sql}`, built.args)).rows.map((r) => r['QUERY PLAN']).join('\n')
    }
    const withTrigrams = await plan({ text: 'auction' })
    expect(withTrigrams).toMatch(/Bitmap Index Scan on events_reason_text_trgm/)
    expect(withTrigrams).toMatch(/hashed SubPlan/)
    expect(withTrigrams).not.toMatch(/Seq Scan on events/)
    expect(await plan({ text: 'in' })).not.toMatch(/events_reason_text_trgm/)
  })

  postgres.it('the index holds only events a history row can show (an alert\'s own events, control changes), not the feed notes', async () => {
    const admin = await connect(server.url())
    try {
      const { rows } = await admin.query<{ indexed: string; notes: string }>(
        `SELECT (SELECT count(*) FROM riskdesk.events WHERE alert_ref IS NOT NULL OR type IN (${CONTROL_CHANGE_TYPES.map((t) => `'${t}'`).join(', ')})) AS indexed,
                (SELECT count(*) FROM riskdesk.events WHERE payload ? 'note') AS notes`,
      )
      expect(Number(rows[0]!.notes)).toBeGreaterThan(Number(rows[0]!.indexed))
      const def = await admin.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'riskdesk' AND indexname = 'events_reason_text_trgm'`)
      expect(def.rows[0]?.indexdef).toMatch(/USING gin \(riskdesk\.reason_text\(payload\) \S*gin_trgm_ops\) WHERE \(\(alert_ref IS NOT NULL\) OR \(type = ANY \(ARRAY\['limits.changed'::text, 'override.paused'::text/)
    } finally {
      await admin.end()
    }
  })
})
