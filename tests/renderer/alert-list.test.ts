import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AlertList from '../../src-renderer/src/components/AlertList.vue'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { createFakeDesk, piniaWith, settle, type Handlers } from './helpers/fake-desk'
import { alert } from './helpers/fixtures'

function setup(handlers: Handlers = {}) {
  const fake = createFakeDesk({
    'alert:acknowledge': (req) => ({ ok: true, value: alert(req.alertId, { state: 'acknowledged', acknowledgedBy: 'trader1' }) }),
    'alert:snooze': (req) => ({ ok: true, value: alert(req.alertId, { snoozed: { by: 'trader1', reason: req.reason, span: req.span } }) }),
    'alert:note': (req) => ({ ok: true, value: alert(req.alertId, { notes: [{ actor: 'trader1', text: req.text, date: '2024-06-03' }] }) }),
    ...handlers,
  })
  const pinia = piniaWith(fake)
  useAlertsStore().replaceAll([
    alert('m1', { severity: 'MEDIUM', ruleKey: 'positionWeight:AAPL', kind: 'positionWeight', symbol: 'AAPL', label: 'AAPL weight', value: 0.312, limit: 0.25 }),
    alert('c1', { severity: 'CRITICAL', state: 'escalated', label: 'VaR (historical)', value: 227_700, limit: 150_000, date: '2020-03-16', raisedAt: '2024-06-01T14:03:09.000Z', notify: ['trader', 'desk-head'] }),
    alert('ba', { severity: 'HIGH', ruleKey: 'positionLoss:BA', kind: 'positionLoss', symbol: 'BA', label: 'BA loss', value: 12_400, limit: 10_000, state: 'acknowledged', acknowledgedBy: 'trader1' }),
    alert('old', { severity: 'HIGH', state: 'resolved', resolvedDate: '2024-06-05' }),
  ])
  return { fake, wrapper: mount(AlertList, { global: { plugins: [pinia] } }) }
}

