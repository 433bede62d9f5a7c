import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import { verifyChain } from '../../../src-main/audit/verify'
import { dropGuards } from './audit-test-helpers'

/** Any JSON payload, strings drawn from all of UTF-16 (including lone surrogates, which canonical JSON escapes). */
const payload = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 })
const event = fc.record({
  type: fc.constantFrom('risk.snapshot', 'alert.raised', 'action.applied', 'book.changed'),
  actor: fc.constantFrom('desk', 'alice', 'policy:auto'),
  book: fc.option(fc.constantFrom('Macro', 'Equity L/S'), { nil: null }),
  payload,
})
const RUNS = 60

describe('chain properties (fast-check)', () => {
  it('any sequence of appended payloads, in frames or one by one, verifies', () => {
    fc.assert(
      fc.property(fc.array(fc.array(event, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (frames) => {
        const db = openDatabase(':memory:')
        try {
          const log = new AuditLog(db)
          for (const frame of frames) {
            if (frame.length === 1) log.append(frame[0]!)
            else log.appendMany(frame)
          }
          const total = frames.reduce((n, f) => n + f.length, 0)
          expect(verifyChain(db)).toMatchObject({ ok: true, rows: total, headSeq: total })
        } finally {
          closeDatabase(db)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('flipping any bits of any one byte of any stored payload is detected at that seq', () => {
    fc.assert(
      fc.property(
        fc.array(payload, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (payloads, rowPick, bytePick, mask) => {
          const db = openDatabase(':memory:')
          try {
            new AuditLog(db).appendMany(payloads.map((p) => ({ type: 'risk.snapshot', actor: 'desk', payload: p })))
            const seq = 1 + (rowPick % payloads.length)
            const stored = db.prepare<[number], { payload: string }>('SELECT payload FROM audit_events WHERE seq = ?').get(seq)!.payload
            const bytes = Buffer.from(stored, 'utf8')
            const at = bytePick % bytes.length
            bytes[at] = bytes[at]! ^ mask
            dropGuards(db)
            // CAST keeps the bytes as they are, even when they are no longer valid UTF-8.
            db.prepare('UPDATE audit_events SET payload = CAST(? AS TEXT) WHERE seq = ?').run(bytes, seq)
            const result = verifyChain(db)
            expect(result).toMatchObject({ ok: false, firstBadSeq: seq })
          } finally {
            closeDatabase(db)
          }
        },
      ),
      { numRuns: RUNS * 2 },
    )
  })
})
