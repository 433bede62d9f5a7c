import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER } from '@shared/domain/alert'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { TOAST_MS, useToastsStore } from '../../src-renderer/src/stores/toasts'
import { compareAlerts } from '../../src-renderer/src/util/severity'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { alert } from './helpers/fixtures'

describe('alerts store', () => {
  it('orders open alerts most severe first, then newest first', () => {
    piniaWith(createFakeDesk())
    const alerts = useAlertsStore()
    alerts.replaceAll([
      alert('m-old', { severity: 'MEDIUM', raisedAt: '2024-06-01T09:00:00Z' }),
      alert('c', { severity: 'CRITICAL', raisedAt: '2024-06-01T08:00:00Z' }),
      alert('h-new', { severity: 'HIGH', raisedAt: '2024-06-01T11:00:00Z' }),
      alert('m-new', { severity: 'MEDIUM', raisedAt: '2024-06-01T12:00:00Z' }),
      alert('h-old', { severity: 'HIGH', raisedAt: '2024-06-01T07:00:00Z' }),
      alert('ack', { severity: 'CRITICAL', state: 'acknowledged' }),
    ])
    expect(alerts.open.map((a) => a.id)).toEqual(['c', 'h-new', 'h-old', 'm-new', 'm-old'])
    // the ordering agrees with the shared SEVERITY_ORDER table for every pair
    for (let i = 1; i < alerts.open.length; i++) {
      expect(SEVERITY_ORDER[alerts.open[i - 1]!.severity]).toBeGreaterThanOrEqual(SEVERITY_ORDER[alerts.open[i]!.severity])
    }
    expect(alerts.acknowledged.map((a) => a.id)).toEqual(['ack'])
  })

  it('worst open severity ignores acknowledged and cleared alerts', () => {
    piniaWith(createFakeDesk())
    const alerts = useAlertsStore()
    expect(alerts.worstOpenSeverity).toBeNull()
    alerts.replaceAll([alert('a', { severity: 'CRITICAL', state: 'acknowledged' }), alert('b', { severity: 'CRITICAL', state: 'cleared' })])
    expect(alerts.worstOpenSeverity).toBeNull()
    alerts.upsert(alert('c', { severity: 'MEDIUM' }))
    expect(alerts.worstOpenSeverity).toBe('MEDIUM')
    alerts.upsert(alert('d', { severity: 'HIGH' }))
    expect(alerts.worstOpenSeverity).toBe('HIGH')
    alerts.upsert(alert('d', { severity: 'HIGH', state: 'acknowledged' }))
    expect(alerts.worstOpenSeverity).toBe('MEDIUM')
  })

  it('compareAlerts is a total order (ties broken by id)', () => {
    const a = alert('a')
    const b = alert('b')
    expect(compareAlerts(a, b)).toBeLessThan(0)
    expect(compareAlerts(b, a)).toBeGreaterThan(0)
    expect(compareAlerts(a, a)).toBe(0)
  })

  it('acknowledge calls alert:acknowledge and applies the returned alert', async () => {
    const fake = createFakeDesk({
      'alert:acknowledge': (req) => ({ ok: true, value: alert(req.alertId, { state: 'acknowledged', acknowledgedBy: 'trader1' }) }),
    })
    piniaWith(fake)
    const alerts = useAlertsStore()
    alerts.replaceAll([alert('a1'), alert('a2', { raisedAt: '2024-06-01T12:00:00Z' })])
    const result = await alerts.acknowledgeNewest()
    expect(result?.ok).toBe(true)
    expect(fake.callsOn('alert:acknowledge')).toEqual([{ alertId: 'a2' }])
    expect(alerts.byId('a2')?.state).toBe('acknowledged')
    expect(alerts.open.map((a) => a.id)).toEqual(['a1'])
  })

  it('a failed acknowledge leaves the alert open and reports the error', async () => {
    const fake = createFakeDesk({ 'alert:acknowledge': () => ({ ok: false, error: { code: 'not_found', message: 'no such alert' } }) })
    piniaWith(fake)
    const alerts = useAlertsStore()
    alerts.replaceAll([alert('a1')])
    const result = await alerts.acknowledge('a1')
    expect(result.ok).toBe(false)
    expect(alerts.byId('a1')?.state).toBe('open')
  })
})

describe('toasts for interrupting alerts', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
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
    fake.emit('alert:updated', alert('m', { severity: 'CRITICAL' })) // escalation
    fake.emit('alert:updated', alert('h', { severity: 'HIGH', state: 'acknowledged' })) // not an escalation
    expect(toasts.toasts.map((t) => t.alert.id)).toEqual(['h', 'm'])
    expect(notified.map((a) => a.id)).toEqual(['h', 'm'])

    await vi.advanceTimersByTimeAsync(TOAST_MS)
    expect(toasts.toasts).toHaveLength(0)
  })
})