describe('AlertList', () => {
  it('lists unacknowledged alerts by severity, then acknowledged, then resolved, in plain words', () => {
    const { wrapper } = setup()
    const items = wrapper.findAll('[data-testid="alert-item"]')
    expect(items.map((i) => i.attributes('data-alert-id'))).toEqual(['c1', 'm1', 'ba', 'old'])
    expect(items[0]!.classes()).toContain('sev-critical')
    expect(items[0]!.get('[data-testid="alert-label"]').text()).toContain('VaR (historical) 227,700 > limit 150,000')
    expect(items[0]!.text()).toContain('desk head notified')
    expect(items[1]!.get('[data-testid="alert-label"]').text()).toBe('AAPL weight 31.2 % > limit 25.0 %')
    expect(items[2]!.get('[data-testid="alert-label"]').text()).toBe('BA loss 12,400 > limit 10,000')
    expect(items.map((i) => i.get('[data-testid="alert-state"]').text())).toEqual(['escalated', 'open', 'acknowledged by trader1', 'resolved 2024-06-05'])
    // no rule keys or internal names reach the page
    expect(wrapper.text()).not.toContain('positionLoss')
    expect(wrapper.text()).not.toContain('positionWeight')
  })

  it('shows the market date as the time and the wall time apart, with the full timestamp as a tooltip', () => {
    const { wrapper } = setup()
    const item = wrapper.get('[data-alert-id="c1"]')
    expect(item.get('[data-testid="alert-date"]').text()).toBe('2020-03-16')
    const wall = item.get('[data-testid="alert-wall-time"]')
    expect(wall.text()).toMatch(/^\d\d:\d\d:\d\d$/)
    expect(wall.attributes('title')).toContain('2024-06-01T14:03:09.000Z')
  })

  it('Acknowledge is offered on open and escalated alerts only; it calls alert:acknowledge and shows the new state', async () => {
    const { fake, wrapper } = setup()
    expect(wrapper.findAll('[data-testid="alert-ack"]').map((b) => b.attributes('data-alert-id'))).toEqual(['c1', 'm1'])
    await wrapper.get('[data-testid="alert-ack"][data-alert-id="m1"]').trigger('click')
    await settle()
    expect(fake.callsOn('alert:acknowledge')).toEqual([{ alertId: 'm1' }])
    const item = wrapper.get('[data-alert-id="m1"]')
    expect(item.attributes('data-state')).toBe('acknowledged')
    expect(item.find('[data-testid="alert-ack"]').exists()).toBe(false)
    expect(item.get('[data-testid="alert-state"]').text()).toBe('acknowledged by trader1')
  })

  it('snoozes with a reason and a period (market updates and minutes); the snooze is shown', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="alert-snooze"][data-alert-id="c1"]').trigger('click')
    const submit = () => wrapper.get('[data-testid="alert-snooze-submit"]')
    expect(submit().attributes('disabled')).toBeDefined() // no reason yet
    await wrapper.get('[data-testid="alert-snooze-reason"]').setValue('known, hedging at the open')
    await wrapper.get('[data-testid="alert-snooze-updates"]').setValue('3')
    await wrapper.get('[data-testid="alert-snooze-minutes"]').setValue('15')
    expect(submit().attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-testid="alert-snooze-form"]').trigger('submit')
    await settle()
    expect(fake.callsOn('alert:snooze')).toEqual([{ alertId: 'c1', reason: 'known, hedging at the open', span: { updates: 3, ms: 900_000 } }])
    expect(wrapper.find('[data-testid="alert-snooze-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-alert-id="c1"] [data-testid="alert-snoozed"]').text()).toBe(
      'snoozed by trader1 for 3 market updates (replay) or 15 min (live): known, hedging at the open',
    )
  })

  it('Snooze is offered on unacknowledged alerts only; an empty, zero, negative or fractional period keeps it disabled', async () => {
    const { wrapper } = setup()
    expect(wrapper.findAll('[data-testid="alert-snooze"]').map((b) => b.attributes('data-alert-id'))).toEqual(['c1', 'm1'])
    await wrapper.get('[data-testid="alert-snooze"][data-alert-id="c1"]').trigger('click')
    await wrapper.get('[data-testid="alert-snooze-reason"]').setValue('a good reason')
    for (const bad of ['-1', '0', '1.5']) {
      await wrapper.get('[data-testid="alert-snooze-updates"]').setValue(bad)
      expect(wrapper.get('[data-testid="alert-snooze-submit"]').attributes('disabled'), bad).toBeDefined()
    }
    await wrapper.get('[data-testid="alert-snooze-updates"]').setValue('2')
    await wrapper.get('[data-testid="alert-snooze-minutes"]').setValue('0')
    expect(wrapper.get('[data-testid="alert-snooze-submit"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="alert-snooze-updates"]').setValue('')
    expect(wrapper.get('[data-testid="alert-snooze-submit"]').attributes('disabled')).toBeDefined()
  })

  it('adds a note, shown under the alert', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="alert-note"][data-alert-id="ba"]').trigger('click')
    await wrapper.get('[data-testid="alert-note-text"]').setValue('spoke to the PM')
    await wrapper.get('[data-testid="alert-note-form"]').trigger('submit')
    await settle()
    expect(fake.callsOn('alert:note')).toEqual([{ alertId: 'ba', text: 'spoke to the PM' }])
    expect(wrapper.get('[data-alert-id="ba"] [data-testid="alert-note-item"]').text()).toContain('trader1: spoke to the PM')
  })

  it("shows the host's refusal beside the alert", async () => {
    const { wrapper } = setup({ 'alert:acknowledge': () => ({ ok: false, error: { code: 'illegal_transition', message: 'already resolved' } }) })
    await wrapper.get('[data-testid="alert-ack"][data-alert-id="m1"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-alert-id="m1"] [data-testid="alert-error"]').text()).toBe('already resolved (illegal_transition)')
  })
})
