import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushChannel } from '@shared/api/contract'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { DeskService } from '../../../src-main/host/desk-service'
import { loadMarket } from '../../../src-main/market/load-market'
import { fatFingerFile } from '../cli/feed-check-files'
import { limits, SMALL_BOOK } from './desk-fixture'

/** The desk service over a price file whose last replayed day carries a x100 JNJ print: the tick stays held. */
const FAT_DATE = '2019-06-12'
let db: Database
let service: DeskService
const pushes: { channel: PushChannel; payload: unknown }[] = []

beforeAll(async () => {
  const fat = fatFingerFile({ symbols: ['AAPL', 'JPM', 'XOM', 'JNJ', 'SPY', 'MSFT', 'PG'], from: '2018-01-02', to: '2019-12-31', symbol: 'JNJ', date: FAT_DATE, factor: 100 })
  db = openDatabase(':memory:')
  service = new DeskService({
    market: loadMarket({ prices: [fat.path] }),
    db,
    user: 'tester',
    replay: { from: '2019-06-03', to: FAT_DATE, speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: limits({ varLimit: 60_000 }), sourceFile: 'small.csv' },
  })
  service.onPush((channel, payload) => pushes.push({ channel, payload }))
  await service.invoke('feed:play', {}, 'tester')
  // wait on state: the feed finished and the last frame's push left the coalescer (at most ~20 pushes per second)
  const lastFramePushed = (): boolean => pushes.some((p) => p.channel === 'desk:frame' && (p.payload as { frame: { date: string } }).frame.date === FAT_DATE)
  for (let i = 0; i < 1000 && !(service.snapshot().feed.health === 'finished' && lastFramePushed()); i++) await new Promise((r) => setTimeout(r, 10))
  expect(service.snapshot().feed.health).toBe('finished')
})

afterAll(async () => {
  await service.close()
  closeDatabase(db)
})

describe('feed:decideTick (the host enforces the reason)', () => {
  it('pushes the held tick in feed:status and the data-quality note in desk:frame', () => {
    expect(service.snapshot().feed.held?.map((h) => h.id)).toEqual([`JNJ@${FAT_DATE}`])
    const status = pushes.filter((p) => p.channel === 'feed:status').map((p) => p.payload as { held?: { id: string }[] })
    expect(status.some((s) => s.held?.some((h) => h.id === `JNJ@${FAT_DATE}`))).toBe(true)
    const frames = pushes.filter((p) => p.channel === 'desk:frame').map((p) => p.payload as { frame: { date: string; dataQuality?: { symbol: string }[] } })
    expect(frames.at(-1)!.frame).toMatchObject({ date: FAT_DATE, dataQuality: [{ symbol: 'JNJ', issue: 'suspect' }] })
  })

  it('refuses a missing or short reason and an unknown id, changing nothing', async () => {
    for (const request of [{ id: `JNJ@${FAT_DATE}`, decision: 'drop' }, { id: `JNJ@${FAT_DATE}`, decision: 'drop', reason: '  ' }, { id: `JNJ@${FAT_DATE}`, decision: 'maybe', reason: 'because' }]) {
      expect(await service.handle('feed:decideTick', request, 'mallory')).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    }
    expect(await service.invoke('feed:decideTick', { id: 'JNJ@2019-06-11', decision: 'accept', reason: 'looks fine' }, 'tester')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(service.snapshot().feed.held).toHaveLength(1)
  })

  it('drops the held tick with the trader and the reason in the audit trail', async () => {
    const r = await service.invoke('feed:decideTick', { id: `JNJ@${FAT_DATE}`, decision: 'drop', reason: 'vendor confirmed a bad print' }, 'tester')
    expect(r).toMatchObject({ ok: true, value: { id: `JNJ@${FAT_DATE}`, symbol: 'JNJ' } })
    expect(service.snapshot().feed.held).toEqual([])
    const trail = await service.invoke('audit:query', { type: 'tick.dropped' }, 'tester')
    expect(trail.ok && trail.value.map((e) => [e.actor, (e.payload as { reason: string }).reason])).toEqual([['tester', 'vendor confirmed a bad print']])
  })
})
