import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, vi } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { computeEventHash } from '../../../src-main/audit/event-hash'
import { OutboxSyncer, type SyncStatus } from '../../../src-main/replication/outbox-syncer'
import { redactPgUrl } from '../../../src-main/replication/pg-connection'
import { latestPgVersion } from '../../../src-main/replication/pg-migrate'
import { PG_MIGRATIONS } from '../../../src-main/replication/pg-migrations'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { cli } from '../cli/cli-harness'
import { addDeskHead, addWorkstation, appendLocal, connect, insertRows, makeLocalDb, type Workstation } from './replication-fixtures'

/** Every (seq, hash) of a local database, in order. */
function localChain(file: string): { seq: number; hash: string }[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq').all()
  } finally {
    db.close()
  }
}

postgres.describe('riskdesk sync and the outbox syncer (real PostgreSQL)', () => {
  let server: PgTestServer
  let dir: string
  let headUrl: string
  const serverChain = async (installationId: string): Promise<{ seq: number; hash: string }[]> => {
    const c = await connect(headUrl)
    try {
      const r = await c.query<{ seq: number; hash: string }>('SELECT seq::int AS seq, hash FROM riskdesk.events WHERE installation_id = $1 ORDER BY seq', [installationId])
      return r.rows
    } finally {
      await c.end()
    }
  }
  const newWorkstation = async (name: string, events: number): Promise<{ file: string; id: string; ws: Workstation }> => {
    const file = join(dir, `${name}.db`)
    const id = makeLocalDb(file, events, join(dir, 'keys'))
    const ws = await addWorkstation(server, `ws_${name}`, id)
    return { file, id, ws }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-sync-'))
    server = await startPostgres()
    const admin = server.url()
    const migrated = await cli('sync', '--pg', admin, '--migrate')
    expect(migrated.stderr).toBe('')
    expect(migrated.stdout).toMatch(/^migrated postgres:\/\/riskdesk_admin:\*\*\*@127\.0\.0\.1:\d+\/riskdesk from schema 0 to /)
    expect(migrated.stdout.trim()).toMatch(new RegExp(`to ${latestPgVersion()}: ${PG_MIGRATIONS.map((m) => `${m.version}-${m.name}`).join(', ')}$`))
    expect((await cli('sync', '--pg', admin, '--migrate')).stdout).toMatch(new RegExp(`is current \\(${latestPgVersion()}\\)`))
    expect(migrated.stdout).not.toContain(server.adminPassword)
    headUrl = await addDeskHead(server, 'head_erin')
  })
  afterAll(() => {
    server?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  postgres.it('copies every local event, then resumes from the server head: nothing twice', async () => {
    const { file, id, ws } = await newWorkstation('alice', 2_345)
    const first = await cli('sync', '--db', file, '--pg', ws.url, '--batch', '500', '--json')
    expect(first.stderr).toBe('')
    expect(JSON.parse(first.stdout)).toEqual({
      installationId: id, sent: 2_345, inserted: 2_345, duplicates: 0, state: 'caught-up', lastReplicatedSeq: 2_345, localSeq: 2_345, lag: 0, forkSeq: null, lastError: null,
    })
    expect(await serverChain(id)).toEqual(localChain(file))

    appendLocal(file, 101)
    const again = await cli('sync', '--db', file, '--pg', ws.url)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(new RegExp(`synced 101 events \\(0 already on the server\\) of installation ${id} to postgres://ws_alice:\\*\\*\\*@`))
    expect(again.stdout).not.toContain(ws.password)
    expect(await serverChain(id)).toEqual(localChain(file))
  })

  postgres.it('a predecessor that committed but died before hearing back: the next pass starts after what the server holds', async () => {
    const { file, id, ws } = await newWorkstation('bob', 1_000)
    // What a killed syncer left: the first 600 rows committed on the server, nothing recorded locally.
    const db = openDatabase(file, { readonly: true })
    const rows = db.prepare<[], { seq: number; ts: string; type: string; actor: string; book: string | null; payload: string; prev_hash: string; hash: string }>(
      'SELECT * FROM audit_events WHERE seq <= 600 ORDER BY seq',
    ).all()
    closeDatabase(db)
    const c = await connect(ws.url)
    await insertRows(c, id, rows.map((r) => ({ ...r, payloadJson: r.payload, prevHash: r.prev_hash })))
    await c.end()
    const r = await cli('sync', '--db', file, '--pg', ws.url, '--json')
    expect(JSON.parse(r.stdout)).toMatchObject({ sent: 400, inserted: 400, duplicates: 0, lastReplicatedSeq: 1_000, lag: 0 })
    expect(await serverChain(id)).toEqual(localChain(file))
  })

  postgres.it('a local rewrite of replicated events is a fork: flagged on the server, never overwritten, sync stops', async () => {
    const { file, id, ws } = await newWorkstation('carol', 300)
    expect((await cli('sync', '--db', file, '--pg', ws.url)).code).toBe(0)
    const before = await serverChain(id)
    // A full re-chain forgery from seq 120: drop the triggers, change a payload, recompute every later hash.
    const raw = new Database(file)
    raw.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER chain_head_only_advances')
    const all = raw.prepare<[], { seq: number; ts: string; type: string; actor: string; book: string | null; payload: string; prev_hash: string }>('SELECT * FROM audit_events ORDER BY seq').all()
    const update = raw.prepare('UPDATE audit_events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?')
    let prev = all[118]!.prev_hash
    raw.transaction(() => {
      let prevHash = localChain(file)[118]!.hash
      for (const row of all.slice(119)) {
        const payload = row.seq === 120 ? '{"forged":true}' : row.payload
        const hash = computeEventHash({ ...row, payloadJson: payload, prevHash })
        update.run(payload, prevHash, hash, row.seq)
        prevHash = hash
        prev = hash
      }
      raw.prepare('UPDATE chain_head SET hash = ? WHERE id = 1').run(prev)
    })()
    raw.close()
    appendLocal(file, 5)

    const r = await cli('sync', '--db', file, '--pg', ws.url)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/stopped \(forked\): the local trail differs from the replicated copy from seq 120 on/)
    expect(await serverChain(id)).toEqual(before)
    const head = await connect(headUrl)
    const conflicts = await head.query('SELECT seq::int AS seq, server_hash, offered_hash FROM riskdesk.conflicts WHERE installation_id = $1', [id])
    await head.end()
    expect(conflicts.rows).toEqual([{ seq: 120, server_hash: before[119]!.hash, offered_hash: localChain(file)[119]!.hash }])
  })

  postgres.it('refuses an unregistered role, and explains', async () => {
    const { file, ws } = await newWorkstation('dan', 10)
    const other = await addWorkstation(server, 'ws_dan_other')
    const r = await cli('sync', '--db', file, '--pg', other.url)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/the server refused this workstation: role ws_dan_other may insert only events of its own installation/)
    expect((await cli('sync', '--db', file, '--pg', ws.url)).code).toBe(0)
  })

  postgres.it('passes the URL TLS mode through to pg (this test server has no TLS, so sslmode=verify-full is refused)', async () => {
    const { file, ws } = await newWorkstation('tls', 3)
    const r = await cli('sync', '--db', file, '--pg', `${ws.url}?sslmode=verify-full`)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/The server does not support SSL connections/)
    expect(r.stderr).not.toContain(ws.password)
  })

  describe('background sync', () => {
    postgres.it('start/stop with status: offline while the server is down, catches up when it is back, reports each change', async () => {
      const { file, id, ws } = await newWorkstation('frank', 50)
      const db = openDatabase(file, { readonly: true, integrityCheck: 'none' })
      const changes: SyncStatus[] = []
      const syncer = new OutboxSyncer({ db, installationId: id, pgUrl: ws.url, intervalMs: 50, maxBackoffMs: 200, onStatusChange: (s) => changes.push(s) })
      try {
        syncer.start()
        await vi.waitFor(() => expect(syncer.status()).toMatchObject({ state: 'caught-up', lastReplicatedSeq: 50, lag: 0 }), { timeout: 30_000, interval: 20 })
        server.stop('immediate')
        appendLocal(file, 20)
        await vi.waitFor(() => expect(syncer.status().state).toBe('offline'), { timeout: 30_000, interval: 20 })
        expect(syncer.status().lastError).toMatch(/unreachable or connection lost/)
        expect(syncer.status().lastError).not.toContain(ws.password)
        expect(syncer.status().lastError).toContain(redactPgUrl(ws.url))
        server.start()
        await vi.waitFor(() => expect(syncer.status()).toMatchObject({ state: 'caught-up', lastReplicatedSeq: 70, localSeq: 70, lag: 0, lastError: null }), {
          timeout: 60_000,
          interval: 50,
        })
      } finally {
        await syncer.stop()
        closeDatabase(db)
      }
      expect(syncer.status().state).toBe('stopped')
      expect(changes.map((c) => c.state)).toEqual(['caught-up', 'offline', 'caught-up', 'stopped'])
      expect(await serverChain(id)).toEqual(localChain(file))
    })
  })
})
