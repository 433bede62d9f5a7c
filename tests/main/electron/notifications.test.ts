import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OpenAlertBoard, isNewSevereAlert } from '../../../src-main/electron/alert-board'
import { AlertBurstCoalescer, DEFAULT_BURST_WINDOW_MS, MAX_BODY_LINES, summarizeBurst } from '../../../src-main/electron/alert-burst'
import { watchAlerts } from '../../../src-main/electron/alert-watch'
import { createAlertNotifier } from '../../../src-main/electron/notifications'
import { FakeHost, makeAlert } from '../transports/contract-samples'
import { FakeNotification, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

beforeEach(() => {
  resetFake()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('isNewSevereAlert', () => {
  it('fires for a new open HIGH/CRITICAL alert and for an escalation, never for MEDIUM or closed ones', () => {
    const high = makeAlert({ severity: 'HIGH' })
    expect(isNewSevereAlert(undefined, high)).toBe(true)
    expect(isNewSevereAlert(undefined, makeAlert({ severity: 'CRITICAL' }))).toBe(true)
    expect(isNewSevereAlert(undefined, makeAlert({ severity: 'MEDIUM' }))).toBe(false)
    expect(isNewSevereAlert(undefined, makeAlert({ state: 'acknowledged' }))).toBe(false)
    expect(isNewSevereAlert(high, high)).toBe(false)
    expect(isNewSevereAlert(high, makeAlert({ severity: 'CRITICAL' }))).toBe(true)
    expect(isNewSevereAlert(makeAlert({ severity: 'MEDIUM' }), high)).toBe(true)
    expect(isNewSevereAlert(makeAlert({ severity: 'CRITICAL' }), high)).toBe(false)
  })
})

describe('OpenAlertBoard', () => {
  it('tracks open alerts and the worst severity', () => {
    const board = new OpenAlertBoard()
    board.reset([makeAlert({ id: 'a', severity: 'MEDIUM' }), makeAlert({ id: 'b', severity: 'HIGH', state: 'cleared' })])
    expect(board.summary()).toEqual({ worst: 'MEDIUM', open: 1, counts: { MEDIUM: 1, HIGH: 0, CRITICAL: 0 } })
    board.apply(makeAlert({ id: 'c', severity: 'CRITICAL' }))
    expect(board.summary().worst).toBe('CRITICAL')
    board.apply(makeAlert({ id: 'c', severity: 'CRITICAL', state: 'acknowledged' }))
    expect(board.summary()).toEqual({ worst: 'MEDIUM', open: 1, counts: { MEDIUM: 1, HIGH: 0, CRITICAL: 0 } })
    expect(board.get('c')).toBeUndefined()
  })
})

describe('summarizeBurst', () => {
  it('describes one alert by severity and symbol', () => {
    const notice = summarizeBurst([makeAlert({ severity: 'CRITICAL', symbol: 'AAPL', message: 'AAPL loss 60k > 50k' })])
    expect(notice.title).toBe('CRITICAL alert: AAPL')
    expect(notice.body).toBe('AAPL loss 60k > 50k')
  })

  it('counts a burst as "N new alerts (k CRITICAL)", most severe first, and focuses the first CRITICAL', () => {
    const alerts = [
      makeAlert({ id: 'h1', severity: 'HIGH', message: 'h1' }),
      makeAlert({ id: 'c1', severity: 'CRITICAL', message: 'c1' }),
      makeAlert({ id: 'h2', severity: 'HIGH', message: 'h2' }),
      makeAlert({ id: 'c2', severity: 'CRITICAL', message: 'c2' }),
      makeAlert({ id: 'h3', severity: 'HIGH', message: 'h3' }),
    ]
    const notice = summarizeBurst(alerts)
    expect(notice.title).toBe('5 new alerts (2 CRITICAL)')
    expect(notice.focus.id).toBe('c1')
    expect(notice.body.split('\n')).toEqual(['CRITICAL: c1', 'CRITICAL: c2', 'HIGH: h1', `+${5 - MAX_BODY_LINES} more`])
  })

  it('says "(n HIGH)" when no alert is CRITICAL and refuses an empty burst', () => {
    expect(summarizeBurst([makeAlert({ id: 'a' }), makeAlert({ id: 'b' })]).title).toBe('2 new alerts (2 HIGH)')
    expect(() => summarizeBurst([])).toThrow(RangeError)
  })
})

describe('AlertBurstCoalescer', () => {
  it('coalesces alerts within the window into one notice, then starts a new window', () => {
    const emit = vi.fn()
    const coalescer = new AlertBurstCoalescer(emit)
    coalescer.add(makeAlert({ id: 'a' }))
    vi.advanceTimersByTime(500)
    coalescer.add(makeAlert({ id: 'b', severity: 'CRITICAL' }))
    coalescer.add(makeAlert({ id: 'a', severity: 'CRITICAL' })) // same alert escalated: counted once, latest version
    vi.advanceTimersByTime(DEFAULT_BURST_WINDOW_MS - 501)
    expect(emit).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(emit).toHaveBeenCalledTimes(1)
    expect(emit.mock.calls[0]?.[0].title).toBe('2 new alerts (2 CRITICAL)')
    coalescer.add(makeAlert({ id: 'c' }))
    vi.advanceTimersByTime(DEFAULT_BURST_WINDOW_MS)
    expect(emit).toHaveBeenCalledTimes(2)
    expect(emit.mock.calls[1]?.[0].title).toBe('HIGH alert: book')
  })

  it('uses a fixed window so a steady stream still notifies every window', () => {
    const emit = vi.fn()
    const coalescer = new AlertBurstCoalescer(emit, 2000)
    for (let i = 0; i < 10; i++) {
      coalescer.add(makeAlert({ id: `a${i}` }))
      vi.advanceTimersByTime(500)
    }
    expect(emit.mock.calls.length).toBeGreaterThanOrEqual(2)
  })

  it('dispose drops pending alerts', () => {
    const emit = vi.fn()
    const coalescer = new AlertBurstCoalescer(emit)
    coalescer.add(makeAlert())
    coalescer.dispose()
    vi.advanceTimersByTime(10_000)
    expect(emit).not.toHaveBeenCalled()
  })
})

describe('createAlertNotifier', () => {
  it('shows one native notification for a burst and focuses the CRITICAL alert on click', () => {
    const onClick = vi.fn()
    const notifier = createAlertNotifier({ onClick, iconPath: '/icons/icon.png' })
    notifier.notify(makeAlert({ id: 'h', severity: 'HIGH' }))
    notifier.notify(makeAlert({ id: 'c', severity: 'CRITICAL' }))
    notifier.notify(makeAlert({ id: 'h2', severity: 'HIGH' }))
    expect(FakeNotification.instances).toHaveLength(0)
    vi.advanceTimersByTime(DEFAULT_BURST_WINDOW_MS)
    expect(FakeNotification.instances).toHaveLength(1)
    const shown = FakeNotification.instances[0]!
    expect(shown.options).toMatchObject({ title: '3 new alerts (1 CRITICAL)', urgency: 'critical' })
    expect(shown.show).toHaveBeenCalledTimes(1)
    shown.emit('click')
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'c' }))
    notifier.dispose()
    expect(shown.close).toHaveBeenCalled()
  })

  it('is a no-op where notifications are unsupported', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    FakeNotification.supported = false
    const notifier = createAlertNotifier({ onClick: vi.fn() })
    notifier.notify(makeAlert())
    vi.advanceTimersByTime(DEFAULT_BURST_WINDOW_MS)
    expect(FakeNotification.instances).toHaveLength(0)
  })
})

