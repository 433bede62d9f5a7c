/**
 * Browser-mode notifications (issue 8 "Alerts: Notifications"): the desktop's words and rules (@shared/notify) on the
 * Web Notifications API, a storm grouped into one notification, do-not-disturb letting CRITICAL through and kept in
 * localStorage, a click bringing the page up with the alert's row selected; the shell's `alert:focus` push does the same.
 */
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AlertSchema, type Alert } from '@shared/domain/alert'
import { DEFAULT_STORM_WINDOW_MS } from '@shared/notify/alert-storm'
import { ALERT_FOCUS_EVENT, focusAlertInPage, watchAlertFocus } from '../../src-renderer/src/notify/alert-focus'
import DoNotDisturbToggle from '../../src-renderer/src/notify/DoNotDisturbToggle.vue'
import { DO_NOT_DISTURB_KEY, createWebNotifier } from '../../src-renderer/src/notify/web-notifications'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'

function alertOf(over: Partial<Alert> = {}): Alert {
  return AlertSchema.parse({
    id: 'A-1', ruleKey: 'var', kind: 'var', symbol: null, label: 'VaR (historical)', severity: 'HIGH', state: 'open', value: 462_593.4, limit: 310_000,
    date: '2020-03-13', raisedAt: '2026-12-03T21:00:00.000Z', acknowledgedBy: null, snoozed: null, notes: [], resolvedDate: null, notify: ['trader'], ...over,
  })
}

