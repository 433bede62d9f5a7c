import { createHash } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src-main/audit/canonical-json'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AuditInputError } from '../../../src-main/audit/errors'
import { GENESIS_HASH, HASH_PATTERN, hashPreimage } from '../../../src-main/audit/event-hash'
import { AuditLog } from '../../../src-main/audit/event-log'
import type { AuditRecord } from '../../../src-main/audit/event-types'
import { MAX_QUERY_LIMIT } from '../../../src-main/audit/history-query'
import { verifyChain } from '../../../src-main/audit/verify'
import { makeTempDir, sampleEvents } from './audit-test-helpers'

/** The hash as the brief defines it, computed independently of event-hash.ts: SHA-256 hex of canonical JSON of the object. */
function referenceHash(r: AuditRecord): string {
  const canonical = canonicalJson({ seq: r.seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payload: r.payload, prevHash: r.prevHash })
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

let dir: string
let cleanup: () => void
let db: Database.Database
let log: AuditLog
beforeEach(() => {
  ;({ dir, cleanup } = makeTempDir())
  db = openDatabase(join(dir, 'audit.db'))
  log = new AuditLog(db, { now: () => new Date('2026-03-02T12:00:00.000Z') })
})
afterEach(() => {
  closeDatabase(db)
  cleanup()
})

describe('append', () => {
  it('links records: seq from 1, prevHash = previous hash, genesis 64 zeros, hash as defined', () => {
    const records = sampleEvents(4).map((e) => log.append(e))
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4])
    expect(records[0]!.prevHash).toBe(GENESIS_HASH)
    for (let i = 1; i < records.length; i++) expect(records[i]!.prevHash).toBe(records[i - 1]!.hash)
    for (const r of records) {
      expect(r.hash).toMatch(HASH_PATTERN)
      expect(r.hash).toBe(referenceHash(r))
      expect(hashPreimage(r)).toBe(canonicalJson({ seq: r.seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payload: r.payload, prevHash: r.prevHash }))
    }
    expect(log.head()).toEqual({ seq: 4, hash: records[3]!.hash })
  })

  it('returns what is stored, and it is committed (a second connection sees it)', () => {
    const [input] = sampleEvents(1)
    const rec = log.append(input!)
    expect(log.get(1)).toEqual(rec)
    expect(rec).toMatchObject({ type: input!.type, actor: input!.actor, book: input!.book, ts: input!.ts, payload: input!.payload })
    expect(rec.payloadJson).toBe(canonicalJson(input!.payload))
    const other = new Database(join(dir, 'audit.db'), { readonly: true })
    try {
      expect(other.prepare('SELECT hash FROM audit_events WHERE seq = 1').get()).toEqual({ hash: rec.hash })
    } finally {
      other.close()
    }
  })

  it('uses the injected clock when ts is absent, and null when book is absent', () => {
    const rec = log.append({ type: 'session.started', actor: 'desk', payload: {} })
    expect(rec.ts).toBe('2026-03-02T12:00:00.000Z')
    expect(rec.book).toBeNull()
  })

  it('stores the payload canonically, whatever the member order', () => {
    const a = log.append({ type: 'limits.changed', actor: 'alice', payload: { varLimit: 5e5, policy: 'auto', nested: { z: 1, a: 2 } } })
    const b = log.append({ type: 'limits.changed', actor: 'alice', payload: { nested: { a: 2, z: 1 }, policy: 'auto', varLimit: 500000 } })
    expect(a.payloadJson).toBe('{"nested":{"a":2,"z":1},"policy":"auto","varLimit":500000}')
    expect(b.payloadJson).toBe(a.payloadJson)
  })

  it('round-trips SQL-injection-shaped and awkward strings as data', () => {
    const nasty = [
      "'; DROP TABLE audit_events; --",
      'Robert"); DELETE FROM chain_head; --',
      "x' OR '1'='1",
      '?; ?1 :name @p $v',
      'null\u0000byte',
      'line\nbreak\r\ttab',
      '\u20ac \ud83d\ude02 \u1e0d\u0307',
    ]
    const recs = log.appendMany(nasty.map((s) => ({ type: `odd.${s}`, actor: s, book: s, payload: { s, [s]: [s] } })))
    const back = log.query({ limit: 100 })
    expect(back).toEqual(recs)
    for (let i = 0; i < nasty.length; i++) {
      expect(back[i]!.actor).toBe(nasty[i])
      expect(back[i]!.payload).toEqual({ s: nasty[i], [nasty[i]!]: [nasty[i]] })
    }
    expect(log.query({ book: nasty[0] }).map((r) => r.seq)).toEqual([1])
    expect(log.query({ type: `odd.${nasty[1]}` }).map((r) => r.seq)).toEqual([2])
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('audit_events', 'chain_head')").get()).toEqual({ n: 2 })
    expect(verifyChain(db).ok).toBe(true)
  })
})

