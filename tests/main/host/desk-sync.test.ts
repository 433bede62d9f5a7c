import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { installationIdentity } from '../../../src-main/audit/installation'
import { createDesk } from '../../../src-main/host/create-desk'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { addWorkstation, connect, migrateServer } from '../replication/replication-fixtures'
import { bundledMarket, DEMO_BOOK, DEMO_LIMITS } from '../desk/desk-fixture'

/**
 * The desk's background replication (`riskdesk web --sync-pg URL`) against a real throw-away PostgreSQL: the trail
 * reaches the server, and every change of the sync status is in the trail as `sync.status` (schema-checked by the
 * desk's audit log), with the server's seq and lag when caught up, the reason (password-free) when refused, and
 * `stopped` when the desk closes.
 */
const REPLAY = { from: '2020-02-24', to: '2020-03-31', speed: 'max' as const, autoplay: false }

interface SyncPayload {
  state: string
  previousState: string
  installationId: string
  lastReplicatedSeq: number | null
  lag: number | null
  lastError: string | null
  sessionId: string
}

function syncEvents(file: string): { seq: number; payload: SyncPayload }[] {
  const db = openDatabase(file, { readonly: true, integrityCheck: 'none' })
  try {
    return db
      .prepare<[], { seq: number; payload: string }>("SELECT seq, payload FROM audit_events WHERE type = 'sync.status' ORDER BY seq")
      .all()
      .map((r) => ({ seq: r.seq, payload: JSON.parse(r.payload) as SyncPayload }))
  } finally {
    closeDatabase(db)
  }
}

function installationOf(file: string): string {
  const db = openDatabase(file)
  try {
    return installationIdentity(db).id
  } finally {
    closeDatabase(db)
  }
}

describe('sync:status without --sync-pg', () => {
  it('is null: the desk does not replicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskdesk-desk-nosync-'))
    const desk = await createDesk({ market: bundledMarket(), dbFile: join(dir, 'd.db'), bookFile: DEMO_BOOK, limitsFile: DEMO_LIMITS, user: 'alice', replay: REPLAY })
    try {
      expect(await desk.invoke('sync:status', {}, 'alice')).toEqual({ ok: true, value: null })
    } finally {
      await desk.closeAll()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

postgres.describe('background sync inside the desk (real PostgreSQL)', () => {
  let server: PgTestServer
  let dir: string
  const previousKeys = process.env.RISKDESK_KEY_DIR

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-desk-sync-'))
    process.env.RISKDESK_KEY_DIR = join(dir, 'keys')
    server = await startPostgres()
    await migrateServer(server)
  }, 120_000)
  afterAll(() => {
    server?.destroy()
    if (previousKeys === undefined) delete process.env.RISKDESK_KEY_DIR
    else process.env.RISKDESK_KEY_DIR = previousKeys
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const options = (file: string, syncPgUrl: string) => ({
    market: bundledMarket(),
    dbFile: file,
    bookFile: DEMO_BOOK,
    limitsFile: DEMO_LIMITS,
    user: 'alice',
    replay: REPLAY,
    syncPgUrl,
    syncIntervalMs: 50,
  })

  postgres.it('replicates the trail and audits caught-up, then stopped', async () => {
    const file = join(dir, 'ws.db')
    const login = await addWorkstation(server, 'ws_desk_sync', installationOf(file))
    const desk = await createDesk(options(file, login.url))
    let closed = false
    try {
      await vi.waitFor(() => expect(syncEvents(file).map((e) => e.payload.state)).toContain('caught-up'), { timeout: 60_000, interval: 100 })
      // what the desk shows: the syncer's status through the contract channel
      const shown = await desk.invoke('sync:status', {}, 'alice')
      expect(shown.ok).toBe(true)
      expect(shown.ok && shown.value).toMatchObject({ installationId: login.installationId, lastError: null })
      expect(shown.ok && shown.value?.lastReplicatedSeq).toBeGreaterThan(0)
      await desk.closeAll()
      closed = true
    } finally {
      if (!closed) await desk.closeAll()
    }
    const events = syncEvents(file)
    const caught = events.find((e) => e.payload.state === 'caught-up')!
    expect(caught.payload).toMatchObject({ previousState: 'idle', installationId: login.installationId, lag: 0, lastError: null })
    // caught up with everything written before the status change (the event itself is the next seq)
    expect(caught.payload.lastReplicatedSeq).toBe(caught.seq - 1)
    expect(events.at(-1)!.payload).toMatchObject({ state: 'stopped', previousState: 'caught-up' })
    const admin = await connect(server.url())
    try {
      const held = await admin.query<{ max: string }>('SELECT max(seq)::text AS max FROM riskdesk.events WHERE installation_id = $1', [login.installationId])
      expect(Number(held.rows[0]!.max)).toBeGreaterThanOrEqual(caught.seq - 1)
    } finally {
      await admin.end()
    }
  }, 120_000)

  postgres.it('audits a refused login with its reason, never the password', async () => {
    const file = join(dir, 'refused.db')
    const login = await addWorkstation(server, 'ws_refused', installationOf(file))
    const secret = 'not-the-password-0b1c'
    const url = new URL(login.url)
    url.password = secret
    const desk = await createDesk(options(file, url.toString()))
    try {
      await vi.waitFor(() => expect(syncEvents(file).some((e) => e.payload.state !== 'idle' && e.payload.lastError !== null)).toBe(true), { timeout: 60_000, interval: 100 })
    } finally {
      await desk.closeAll()
    }
    const failed = syncEvents(file).find((e) => e.payload.lastError !== null)!
    expect(['offline', 'error']).toContain(failed.payload.state)
    expect(failed.payload.lastError).toMatch(/password authentication failed/)
    expect(JSON.stringify(syncEvents(file))).not.toContain(secret)
  }, 120_000)
})
