import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, invokeSchemas, pushSchemas, type PushChannel } from '@shared/api/contract'
import type { Database } from 'better-sqlite3'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { verifyChain } from '../../../src-main/audit/verify'
import { DeskService } from '../../../src-main/host/desk-service'
import { bundledMarket, DEMO_BOOK, limits, SMALL_BOOK } from '../desk/desk-fixture'

let db: Database
let service: DeskService
const pushes: { channel: PushChannel; payload: unknown }[] = []

beforeEach(() => {
  db = openDatabase(':memory:')
  service = new DeskService({
    market: bundledMarket(),
    db,
    user: 'tester',
    replay: { from: '2020-02-24', to: '2020-03-31', speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: limits({ varLimit: 40_000, risingUpdates: 2 }), sourceFile: 'small.csv' },
  })
  pushes.length = 0
  service.onPush((channel, payload) => pushes.push({ channel, payload }))
})

afterEach(async () => {
  await service.close()
  closeDatabase(db)
})

/** Plays the replay to its end, approving each proposal the replay holds at (the pushes then include every kind). */
async function runToEnd(): Promise<void> {
  await service.invoke('feed:play', {}, 'tester')
  for (let i = 0; i < 4000; i++) {
    const snap = service.snapshot()
    if (snap.feed.health === 'finished' || snap.feed.health === 'error') return
    const pending = snap.feed.health === 'holding' ? snap.actions.find((a) => a.state === 'proposed') : undefined
    if (pending) expect((await service.invoke('action:approve', { actionId: pending.id, reason: 'cut as proposed' }, 'tester')).ok).toBe(true)
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('feed did not finish')
}

describe('DeskService: the contract implemented once', () => {
  it('answers every invoke channel with a Result and never throws on hostile payloads', async () => {
    const hostile: unknown[] = [undefined, null, 42, 'x', [], { extra: 1 }, { __proto__: { polluted: true } }, { actionId: 5 }, { alertId: 'A'.repeat(1000) }]
    for (const channel of INVOKE_CHANNELS) {
      for (const payload of hostile) {
        const r = await service.handle(channel, payload, 'mallory')
        expect(typeof r.ok).toBe('boolean')
        if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0)
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const bad = await service.handle('action:reject', { actionId: 'X1', reason: ' ' }, 'm')
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    const unknown = await service.handle('nope:nope' as never, {}, 'm')
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_channel' } })
  })

  it('every response and push matches the contract schemas', async () => {
    await runToEnd()
    for (const p of pushes) expect(pushSchemas[p.channel].safeParse(p.payload).success).toBe(true)
    const snap = await service.invoke('desk:snapshot', {}, 't')
    expect(snap.ok && invokeSchemas['desk:snapshot'].res.safeParse(snap.value).success).toBe(true)
    expect(pushes.some((p) => p.channel === 'alert:raised')).toBe(true)
    expect(pushes.some((p) => p.channel === 'action:proposed')).toBe(true)
  })

  it('coalesces frame pushes without losing frames', async () => {
    await runToEnd()
    await new Promise((r) => setTimeout(r, 100))
    const framePushes = pushes.filter((p) => p.channel === 'desk:frame') as { payload: { frame: { seq: number }; earlier: { seq: number }[] } }[]
    const seqs = framePushes.flatMap((p) => [...p.payload.earlier.map((f) => f.seq), p.payload.frame.seq])
    expect(seqs).toEqual(service.snapshot().frames.map((f) => f.seq))
    expect(framePushes.length).toBeLessThan(seqs.length)
  })

  it('a stopped feed is pushed after its day\'s frame, and live alerts are pushed with the latest value of their figure', async () => {
    await runToEnd()
    let lastFrameDate: string | null = null
    let stops = 0
    for (const p of pushes) {
      if (p.channel === 'desk:frame') lastFrameDate = (p.payload as { frame: { date: string } }).frame.date
      if (p.channel !== 'feed:status') continue
      const status = p.payload as { health: string; date: string | null }
      if (!['paused', 'holding', 'finished'].includes(status.health) || status.date === null) continue
      stops++
      expect(lastFrameDate, `${status.health} on ${status.date}`).toBe(status.date)
    }
    expect(stops).toBeGreaterThan(1)
    const lastPushed = new Map<string, { value: number }>()
    for (const p of pushes) if (p.channel === 'alert:raised' || p.channel === 'alert:updated') lastPushed.set((p.payload as { id: string }).id, p.payload as { value: number })
    const live = service.snapshot().alerts.filter((a) => a.state !== 'resolved')
    expect(live.length).toBeGreaterThan(0)
    for (const a of live) expect(lastPushed.get(a.id)?.value, a.label).toBe(a.value)
  })

  it('approve and reject go through the API with actor and reason, the replay holds at each proposal, and the trail verifies', async () => {
    await service.invoke('feed:play', {}, 'tester')
    let decided = 0
    for (let i = 0; i < 4000 && decided < 2; i++) {
      const pending = service.snapshot().actions.find((a) => a.state === 'proposed')
      if (pending) {
        // held: no market day passes while the proposal waits
        expect(service.snapshot().feed.health).toBe('holding')
        const r =
          decided === 0
            ? await service.invoke('action:reject', { actionId: pending.id, reason: 'waiting for the close' }, 'alice')
            : await service.invoke('action:approve', { actionId: pending.id, reason: 'cut as proposed' }, 'bob')
        expect(r.ok).toBe(true)
        decided++
      }
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(decided).toBe(2)
    const events = await service.invoke('audit:query', { type: 'action.rejected' }, 't')
    expect(events.ok && events.value[0]).toMatchObject({ actor: 'alice', payload: { reason: 'waiting for the close' } })
    const approved = await service.invoke('audit:query', { type: 'action.approved' }, 't')
    expect(approved.ok && approved.value[0]).toMatchObject({ actor: 'bob', payload: { reason: 'cut as proposed' } })
    expect(verifyChain(db).ok).toBe(true)
    const v = await service.invoke('audit:verify', {}, 't')
    expect(v).toMatchObject({ ok: true, value: { ok: true } })
  })

  it('imports a book with a per-row report, saves only a clean book, and opens it', async () => {
    const bad = await service.invoke('book:import', { fileName: 'bad.csv', content: 'symbol,quantity\nAAPL,10\nNOPE,5\n', save: true }, 'alice')
    expect(bad).toMatchObject({ ok: true, value: { rows: 2, accepted: 1, rejected: 1, saved: false } })
    expect(bad.ok && bad.value.issues.some((i) => i.line === 3 && i.field === 'symbol')).toBe(true)
    const good = await service.invoke('book:import', { fileName: 'demo.csv', content: readFileSync(DEMO_BOOK, 'utf8'), save: true }, 'alice')
    expect(good).toMatchObject({ ok: true, value: { accepted: 25, rejected: 0, saved: true, name: 'demo' } })
    const list = await service.invoke('book:list', {}, 'a')
    expect(list.ok && list.value.map((b) => b.name).sort()).toEqual(['demo', 'small'])
    const opened = await service.invoke('book:open', { name: 'demo' }, 'a')
    expect(opened).toMatchObject({ ok: true, value: { book: 'demo' } })
    expect(pushes.some((p) => p.channel === 'desk:reset')).toBe(true)
    const missing = await service.invoke('book:open', { name: 'nope' }, 'a')
    expect(missing).toMatchObject({ ok: false })
  })

  it('limit changes need a reason and are audited', async () => {
    const next = { ...limits({ varLimit: 55_000 }) }
    expect(await service.invoke('limits:update', { limits: next, reason: '' }, 'alice')).toMatchObject({ ok: false })
    expect(await service.handle('limits:update', { limits: { ...next, varLimit: -1 }, reason: 'why not' }, 'alice')).toMatchObject({ ok: false })
    expect(await service.invoke('limits:update', { limits: next, reason: 'desk head approved' }, 'alice')).toMatchObject({ ok: true })
    const ev = await service.invoke('audit:query', { type: 'limits.changed' }, 't')
    expect(ev.ok && ev.value[0]).toMatchObject({ actor: 'alice', payload: { reason: 'desk head approved', after: { varLimit: 55_000 } } })
  })
})
