import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { useActionsStore } from '../../src-renderer/src/stores/actions'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { FRAME_FLUSH_INTERVAL_MS, useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { action, alert, feed, frame, framePush, position, snapshot } from './helpers/fixtures'

/** The UI requirement: live updates reach the components at most 20 times per second. */
const MAX_UPDATES_PER_SECOND = 20

describe('desk store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function connected(snap = snapshot()) {
    const fake = createFakeDesk({}, snap)
    const pinia = piniaWith(fake)
    const session = connectDesk(pinia, fake.api)
    await settle()
    return { fake, session, desk: useDeskStore(), alerts: useAlertsStore(), actions: useActionsStore() }
  }

  it('loads the initial snapshot, including one with zero frames', async () => {
    const snap = snapshot({
      alerts: [alert('a1')],
      actions: [action('x1')],
      excluded: [{ symbol: 'ZZZ', reason: 'no price on the as-of date' }],
      positions: [position('AAPL')],
    })
    const { fake, desk, alerts, actions } = await connected(snap)
    expect(fake.callsOn('desk:snapshot')).toEqual([{}])
    expect(desk.loaded).toBe(true)
    expect(desk.book).toBe(snap.book)
    expect(desk.user).toBe(snap.user)
    expect(desk.limits).toEqual(snap.limits)
    expect(desk.latestFrame).toBeNull()
    expect(desk.frameCount).toBe(0)
    expect(desk.positions).toEqual(snap.positions)
    expect(desk.excluded).toEqual(snap.excluded)
    expect(alerts.all).toEqual(snap.alerts)
    expect(actions.all).toEqual(snap.actions)
  })

  it('subscribes to every push channel and unsubscribes on stop', async () => {
    const { fake, session } = await connected()
    const channels = ['desk:frame', 'feed:status', 'alert:raised', 'alert:updated', 'action:proposed', 'action:updated', 'desk:reset'] as const
    for (const c of channels) expect(fake.listenerCount(c)).toBe(1)
    session.stop()
    for (const c of channels) expect(fake.listenerCount(c)).toBe(0)
  })

  it('applies a burst of frame pushes in one coalesced update', async () => {
    const { fake, desk } = await connected()
    const versionBefore = desk.framesVersion
    const BURST = 30
    for (let seq = 0; seq < BURST; seq++) fake.emit('desk:frame', framePush(frame(seq), [position(`S${seq}`)]))
    expect(desk.frameCount).toBe(0) // nothing reaches the UI synchronously
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(desk.frameCount).toBe(BURST)
    expect(desk.framesVersion).toBe(versionBefore + 1)
    expect(desk.latestFrame).toEqual(frame(BURST - 1))
    expect(desk.positions).toEqual([position(`S${BURST - 1}`)])
    expect(desk.history.frames.map((f) => f.seq)).toEqual(Array.from({ length: BURST }, (_, i) => i))
  })

  it('takes the frames the host coalesced into `earlier`, in order, before the newest one', async () => {
    const { fake, desk } = await connected()
    fake.emit('desk:frame', framePush([frame(0), frame(1), frame(2)], [position('A')]))
    fake.emit('desk:frame', framePush([frame(3), frame(4)], [position('B')]))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(desk.history.frames.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4])
    expect(desk.latestFrame).toEqual(frame(4))
    expect(desk.positions).toEqual([position('B')])
  })

  it('updates the UI at most 20 times per second however fast frames arrive', async () => {
    const { fake, desk } = await connected()
    const PUSH_EVERY_MS = 4
    const DURATION_MS = 1000
    let seq = 0
    for (let t = 0; t < DURATION_MS; t += PUSH_EVERY_MS) {
      fake.emit('desk:frame', framePush(frame(seq++), []))
      await vi.advanceTimersByTimeAsync(PUSH_EVERY_MS)
    }
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(desk.frameCount).toBe(seq) // nothing lost
    expect(desk.flushCount).toBeLessThanOrEqual((MAX_UPDATES_PER_SECOND * DURATION_MS) / 1000 + 1)
    expect(desk.flushCount).toBeGreaterThanOrEqual(DURATION_MS / FRAME_FLUSH_INTERVAL_MS - 1) // and not starved
  })

  it('drops frames already covered by the snapshot (overlap around a connect)', async () => {
    const frames = Array.from({ length: 10 }, (_, seq) => frame(seq))
    const { fake, desk } = await connected(snapshot({ frames }))
    expect(desk.frameCount).toBe(10)
    for (let seq = 5; seq < 13; seq++) fake.emit('desk:frame', framePush(frame(seq), []))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(desk.history.frames.map((f) => f.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i))
  })

  it('desk:reset replaces everything and discards frames buffered for the old session', async () => {
    const { fake, desk, alerts, actions } = await connected(snapshot({ frames: [frame(0), frame(1)], alerts: [alert('old')] }))
    const epoch = desk.history.epoch
    fake.emit('desk:frame', framePush(frame(2), []))
    const next = snapshot({ book: 'other-book', frames: [], alerts: [], actions: [action('n1')] })
    fake.emit('desk:reset', next)
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(desk.book).toBe('other-book')
    expect(desk.history.epoch).toBe(epoch + 1)
    expect(desk.frameCount).toBe(0)
    expect(alerts.all).toEqual([])
    expect(actions.all).toEqual(next.actions)
  })

  it('applies feed status pushes and the feed:* responses', async () => {
    const playing = feed({ health: 'active', date: '2024-03-01', speed: 20 })
    const fake = createFakeDesk({
      'feed:play': () => ({ ok: true, value: playing }),
      'feed:speed': (req) => ({ ok: true, value: { ...playing, speed: req.speed } }),
    })
    connectDesk(piniaWith(fake), fake.api)
    await settle()
    const desk = useDeskStore()

    fake.emit('feed:status', feed({ health: 'stale', rejectedTicks: 3 }))
    expect(desk.feed?.health).toBe('stale')
    expect(desk.feed?.rejectedTicks).toBe(3)

    expect((await desk.setPlaying(true)).ok).toBe(true)
    expect(fake.callsOn('feed:play')).toEqual([{}])
    expect(desk.feed).toEqual(playing)
    expect(desk.playing).toBe(true)

    await desk.setSpeed('max')
    expect(fake.callsOn('feed:speed')).toEqual([{ speed: 'max' }])
    expect(desk.feed?.speed).toBe('max')
  })

  it('routes alert and action pushes into their stores', async () => {
    const { fake, alerts, actions } = await connected()
    fake.emit('alert:raised', alert('a1', { severity: 'HIGH' }))
    fake.emit('alert:updated', alert('a1', { severity: 'HIGH', state: 'acknowledged', acknowledgedBy: 'trader1' }))
    fake.emit('action:proposed', action('x1'))
    fake.emit('action:updated', action('x1', { state: 'applied' }))
    expect(alerts.all).toHaveLength(1)
    expect(alerts.all[0]!.state).toBe('acknowledged')
    expect(actions.all).toHaveLength(1)
    expect(actions.all[0]!.state).toBe('applied')
  })
})
