import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../../src-renderer/src/App.vue'
import { bootDesk } from '../../src-renderer/src/bootstrap'
import { isTypingTarget, shortcutOf } from '../../src-renderer/src/composables/use-shortcuts'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { FakeWebSocket } from './helpers/fake-websocket'
import { action, alert, snapshot } from './helpers/fixtures'
import { riskReport } from './helpers/risk-report-fixture'

const STABLE_TEST_IDS = [
  'risk-chart',
  'pnl-chart',
  'feed-play',
  'feed-speed',
  'book-import',
  'action-none',
  'action-panel',
  'controls-panel',
  'controls-armed',
  'kill-confirm',
  'rearm-passphrase',
  'positions-table',
  'worst-severity',
  'shortcut-legend',
  'backtest-panel',
  'risk-report-panel',
]

function key(k: string, init: KeyboardEventInit = {}): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }))
}

describe('App', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  async function mountApp(snap = snapshot()) {
    const fake = createFakeDesk(
      {
        'book:list': () => ({ ok: true, value: [] }),
        'action:approve': (req) => ({ ok: true, value: action(req.actionId, { state: 'approved', decision: { actor: 'trader1', reason: req.reason, date: '2024-06-04', automatic: false } }) }),
        'alert:acknowledge': (req) => ({ ok: true, value: alert(req.alertId, { state: 'acknowledged', acknowledgedBy: 'trader1' }) }),
        'risk:report': () => ({ ok: true, value: riskReport() }),
      },
      snap,
    )
    const pinia = piniaWith(fake)
    connectDesk(pinia, fake.api)
    const wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    return { fake, wrapper }
  }

  it('renders every stable test id from a zero-frame snapshot', async () => {
    const { wrapper } = await mountApp()
    for (const id of STABLE_TEST_IDS) expect(wrapper.find(`[data-testid="${id}"]`).exists(), id).toBe(true)
    expect(wrapper.get('[data-testid="desk"]').attributes('data-loaded')).toBe('true')
    expect(wrapper.get('[data-testid="book-name"]').text()).toBe(snapshot().book)
    expect(wrapper.get('[data-testid="feed-play"]').text()).toBe('Play')
    expect(wrapper.get('[data-testid="worst-severity"]').text()).toBe('no alerts in force')
    expect(wrapper.get('[data-testid="controls-armed"]').text()).toBe('Automation armed')
    expect(wrapper.get('[data-testid="headline-utilisation"]').text()).toBe('\u2014')
    expect(wrapper.findAll('[data-testid="position-row"]')).toHaveLength(0)
    wrapper.unmount()
  })

  it('the action panel comes first in the side column, before the controls and the analysis tabs; toasts live in the footer', async () => {
    const { wrapper } = await mountApp()
    const side = wrapper.get('.area-side').element
    const order = [...side.children].map((c) => c.getAttribute('data-testid') ?? c.className)
    expect(order.slice(0, 2)).toEqual(['action-panel', 'controls-panel'])
    // the toast strip is part of the footer's flow, not an overlay on the desk
    expect(wrapper.get('.desk-footer').find('.toast-area').exists()).toBe(true)
    wrapper.unmount()
  })

  it('the side column shows the backtest first; the risk report tab computes the report when opened', async () => {
    const { fake, wrapper } = await mountApp()
    const backtest = wrapper.get('[data-testid="backtest-panel"]')
    const report = wrapper.get('[data-testid="risk-report-panel"]')
    expect(backtest.isVisible()).toBe(true)
    expect(report.isVisible()).toBe(false)
    expect(fake.callsOn('risk:report')).toEqual([])
    await wrapper.get('[data-testid="side-tab-report"]').trigger('click')
    await flushPromises()
    expect(report.isVisible()).toBe(true)
    expect(backtest.isVisible()).toBe(false)
    expect(wrapper.get('[data-testid="side-tab-report"]').attributes('aria-selected')).toBe('true')
    expect(fake.callsOn('risk:report')).toEqual([{ horizon: 1 }])
    expect(wrapper.findAll('[data-testid="risk-report-row"]')).toHaveLength(9)
    await wrapper.get('[data-testid="side-tab-backtest"]').trigger('click')
    expect(backtest.isVisible()).toBe(true)
    wrapper.unmount()
  })

  it('A approves the open action with the typed reason (nothing without one), K acknowledges the newest open alert', async () => {
    const snap = snapshot({
      actions: [action('x1')],
      alerts: [alert('older', { severity: 'CRITICAL', raisedAt: '2024-06-01T09:00:00Z' }), alert('newest', { raisedAt: '2024-06-01T12:00:00Z' })],
    })
    const { fake, wrapper } = await mountApp(snap)
    expect(wrapper.get('[data-testid="worst-severity"]').text()).toContain('CRITICAL')
    key('a')
    await flushPromises()
    expect(fake.callsOn('action:approve')).toEqual([])
    await wrapper.get('[data-testid="action-reason"]').setValue('inside the mandate')
    key('a')
    await flushPromises()
    expect(fake.callsOn('action:approve')).toEqual([{ actionId: 'x1', reason: 'inside the mandate' }])
    key('K')
    await flushPromises()
    expect(fake.callsOn('alert:acknowledge')).toEqual([{ alertId: 'newest' }])
    wrapper.unmount()
  })

  it('R focuses the decision reason, and keys typed there are not shortcuts', async () => {
    const { fake, wrapper } = await mountApp(snapshot({ actions: [action('x1')] }))
    const reason = wrapper.get('[data-testid="action-reason"]').element as HTMLInputElement
    key('r')
    expect(document.activeElement).toBe(reason)
    reason.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }))
    reason.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true }))
    await flushPromises()
    expect(fake.callsOn('action:approve')).toEqual([])
    expect(fake.callsOn('alert:acknowledge')).toEqual([])
    wrapper.unmount()
  })

  it('shortcutOf ignores modifiers, auto-repeat and text fields', () => {
    expect(shortcutOf(new KeyboardEvent('keydown', { key: 'a' }))).toBe('approve')
    expect(shortcutOf(new KeyboardEvent('keydown', { key: 'A', shiftKey: true }))).toBe('approve')
    expect(shortcutOf(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true }))).toBeNull()
    expect(shortcutOf(new KeyboardEvent('keydown', { key: 'r', metaKey: true }))).toBeNull()
    expect(shortcutOf(new KeyboardEvent('keydown', { key: 'k', repeat: true }))).toBeNull()
    expect(shortcutOf(new KeyboardEvent('keydown', { key: 'x' }))).toBeNull()
    for (const tag of ['input', 'textarea', 'select']) expect(isTypingTarget(document.createElement(tag))).toBe(true)
    expect(isTypingTarget(document.createElement('button'))).toBe(false)
  })
})

