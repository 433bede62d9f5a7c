/**
 * Tamper tests through the CLI: what the chain alone cannot see (a full re-chain, a rewound tail, a damaged index)
 * and how `audit anchor` + `audit verify --anchor` and the full integrity check catch it.
 *
 * Attacks are made as someone with the sqlite3 shell and the file would: drop the triggers, then rewrite rows with
 * freshly computed hashes (the hash function is public) and move chain_head to match.
 */
import { closeSync, copyFileSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkpointedAuditLog } from '../../../src-main/audit/checkpoint'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { computeEventHash, GENESIS_HASH } from '../../../src-main/audit/event-hash'
import { dropGuards, makeTempDir, sampleEvents } from '../audit/audit-test-helpers'
import { cli } from './cli-harness'

const { dir, cleanup } = makeTempDir('riskdesk-anchor-')
const keyDir = join(dir, 'keys')
const original = join(dir, 'trail.db')
const anchorFile = join(dir, 'anchor.json')
const N = 120
let savedKeyDir: string | undefined
let anchor: { seq: number; hash: string; signature: string | null; keyId: string | null; installationId: string | null }

beforeAll(async () => {
  savedKeyDir = process.env.RISKDESK_KEY_DIR
  process.env.RISKDESK_KEY_DIR = keyDir
  const db = openDatabase(original)
  const { log } = checkpointedAuditLog(db, { every: 25 })
  log.append({ type: 'session.started', actor: 'alice', payload: {} })
  for (let i = 0; i < N; i += 10) log.appendMany(sampleEvents(10, i))
  log.append({ type: 'session.ended', actor: 'alice', payload: {} })
  closeDatabase(db)
  const r = await cli('audit', 'anchor', '--db', original, '--out', anchorFile)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  anchor = JSON.parse(r.stdout) as typeof anchor
  expect(JSON.parse(readFileSync(anchorFile, 'utf8'))).toEqual(anchor)
})
afterAll(() => {
  if (savedKeyDir === undefined) delete process.env.RISKDESK_KEY_DIR
  else process.env.RISKDESK_KEY_DIR = savedKeyDir
  cleanup()
})

let copies = 0
/** A copy of the trail opened raw with the guards dropped. */
function attackerCopy(): { path: string; db: Database.Database } {
  const path = join(dir, `copy-${++copies}.db`)
  copyFileSync(original, path)
  const db = new Database(path)
  dropGuards(db)
  return { path, db }
}

interface Row {
  seq: number
  ts: string
  type: string
  actor: string
  book: string | null
  payload: string
}

/** Rewrite the whole log as `rows` (renumbered 1..n) with a valid chain, and move chain_head: a full re-chain. */
function rechain(db: Database.Database, rows: readonly Row[]): void {
  db.prepare('DELETE FROM audit_events').run()
  const insert = db.prepare('INSERT INTO audit_events (seq, ts, type, actor, book, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  let prev = GENESIS_HASH
  rows.forEach((r, i) => {
    const seq = i + 1
    const hash = computeEventHash({ seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payloadJson: r.payload, prevHash: prev })
    insert.run(seq, r.ts, r.type, r.actor, r.book, r.payload, prev, hash)
    prev = hash
  })
  db.prepare('UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1').run(rows.length, prev)
}

const allRows = (db: Database.Database): Row[] => db.prepare<[], Row>('SELECT seq, ts, type, actor, book, payload FROM audit_events ORDER BY seq').all()

describe('riskdesk audit anchor', () => {
  it('prints the head signed by the installation key, with the public key id', async () => {
    expect(anchor.seq).toBeGreaterThan(N)
    expect(anchor.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/)
    expect(anchor.keyId).toMatch(/^[0-9a-f]{64}$/)
    const ok = await cli('audit', 'verify', '--db', original, '--anchor', anchorFile)
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^OK: \d+ events, chain intact/)
    expect(ok.stdout).toMatch(/checkpoints: \d+ signed, all verify/)
    expect(ok.stdout).toMatch(/file: PRAGMA integrity_check ok/)
  })

  it('refuses to overwrite an anchor file', async () => {
    const r = await cli('audit', 'anchor', '--db', original, '--out', anchorFile)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/exists already/)
  })
})

