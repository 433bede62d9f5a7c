import type Database from 'better-sqlite3'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src-main/audit/canonical-json'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { computeEventHash } from '../../../src-main/audit/event-hash'
import { AuditLog } from '../../../src-main/audit/event-log'
import type { AuditRecord } from '../../../src-main/audit/event-types'
import { EXPORT_COLUMNS, exportEvents, writeEvents, type ExportedEvent } from '../../../src-main/audit/export'
import { dropGuards } from './audit-test-helpers'

// Events at 23:59:59.999 and 00:00:00.000 around each midnight, to pin the inclusive day bounds.
const TIMESTAMPS = [
  '2026-03-01T00:00:00.000Z',
  '2026-03-01T23:59:59.999Z',
  '2026-03-02T00:00:00.000Z',
  '2026-03-02T12:00:00.000Z',
  '2026-03-02T23:59:59.999Z',
  '2026-03-03T00:00:00.000Z',
  '2026-03-04T08:00:00.000Z',
]

let db: Database.Database
let records: AuditRecord[]
beforeEach(() => {
  db = openDatabase(':memory:')
  records = new AuditLog(db).appendMany(
    TIMESTAMPS.map((ts, i) => ({
      ts,
      type: i % 2 ? 'alert.raised' : 'risk.snapshot',
      actor: i === 3 ? 'O\'Brien, "Desk" Head' : 'desk',
      book: i % 3 === 0 ? null : 'Macro',
      payload: { i, text: 'a,b\r\nc "quoted"', nested: { z: [1.5, -0.25], a: null } },
    })),
  )
})
afterEach(() => closeDatabase(db))

const seqsOn = (pred: (ts: string) => boolean): number[] => records.filter((r) => pred(r.ts)).map((r) => r.seq)

describe('CSV export', () => {
  it('has the header and columns in order, and parses back to the stored values', () => {
    const csv = exportEvents(db, { format: 'csv' })
    expect(csv.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','))
    expect(csv.endsWith('\r\n')).toBe(true)
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    expect(parsed.meta.fields).toEqual([...EXPORT_COLUMNS])
    expect(parsed.data).toEqual(
      records.map((r) => ({
        seq: String(r.seq),
        ts: r.ts,
        type: r.type,
        actor: r.actor,
        book: r.book ?? '',
        payload: r.payloadJson,
        hash: r.hash,
        prev_hash: r.prevHash,
      })),
    )
  })

  it('inclusive day bounds on ts', () => {
    const seqs = (from?: string, to?: string): number[] =>
      Papa.parse<Record<string, string>>(exportEvents(db, { format: 'csv', from, to }), { header: true, skipEmptyLines: true }).data.map((r) => Number(r.seq))
    expect(seqs('2026-03-02', '2026-03-02')).toEqual(seqsOn((ts) => ts.startsWith('2026-03-02')))
    expect(seqs('2026-03-02', '2026-03-02')).toEqual([3, 4, 5])
    expect(seqs('2026-03-02')).toEqual(seqsOn((ts) => ts >= '2026-03-02'))
    expect(seqs(undefined, '2026-03-01')).toEqual([1, 2])
    expect(seqs('2026-03-05')).toEqual([])
  })

  it('an empty result is just the header line', () => {
    expect(exportEvents(db, { format: 'csv', from: '2030-01-01' })).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`)
  })

  it("escapes formula-like cells by default (CSV injection), and can keep them verbatim", () => {
    new AuditLog(db).append({ ts: '2026-03-04T09:00:00.000Z', type: 'alert.raised', actor: '=HYPERLINK("http://x")', payload: -1 })
    const row = (escapeFormulae?: boolean): Record<string, string> =>
      Papa.parse<Record<string, string>>(exportEvents(db, { format: 'csv', from: '2026-03-04', escapeFormulae }), { header: true, skipEmptyLines: true }).data.at(-1)!
    expect(row().actor).toBe('\'=HYPERLINK("http://x")')
    expect(row().payload).toBe("'-1")
    expect(row(false).actor).toBe('=HYPERLINK("http://x")')
    expect(row(false).payload).toBe('-1')
  })
})

describe('JSON export', () => {
  it('is an array of records whose hashes recompute from the exported data alone', () => {
    const exported = JSON.parse(exportEvents(db, { format: 'json' })) as ExportedEvent[]
    expect(exported.map((e) => e.seq)).toEqual(records.map((r) => r.seq))
    for (const e of exported) {
      expect(Object.keys(e)).toEqual([...EXPORT_COLUMNS])
      const hash = computeEventHash({ seq: e.seq, ts: e.ts, type: e.type, actor: e.actor, book: e.book, payloadJson: canonicalJson(e.payload), prevHash: e.prev_hash })
      expect(hash).toBe(e.hash)
    }
    for (let i = 1; i < exported.length; i++) expect(exported[i]!.prev_hash).toBe(exported[i - 1]!.hash)
  })

  it('inclusive day bounds on ts, and an empty array', () => {
    const seqs = (from?: string, to?: string): number[] => (JSON.parse(exportEvents(db, { format: 'json', from, to })) as ExportedEvent[]).map((e) => e.seq)
    expect(seqs('2026-03-01', '2026-03-02')).toEqual(seqsOn((ts) => ts < '2026-03-03'))
    expect(seqs('2026-03-03', '2026-03-04')).toEqual([6, 7])
    expect(seqs('2027-01-01')).toEqual([])
  })

  it('streams in chunks that concatenate to the same text, for larger exports', () => {
    new AuditLog(db).appendMany(Array.from({ length: 1200 }, (_, i) => ({ ts: '2026-03-05T00:00:00.000Z', type: 'feed.health', actor: 'desk', payload: { i } })))
    for (const format of ['json', 'csv'] as const) {
      const chunks: string[] = []
      const n = writeEvents(db, { format }, (c) => chunks.push(c))
      expect(n).toBe(records.length + 1200)
      expect(chunks.length).toBeGreaterThan(3)
      expect(chunks.join('')).toBe(exportEvents(db, { format }))
    }
    expect((JSON.parse(exportEvents(db, { format: 'json' })) as unknown[]).length).toBe(records.length + 1200)
  })

  it('refuses to write invalid JSON when a stored payload was tampered into non-JSON, naming the seq', () => {
    dropGuards(db)
    db.exec("UPDATE audit_events SET payload = '{broken' WHERE seq = 4")
    expect(() => exportEvents(db, { format: 'json' })).toThrow(/^seq 4: stored payload is not JSON/)
  })
})

describe('export options', () => {
  it('rejects malformed or reversed dates and unknown formats', () => {
    expect(() => exportEvents(db, { format: 'csv', from: '2026-3-1' })).toThrow(/from: expected a date YYYY-MM-DD/)
    expect(() => exportEvents(db, { format: 'csv', to: '2026-02-29' })).toThrow(/to: expected a date/)
    expect(() => exportEvents(db, { format: 'csv', from: '2026-03-04', to: '2026-03-01' })).toThrow(/after/)
    expect(() => exportEvents(db, { format: 'xml' as 'csv' })).toThrow(/format must be/)
  })
})
