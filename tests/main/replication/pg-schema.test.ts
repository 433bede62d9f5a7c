import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertMigrationsOrdered } from '../../../src-main/audit/migrations'
import { computeEventHash, GENESIS_HASH } from '../../../src-main/audit/event-hash'
import { latestPgVersion, migratePg, pgSchemaVersion } from '../../../src-main/replication/pg-migrate'
import { PG_ERRORS, PG_MIGRATIONS, type PgMigration } from '../../../src-main/replication/pg-migrations'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { addDeskHead, addWorkstation, connect, insertRows, makeChain, migrateServer, type Workstation } from './replication-fixtures'

describe('the PostgreSQL migration list', () => {
  it('is ordered, uniquely named, in steps of 10', () => {
    expect(() => assertMigrationsOrdered(PG_MIGRATIONS)).not.toThrow()
    for (const m of PG_MIGRATIONS) expect(m.version % 10).toBe(0)
    expect(latestPgVersion()).toBe(PG_MIGRATIONS.at(-1)?.version)
  })
})

/** The error a promise rejects with (pg's DatabaseError carries `code`, the SQLSTATE). */
async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p
  } catch (e) {
    return e as { code?: string; message: string }
  }
  throw new Error('expected the statement to be refused, but PostgreSQL accepted it')
}

