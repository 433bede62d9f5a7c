import { describe, expect, it } from 'vitest'
import type { DeskEvent } from '../../../src-main/desk/desk-events'
import type { AuditEntry } from '../../../src-main/desk/audit-sink'
import { DeskSession } from '../../../src-main/desk/desk-session'
import type { DayBatch } from '../../../src-main/market/feeds/feed'
import { createReplayFeed } from '../../../src-main/market/feeds/replay-feed'
import { bundledMarket, limits, SMALL_BOOK } from './desk-fixture'

const FROM = '2019-06-03'
const TO = '2019-06-28'
const FAT = { symbol: 'JNJ', date: '2019-06-12', factor: 100 }

/** The bundled replay of SMALL_BOOK with `edit` applied to each day's batch. */
function days(edit: (b: DayBatch) => DayBatch = (b) => b): DayBatch[] {
  const feed = createReplayFeed(bundledMarket().store, SMALL_BOOK.positions.map((p) => p.symbol), FROM, TO)
  const out: DayBatch[] = []
  for (let b = feed.next(); b !== null; b = feed.next()) out.push(edit(b))
  return out
}

const fatFinger = (b: DayBatch): DayBatch =>
  b.date !== FAT.date ? b : { ...b, ticks: b.ticks.map((t) => (t.symbol === FAT.symbol ? { ...t, close: t.close * FAT.factor, adjClose: t.adjClose * FAT.factor } : t)) }

function session(feedChecks?: ConstructorParameters<typeof DeskSession>[0]['feedChecks']): { s: DeskSession; events: DeskEvent[]; written: AuditEntry[] } {
  const events: DeskEvent[] = []
  const written: AuditEntry[] = []
  let now = new Date(`${FROM}T21:00:00Z`)
  // auto policy, no grace, one rising update: any breach of the VaR limit trades at once
  const s = new DeskSession({
    book: SMALL_BOOK,
    limits: limits({ varLimit: 60_000, policy: 'auto', graceSeconds: 0, risingUpdates: 1 }),
    market: bundledMarket(),
    start: FROM,
    user: 'trader',
    clock: () => now,
    audit: { appendMany: (e) => written.push(...e) },
    ...(feedChecks === undefined ? {} : { feedChecks }),
  })
  s.on((e) => events.push(e))
  const apply = s.applyDay.bind(s)
  s.applyDay = (b: DayBatch): void => {
    now = new Date(`${b.date}T21:00:00Z`)
    apply(b)
  }
  return { s, events, written }
}

const applied = (events: DeskEvent[]): DeskEvent[] => events.filter((e) => e.type === 'action' && e.change === 'applied')

describe('a fat-finger tick under the auto policy (desk session, bundled data)', () => {
  it('without the fat finger the month trades nothing (the limit is not breached)', () => {
    const { s, events } = session()
    for (const b of days()) s.applyDay(b)
    expect(applied(events)).toHaveLength(0)
    expect(events.some((e) => e.type === 'tick.suspect')).toBe(false)
  })

  it('holds the x100 tick (never valued, never in risk, limits or actions) and drops it when the next tick goes back', () => {
    const { s, events, written } = session()
    let heldVar = 0
    for (const b of days(fatFinger)) {
      s.applyDay(b)
      if (b.date === FAT.date) {
        const snap = s.snapshot()
        const jnj = snap.positions.find((p) => p.symbol === 'JNJ')!
        expect(jnj.price).toBeLessThan(200) // still the last accepted close, not ~13,000
        expect(jnj.flags.some((f) => f.startsWith(`suspect tick held: ${FAT.date}`))).toBe(true)
        expect(snap.frames.at(-1)!.dataQuality).toEqual([expect.objectContaining({ symbol: 'JNJ', issue: 'suspect', priceDate: '2019-06-11' })])
        expect(snap.feed.held?.map((h) => h.id)).toEqual([`JNJ@${FAT.date}`])
        heldVar = snap.frames.at(-1)!.var.historical
      }
    }
    expect(heldVar).toBeGreaterThan(0)
    expect(heldVar).toBeLessThan(60_000)
    expect(applied(events)).toHaveLength(0)
    expect(events.filter((e) => e.type === 'alert')).toHaveLength(0)
    const types = written.map((e) => e.type)
    expect(types.filter((t) => t.startsWith('tick.') && t !== 'tick.rejected')).toEqual(['tick.suspect', 'tick.dropped'])
    expect(types).not.toContain('action.applied')
    const dropped = written.find((e) => e.type === 'tick.dropped')!
    expect(dropped).toMatchObject({ actor: 'desk', payload: { id: `JNJ@${FAT.date}`, resolution: 'next tick', marketDate: '2019-06-13' } })
    expect(s.snapshot().feed.held).toEqual([])
  })

  it('control: the same tick accepted by hand reaches risk and the auto policy trades (what the guard prevents)', () => {
    const { s, events, written } = session()
    for (const b of days(fatFinger)) {
      s.applyDay(b)
      if (b.date === FAT.date) {
        expect(() => s.decideHeldTick(`JNJ@${FAT.date}`, 'accept', 'trader', ' ')).toThrow(/reason of at least 3 characters/)
        const held = s.decideHeldTick(`JNJ@${FAT.date}`, 'accept', 'trader', 'checked: print is right')
        expect(held).toMatchObject({ symbol: 'JNJ', date: FAT.date })
        expect(s.snapshot().positions.find((p) => p.symbol === 'JNJ')!.price).toBeGreaterThan(10_000)
      }
    }
    expect(written.find((e) => e.type === 'tick.confirmed')).toMatchObject({ actor: 'trader', payload: { resolution: 'by hand', reason: 'checked: print is right' } })
    expect(applied(events).length).toBeGreaterThan(0)
  })

  it('a held tick dropped by hand needs a reason and an existing id', () => {
    const { s, written } = session()
    const all = days(fatFinger)
    for (const b of all.filter((x) => x.date <= FAT.date)) s.applyDay(b)
    expect(() => s.decideHeldTick('JNJ@2019-06-11', 'drop', 'trader', 'bad print')).toThrow(/no held tick/)
    s.decideHeldTick(`JNJ@${FAT.date}`, 'drop', 'trader', 'bad print from the vendor')
    expect(written.filter((e) => e.type === 'tick.dropped').map((e) => e.actor)).toEqual(['trader'])
    expect(s.snapshot().feed.held).toEqual([])
    // the next tick is judged against the last accepted price: applied
    s.applyDay(all.find((x) => x.date > FAT.date)!)
    expect(written.filter((e) => e.type.startsWith('tick.') && e.type !== 'tick.rejected').map((e) => e.type)).toEqual(['tick.suspect', 'tick.dropped'])
  })

  it('with suspect ticks switched off (reference recomputes on raw prices) the x100 tick applies at once', () => {
    const { s, events } = session({ suspectTicks: false })
    for (const b of days(fatFinger).filter((x) => x.date <= FAT.date)) s.applyDay(b)
    expect(events.some((e) => e.type === 'tick.suspect')).toBe(false)
    expect(s.snapshot().positions.find((p) => p.symbol === 'JNJ')!.price).toBeGreaterThan(10_000)
  })
})
