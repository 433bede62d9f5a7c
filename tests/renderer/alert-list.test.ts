import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AlertList from '../../src-renderer/src/components/AlertList.vue'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { alert } from './helpers/fixtures'

function setup() {
  const fake = createFakeDesk({
    'alert:acknowledge': (req) => ({ ok: true, value: alert(req.alertId, { state: 'acknowledged', acknowledgedBy: 'trader1' }) }),
  })
  const pinia = piniaWith(fake)
  useAlertsStore().replaceAll([
    alert('m1', { severity: 'MEDIUM', message: 'weight above limit' }),
    alert('c1', { severity: 'CRITICAL', message: 'VaR far above limit' }),
    alert('old', { severity: 'HIGH', state: 'cleared' }),
  ])
  return { fake, wrapper: mount(AlertList, { global: { plugins: [pinia] } }) }
}

describe('AlertList', () => {
  it('lists open alerts by severity with colour classes and an Acknowledge button each', () => {
    const { wrapper } = setup()
    const items = wrapper.findAll('[data-testid="alert-item"]')
    expect(items.map((i) => i.attributes('data-alert-id'))).toEqual(['c1', 'm1', 'old'])
    expect(items[0]!.classes()).toContain('sev-critical')
    expect(items[1]!.classes()).toContain('sev-medium')
    expect(items[0]!.text()).toContain('VaR far above limit')
    expect(items[0]!.text()).toContain(alert('c1').date)
    expect(items[0]!.find('[data-testid="alert-ack"]').exists()).toBe(true)
    expect(items[2]!.find('[data-testid="alert-ack"]').exists()).toBe(false) // cleared
  })

  it('Acknowledge calls alert:acknowledge with the alert id and shows the new state', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-alert-id="m1"] [data-testid="alert-ack"]').trigger('click')
    await settle()
    expect(fake.callsOn('alert:acknowledge')).toEqual([{ alertId: 'm1' }])
    const item = wrapper.get('[data-alert-id="m1"]')
    expect(item.attributes('data-state')).toBe('acknowledged')
    expect(item.find('[data-testid="alert-ack"]').exists()).toBe(false)
    expect(item.text()).toContain('trader1')
  })
})
