import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pushSchemas, type PushChannel } from '@shared/api/contract'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { verifyChain } from '../../../src-main/audit/verify'
import { DeskService } from '../../../src-main/host/desk-service'
import { bundledMarket, limits, SMALL_BOOK } from '../desk/desk-fixture'

/**
 * A desk reopened on its database with a proposal pending holds at once, before its first market day; the trader's
 * decision there must be dated on the day the desk resumed from (it once produced a frame dated "" that broke every
 * later push and override).
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-restart-decide-'))

function service(db: ReturnType<typeof openDatabase>): DeskService {
  return new DeskService({
    market: bundledMarket(),
    db,
    user: 'tester',
    replay: { from: '2020-02-24', to: '2020-04-30', speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: limits({ varLimit: 40_000, risingUpdates: 2 }), sourceFile: 'small.csv' },
  })
}

async function until(s: DeskService, done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    if (done()) return
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`${what}: ${JSON.stringify(s.snapshot().feed)}`)
}

describe('a decision on a desk resumed after a restart, before its first market day', () => {
  it('is applied on the resumed date; every later push matches the contract and the trail verifies', async () => {
    const file = join(dir, 'desk.db')
    let db = openDatabase(file)
    let s = service(db)
    await s.invoke('feed:play', {}, 'tester')
    await until(s, () => s.snapshot().feed.health === 'holding', 'no hold')
    const pending = s.snapshot().actions.find((a) => a.state === 'proposed')!
    const heldOn = s.snapshot().frames.at(-1)!.date
    await s.close()
    closeDatabase(db)

    db = openDatabase(file)
    s = service(db)
    const pushes: { channel: PushChannel; payload: unknown }[] = []
    s.onPush((channel, payload) => pushes.push({ channel, payload }))
    expect(s.snapshot().actions.find((a) => a.id === pending.id)?.state).toBe('proposed')
    let decided = await s.invoke('action:approve', { actionId: pending.id, reason: 'cut as proposed after the restart' }, 'tester')
    if (decided.ok && decided.value.state === 'resized') decided = await s.invoke('action:approve', { actionId: pending.id, reason: 'cut as proposed after the restart' }, 'tester')
    expect(decided.ok && decided.value.state, JSON.stringify(decided)).toBe('applied')
    expect(decided.ok && decided.value.execution?.executedDate).toBe(heldOn)
    for (const f of s.snapshot().frames) expect(f.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const paused = await s.invoke('controls:override', { kind: 'pause', reason: 'reviewing after the restart', span: { updates: 5, ms: 1_800_000 } }, 'tester')
    expect(paused.ok, JSON.stringify(paused)).toBe(true)
    await s.invoke('feed:play', {}, 'tester')
    await until(s, () => (s.snapshot().frames.at(-1)?.date ?? '') > heldOn, 'no market day after the restart')
    await s.close()
    for (const p of pushes) expect(pushSchemas[p.channel].safeParse(p.payload).success, p.channel).toBe(true)
    expect(verifyChain(db).ok).toBe(true)
    closeDatabase(db)
  })
})
