import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Alert } from '@shared/domain/alert'
import { AlertSchema, SEVERITY_ORDER } from '@shared/domain/alert'
import { connectDesk, deservesInterrupt } from '../../src-renderer/src/session/connect-desk'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { TOAST_MS, useToastsStore } from '../../src-renderer/src/stores/toasts'
import { compareAlerts } from '../../src-renderer/src/util/severity'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { alert } from './helpers/fixtures'

describe('alert fixtures', () => {
  it('follow the domain schema (a drifted field fails here, not in a panel test)', () => {
    expect(AlertSchema.safeParse(alert('a')).success).toBe(true)
    expect(() => alert('a', { state: 'cleared' as never })).toThrow()
  })
})

describe('alerts store', () => {
  it('orders unacknowledged alerts (open and escalated) most severe first, then newest first', () => {
    piniaWith(createFakeDesk())
    const alerts = useAlertsStore()
    alerts.replaceAll([
      alert('m-old', { severity: 'MEDIUM', raisedAt: '2024-06-01T09:00:00Z' }),
      alert('c', { severity: 'CRITICAL', state: 'escalated', raisedAt: '2024-06-01T08:00:00Z' }),
      alert('h-new', { severity: 'HIGH', raisedAt: '2024-06-01T11:00:00Z' }),
      alert('m-new', { severity: 'MEDIUM', raisedAt: '2024-06-01T12:00:00Z' }),
      alert('h-old', { severity: 'HIGH', raisedAt: '2024-06-01T07:00:00Z' }),
      alert('ack', { severity: 'CRITICAL', state: 'acknowledged' }),
      alert('done', { severity: 'CRITICAL', state: 'resolved', resolvedDate: '2024-06-04' }),
    ])
    expect(alerts.unacknowledged.map((a) => a.id)).toEqual(['c', 'h-new', 'h-old', 'm-new', 'm-old'])
    for (let i = 1; i < alerts.unacknowledged.length; i++) {
      expect(SEVERITY_ORDER[alerts.unacknowledged[i - 1]!.severity]).toBeGreaterThanOrEqual(SEVERITY_ORDER[alerts.unacknowledged[i]!.severity])
    }
    expect(alerts.acknowledged.map((a) => a.id)).toEqual(['ack'])
    expect(alerts.resolved.map((a) => a.id)).toEqual(['done'])
    expect(alerts.active.map((a) => a.id)).toEqual(['c', 'h-new', 'h-old', 'm-new', 'm-old', 'ack'])
  })

  it('the worst severity counts every alert in force, acknowledged ones too, never resolved ones', () => {
    piniaWith(createFakeDesk())
    const alerts = useAlertsStore()
    expect(alerts.worstActiveSeverity).toBeNull()
    alerts.replaceAll([alert('r', { severity: 'CRITICAL', state: 'resolved' })])
    expect(alerts.worstActiveSeverity).toBeNull()
    // the issue: "the top bar says no alerts at 151.8 % of the limit" once the alert was acknowledged
    alerts.upsert(alert('ack', { severity: 'HIGH', state: 'acknowledged' }))
    expect(alerts.worstActiveSeverity).toBe('HIGH')
    alerts.upsert(alert('c', { severity: 'CRITICAL', state: 'escalated' }))
    expect(alerts.worstActiveSeverity).toBe('CRITICAL')
    alerts.upsert(alert('c', { severity: 'CRITICAL', state: 'resolved' }))
    expect(alerts.worstActiveSeverity).toBe('HIGH')
  })

  it('a push replaces the alert by id (no duplicates)', () => {
    piniaWith(createFakeDesk())
    const alerts = useAlertsStore()
    alerts.upsert(alert('a1'))
    alerts.upsert(alert('a1', { state: 'escalated', severity: 'HIGH' }))
    expect(alerts.all).toHaveLength(1)
    expect(alerts.byId('a1')?.state).toBe('escalated')
  })

  it('compareAlerts is a total order (ties broken by id)', () => {
    const a = alert('a')
    const b = alert('b')
    expect(compareAlerts(a, b)).toBeLessThan(0)
    expect(compareAlerts(b, a)).toBeGreaterThan(0)
    expect(compareAlerts(a, a)).toBe(0)
  })

  it('acknowledgeNewest acknowledges the newest unacknowledged alert and applies the answer', async () => {
    const fake = createFakeDesk({
      'alert:acknowledge': (req) => ({ ok: true, value: alert(req.alertId, { state: 'acknowledged', acknowledgedBy: 'trader1' }) }),
    })
    piniaWith(fake)
    const alerts = useAlertsStore()
    alerts.replaceAll([alert('a1'), alert('a2', { state: 'escalated', raisedAt: '2024-06-01T12:00:00Z' })])
    const result = await alerts.acknowledgeNewest()
    expect(result?.ok).toBe(true)
    expect(fake.callsOn('alert:acknowledge')).toEqual([{ alertId: 'a2' }])
    expect(alerts.byId('a2')?.state).toBe('acknowledged')
    expect(alerts.unacknowledged.map((a) => a.id)).toEqual(['a1'])
  })

  it('a refused acknowledge leaves the alert as it was and keeps the refusal beside it', async () => {
    const fake = createFakeDesk({ 'alert:acknowledge': () => ({ ok: false, error: { code: 'illegal_transition', message: 'the alert is resolved' } }) })
    piniaWith(fake)
    const alerts = useAlertsStore()
    alerts.replaceAll([alert('a1')])
    const result = await alerts.acknowledge('a1')
    expect(result.ok).toBe(false)
    expect(alerts.byId('a1')?.state).toBe('open')
    expect(alerts.errors['a1']).toBe('the alert is resolved (illegal_transition)')
  })

  it('snooze sends the trimmed reason and the span; a short reason is refused before any call', async () => {
    const span = { updates: 3, ms: 600_000 }
    const fake = createFakeDesk({
      'alert:snooze': (req) => ({ ok: true, value: alert(req.alertId, { snoozed: { by: 'trader1', reason: req.reason, span: req.span } }) }),
    })
    piniaWith(fake)
    const alerts = useAlertsStore()
    alerts.replaceAll([alert('a1')])
    const refused = await alerts.snooze('a1', ' a ', span)
    expect(refused.ok ? null : refused.error.code).toBe('invalid_reason')
    expect(fake.callsOn('alert:snooze')).toEqual([])
    expect((await alerts.snooze('a1', '  waiting for the close  ', span)).ok).toBe(true)
    expect(fake.callsOn('alert:snooze')).toEqual([{ alertId: 'a1', reason: 'waiting for the close', span }])
    expect(alerts.byId('a1')?.snoozed?.reason).toBe('waiting for the close')
  })

  it('note sends the trimmed text and applies the noted alert', async () => {
    const fake = createFakeDesk({
      'alert:note': (req) => ({ ok: true, value: alert(req.alertId, { notes: [{ actor: 'trader1', text: req.text, date: '2024-06-03' }] }) }),
    })
    piniaWith(fake)
    const alerts = useAlertsStore()
    alerts.replaceAll([alert('a1')])
    expect((await alerts.note('a1', '  ')).ok).toBe(false)
    expect((await alerts.note('a1', ' called the PM ')).ok).toBe(true)
    expect(fake.callsOn('alert:note')).toEqual([{ alertId: 'a1', text: 'called the PM' }])
    expect(alerts.byId('a1')?.notes.map((n) => n.text)).toEqual(['called the PM'])
  })
})