describe('a full re-chain forgery', () => {
  it('that keeps the checkpoints is caught by their signatures even without an anchor', async () => {
    const { path, db } = attackerCopy()
    const rows = allRows(db).map((r) => (r.seq === 40 ? { ...r, payload: r.payload.replace(/"var99":[0-9.]+/, '"var99":1') } : r))
    rechain(db, rows)
    db.close()
    const r = await cli('audit', 'verify', '--db', path)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/checkpoint at seq \d+: covers seq \d+ .*rows before it were rewritten/)
  })

  it('that also strips the checkpoints passes the chain check alone, and is caught with the anchor, naming the gap', async () => {
    const { path, db } = attackerCopy()
    const rows = allRows(db)
      .filter((r) => r.type !== 'audit.checkpoint')
      .map((r) => (r.seq === 40 ? { ...r, payload: r.payload.replace(/"var99":[0-9.]+/, '"var99":1') } : r))
    rechain(db, rows)
    db.close()
    const alone = await cli('audit', 'verify', '--db', path)
    expect(alone.code).toBe(0) // the limit of a local-only chain: a consistent rewrite looks like an honest log
    const withAnchor = await cli('audit', 'verify', '--db', path, '--anchor', anchorFile)
    expect(withAnchor.code).toBe(1)
    // stripping the checkpoints shortened the log, so the anchored seq is past its end
    expect(withAnchor.stderr).toMatch(new RegExp(`tail truncated: the anchor names seq ${anchor.seq} but the log ends at seq ${rows.length} \\(seq ${rows.length + 1}\\.\\.${anchor.seq} deleted`))
  })

  it('that keeps the length (checkpoints replaced by filler) is caught at the anchored seq, with the rewritten range', async () => {
    const { path, db } = attackerCopy()
    const rows = allRows(db).map((r) =>
      r.type === 'audit.checkpoint'
        ? { ...r, type: 'feed.health', actor: 'system', payload: '{"status":"ok"}' }
        : r.seq === 60
          ? { ...r, payload: r.payload.replace(/"var99":[0-9.]+/, '"var99":1') }
          : r,
    )
    rechain(db, rows)
    db.close()
    expect((await cli('audit', 'verify', '--db', path)).code).toBe(0)
    for (const ref of [anchorFile, `${anchor.seq}:${anchor.hash}`]) {
      const r = await cli('audit', 'verify', '--db', path, '--anchor', ref)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(new RegExp(`FAILED verification at seq ${anchor.seq}: anchor mismatch at seq ${anchor.seq}`))
      expect(r.stderr).toMatch(new RegExp(`the rewrite lies in seq 1\\.\\.${anchor.seq}`))
    }
    const bare = await cli('audit', 'verify', '--db', path, '--anchor', anchor.hash)
    expect(bare.code).toBe(1)
    expect(bare.stderr).toMatch(/anchor: hash [0-9a-f]{64} does not occur in the log/)
  })

  it('with the anchor, the checkpoints that still verify narrow the rewritten range to after the last of them', async () => {
    const { path, db } = attackerCopy()
    const rows = allRows(db)
    const lastGoodBefore = Math.max(...rows.filter((r) => r.type === 'audit.checkpoint' && r.seq < 60).map((r) => r.seq))
    rechain(db, rows.map((r) => (r.seq === 60 ? { ...r, payload: r.payload.replace(/"var99":[0-9.]+/, '"var99":1') } : r)))
    db.close()
    const r = await cli('audit', 'verify', '--db', path, '--anchor', anchorFile)
    expect(r.code).toBe(1)
    // checkpoints before seq 60 still verify (those after it no longer cover the rewritten rows)
    expect(lastGoodBefore).toBeGreaterThan(25)
    expect(r.stderr).toContain(`vouched for by the signed checkpoint at seq ${lastGoodBefore}, so the rewrite lies in seq ${lastGoodBefore}..${anchor.seq}`)
    expect(r.stderr).toMatch(/checkpoint at seq \d+: covers seq/)
  })
})

describe('a rewound tail', () => {
  it('(rows deleted, chain_head moved back) passes alone and is caught with the anchor, naming the missing seqs', async () => {
    const { path, db } = attackerCopy()
    const keep = 70
    const h = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?').get(keep)!
    db.prepare('DELETE FROM audit_events WHERE seq > ?').run(keep)
    db.prepare('UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1').run(keep, h.hash)
    db.close()
    expect((await cli('audit', 'verify', '--db', path)).code).toBe(0)
    const r = await cli('audit', 'verify', '--db', path, '--anchor', anchorFile)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`at seq ${keep + 1}: tail truncated: the anchor names seq ${anchor.seq} but the log ends at seq ${keep} \\(seq ${keep + 1}\\.\\.${anchor.seq} deleted`))
  })
})

describe('an edited anchor file', () => {
  it('is refused by its own signature', async () => {
    const edited = join(dir, 'edited-anchor.json')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(edited, JSON.stringify({ ...anchor, seq: anchor.seq - 1 }))
    const r = await cli('audit', 'verify', '--db', original, '--anchor', edited)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/anchor: BAD SIGNATURE/)
  })
})

describe('a corrupted index page', () => {
  it('is reported by audit verify (full integrity_check), naming the index, not passed', async () => {
    const path = join(dir, 'corrupt-index.db')
    copyFileSync(original, path)
    const raw = new Database(path)
    const { rootpage } = raw.prepare<[], { rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = 'audit_events_by_ts'").get()!
    const pageSize = raw.pragma('page_size', { simple: true }) as number
    raw.close()
    const fd = openSync(path, 'r+')
    try {
      const garbage = Buffer.alloc(pageSize, 0)
      for (let i = 0; i < pageSize; i++) garbage[i] = (i * 131 + 7) & 0xff
      writeSync(fd, garbage, 0, pageSize, (rootpage - 1) * pageSize)
    } finally {
      closeSync(fd)
    }
    const r = await cli('audit', 'verify', '--db', path)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^riskdesk: audit trail .*corrupt-index\.db FAILED verification: integrity_check/)
    expect(r.stderr).toMatch(/index audit_events_by_ts/)
  })
})
