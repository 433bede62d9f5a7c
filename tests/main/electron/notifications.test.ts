/**
 * Native notifications (issue 8 "Alerts: Notifications"): which alert changes notify, the plain text (label, value vs
 * limit, market date, "escalated to the desk head"; no ids or rule keys), storms grouped into one notification,
 * do-not-disturb letting CRITICAL through (persisted, switched from the tray), a click focusing the alert.
 * The shell runs against a hand-written `electron` stand-in (fake-electron.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { alertLine, alertNotice, formatAlertFigure, needsNotice, passesDoNotDisturb, MAX_NOTICE_LINES } from '@shared/notify/alert-notice'
import { AlertStorm, DEFAULT_STORM_WINDOW_MS } from '@shared/notify/alert-storm'
import { OpenAlertBoard } from '../../../src-main/electron/alert-board'
import { watchAlerts } from '../../../src-main/electron/alert-watch'
import { openNotificationSettings, readNotificationSettings } from '../../../src-main/electron/notification-settings'
import { createAlertNotifier } from '../../../src-main/electron/notifications'
import { DO_NOT_DISTURB_LABEL, createDeskTray, trayText } from '../../../src-main/electron/tray'
import { FakeHost } from '../transports/contract-samples'
import { alertOf } from './alert-fixture'
import { FakeNotification, FakeTray, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-notify-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let fileNo = 0
const settingsFile = (): string => join(dir, `settings-${++fileNo}.json`)

beforeEach(() => {
  resetFake()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

/** settings held in memory, for the notifier tests */
function memorySettings(initial = false) {
  let on = initial
  const listeners = new Set<(s: { doNotDisturb: boolean }) => void>()
  return {
    doNotDisturb: () => on,
    setDoNotDisturb: (next: boolean) => {
      on = next
      for (const l of listeners) l({ doNotDisturb: on })
    },
    onChange: (l: (s: { doNotDisturb: boolean }) => void) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
}

describe('needsNotice', () => {
  it('a raise notifies a HIGH or CRITICAL active alert, never MEDIUM, acknowledged, resolved or snoozed ones', () => {
    expect(needsNotice(undefined, alertOf({ severity: 'HIGH' }), true)).toBe(true)
    expect(needsNotice(undefined, alertOf({ severity: 'CRITICAL' }), true)).toBe(true)
    expect(needsNotice(undefined, alertOf({ severity: 'MEDIUM' }), true)).toBe(false)
    expect(needsNotice(undefined, alertOf({ state: 'acknowledged' }), true)).toBe(false)
    expect(needsNotice(undefined, alertOf({ state: 'resolved' }), true)).toBe(false)
    expect(needsNotice(undefined, alertOf({ snoozed: { by: 'ann', reason: 'known, hedging', span: { updates: 3, ms: 60_000 } } }), true)).toBe(false)
  })

  it('an escalation notifies again (severity up or desk head added); a repeated push and an unknown update do not', () => {
    const high = alertOf()
    expect(needsNotice(high, high, true)).toBe(false)
    expect(needsNotice(high, alertOf({ severity: 'CRITICAL', state: 'escalated', notify: ['trader', 'desk-head'] }), true)).toBe(true)
    expect(needsNotice(high, alertOf({ state: 'escalated', notify: ['trader', 'desk-head'] }), false)).toBe(true)
    expect(needsNotice(high, alertOf({ notify: ['trader', 'desk-head'] }), true)).toBe(true)
    expect(needsNotice(high, alertOf({ severity: 'CRITICAL' }), false)).toBe(true)
    expect(needsNotice(alertOf({ severity: 'CRITICAL' }), high, false)).toBe(false)
    expect(needsNotice(high, alertOf({ notes: [{ actor: 'ann', text: 'watching', date: '2020-03-13' }] }), false)).toBe(false)
    // first seen through an update: it was already active when the desk loaded
    expect(needsNotice(undefined, alertOf({ severity: 'CRITICAL' }), false)).toBe(false)
  })

  it('do-not-disturb lets CRITICAL through only', () => {
    expect(passesDoNotDisturb(alertOf({ severity: 'HIGH' }), true)).toBe(false)
    expect(passesDoNotDisturb(alertOf({ severity: 'CRITICAL' }), true)).toBe(true)
    expect(passesDoNotDisturb(alertOf({ severity: 'HIGH' }), false)).toBe(true)
  })
})

describe('notification text', () => {
  it('one alert: its label, value vs limit in the unit of the figure, the market date; no id or rule key', () => {
    const n = alertNotice([alertOf({ id: 'S1-A-7', ruleKey: 'var' })], 'demo-desk')
    expect(n.title).toBe('HIGH: VaR (historical) over its limit on book demo-desk')
    expect(n.body).toBe('VaR (historical) 462,593 vs limit 310,000, market date 2020-03-13.')
    expect(`${n.title} ${n.body}`).not.toMatch(/S1-A-7|ruleKey|positionLoss|alertNotice/)
    expect(formatAlertFigure('positionWeight', 0.1234)).toBe('12.3 %')
    expect(formatAlertFigure('daysToLiquidate', 1.456)).toBe('1.46 days')
    expect(formatAlertFigure('positionLoss', 318_250.5)).toBe('318,251')
    expect(alertLine(alertOf({ kind: 'positionWeight', ruleKey: 'positionWeight:MSFT', symbol: 'MSFT', label: 'MSFT weight', value: 0.142, limit: 0.11 }))).toBe(
      'MSFT weight 14.2 % vs limit 11.0 %, market date 2020-03-13',
    )
  })

  it('an escalation notified to the desk head says so', () => {
    const n = alertNotice([alertOf({ severity: 'CRITICAL', state: 'escalated', notify: ['trader', 'desk-head'] })], 'demo-desk')
    expect(n.body).toBe('VaR (historical) 462,593 vs limit 310,000, market date 2020-03-13.\nEscalated to the desk head.')
    expect(n.critical).toBe(true)
  })

  it('a storm: "N alerts on book X", most severe first, the rest counted, the focus on the first CRITICAL', () => {
    const alerts = [
      alertOf({ id: 'h1', kind: 'positionLoss', ruleKey: 'positionLoss:BA', symbol: 'BA', label: 'BA loss', value: 400_000 }),
      alertOf({ id: 'c1', severity: 'CRITICAL' }),
      alertOf({ id: 'h2', kind: 'positionWeight', symbol: 'MSFT', label: 'MSFT weight', value: 0.142, limit: 0.11 }),
      alertOf({ id: 'c2', severity: 'CRITICAL', kind: 'daysToLiquidate', symbol: 'JNJ', label: 'JNJ days to liquidate', value: 1.5, limit: 1, notify: ['trader', 'desk-head'], state: 'escalated' }),
      alertOf({ id: 'h3', label: 'VaR (EWMA)' }),
    ]
    const n = alertNotice(alerts, 'demo-desk')
    expect(n.title).toBe('5 alerts on book demo-desk (2 CRITICAL)')
    expect(n.focus.id).toBe('c1')
    expect(n.body.split('\n')).toEqual([
      'CRITICAL: VaR (historical) 462,593 vs limit 310,000, market date 2020-03-13',
      'CRITICAL: JNJ days to liquidate 1.50 days vs limit 1.00 days, market date 2020-03-13',
      'HIGH: BA loss 400,000 vs limit 310,000, market date 2020-03-13',
      `+${5 - MAX_NOTICE_LINES} more`,
      '1 of them escalated to the desk head.',
    ])
    expect(alertNotice([alertOf({ id: 'a' }), alertOf({ id: 'b' })], null).title).toBe('2 alerts (2 HIGH)')
    expect(() => alertNotice([], 'demo-desk')).toThrow(RangeError)
  })
})

describe('AlertStorm', () => {
  it('groups alerts of one window into one notice, then opens a new window', () => {
    const emit = vi.fn()
    const storm = new AlertStorm(emit, () => 'demo-desk')
    storm.add(alertOf({ id: 'a' }))
    vi.advanceTimersByTime(500)
    storm.add(alertOf({ id: 'b', severity: 'CRITICAL' }))
    storm.add(alertOf({ id: 'a', severity: 'CRITICAL' })) // the same alert escalated: counted once, latest version
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS - 501)
    expect(emit).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(emit).toHaveBeenCalledTimes(1)
    expect(emit.mock.calls[0]?.[0].title).toBe('2 alerts on book demo-desk (2 CRITICAL)')
    storm.add(alertOf({ id: 'c' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(emit).toHaveBeenCalledTimes(2)
    expect(emit.mock.calls[1]?.[0].title).toBe('HIGH: VaR (historical) over its limit on book demo-desk')
  })

  it('keeps a fixed window, so a steady stream still notifies once per window', () => {
    const emit = vi.fn()
    const storm = new AlertStorm(emit, () => null, 2000)
    for (let i = 0; i < 10; i++) {
      storm.add(alertOf({ id: `a${i}` }))
      vi.advanceTimersByTime(500)
    }
    expect(emit).toHaveBeenCalledTimes(2)
    expect(emit.mock.calls.map((c) => c[0].alerts.length)).toEqual([4, 4])
  })

  it('dispose drops pending alerts', () => {
    const emit = vi.fn()
    const storm = new AlertStorm(emit)
    storm.add(alertOf())
    storm.dispose()
    vi.advanceTimersByTime(10_000)
    expect(emit).not.toHaveBeenCalled()
  })
})

describe('createAlertNotifier', () => {
  it('shows one native notification for a storm, CRITICAL kept on screen, and focuses the CRITICAL alert on click', () => {
    const onClick = vi.fn()
    const notifier = createAlertNotifier({ onClick, iconPath: '/icons/icon.png', settings: memorySettings(), book: () => 'demo-desk' })
    notifier.notify(alertOf({ id: 'h', severity: 'HIGH' }))
    notifier.notify(alertOf({ id: 'c', severity: 'CRITICAL' }))
    notifier.notify(alertOf({ id: 'h2', severity: 'HIGH' }))
    expect(FakeNotification.instances).toHaveLength(0)
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(FakeNotification.instances).toHaveLength(1)
    const shown = FakeNotification.instances[0]!
    expect(shown.options).toMatchObject({ title: '3 alerts on book demo-desk (1 CRITICAL)', urgency: 'critical', timeoutType: 'never', icon: '/icons/icon.png' })
    expect(shown.show).toHaveBeenCalledTimes(1)
    shown.emit('click')
    expect(onClick).toHaveBeenCalledWith(expect.objectContaining({ id: 'c' }))
    notifier.dispose()
    expect(shown.close).toHaveBeenCalled()
  })

  it('under do-not-disturb only CRITICAL alerts notify; switching it on drops the pending HIGH ones', () => {
    const settings = memorySettings(true)
    const notifier = createAlertNotifier({ onClick: vi.fn(), settings })
    notifier.notify(alertOf({ id: 'h' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(FakeNotification.instances).toHaveLength(0)
    notifier.notify(alertOf({ id: 'c', severity: 'CRITICAL' }))
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['CRITICAL: VaR (historical) over its limit'])

    settings.setDoNotDisturb(false)
    notifier.notify(alertOf({ id: 'h2' }))
    notifier.notify(alertOf({ id: 'c2', severity: 'CRITICAL' }))
    settings.setDoNotDisturb(true) // mid-window
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(FakeNotification.instances).toHaveLength(2)
    expect(FakeNotification.instances[1]!.options.title).toBe('CRITICAL: VaR (historical) over its limit')
    notifier.dispose()
  })

  it('is a no-op where notifications are unsupported', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    FakeNotification.supported = false
    const notifier = createAlertNotifier({ onClick: vi.fn(), settings: memorySettings() })
    notifier.notify(alertOf())
    vi.advanceTimersByTime(DEFAULT_STORM_WINDOW_MS)
    expect(FakeNotification.instances).toHaveLength(0)
  })
})

describe('notification settings file', () => {
  it('defaults when absent, persists a change, and reads it back in a new run', () => {
    const file = settingsFile()
    const first = openNotificationSettings(file)
    expect(first.doNotDisturb()).toBe(false)
    const seen = vi.fn()
    first.onChange(seen)
    first.setDoNotDisturb(true)
    expect(seen).toHaveBeenCalledWith({ doNotDisturb: true })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ doNotDisturb: true })
    expect(openNotificationSettings(file).doNotDisturb()).toBe(true)
  })

  it('a malformed file is reported with the file and field, and the defaults are used', () => {
    const file = settingsFile()
    writeFileSync(file, JSON.stringify({ doNotDisturb: 'yes' }))
    const read = readNotificationSettings(file)
    expect(read.settings).toEqual({ doNotDisturb: false })
    expect(read.problem).toContain(file)
    expect(read.problem).toMatch(/field doNotDisturb/)
    writeFileSync(file, '{not json')
    expect(readNotificationSettings(file).problem).toMatch(/not valid JSON/)
  })
})

describe('tray do-not-disturb toggle', () => {
  const summary = { worst: 'HIGH' as const, open: 2, counts: { MEDIUM: 0, HIGH: 2, CRITICAL: 0 } }
  const menuItem = (tray: FakeTray): MenuItemConstructorOptions => {
    const menu = tray.setContextMenu.mock.lastCall?.[0] as { template: MenuItemConstructorOptions[] }
    return menu.template.find((i) => i.label === DO_NOT_DISTURB_LABEL)!
  }

  it('the tray checkbox switches the persisted setting, and the tooltip says do not disturb', () => {
    const file = settingsFile()
    const settings = openNotificationSettings(file)
    const deskTray = createDeskTray({ iconDir: '/icons', onShow: vi.fn(), onQuit: vi.fn(), settings })
    const tray = FakeTray.instances[0]!
    deskTray.update(summary)
    expect(menuItem(tray)).toMatchObject({ type: 'checkbox', checked: false })
    ;(menuItem(tray).click as () => void)()
    expect(settings.doNotDisturb()).toBe(true)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ doNotDisturb: true })
    expect(menuItem(tray).checked).toBe(true)
    expect(tray.setToolTip).toHaveBeenLastCalledWith('RiskDesk: 2 open alerts, worst HIGH; do not disturb')
    expect(trayText(summary, false).tooltip).toBe('RiskDesk: 2 open alerts, worst HIGH')
    deskTray.destroy()
  })
})

