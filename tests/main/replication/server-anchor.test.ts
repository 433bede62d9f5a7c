import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { computeEventHash } from '../../../src-main/audit/event-hash'
import { compareWithServer } from '../../../src-main/replication/server-anchor'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { cli } from '../cli/cli-harness'
import { addDeskHead, addWorkstation, connect, makeLocalDb, migrateServer } from './replication-fixtures'

/** Re-chain forgery: change the payload at `seq` and recompute every later hash and the head, as an attacker would. */
function rechain(file: string, seq: number): void {
  const raw = new Database(file)
  raw.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER chain_head_only_advances')
  const rows = raw.prepare<[number], { seq: number; ts: string; type: string; actor: string; book: string | null; payload: string; prev_hash: string }>(
    'SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq',
  ).all(seq)
  const update = raw.prepare('UPDATE audit_events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?')
  raw.transaction(() => {
    let prevHash = rows[0]!.prev_hash
    for (const row of rows) {
      const payload = row.seq === seq ? '{"rewritten":true}' : row.payload
      const hash = computeEventHash({ ...row, payloadJson: payload, prevHash })
      update.run(payload, prevHash, hash, row.seq)
      prevHash = hash
    }
    raw.prepare('UPDATE chain_head SET hash = ? WHERE id = 1').run(prevHash)
  })()
  raw.close()
}

/** Rewound tail: delete the last `n` rows and move the head back, consistently. */
function rewind(file: string, n: number): void {
  const raw = new Database(file)
  raw.exec('DROP TRIGGER audit_events_no_delete; DROP TRIGGER chain_head_only_advances')
  const head = raw.prepare<[], { seq: number }>('SELECT seq FROM chain_head').get()!.seq
  raw.prepare('DELETE FROM audit_events WHERE seq > ?').run(head - n)
  const last = raw.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?').get(head - n)!
  raw.prepare('UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1').run(head - n, last.hash)
  raw.close()
}

postgres.describe('the PostgreSQL copy as the external anchor (real server)', () => {
  let server: PgTestServer
  let dir: string
  let headUrl: string
  let original: string
  let id: string
  let wsUrl: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-anchor-'))
    server = await startPostgres()
    await migrateServer(server)
    headUrl = await addDeskHead(server, 'head_anchor')
    original = join(dir, 'ws.db')
    id = makeLocalDb(original, 3_000, join(dir, 'keys'))
    const ws = await addWorkstation(server, 'ws_anchor', id)
    wsUrl = ws.url
    expect((await cli('sync', '--db', original, '--pg', wsUrl)).code).toBe(0)
  })
  afterAll(() => {
    server?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const compare = async (file: string, url: string): Promise<Awaited<ReturnType<typeof compareWithServer>>> => {
    const db = openDatabase(file, { readonly: true, integrityCheck: 'none' })
    const c = await connect(url)
    try {
      return await compareWithServer(db, c, id)
    } finally {
      await c.end()
      closeDatabase(db)
    }
  }

  postgres.it('an untouched trail agrees with its copy (as the workstation or the desk head)', async () => {
    for (const url of [wsUrl, headUrl]) {
      expect(await compare(original, url)).toEqual({ ok: true, installationId: id, compared: 3_000, serverSeq: 3_000, localSeq: 3_000, firstMismatch: null })
    }
  })

  postgres.it('a full re-chain forgery, invisible to the local chain, is named at its first rewritten seq', async () => {
    const forged = join(dir, 'forged.db')
    copyFileSync(original, forged)
    rechain(forged, 1_234)
    const r = await compare(forged, headUrl)
    expect(r.ok).toBe(false)
    expect(r.compared).toBe(1_233)
    expect(r.firstMismatch?.seq).toBe(1_234)
    expect(r.firstMismatch?.reason).toMatch(/seq 1234 differs from its replicated copy .* rewritten after it was replicated/)
  })

  postgres.it('riskdesk audit verify --pg: passes an untouched trail, fails a forgery the local chain cannot see, naming the seq', async () => {
    const ok = await cli('audit', 'verify', '--db', original, '--pg', wsUrl)
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain(`desk copy: the 3000 replicated events (seq 1..3000) of installation ${id} match the local trail`)
    const forged = join(dir, 'forged-cli.db')
    copyFileSync(original, forged)
    rechain(forged, 2_500)
    const local = await cli('audit', 'verify', '--db', forged)
    expect(local.code).toBe(0) // a consistent re-chain passes the local checks ...
    const bad = await cli('audit', 'verify', '--db', forged, '--pg', headUrl)
    expect(bad.code).toBe(1) // ... but not the desk copy
    expect(bad.stderr).toMatch(/FAILED verification against the desk copy: seq 2500 differs from its replicated copy/)
    expect(bad.stderr).not.toContain(server.adminPassword)
    const json = await cli('audit', 'verify', '--db', forged, '--pg', headUrl, '--json')
    expect(JSON.parse(json.stdout).deskCopy).toMatchObject({ ok: false, result: { firstMismatch: { seq: 2500 } } })
  })

  postgres.it('a rewound tail is named at the first missing seq', async () => {
    const rewound = join(dir, 'rewound.db')
    copyFileSync(original, rewound)
    rewind(rewound, 10)
    const r = await compare(rewound, wsUrl)
    expect(r).toMatchObject({ ok: false, compared: 2_990, localSeq: 2_990, firstMismatch: { seq: 2_991, localHash: null } })
    expect(r.firstMismatch?.reason).toMatch(/seq 2991 was replicated .* missing from the local trail/)
  })
})