postgres.describe('PostgreSQL schema (real server)', () => {
  let server: PgTestServer
  let alice: Workstation
  let bob: Workstation
  let headUrl: string
  const clients: pg.Client[] = []
  const open = async (url: string): Promise<pg.Client> => {
    const c = await connect(url)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    server = await startPostgres()
    await migrateServer(server)
    alice = await addWorkstation(server, 'ws_alice')
    bob = await addWorkstation(server, 'ws_bob')
    headUrl = await addDeskHead(server, 'head_carol')
  })
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => {})
    server?.destroy()
  })

  describe('the runner', () => {
    it('migrated to the latest version and is idempotent', async () => {
      const admin = await open(server.url())
      expect(await pgSchemaVersion(admin)).toBe(latestPgVersion())
      expect(await migratePg(admin)).toEqual({ fromVersion: latestPgVersion(), toVersion: latestPgVersion(), applied: [] })
      const tables = await admin.query("SELECT tablename FROM pg_tables WHERE schemaname = 'riskdesk' ORDER BY 1")
      expect(tables.rows.map((r) => r.tablename)).toEqual(['conflicts', 'events', 'schema_migrations', 'workstations'])
    })

    it('applies each migration in one transaction: a failing step leaves no trace, earlier steps stay', async () => {
      const admin = await open(server.url())
      await admin.query('CREATE DATABASE scratch')
      const scratch = await open(server.url(undefined, undefined, 'scratch'))
      const broken: PgMigration[] = [
        { version: 10, name: 'ok', up: 'CREATE TABLE riskdesk.a (x int)' },
        { version: 20, name: 'broken', up: 'CREATE TABLE riskdesk.b (x int); INSERT INTO no_such_table VALUES (1)' },
      ]
      await expect(migratePg(scratch, broken)).rejects.toThrow('PostgreSQL migration 20 (broken) failed: relation "no_such_table" does not exist')
      expect(await pgSchemaVersion(scratch)).toBe(10)
      const t = await scratch.query("SELECT tablename FROM pg_tables WHERE schemaname = 'riskdesk' ORDER BY 1")
      expect(t.rows.map((r) => r.tablename)).toEqual(['a', 'schema_migrations'])
      // A database migrated by a newer build is refused, untouched.
      await expect(migratePg(scratch, broken.slice(0, 0))).rejects.toThrow('the PostgreSQL schema is at version 10, newer than this build (0)')
    })
  })

  it('riskdesk.event_hash computes exactly computeEventHash, escapes and non-ASCII included', async () => {
    const admin = await open(server.url())
    // Texts as SQLite stores them: any Unicode except lone surrogates and NUL (PostgreSQL text cannot hold NUL).
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map((s) => s.replace(/\0/g, '_'))
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 40 }), text, text, fc.option(text), fc.jsonValue(), async (seq, type, actor, book, payload) => {
        const payloadJson = JSON.stringify(payload).replace(/\\u0000/g, '_')
        const fields = { seq, ts: '2026-03-01T12:00:00.000Z', type, actor, book, payloadJson, prevHash: GENESIS_HASH }
        const r = await admin.query<{ h: string }>('SELECT riskdesk.event_hash($1, $2, $3, $4, $5, $6, $7) AS h', [
          seq,
          fields.ts,
          type,
          actor,
          book,
          payloadJson,
          fields.prevHash,
        ])
        expect(r.rows[0]?.h).toBe(computeEventHash(fields))
      }),
      { numRuns: 100 },
    )
    // The escapes JSON.stringify uses, one by one.
    for (const s of ['"', '\\', '\b\f\n\r\t', '\u0001\u001f\u007f', '\u2028é€😀']) {
      const fields = { seq: 7, ts: '2026-03-01T12:00:00.000Z', type: s, actor: s, book: s, payloadJson: JSON.stringify({ s }), prevHash: GENESIS_HASH }
      const r = await admin.query<{ h: string }>('SELECT riskdesk.event_hash(7, $1, $2, $2, $2, $3, $4) AS h', [fields.ts, s, fields.payloadJson, GENESIS_HASH])
      expect(r.rows[0]?.h, JSON.stringify(s)).toBe(computeEventHash(fields))
    }
  })

  it('riskdesk.iso_date_or_null keeps real calendar dates only, never raising', async () => {
    const admin = await open(server.url())
    const cases: [string | null, string | null][] = [
      ['2020-02-29', '2020-02-29'],
      ['2021-02-29', null],
      ['2020-04-31', null],
      ['2020-12-31', '2020-12-31'],
      ['2020-13-01', null],
      ['0000-01-01', null],
      ['2020-3-1', null],
      ['not a date', null],
      [null, null],
    ]
    for (const [input, expected] of cases) {
      const r = await admin.query<{ d: string | null }>('SELECT riskdesk.iso_date_or_null($1)::text AS d', [input])
      expect(r.rows[0]?.d, String(input)).toBe(expected)
    }
  })

  describe('least privilege, enforced by PostgreSQL', () => {
    let chain: ReturnType<typeof makeChain>
    beforeAll(async () => {
      chain = makeChain(5)
      const ws = await open(alice.url)
      expect(await insertRows(ws, alice.installationId, chain)).toBe(5)
    })

    it('a workstation role cannot UPDATE, DELETE or TRUNCATE its own replicated events', async () => {
      const ws = await open(alice.url)
      expect((await failure(ws.query("UPDATE riskdesk.events SET actor = 'mallory' WHERE seq = 2"))).message).toMatch(/permission denied for table events/)
      expect((await failure(ws.query('DELETE FROM riskdesk.events WHERE seq = 5'))).message).toMatch(/permission denied for table events/)
      expect((await failure(ws.query('TRUNCATE riskdesk.events'))).message).toMatch(/permission denied for table events/)
      expect((await failure(ws.query('DELETE FROM riskdesk.conflicts'))).message).toMatch(/permission denied for table conflicts/)
      expect((await failure(ws.query('UPDATE riskdesk.workstations SET installation_id = $1', [bob.installationId]))).message).toMatch(/permission denied/)
      // ON CONFLICT DO UPDATE is an UPDATE too.
      const r = chain[1]!
      const upsert = ws.query(
        `INSERT INTO riskdesk.events (installation_id, seq, ts, type, actor, book, payload_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (installation_id, seq) DO UPDATE SET actor = 'mallory'`,
        [alice.installationId, r.seq, r.ts, r.type, r.actor, r.book, r.payloadJson, r.prevHash, r.hash],
      )
      expect((await failure(upsert)).message).toMatch(/permission denied for table events/)
      const admin = await open(server.url())
      const rows = await admin.query('SELECT seq, actor, hash FROM riskdesk.events WHERE installation_id = $1 ORDER BY seq', [alice.installationId])
      expect(rows.rows).toEqual(chain.map((c) => ({ seq: String(c.seq), actor: 'desk', hash: c.hash })))
    })

    it('not even the table owner can UPDATE or DELETE: triggers refuse it', async () => {
      const admin = await open(server.url())
      expect((await failure(admin.query("UPDATE riskdesk.events SET actor = 'x'"))).message).toMatch(/append-only: UPDATE is forbidden/)
      expect((await failure(admin.query('DELETE FROM riskdesk.events'))).message).toMatch(/append-only: DELETE is forbidden/)
      expect((await failure(admin.query('TRUNCATE riskdesk.events'))).message).toMatch(/append-only: TRUNCATE is forbidden/)
    })

    it('a workstation cannot insert rows of another installation, nor plant a conflict against it', async () => {
      const ws = await open(bob.url)
      // A valid chain, but under alice's installation id: refused before anything is recorded.
      const forged = makeChain(1, { salt: 'forged' })
      const err = await failure(insertRows(ws, alice.installationId, forged))
      expect(err.code).toBe('42501')
      expect(err.message).toMatch(/ws_bob may insert only events of its own installation/)
      const admin = await open(server.url())
      expect((await admin.query('SELECT count(*)::int AS n FROM riskdesk.conflicts')).rows[0]).toEqual({ n: 0 })
      // Nor is a session setting or SET ROLE a way around it: the policy keys on the authenticated session_user.
      await ws.query("SET riskdesk.installation_id = '00000000-0000-0000-0000-000000000000'")
      await ws.query('SET ROLE riskdesk_workstation')
      expect((await failure(insertRows(ws, alice.installationId, forged))).code).toBe('42501')
      await ws.query('RESET ROLE')
    })

    it('the RLS policy itself refuses another installation (checked without the trigger)', async () => {
      const admin = await open(server.url())
      await admin.query('BEGIN')
      await admin.query('ALTER TABLE riskdesk.events DISABLE TRIGGER events_before_insert')
      await admin.query('SET LOCAL ROLE ws_bob')
      const r = chain[0]!
      const err = await failure(
        admin.query(
          'INSERT INTO riskdesk.events (installation_id, seq, ts, type, actor, book, payload_json, payload, prev_hash, hash) VALUES ($1, 99, $2, $3, $4, $5, $6::text, $6::text::jsonb, $7, $8)',
          [alice.installationId, r.ts, r.type, r.actor, r.book, r.payloadJson, r.prevHash, r.hash],
        ),
      )
      await admin.query('ROLLBACK')
      expect(err.message).toMatch(/new row violates row-level security policy/)
    })

    it('a workstation reads only its own rows; the desk head reads all and writes nothing', async () => {
      const b = await open(bob.url)
      expect((await b.query('SELECT count(*)::int AS n FROM riskdesk.events')).rows[0]).toEqual({ n: 0 })
      const head = await open(headUrl)
      expect((await head.query('SELECT count(*)::int AS n FROM riskdesk.events')).rows[0]).toEqual({ n: 5 })
      expect((await failure(insertRows(head, alice.installationId, makeChain(1, { firstSeq: 6, prevHash: chain[4]!.hash })))).message).toMatch(
        /permission denied for table events/,
      )
      const status = await head.query('SELECT role_name, replicated_seq::int AS seq, conflicts::int AS conflicts FROM riskdesk.workstation_status ORDER BY role_name')
      expect(status.rows).toEqual([
        { role_name: 'ws_alice', seq: 5, conflicts: 0 },
        { role_name: 'ws_bob', seq: 0, conflicts: 0 },
      ])
    })
  })

  describe('continuity checked on arrival', () => {
    let ws: Workstation
    let chain: ReturnType<typeof makeChain>
    beforeAll(async () => {
      ws = await addWorkstation(server, 'ws_dave', randomUUID())
      chain = makeChain(10, { session: 'sess-42' })
      const c = await open(ws.url)
      expect(await insertRows(c, ws.installationId, chain.slice(0, 6))).toBe(6)
    })

    it('derives session id and market date from the payload, and keeps the hashed text verbatim', async () => {
      const c = await open(ws.url)
      const r = await c.query('SELECT session_id, market_date::text AS d, payload_json, payload FROM riskdesk.events WHERE seq = 3')
      expect(r.rows[0]).toEqual({ session_id: 'sess-42', d: '2020-03-04', payload_json: chain[2]!.payloadJson, payload: JSON.parse(chain[2]!.payloadJson) })
    })

    it('a repeated delivery is skipped: the same rows again insert nothing and change nothing', async () => {
      const c = await open(ws.url)
      expect(await insertRows(c, ws.installationId, chain.slice(2, 8))).toBe(2) // 3..6 known, 7..8 new
      expect((await c.query('SELECT count(*)::int AS n, max(seq)::int AS m FROM riskdesk.events')).rows[0]).toEqual({ n: 8, m: 8 })
    })

    it('refuses a gap, a broken link and a hash that does not match the content', async () => {
      const c = await open(ws.url)
      expect((await failure(insertRows(c, ws.installationId, chain.slice(9, 10)))).code).toBe(PG_ERRORS.gap)
      const wrongLink = makeChain(1, { firstSeq: 9, prevHash: 'e'.repeat(64) })
      expect((await failure(insertRows(c, ws.installationId, wrongLink))).code).toBe(PG_ERRORS.brokenLink)
      const tampered = { ...chain[8]!, actor: 'mallory' }
      expect((await failure(insertRows(c, ws.installationId, [tampered]))).code).toBe(PG_ERRORS.hashMismatch)
      // A refused batch leaves nothing behind, not even its valid first rows.
      expect((await failure(insertRows(c, ws.installationId, [chain[8]!, chain[9]!, tampered])))).toBeTruthy()
      expect((await c.query('SELECT max(seq)::int AS m FROM riskdesk.events')).rows[0]).toEqual({ m: 8 })
    })

    it('a fork (same seq, another hash) is recorded as a conflict, never overwritten', async () => {
      const c = await open(ws.url)
      // A rewritten local history from seq 5: valid on its own, diverging from what was replicated.
      const rewritten = makeChain(2, { firstSeq: 5, prevHash: chain[3]!.hash, salt: 'rewritten' })
      expect(await insertRows(c, ws.installationId, rewritten)).toBe(0)
      expect(await insertRows(c, ws.installationId, rewritten)).toBe(0) // offered twice: recorded once
      const head = await open(headUrl)
      const conflicts = await head.query(
        'SELECT seq::int AS seq, server_hash, offered_hash, detected_by, offered->>\'payload_json\' AS offered FROM riskdesk.conflicts WHERE installation_id = $1 ORDER BY seq',
        [ws.installationId],
      )
      expect(conflicts.rows).toEqual([
        { seq: 5, server_hash: chain[4]!.hash, offered_hash: rewritten[0]!.hash, detected_by: 'ws_dave', offered: rewritten[0]!.payloadJson },
        { seq: 6, server_hash: chain[5]!.hash, offered_hash: rewritten[1]!.hash, detected_by: 'ws_dave', offered: rewritten[1]!.payloadJson },
      ])
      const kept = await head.query('SELECT seq::int AS seq, hash FROM riskdesk.events WHERE installation_id = $1 AND seq IN (5, 6) ORDER BY seq', [ws.installationId])
      expect(kept.rows).toEqual([
        { seq: 5, hash: chain[4]!.hash },
        { seq: 6, hash: chain[5]!.hash },
      ])
      const flagged = await head.query('SELECT conflicts::int AS n FROM riskdesk.workstation_status WHERE installation_id = $1', [ws.installationId])
      expect(flagged.rows[0]).toEqual({ n: 2 })
    })
  })
})
