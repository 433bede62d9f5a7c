import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ActionPanel from '../../src-renderer/src/components/ActionPanel.vue'
import { useActionsStore } from '../../src-renderer/src/stores/actions'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { action } from './helpers/fixtures'

function setup(actions = [action('x1')]) {
  const fake = createFakeDesk({
    'action:approve': (req) => ({ ok: true, value: action(req.actionId, { state: 'approved', decidedBy: 'trader1' }) }),
    'action:reject': (req) => ({ ok: true, value: action(req.actionId, { state: 'rejected', decidedBy: 'trader1', reason: req.reason }) }),
  })
  const pinia = piniaWith(fake)
  useActionsStore().replaceAll(actions)
  const wrapper = mount(ActionPanel, { global: { plugins: [pinia] } })
  return { fake, wrapper }
}

describe('ActionPanel', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows what will be traded and VaR before / previewed after', () => {
    const a = action('x1')
    const { wrapper } = setup([a])
    expect(wrapper.findAll('[data-testid="action-trade"]').map((r) => r.find('td').text())).toEqual(a.trades.map((t) => t.symbol))
    expect(wrapper.get('[data-testid="action-var-before"]').text()).toBe(a.varBefore.toLocaleString('en-US'))
    expect(wrapper.get('[data-testid="action-var-after"]').text()).toBe(a.varAfterPreview.toLocaleString('en-US'))
  })

  it('keeps Reject disabled until the reason is valid', async () => {
    const { wrapper } = setup()
    const reject = wrapper.get('[data-testid="action-reject"]')
    const reason = wrapper.get('[data-testid="action-reason"]')
    expect(reject.attributes('disabled')).toBeDefined()
    for (const text of ['', '  ', 'ab', 'a b']) {
      await reason.setValue(text)
      expect(reject.attributes('disabled'), `reason ${JSON.stringify(text)}`).toBeDefined()
    }
    await reason.setValue('abc')
    expect(reject.attributes('disabled')).toBeUndefined()
  })

  it('a click on the disabled Reject (or Enter with a short reason) sends nothing', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-reason"]').setValue('no')
    await wrapper.get('[data-testid="action-reject"]').trigger('click')
    await wrapper.get('[data-testid="action-reason"]').trigger('keydown', { key: 'Enter' })
    await settle()
    expect(fake.callsOn('action:reject')).toEqual([])
  })

  it('rejects with the typed reason (button or Enter) and lists the decision with who and why', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-reason"]').setValue('  liquidity is thin  ')
    await wrapper.get('[data-testid="action-reason"]').trigger('keydown', { key: 'Enter' })
    await settle()
    expect(fake.callsOn('action:reject')).toEqual([{ actionId: 'x1', reason: 'liquidity is thin' }])
    expect(wrapper.find('[data-testid="action-pending"]').exists()).toBe(false)
    const decided = wrapper.get('[data-testid="action-decided"]')
    expect(decided.attributes('data-state')).toBe('rejected')
    expect(decided.text()).toContain('trader1')
    expect(decided.text()).toContain('liquidity is thin')
  })

  it('approves with one click', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:approve')).toEqual([{ actionId: 'x1' }])
    expect(wrapper.get('[data-testid="action-decided"]').attributes('data-state')).toBe('approved')
  })

  it('shows a ticking countdown to autoApplyAt under the auto policy', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2024-06-01T10:00:00.000Z'))
    const GRACE_S = 30
    const { wrapper } = setup([action('x1', { policy: 'auto', autoApplyAt: new Date(Date.now() + GRACE_S * 1000).toISOString() })])
    expect(wrapper.get('[data-testid="action-countdown"]').text()).toContain(`${GRACE_S} s`)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(wrapper.get('[data-testid="action-countdown"]').text()).toContain(`${GRACE_S - 10} s`)
  })

  it('shows no countdown under the propose policy, and a placeholder with no pending action', () => {
    expect(setup().wrapper.find('[data-testid="action-countdown"]').exists()).toBe(false)
    const { wrapper } = setup([])
    expect(wrapper.find('[data-testid="action-approve"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="action-none"]').exists()).toBe(true)
  })

  it('clears the typed reason when the pending action changes', async () => {
    const { wrapper } = setup([action('x1', { proposedAt: '2024-06-01T10:00:00Z' }), action('x2', { proposedAt: '2024-06-01T10:01:00Z' })])
    await wrapper.get('[data-testid="action-reason"]').setValue('meant for x1')
    useActionsStore().upsert(action('x1', { state: 'applied' }))
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="action-pending"]').attributes('data-action-id')).toBe('x2')
    expect((wrapper.get('[data-testid="action-reason"]').element as HTMLInputElement).value).toBe('')
  })
})
