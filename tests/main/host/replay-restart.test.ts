import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PushChannel } from '@shared/api/contract'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { verifyChain } from '../../../src-main/audit/verify'
import { DeskService } from '../../../src-main/host/desk-service'
import { bundledMarket, limits, SMALL_BOOK } from '../desk/desk-fixture'

/** Issue 8, "The desk, as a new user found it": the replay restarts, and seeks back, on the book as opened. */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-restart-'))
const FROM = '2020-02-24'

function service(db: ReturnType<typeof openDatabase>): DeskService {
  return new DeskService({
    market: bundledMarket(),
    db,
    user: 'tester',
    hold: false,
    replay: { from: FROM, to: '2020-04-30', speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: limits({ varLimit: 40_000, risingUpdates: 2, policy: 'auto', graceSeconds: 0 }), sourceFile: 'small.csv' },
  })
}

async function pausedOn(s: DeskService, date: string): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    const f = s.snapshot().feed
    if (f.health === 'paused' && f.date !== null && f.date >= date) return
    if (f.health === 'error') break
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`not paused on ${date}: ${JSON.stringify(s.snapshot().feed)}`)
}

const quantities = (s: DeskService): Record<string, number> => Object.fromEntries(s.snapshot().positions.map((p) => [p.symbol, p.quantity]))
const bookQuantities = Object.fromEntries(SMALL_BOOK.positions.map((p) => [p.symbol, p.quantity]))

describe('replay restart and seek back', () => {
  it('a date the replay has passed starts it over on the book as opened and runs to that date; the trail says who', async () => {
    const db = openDatabase(join(dir, 'seek.db'))
    const s = service(db)
    const pushes: PushChannel[] = []
    s.onPush((c) => pushes.push(c))
    expect((await s.invoke('feed:runTo', { date: '2020-03-20' }, 'tester')).ok).toBe(true)
    await pausedOn(s, '2020-03-20')
    // the auto policy traded the book down by then
    expect(s.snapshot().actions.some((a) => a.state === 'applied')).toBe(true)
    expect(quantities(s)).not.toEqual(bookQuantities)

    const back = await s.invoke('feed:runTo', { date: '2020-02-26' }, 'ann')
    expect(back.ok).toBe(true)
    await pausedOn(s, '2020-02-26')
    const snap = s.snapshot()
    expect(snap.feed.date).toBe('2020-02-26')
    expect(snap.frames[0]!.date).toBe(FROM)
    expect(snap.actions).toEqual([])
    expect(quantities(s)).toEqual(bookQuantities)
    expect(pushes).toContain('desk:reset')
    const ended = db.prepare("SELECT payload FROM audit_events WHERE type = 'session.ended' ORDER BY seq").all() as { payload: string }[]
    expect(ended.map((e) => (JSON.parse(e.payload) as { reason: string }).reason)).toContain('replay restarted by ann')
    await s.close()
    expect(verifyChain(db).ok).toBe(true)
    closeDatabase(db)
  })

  it('Restart begins at the first date with no alert or proposal carried over, and a reopened desk does not resume the old one', async () => {
    const file = join(dir, 'restart.db')
    let db = openDatabase(file)
    let s = service(db)
    await s.invoke('feed:runTo', { date: '2020-03-16' }, 'tester')
    await pausedOn(s, '2020-03-16')
    expect(s.snapshot().alerts.length).toBeGreaterThan(0)
    const r = await s.invoke('feed:restart', {}, 'ann')
    expect(r.ok && r.value.frames).toEqual([])
    expect(r.ok && r.value.alerts).toEqual([])
    expect(r.ok && r.value.actions).toEqual([])
    await s.close()
    closeDatabase(db)

    db = openDatabase(file)
    s = service(db)
    expect(s.snapshot().alerts).toEqual([])
    await s.invoke('feed:runTo', { date: FROM }, 'tester')
    await pausedOn(s, FROM)
    expect(s.snapshot().frames[0]!.date).toBe(FROM)
    expect(quantities(s)).toEqual(bookQuantities)
    await s.close()
    closeDatabase(db)
  })
})
