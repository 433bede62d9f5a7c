import { describe, expect, it } from 'vitest'
import { LifecycleError as ActionError } from '../../../src-main/desk/lifecycle/lifecycle-error'
import { FeedChecks } from '../../../src-main/desk/feed-checks'
import type { Tick } from '../../../src-main/market/feeds/feed'

const W = 40
const tick = (symbol: string, date: string, adjClose: number): Tick => ({ symbol, date, close: adjClose, adjClose, volume: Number.NaN })

function checks(): FeedChecks {
  const returns = Float64Array.from({ length: W * 2 }, (_, k) => ((k * 7919) % 101) / 101 * 0.03 - 0.015)
  return new FeedChecks({ symbols: ['AAA', 'BBB'], sectors: [null, null], returns, W, market: null, lastDates: ['2024-01-02', '2024-01-02'], systemActor: 'desk' })
}
const book = { lastAdj: Float64Array.of(100, 50), price: Float64Array.of(100, 50), lastDate: ['2024-01-02', '2024-01-02'] }

describe('FeedChecks: events, audit payloads, flags and notes', () => {
  it('reports a held tick as tick.suspect with a loggable payload, a row flag and a frame note', () => {
    const c = checks()
    const steps = c.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50.1), i: 1 }], book)
    expect(steps.map((s) => [s.notes.map((n) => n.event.type), s.apply?.tick.symbol ?? null])).toEqual([[['tick.suspect'], null], [[], 'BBB']])
    const payload = steps[0]!.notes[0]!.payload as { tick: { volume: unknown }; reason: string; z: number }
    expect(payload.tick.volume).toBeNull() // canonical JSON refuses NaN
    expect(payload.reason).toMatch(/not confirmed by the market \(market \(median of 1\) z=-?\d+\.\d; needs the same direction/)
    expect(c.held().map((h) => h.id)).toEqual(['AAA@2024-01-03'])
    const notes = c.frameNotes()
    expect(notes).toEqual([expect.objectContaining({ symbol: 'AAA', issue: 'suspect', priceDate: '2024-01-02' })])
    expect(notes[0]!.note).toMatch(/^suspect tick held: 2024-01-03 close 10000 \(\+9900 % vs 2024-01-02, robust z \d+\.\d\); valued at the 2024-01-02 price$/)
    const flags = c.rowFlags(new Map([['AAA', new Set(['vendor flag'])]]))
    expect([...flags.get('AAA')!]).toEqual(['vendor flag', notes[0]!.note])
  })

  it('needs a reason to accept or drop by hand, and an existing id; accept returns the tick to apply', () => {
    const c = checks()
    c.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], book)
    expect(() => c.decide('AAA@2024-01-03', 'drop', 'alice', '  ')).toThrow(ActionError)
    expect(() => c.decide('AAA@2024-01-03', 'drop', 'alice', 'ok')).toThrow(/reason of at least 3 characters/)
    expect(() => c.decide('AAA@2024-01-04', 'accept', 'alice', 'checked with the exchange')).toThrow(/no held tick/)
    expect(c.held()).toHaveLength(1) // a refused decision changes nothing
    const d = c.decide('AAA@2024-01-03', 'accept', 'alice', ' checked with the exchange ')
    expect(d.apply).toMatchObject({ i: 0, tick: { adjClose: 10_000 } })
    expect(d.note).toMatchObject({ actor: 'alice', event: { type: 'tick.confirmed', by: 'alice', reason: 'checked with the exchange' }, payload: { resolution: 'by hand' } })
    expect(c.held()).toHaveLength(0)
  })

  it('drops by hand: tick.dropped, nothing to apply', () => {
    const c = checks()
    c.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], book)
    const d = c.decide('AAA@2024-01-03', 'drop', 'bob', 'fat finger on the vendor feed')
    expect(d.apply).toBeNull()
    expect(d.note.event).toMatchObject({ type: 'tick.dropped', by: 'bob' })
  })

  it('resolution by the next tick is recorded with the desk as actor', () => {
    const c = checks()
    c.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], book)
    c.endOfDay('2024-01-03', new Set(['AAA', 'BBB']), new Float64Array(2))
    const steps = c.screen('2024-01-04', [{ tick: tick('AAA', '2024-01-04', 100.2), i: 0 }], book)
    expect(steps[0]!.notes[0]).toMatchObject({ actor: 'desk', event: { type: 'tick.dropped', by: 'desk' }, payload: { resolution: 'next tick' } })
    expect(steps[1]!.apply?.tick.adjClose).toBe(100.2)
  })

  it('turns staleness into price.stale / price.restored notes and row flags', () => {
    const c = checks()
    expect(c.endOfDay('2024-01-03', new Set(['BBB']), new Float64Array(2))).toEqual([])
    expect(c.frameNotes()).toEqual([expect.objectContaining({ symbol: 'AAA', issue: 'carried-forward', note: 'price of 2024-01-02 carried forward (1 market update without a price)' })])
    const stale = c.endOfDay('2024-01-04', new Set(['BBB']), new Float64Array(2))
    expect(stale.map((n) => n.event)).toEqual([{ type: 'price.stale', symbol: 'AAA', missed: 2, lastDate: '2024-01-02', date: '2024-01-04' }])
    expect(c.stale()).toEqual(['AAA'])
    expect(c.frameNotes()[0]).toMatchObject({ issue: 'stale', note: 'stale: no price for 2 market updates; the 2024-01-02 price is carried forward' })
    const back = c.endOfDay('2024-01-05', new Set(['AAA', 'BBB']), new Float64Array(2))
    expect(back.map((n) => n.event.type)).toEqual(['price.restored'])
    expect(c.stale()).toEqual([])
  })
})

describe('FeedChecks payloads parse against their audit event schemas', () => {
  it('tick.suspect, tick.dropped (next tick), tick.confirmed (by hand), price.stale, price.restored', async () => {
    const { AUDIT_EVENT_SCHEMAS } = await import('@shared/domain/audit-events')
    const c = checks()
    const notes = [
      ...c.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], book).flatMap((s) => s.notes),
      ...c.endOfDay('2024-01-03', new Set(['AAA', 'BBB']), new Float64Array(2)),
      ...c.screen('2024-01-04', [{ tick: tick('AAA', '2024-01-04', 100.2), i: 0 }], book).flatMap((s) => s.notes),
      ...c.endOfDay('2024-01-04', new Set(['AAA']), new Float64Array(2)),
      ...c.screen('2024-01-05', [{ tick: tick('AAA', '2024-01-05', 10_000), i: 0 }], book).flatMap((s) => s.notes),
      ...c.endOfDay('2024-01-05', new Set(['AAA']), new Float64Array(2)),
      c.decide('AAA@2024-01-05', 'accept', 'alice', 'confirmed with the exchange').note,
      ...c.endOfDay('2024-01-06', new Set(['AAA', 'BBB']), new Float64Array(2)),
    ]
    expect(notes.map((n) => n.event.type)).toEqual(['tick.suspect', 'tick.dropped', 'tick.suspect', 'price.stale', 'tick.confirmed', 'price.restored'])
    for (const n of notes) {
      const schema = AUDIT_EVENT_SCHEMAS[n.event.type]
      expect(schema, n.event.type).toBeDefined()
      const parsed = schema!.safeParse({ sessionId: 'session-0001', marketDate: '2024-01-05', ...n.payload })
      expect(parsed.success, `${n.event.type}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues[0])}`).toBe(true)
    }
  })
})
