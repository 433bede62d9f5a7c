import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkpointedAuditLog, CheckpointPayloadSchema, CHECKPOINT_TYPE, verifyCheckpoints } from '../../../src-main/audit/checkpoint'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import type { AuditLog } from '../../../src-main/audit/event-log'
import { verifyHeadSignature } from '../../../src-main/audit/installation'
import { verifyChain } from '../../../src-main/audit/verify'
import { dropGuards, makeTempDir, sampleEvents } from './audit-test-helpers'

let dir: string
let cleanup: () => void
let db: Database.Database
let log: AuditLog
beforeEach(() => {
  ;({ dir, cleanup } = makeTempDir())
  db = openDatabase(':memory:')
  log = checkpointedAuditLog(db, { keyDir: join(dir, 'keys'), every: 10 }).log
})
afterEach(() => {
  closeDatabase(db)
  cleanup()
})

const checkpoints = (): { seq: number; prev_hash: string; payload: string }[] =>
  db.prepare<[string], { seq: number; prev_hash: string; payload: string }>('SELECT seq, prev_hash, payload FROM audit_events WHERE type = ? ORDER BY seq').all(CHECKPOINT_TYPE)

describe('the checkpointing log', () => {
  it('appends a signed checkpoint after the frame in which the seq passes a multiple of N, covering the row before it', () => {
    for (const e of sampleEvents(25)) log.append(e)
    // seq 10 -> checkpoint 11; seq 20 -> checkpoint 21; then 22..27 hold events 21..25 (25 events + 2 checkpoints = 27)
    const cps = checkpoints()
    expect(cps.map((c) => c.seq)).toEqual([11, 21])
    const inst = db.prepare<[], { installation_id: string }>('SELECT installation_id FROM installation').get()!
    const pem = db.prepare<[], { public_key_pem: string }>('SELECT public_key_pem FROM installation_keys').get()!.public_key_pem
    for (const c of cps) {
      const p = CheckpointPayloadSchema.parse(JSON.parse(c.payload))
      expect(p.covered).toEqual({ seq: c.seq - 1, hash: c.prev_hash })
      expect(p.installationId).toBe(inst.installation_id)
      expect(p.reason).toBe('interval')
      expect(verifyHeadSignature(pem, p.installationId, p.covered, p.signature)).toBe(true)
    }
    expect(verifyChain(db)).toMatchObject({ ok: true, rows: 27 })
    expect(verifyCheckpoints(db)).toMatchObject({ checked: 2, problems: [] })
  })

  it('a large frame gets one checkpoint at its end, in the same transaction', () => {
    const records = log.appendMany(sampleEvents(35))
    expect(records).toHaveLength(36)
    expect(records.at(-1)!.type).toBe(CHECKPOINT_TYPE)
    expect(checkpoints().map((c) => c.seq)).toEqual([36])
  })

  it('the end of a session is always checkpointed', () => {
    log.append({ type: 'session.started', actor: 'alice', payload: {} })
    log.append({ type: 'session.ended', actor: 'alice', payload: {} })
    const [cp] = checkpoints()
    expect(cp!.seq).toBe(3)
    expect(JSON.parse(cp!.payload)).toMatchObject({ reason: 'session-end', covered: { seq: 2 } })
  })

  it('verifyCheckpoints names a forged signature, a moved checkpoint and an unknown key', () => {
    log.appendMany(sampleEvents(25))
    log.appendMany(sampleEvents(10, 25))
    const [a, b] = checkpoints()
    dropGuards(db)
    const pa = JSON.parse(a!.payload) as { signature: string; keyId: string }
    const flipped = Buffer.from(pa.signature, 'base64')
    flipped[5] = (flipped[5] ?? 0) ^ 1
    db.prepare('UPDATE audit_events SET payload = ? WHERE seq = ?').run(JSON.stringify({ ...pa, signature: flipped.toString('base64') }), a!.seq)
    const pb = JSON.parse(b!.payload) as { covered: { seq: number; hash: string }; keyId: string }
    db.prepare('UPDATE audit_events SET payload = ? WHERE seq = ?').run(JSON.stringify({ ...pb, keyId: 'f'.repeat(64) }), b!.seq)
    const report = verifyCheckpoints(db)
    expect(report.checked).toBe(2)
    expect(report.good).toHaveLength(0)
    expect(report.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(new RegExp(`^checkpoint at seq ${a!.seq}: BAD SIGNATURE`)),
      expect.stringMatching(new RegExp(`^checkpoint at seq ${b!.seq}: signed with key f{16}\\.\\.\\., which is not registered`)),
    ])
  })
})