describe('appendMany (one transaction per frame)', () => {
  it('writes a frame with consecutive seqs, linked like single appends', () => {
    log.append(sampleEvents(1)[0]!)
    const frame = log.appendMany(sampleEvents(100, 1))
    expect(frame.map((r) => r.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2))
    expect(frame[0]!.prevHash).toBe(log.get(1)!.hash)
    for (const r of frame) expect(r.hash).toBe(referenceHash(r))
    expect(log.head()).toEqual({ seq: 101, hash: frame[99]!.hash })
  })

  it('writes all or nothing: one bad event rejects the whole frame, naming its index and field', () => {
    const frame = sampleEvents(5)
    const bad = [...frame.slice(0, 3), { ...frame[3]!, payload: { v: Number.NaN } }, frame[4]!]
    let caught: unknown
    try {
      log.appendMany(bad)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AuditInputError)
    expect(caught).toMatchObject({ index: 3, field: 'payload' })
    expect((caught as Error).message).toContain('$.v')
    expect(log.head()).toEqual({ seq: 0, hash: GENESIS_HASH })
    expect(log.query()).toEqual([])
  })

  it('rolls back the frame when the database refuses a row mid-frame', () => {
    db.exec("CREATE TRIGGER refuse_third BEFORE INSERT ON audit_events WHEN NEW.seq = 3 BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    expect(() => log.appendMany(sampleEvents(5))).toThrow('disk says no')
    expect(log.head().seq).toBe(0)
    db.exec('DROP TRIGGER refuse_third')
    expect(log.appendMany(sampleEvents(5)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5])
  })

  it('an empty frame writes nothing', () => {
    expect(log.appendMany([])).toEqual([])
    expect(log.head().seq).toBe(0)
  })

  it('inside a caller transaction, commits with it (and rolls back with it)', () => {
    expect(() =>
      db.transaction(() => {
        log.appendMany(sampleEvents(2))
        throw new Error('caller aborts')
      })(),
    ).toThrow('caller aborts')
    expect(log.head().seq).toBe(0)
    db.transaction(() => log.appendMany(sampleEvents(2)))()
    expect(log.head().seq).toBe(2)
  })

  it('two AuditLog instances on two connections to one file keep one linear chain', () => {
    const db2 = openDatabase(join(dir, 'audit.db'))
    const log2 = new AuditLog(db2)
    try {
      for (let i = 0; i < 10; i++) (i % 2 === 0 ? log : log2).appendMany(sampleEvents(3, i * 3))
      const result = verifyChain(db)
      expect(result).toMatchObject({ ok: true, rows: 30 })
    } finally {
      closeDatabase(db2)
    }
  })
})

describe('input validation', () => {
  const base = { type: 'alert.raised', actor: 'desk', payload: {} }
  const cases: [label: string, event: Record<string, unknown>, field: string][] = [
    ['empty type', { ...base, type: '' }, 'type'],
    ['non-string actor', { ...base, actor: 42 }, 'actor'],
    ['empty book (use null)', { ...base, book: '' }, 'book'],
    ['lone surrogate in actor (SQLite TEXT is UTF-8)', { ...base, actor: 'x\udc00' }, 'actor'],
    ['ts without milliseconds', { ...base, ts: '2026-03-02T12:00:00Z' }, 'ts'],
    ['ts with an offset', { ...base, ts: '2026-03-02T12:00:00.000+01:00' }, 'ts'],
    ['ts that is not a real date', { ...base, ts: '2026-02-30T12:00:00.000Z' }, 'ts'],
    ['payload with undefined', { ...base, payload: { a: undefined } }, 'payload'],
    ['payload with a function', { ...base, payload: { f: () => 0 } }, 'payload'],
    ['payload with Infinity', { ...base, payload: [1, Infinity] }, 'payload'],
  ]
  for (const [label, event, field] of cases) {
    it(`rejects ${label}`, () => {
      expect(() => log.append(event as never)).toThrow(AuditInputError)
      try {
        log.append(event as never)
      } catch (err) {
        expect((err as AuditInputError).field).toBe(field)
      }
      expect(log.head().seq).toBe(0)
    })
  }
})

describe('query', () => {
  // 3 days x 24 hourly events, types/books cycling (see sampleEvents for the pattern).
  const DAYS = 3
  const PER_DAY = 24
  let all: AuditRecord[]
  beforeEach(() => {
    const events = sampleEvents(DAYS * PER_DAY).map((e, i) => ({ ...e, ts: new Date(Date.parse('2026-03-01T00:00:00.000Z') + i * 3_600_000).toISOString() }))
    all = log.appendMany(events)
  })

  it('with no filter returns everything in seq order', () => {
    expect(log.query()).toEqual(all)
  })

  it('day bounds are inclusive whole UTC days', () => {
    const day2 = log.query({ from: '2026-03-02', to: '2026-03-02' })
    expect(day2.map((r) => r.seq)).toEqual(all.filter((r) => r.ts.startsWith('2026-03-02')).map((r) => r.seq))
    expect(day2).toHaveLength(PER_DAY)
    expect(log.query({ from: '2026-03-03' })).toHaveLength(PER_DAY)
    expect(log.query({ to: '2026-03-01' })).toHaveLength(PER_DAY)
  })

  it('exact timestamp bounds are inclusive at both ends', () => {
    const r = log.query({ from: all[5]!.ts, to: all[9]!.ts })
    expect(r.map((x) => x.seq)).toEqual([6, 7, 8, 9, 10])
  })

  it('filters by one type, several types, a book and desk-wide (book null)', () => {
    const byType = (types: string[]): number[] => all.filter((r) => types.includes(r.type)).map((r) => r.seq)
    expect(log.query({ type: 'alert.raised' }).map((r) => r.seq)).toEqual(byType(['alert.raised']))
    expect(log.query({ type: ['alert.raised', 'limits.changed'] }).map((r) => r.seq)).toEqual(byType(['alert.raised', 'limits.changed']))
    expect(log.query({ type: [] })).toEqual([])
    expect(log.query({ book: 'Macro' }).map((r) => r.seq)).toEqual(all.filter((r) => r.book === 'Macro').map((r) => r.seq))
    expect(log.query({ book: null }).map((r) => r.seq)).toEqual(all.filter((r) => r.book === null).map((r) => r.seq))
    const combined = log.query({ type: 'risk.snapshot', book: 'Macro', from: '2026-03-02', to: '2026-03-03' })
    expect(combined.map((r) => r.seq)).toEqual(
      all.filter((r) => r.type === 'risk.snapshot' && r.book === 'Macro' && r.ts >= '2026-03-02').map((r) => r.seq),
    )
  })

  it('pages with limit and afterSeq without gaps or repeats', () => {
    const seen: number[] = []
    let after = 0
    for (;;) {
      const page = log.query({ limit: 10, afterSeq: after })
      if (page.length === 0) break
      seen.push(...page.map((r) => r.seq))
      after = page.at(-1)!.seq
    }
    expect(seen).toEqual(all.map((r) => r.seq))
  })

  it('rejects bad bounds and limits with RangeError', () => {
    expect(() => log.query({ from: '2026-13-01' })).toThrow(RangeError)
    expect(() => log.query({ from: '2026-03-02', to: '2026-03-01' })).toThrow(/after/)
    expect(() => log.query({ to: 'yesterday' })).toThrow(/to: expected/)
    expect(() => log.query({ limit: 0 })).toThrow(RangeError)
    expect(() => log.query({ limit: MAX_QUERY_LIMIT + 1 })).toThrow(RangeError)
    expect(() => log.query({ afterSeq: -1 })).toThrow(RangeError)
  })
})
