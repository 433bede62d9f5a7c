import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { GENESIS_HASH } from '../../../src-main/audit/event-hash'
import { AuditLog } from '../../../src-main/audit/event-log'
import type { AuditRecord } from '../../../src-main/audit/event-types'
import { verifyChain, type VerifyResult } from '../../../src-main/audit/verify'
import { dropGuards, makeTempDir, sampleEvents } from './audit-test-helpers'

const N = 12

let dir: string
let cleanup: () => void
let db: Database.Database
let records: AuditRecord[]
beforeEach(() => {
  ;({ dir, cleanup } = makeTempDir())
  db = openDatabase(join(dir, 'audit.db'))
  records = new AuditLog(db).appendMany(sampleEvents(N))
})
afterEach(() => {
  closeDatabase(db)
  cleanup()
})

/** Tamper as someone with the sqlite3 shell would: drop the triggers, then run `sql`. */
function tamper(sql: string, ...args: unknown[]): void {
  dropGuards(db)
  db.prepare(sql).run(...args)
}

/** `rows` (rows verified before the bad one) defaults to firstBadSeq - 1, true unless rows before it are missing. */
function expectBad(result: VerifyResult, firstBadSeq: number, reason: RegExp, rows = firstBadSeq - 1): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.firstBadSeq).toBe(firstBadSeq)
  expect(result.reason).toMatch(reason)
  expect(result.rows).toBe(rows)
}

describe('an untouched chain', () => {
  it('verifies, reporting rows and the head', () => {
    expect(verifyChain(db)).toEqual({ ok: true, rows: N, headSeq: N, headHash: records[N - 1]!.hash })
  })

  it('verifies after close and re-open, also read-only', () => {
    closeDatabase(db)
    db = openDatabase(join(dir, 'audit.db'), { readonly: true })
    expect(verifyChain(db)).toMatchObject({ ok: true, rows: N })
  })

  it('an empty log verifies with the genesis hash', () => {
    const empty = openDatabase(':memory:')
    expect(verifyChain(empty)).toEqual({ ok: true, rows: 0, headSeq: 0, headHash: GENESIS_HASH })
    closeDatabase(empty)
  })

  it('reports progress', () => {
    const seen: number[] = []
    verifyChain(db, { progressEvery: 5, onProgress: (n) => seen.push(n) })
    expect(seen).toEqual([5, 10])
  })
})

describe('an edited row is named by its seq', () => {
  const K = 5
  const edits: [column: string, value: () => unknown][] = [
    ['payload', () => '{"i":999}'],
    ['type', () => 'alert.cleared'],
    ['actor', () => 'mallory'],
    ['ts', () => '2020-01-01T00:00:00.000Z'],
    ['book', () => 'Other book'],
    ['hash', () => 'f'.repeat(64)],
  ]
  for (const [column, value] of edits) {
    it(`${column} changed -> hash mismatch at seq ${K}`, () => {
      tamper(`UPDATE audit_events SET ${column} = ? WHERE seq = ?`, value(), K)
      expectBad(verifyChain(db), K, new RegExp(`hash mismatch at seq ${K}`))
    })
  }

  it('payload changed to equal JSON in non-canonical form (whitespace) -> detected', () => {
    const original = records[K - 1]!.payloadJson
    tamper('UPDATE audit_events SET payload = ? WHERE seq = ?', original.replace(':', ': '), K)
    expectBad(verifyChain(db), K, /hash mismatch/)
  })

  it('payload bytes changed to text that parses back to the same value -> still detected', () => {
    // Why the stored text is hashed verbatim: re-parsing would accept these edits as "the same payload".
    const log = new AuditLog(db)
    const a = log.append({ type: 'risk.snapshot', actor: 'desk', payload: { x: 1e21 } })
    const b = log.append({ type: 'risk.snapshot', actor: 'desk', payload: { s: '\u001f' } })
    expect([a.payloadJson, b.payloadJson]).toEqual(['{"x":1e+21}', '{"s":"\\u001f"}'])
    const edited = ['{"x":1e021}', '{"s":"\\u001F"}']
    expect(JSON.parse(edited[0]!)).toEqual(a.payload)
    expect(JSON.parse(edited[1]!)).toEqual(b.payload)
    tamper('UPDATE audit_events SET payload = ? WHERE seq = ?', edited[1], b.seq)
    expectBad(verifyChain(db), b.seq, /hash mismatch/)
    db.prepare('UPDATE audit_events SET payload = ? WHERE seq = ?').run(b.payloadJson, b.seq)
    db.prepare('UPDATE audit_events SET payload = ? WHERE seq = ?').run(edited[0], a.seq)
    expectBad(verifyChain(db), a.seq, /hash mismatch/)
  })

  it('prev_hash changed -> named at that seq', () => {
    tamper('UPDATE audit_events SET prev_hash = ? WHERE seq = ?', 'e'.repeat(64), K)
    expectBad(verifyChain(db), K, new RegExp(`prev_hash at seq ${K}`))
  })

  it('a row rewritten with a freshly computed hash is still caught at the next row', () => {
    // A careful forger recomputes the edited row's hash; the next row's prev_hash then no longer matches.
    const r = records[K - 1]!
    const forged = new AuditLog(openDatabase(':memory:')).append({ type: r.type, actor: r.actor, book: r.book, ts: r.ts, payload: { forged: true } })
    tamper('UPDATE audit_events SET payload = ?, hash = ? WHERE seq = ?', forged.payloadJson, forged.hash, K)
    const result = verifyChain(db)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.firstBadSeq).toBeLessThanOrEqual(K + 1)
  })
})