/** A stand-in for the browser's Notification constructor. */
function fakeNotificationApi(permission: NotificationPermission = 'granted') {
  const shown: { title: string; options: NotificationOptions; onclick: (() => void) | null; close: ReturnType<typeof vi.fn> }[] = []
  class FakeN {
    static permission = permission
    static requestPermission = vi.fn(async () => 'granted' as NotificationPermission)
    onclick: (() => void) | null = null
    close = vi.fn()
    constructor(title: string, options: NotificationOptions) {
      shown.push(Object.assign(this, { title, options }) as never)
    }
  }
  return { N: FakeN as unknown as typeof Notification, shown: shown as unknown as { title: string; options: NotificationOptions; onclick: (() => void) | null; close: ReturnType<typeof vi.fn> }[] }
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return { getItem: (k: string) => data.get(k) ?? null, setItem: vi.fn((k: string, v: string) => void data.set(k, v)), data }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('createWebNotifier', () => {
  it('groups a storm into one notification on the book, CRITICAL kept until dismissed, plain text only', () => {
    const { N, shown } = fakeNotificationApi()
    const notifier = createWebNotifier({ Notification: N }, { book: () => 'demo-desk' })
    notifier.notify(alertOf({ id: 'h' }))
    notifier.notify(alertOf({ id: 'c', severity: 'CRITICAL', state: 'escalated', notify: ['trader', 'desk-head'] }))
    notifier.notify(alertOf({ id: 'm', severity: 'MEDIUM' }))
    expect(shown).toHaveLength(0)
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(shown).toHaveLength(1)
    expect(shown[0]!.title).toBe('2 alerts on book demo-desk (1 CRITICAL)')
    expect(shown[0]!.options.body!.split('\n')).toEqual([
      'CRITICAL: VaR (historical) 462,593 vs limit 310,000, market date 2020-03-13',
      'HIGH: VaR (historical) 462,593 vs limit 310,000, market date 2020-03-13',
      '1 of them escalated to the desk head.',
    ])
    expect(shown[0]!.options.requireInteraction).toBe(true)
    notifier.notify(alertOf({ id: 'h2' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(shown[1]).toMatchObject({ title: 'HIGH: VaR (historical) over its limit on book demo-desk', options: { tag: 'h2', requireInteraction: false } })
  })

  it('shows nothing until permission is granted; request() asks only while undecided', async () => {
    const { N, shown } = fakeNotificationApi('default')
    const notifier = createWebNotifier({ Notification: N })
    notifier.notify(alertOf())
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(shown).toHaveLength(0)
    expect(await notifier.request()).toBe('granted')
    expect(createWebNotifier({}).permission()).toBe('unsupported')
  })

  it('do-not-disturb lets CRITICAL through, drops pending HIGH alerts, and is kept in localStorage', () => {
    const { N, shown } = fakeNotificationApi()
    const storage = memoryStorage()
    const notifier = createWebNotifier({ Notification: N, localStorage: storage })
    expect(notifier.doNotDisturb()).toBe(false)
    notifier.notify(alertOf({ id: 'h' }))
    notifier.setDoNotDisturb(true)
    notifier.notify(alertOf({ id: 'h2' }))
    notifier.notify(alertOf({ id: 'c', severity: 'CRITICAL' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(shown.map((n) => n.title)).toEqual(['CRITICAL: VaR (historical) over its limit'])
    expect(storage.data.get(DO_NOT_DISTURB_KEY)).toBe('1')
    expect(createWebNotifier({ Notification: N, localStorage: storage }).doNotDisturb()).toBe(true)
  })

  it('a click brings the page up and selects the alert row', () => {
    document.body.innerHTML = '<ul><li data-testid="alert-item" data-alert-id="A-0">a</li><li data-testid="alert-item" data-alert-id="c">c</li></ul>'
    const { N, shown } = fakeNotificationApi()
    const focus = vi.fn()
    const notifier = createWebNotifier({ Notification: N, focus, document })
    notifier.notify(alertOf({ id: 'c', severity: 'CRITICAL' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    const seen = vi.fn()
    document.addEventListener(ALERT_FOCUS_EVENT, (e) => seen((e as CustomEvent).detail))
    shown[0]!.onclick!()
    expect(focus).toHaveBeenCalled()
    const row = document.querySelector<HTMLElement>('[data-alert-id="c"]')!
    expect(document.activeElement).toBe(row)
    expect(row.dataset['focused']).toBe('true')
    expect(seen).toHaveBeenCalledWith({ alertId: 'c' })
    expect(shown[0]!.close).toHaveBeenCalled()
  })

  it('is fed by the desk session: a raise notifies, an alert already known through the snapshot does not', () => {
    const { N, shown } = fakeNotificationApi()
    const notifier = createWebNotifier({ Notification: N })
    const fake = createFakeDesk()
    connectDesk(piniaWith(fake), fake.api, { onInterruptingAlert: (a) => notifier.notify(a) })
    fake.emit('alert:raised', alertOf({ id: 'n', severity: 'CRITICAL' }))
    fake.emit('alert:raised', alertOf({ id: 'm', severity: 'MEDIUM' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(shown.map((n) => n.title)).toEqual(['CRITICAL: VaR (historical) over its limit'])
  })
})

describe('alert focus', () => {
  it('the shell\'s alert:focus push selects the row; an alert not rendered is reported as not found', () => {
    document.body.innerHTML = '<ul><li data-testid="alert-item" data-alert-id="x" data-focused="true">x</li><li data-testid="alert-item" data-alert-id="y">y</li></ul>'
    const fake = createFakeDesk()
    const stop = watchAlertFocus(fake.api, () => document)
    fake.emit('alert:focus', { alertId: 'y' })
    expect(document.activeElement?.getAttribute('data-alert-id')).toBe('y')
    expect(document.querySelector<HTMLElement>('[data-alert-id="x"]')!.dataset['focused']).toBeUndefined()
    expect(focusAlertInPage(document, 'gone')).toBe(false)
    stop()
    expect(fake.listenerCount('alert:focus')).toBe(0)
  })
})

describe('DoNotDisturbToggle', () => {
  it('switches the notifier and says what still notifies; hidden without a web notifier (Electron)', async () => {
    const { N } = fakeNotificationApi()
    const storage = memoryStorage()
    const notifier = createWebNotifier({ Notification: N, localStorage: storage })
    const wrapper = mount(DoNotDisturbToggle, { props: { notifier } })
    const button = wrapper.get('[data-testid="notify-dnd"]')
    expect(button.text()).toBe('Notifications on')
    await button.trigger('click')
    expect(notifier.doNotDisturb()).toBe(true)
    expect(button.text()).toBe('Do not disturb (CRITICAL only)')
    expect(button.attributes('aria-pressed')).toBe('true')
    expect(mount(DoNotDisturbToggle, { props: { notifier: null } }).find('[data-testid="notify-dnd"]').exists()).toBe(false)
  })
})
