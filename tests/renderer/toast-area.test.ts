import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ToastArea from '../../src-renderer/src/components/ToastArea.vue'
import { useToastsStore } from '../../src-renderer/src/stores/toasts'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { alert } from './helpers/fixtures'

describe('ToastArea', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    vi.restoreAllMocks()
  })

  it('says the alert in plain words with its market date; a click brings the alert into view and dismisses the toast', async () => {
    const pinia = piniaWith(createFakeDesk())
    const item = document.createElement('li')
    item.dataset.testid = 'alert-item'
    item.dataset.alertId = 'ba'
    document.body.append(item)
    const scrolled: string[] = []
    item.scrollIntoView = () => scrolled.push('ba')
    useToastsStore().push(alert('ba', { severity: 'HIGH', kind: 'positionLoss', ruleKey: 'positionLoss:BA', symbol: 'BA', label: 'BA loss', value: 12_400, limit: 10_000, date: '2020-03-12' }))
    const wrapper = mount(ToastArea, { global: { plugins: [pinia] }, attachTo: document.body })
    const toast = wrapper.get('[data-testid="toast"]')
    expect(toast.text()).toBe('HIGH 2020-03-12 · BA loss 12,400 > limit 10,000')
    expect(toast.text()).not.toContain('positionLoss')
    await toast.trigger('click')
    expect(scrolled).toEqual(['ba'])
    expect(item.dataset.focused).toBe('true')
    expect(wrapper.find('[data-testid="toast"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