describe('deleted rows', () => {
  it('a middle row -> the first row after the gap', () => {
    tamper('DELETE FROM audit_events WHERE seq = 6')
    expectBad(verifyChain(db), 7, /seq gap at seq 7: expected seq 6/, 5)
  })

  it('several middle rows -> the first row after the gap', () => {
    tamper('DELETE FROM audit_events WHERE seq BETWEEN 3 AND 5')
    expectBad(verifyChain(db), 6, /seq 3\.\.5 missing/, 2)
  })

  it('the first row -> seq 2 is named', () => {
    tamper('DELETE FROM audit_events WHERE seq = 1')
    expectBad(verifyChain(db), 2, /seq gap at seq 2: expected seq 1/, 0)
  })

  it('a middle row with later rows renumbered to close the gap -> the first renumbered row', () => {
    tamper('DELETE FROM audit_events WHERE seq = 6')
    db.exec('UPDATE audit_events SET seq = seq - 1 WHERE seq > 6')
    expectBad(verifyChain(db), 6, /prev_hash at seq 6/)
  })

  it('the last row -> detected through chain_head, naming the deleted seq', () => {
    tamper('DELETE FROM audit_events WHERE seq = ?', N)
    expectBad(verifyChain(db), N, /tail truncated: chain_head records seq 12 but the last row is seq 11/)
  })

  it('the last rows with chain_head rewound too -> only an external anchor catches it', () => {
    const anchor = { seq: N, hash: records[N - 1]!.hash }
    tamper('DELETE FROM audit_events WHERE seq > 9')
    db.prepare('UPDATE chain_head SET seq = 9, hash = ?').run(records[8]!.hash)
    expect(verifyChain(db).ok).toBe(true)
    expectBad(verifyChain(db, { anchor }), 10, /anchor names seq 12/)
  })

  it('chain_head deleted -> reported after the last row', () => {
    tamper('DELETE FROM chain_head')
    expectBad(verifyChain(db), N + 1, /chain_head is missing/)
  })

  it('rows appended around the triggers without moving chain_head -> named', () => {
    dropGuards(db)
    const last = records[N - 1]!
    db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(N + 1, last.ts, 'x', 'y', null, '{}', last.hash, 'a'.repeat(64))
    const result = verifyChain(db)
    expect(result).toMatchObject({ ok: false, firstBadSeq: N + 1 })
  })
})

describe('reordering', () => {
  it("swapping two rows' contents (everything but seq) -> the first of the two", () => {
    dropGuards(db)
    db.exec(`
      CREATE TEMP TABLE keep AS SELECT * FROM audit_events WHERE seq IN (4, 8);
      UPDATE audit_events SET (ts, type, actor, book, payload, prev_hash, hash) =
        (SELECT ts, type, actor, book, payload, prev_hash, hash FROM keep WHERE keep.seq = 12 - audit_events.seq)
        WHERE seq IN (4, 8);`)
    expectBad(verifyChain(db), 4, /prev_hash at seq 4/)
  })

  it("swapping two rows' payloads only -> the first of the two", () => {
    dropGuards(db)
    db.exec(`
      CREATE TEMP TABLE keep AS SELECT seq, payload FROM audit_events WHERE seq IN (2, 3);
      UPDATE audit_events SET payload = (SELECT payload FROM keep WHERE keep.seq = 5 - audit_events.seq) WHERE seq IN (2, 3);`)
    expectBad(verifyChain(db), 2, /hash mismatch at seq 2/)
  })

  it('swapping the seq numbers of two rows -> the first of the two', () => {
    dropGuards(db)
    db.exec('UPDATE audit_events SET seq = 1000 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = 9; UPDATE audit_events SET seq = 9 WHERE seq = 1000;')
    expectBad(verifyChain(db), 3, /prev_hash at seq 3/)
  })
})

describe('anchors', () => {
  it('a matching anchor passes; a rewritten anchored row fails at that seq', () => {
    expect(verifyChain(db, { anchor: { seq: 7, hash: records[6]!.hash } }).ok).toBe(true)
    expectBad(verifyChain(db, { anchor: { seq: 7, hash: 'd'.repeat(64) } }), 7, /anchor mismatch at seq 7/)
  })
})