describe('browser-mode boot over the WebSocket', () => {
  beforeEach(() => {
    FakeWebSocket.instances = []
    vi.useFakeTimers({ shouldAdvanceTime: true })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  function answerSnapshots(ws: FakeWebSocket, from = 0): void {
    for (const m of ws.sent.slice(from) as { id: number; channel: string }[]) {
      if (m.channel === 'desk:snapshot') ws.receive({ id: m.id, result: { ok: true, value: snapshot() } })
      if (m.channel === 'book:list') ws.receive({ id: m.id, result: { ok: true, value: [] } })
    }
  }

  it('connects with the page token, shows a banner while disconnected, resyncs on reconnect', async () => {
    const pinia = createPinia()
    const { notifier } = bootDesk(pinia, {
      location: { protocol: 'http:', host: '127.0.0.1:4100', search: '?token=s3cret' },
      WebSocket: FakeWebSocket,
    })
    const wrapper = mount(App, { props: { notifier }, global: { plugins: [pinia] }, attachTo: document.body })
    const ws = FakeWebSocket.instances[0]!
    expect(ws.url).toBe('ws://127.0.0.1:4100/ws?token=s3cret')
    expect(wrapper.get('[data-testid="connection-banner"]').text()).toContain('Connecting')

    ws.open()
    answerSnapshots(ws)
    await flushPromises()
    expect(wrapper.find('[data-testid="connection-banner"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="book-name"]').text()).toBe(snapshot().book)

    ws.drop()
    await flushPromises()
    expect(wrapper.get('[data-testid="connection-banner"]').text()).toMatch(/disconnected/i)

    await vi.advanceTimersByTimeAsync(1_000)
    const ws2 = FakeWebSocket.instances[1]!
    ws2.open()
    await flushPromises()
    expect((ws2.sent as { channel: string }[]).map((m) => m.channel)).toContain('desk:snapshot')
    answerSnapshots(ws2)
    await flushPromises()
    expect(wrapper.find('[data-testid="connection-banner"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('uses window.riskdesk when the preload provides it (no socket, no web notifications)', () => {
    const fake = createFakeDesk()
    const boot = bootDesk(createPinia(), { riskdesk: fake.api, location: { protocol: 'file:', host: '', search: '' }, WebSocket: FakeWebSocket })
    expect(FakeWebSocket.instances).toHaveLength(0)
    expect(boot.notifier).toBeNull()
    expect(fake.callsOn('desk:snapshot')).toEqual([{}])
  })
})