describe('interrupting alerts (toast, web notification)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('deservesInterrupt: new HIGH/CRITICAL raises, escalations and rises; not MEDIUM, repeats, snoozed or acknowledged', () => {
    const high = alert('h', { severity: 'HIGH' })
    expect(deservesInterrupt(undefined, high, true)).toBe(true)
    expect(deservesInterrupt(undefined, high, false)).toBe(false) // already open when the desk loaded
    expect(deservesInterrupt(high, high, true)).toBe(false) // a repeat
    expect(deservesInterrupt(undefined, alert('m'), true)).toBe(false)
    expect(deservesInterrupt(high, alert('h', { severity: 'CRITICAL' }), false)).toBe(true)
    expect(deservesInterrupt(high, alert('h', { severity: 'HIGH', state: 'escalated', notify: ['trader', 'desk-head'] }), true)).toBe(true)
    expect(deservesInterrupt(undefined, alert('s', { severity: 'CRITICAL', snoozed: { by: 't', reason: 'known', span: { updates: 1, ms: 1 } } }), true)).toBe(false)
    expect(deservesInterrupt(high, alert('h', { severity: 'CRITICAL', state: 'acknowledged' }), false)).toBe(false)
  })

  it('toasts new HIGH/CRITICAL alerts and escalations, not MEDIUM, and expires them', async () => {
    const fake = createFakeDesk()
    const notified: Alert[] = []
    connectDesk(piniaWith(fake), fake.api, { onInterruptingAlert: (a) => notified.push(a) })
    await settle()
    const toasts = useToastsStore()

    fake.emit('alert:raised', alert('m', { severity: 'MEDIUM' }))
    expect(toasts.toasts).toHaveLength(0)
    fake.emit('alert:raised', alert('h', { severity: 'HIGH' }))
    fake.emit('alert:raised', alert('m', { severity: 'MEDIUM', state: 'escalated' })) // escalated, but MEDIUM
    fake.emit('alert:updated', alert('m', { severity: 'CRITICAL', state: 'escalated' })) // rose to CRITICAL
    fake.emit('alert:updated', alert('h', { severity: 'HIGH', state: 'acknowledged' }))
    expect(toasts.toasts.map((t) => t.alert.id)).toEqual(['h', 'm'])
    expect(notified.map((a) => a.id)).toEqual(['h', 'm'])
    expect(useAlertsStore().byId('h')?.state).toBe('acknowledged')

    await vi.advanceTimersByTimeAsync(TOAST_MS)
    expect(toasts.toasts).toHaveLength(0)
  })
})