describe('watchAlerts', () => {
  it('seeds from the snapshot without notifying, then notifies raises and escalations from pushes', async () => {
    vi.useRealTimers()
    const host = new FakeHost()
    const snapshotAlert = alertOf({ id: 'old', severity: 'CRITICAL' })
    let release: () => void = () => undefined
    host.respond = () => new Promise((resolve) => (release = () => resolve({ ok: true, value: { book: 'demo-desk', alerts: [snapshotAlert] } })))
    const onSummary = vi.fn()
    const onNotice = vi.fn()
    const watch = watchAlerts(host, 'trader1', { onSummary, onNotice })
    host.emit('alert:raised', alertOf({ id: 'early', severity: 'HIGH' })) // arrives before the snapshot answer
    release()
    await watch.ready
    expect(watch.book()).toBe('demo-desk')
    expect(onNotice.mock.calls.map((c) => c[0].id)).toEqual(['early'])
    expect(onSummary).toHaveBeenLastCalledWith({ worst: 'CRITICAL', open: 2, counts: { MEDIUM: 0, HIGH: 1, CRITICAL: 1 } })

    host.emit('alert:raised', alertOf({ id: 'm', severity: 'MEDIUM' }))
    host.emit('alert:updated', alertOf({ id: 'old', severity: 'CRITICAL', notes: [{ actor: 'ann', text: 'on it', date: '2020-03-13' }] }))
    host.emit('alert:raised', alertOf({ id: 'm', severity: 'HIGH', state: 'escalated', notify: ['trader', 'desk-head'] }))
    host.emit('alert:updated', alertOf({ id: 'old', severity: 'CRITICAL', state: 'acknowledged', acknowledgedBy: 'ann' }))
    host.emit('alert:raised', { id: 'broken' })
    expect(onNotice.mock.calls.map((c) => c[0].id)).toEqual(['early', 'm'])
    expect(onSummary).toHaveBeenLastCalledWith({ worst: 'HIGH', open: 2, counts: { MEDIUM: 0, HIGH: 2, CRITICAL: 0 } })
    host.emit('desk:reset', { book: 'other-book', alerts: [] })
    expect(watch.book()).toBe('other-book')
    expect(onSummary).toHaveBeenLastCalledWith({ worst: null, open: 0, counts: { MEDIUM: 0, HIGH: 0, CRITICAL: 0 } })
    watch.dispose()
    expect(host.listenerCount).toBe(0)
  })
})

describe('OpenAlertBoard', () => {
  it('counts raised and escalated alerts as active, acknowledged and resolved ones not', () => {
    const board = new OpenAlertBoard()
    board.reset([alertOf({ id: 'a', severity: 'MEDIUM' }), alertOf({ id: 'b', state: 'resolved', resolvedDate: '2020-03-20' })])
    expect(board.summary()).toEqual({ worst: 'MEDIUM', open: 1, counts: { MEDIUM: 1, HIGH: 0, CRITICAL: 0 } })
    board.apply(alertOf({ id: 'c', severity: 'CRITICAL', state: 'escalated' }))
    expect(board.summary().worst).toBe('CRITICAL')
    expect(board.apply(alertOf({ id: 'c', severity: 'CRITICAL', state: 'acknowledged' }))?.state).toBe('escalated')
    expect(board.summary()).toEqual({ worst: 'MEDIUM', open: 1, counts: { MEDIUM: 1, HIGH: 0, CRITICAL: 0 } })
    expect(board.get('c')).toBeUndefined()
  })
})