describe('watchAlerts', () => {
  it('seeds from the snapshot without notifying, then notifies new severe alerts from pushes', async () => {
    vi.useRealTimers()
    const host = new FakeHost()
    const snapshotAlert = makeAlert({ id: 'old', severity: 'CRITICAL' })
    let release: () => void = () => undefined
    host.respond = () => new Promise((resolve) => (release = () => resolve({ ok: true, value: { alerts: [snapshotAlert] } })))
    const onSummary = vi.fn()
    const onNewSevere = vi.fn()
    const watch = watchAlerts(host, 'trader1', { onSummary, onNewSevere })
    host.emit('alert:raised', makeAlert({ id: 'early', severity: 'HIGH' })) // arrives before the snapshot answer
    release()
    await watch.ready
    expect(onNewSevere.mock.calls.map((c) => c[0].id)).toEqual(['early'])
    expect(onSummary).toHaveBeenLastCalledWith({ worst: 'CRITICAL', open: 2, counts: { MEDIUM: 0, HIGH: 1, CRITICAL: 1 } })

    host.emit('alert:raised', makeAlert({ id: 'm', severity: 'MEDIUM' }))
    host.emit('alert:updated', makeAlert({ id: 'm', severity: 'CRITICAL' }))
    host.emit('alert:updated', makeAlert({ id: 'old', severity: 'CRITICAL', state: 'acknowledged' }))
    host.emit('alert:raised', { id: 'broken' })
    expect(onNewSevere.mock.calls.map((c) => c[0].id)).toEqual(['early', 'm'])
    host.emit('desk:reset', { alerts: [] })
    expect(onSummary).toHaveBeenLastCalledWith({ worst: null, open: 0, counts: { MEDIUM: 0, HIGH: 0, CRITICAL: 0 } })
    watch.dispose()
    expect(host.listenerCount).toBe(0)
  })
})
