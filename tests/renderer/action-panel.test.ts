import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Action } from '@shared/domain/action'
import ActionPanel from '../../src-renderer/src/components/ActionPanel.vue'
import { useActionsStore } from '../../src-renderer/src/stores/actions'
import { useAlertsStore } from '../../src-renderer/src/stores/alerts'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle, type Handlers } from './helpers/fake-desk'
import { action, alert, feed, plan } from './helpers/fixtures'

const decision = (reason: string, actor = 'trader1') => ({ actor, reason, date: '2024-06-04', automatic: false })

function setup(actions: Action[] = [action('x1')], handlers: Handlers = {}) {
  const fake = createFakeDesk({
    'action:approve': (req) => ({ ok: true, value: action(req.actionId, { state: 'approved', decision: decision(req.reason) }) }),
    'action:reject': (req) => ({ ok: true, value: action(req.actionId, { state: 'rejected', decision: decision(req.reason) }) }),
    'action:modify': (req) => ({ ok: true, value: action(req.actionId, { state: 'modified', decision: decision(req.reason) }) }),
    ...handlers,
  })
  const pinia = piniaWith(fake)
  useActionsStore().replaceAll(actions)
  const wrapper = mount(ActionPanel, { global: { plugins: [pinia] } })
  return { fake, wrapper }
}

const text = (w: ReturnType<typeof setup>['wrapper'], id: string) => w.get(`[data-testid="${id}"]`).text()

describe('ActionPanel: the proposal', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('shows the kind, the trades (symbol, from -> to, shares, price), VaR and ES before -> after against the limit, turnover beside pro rata', () => {
    const { wrapper } = setup()
    expect(text(wrapper, 'action-kind')).toBe('Reduce')
    expect(text(wrapper, 'action-state')).toBe('proposed')
    const legs = wrapper.findAll('[data-testid="action-leg"]')
    expect(legs.map((l) => l.attributes('data-symbol'))).toEqual(['AAPL', 'MSFT'])
    expect(legs[0]!.text()).toContain('400 → 300')
    expect(legs[0]!.text()).toContain('sell 100')
    expect(legs[0]!.text()).toContain('180.00')
    expect(legs[1]!.text()).toContain('200 → 150')
    expect(legs[1]!.text()).toContain('400.00')
    expect(text(wrapper, 'action-var-before')).toBe('180,000')
    expect(text(wrapper, 'action-preview-var-after')).toBe('140,000')
    expect(wrapper.get('[data-testid="action-preview-var-after"]').classes()).toContain('ok')
    expect(text(wrapper, 'action-limit')).toBe('150,000')
    expect(text(wrapper, 'action-es-before')).toBe('225,000')
    expect(text(wrapper, 'action-es-after')).toBe('175,000')
    expect(text(wrapper, 'action-turnover')).toBe('38,000 USD')
    expect(text(wrapper, 'action-alt-turnover')).toBe('61,000 USD')
    expect(wrapper.text()).toContain('least turnover')
  })

  it('names the breach it answers, in plain words', async () => {
    const { wrapper } = setup()
    expect(wrapper.find('[data-testid="action-alert"]').exists()).toBe(false) // the alert is not loaded
    useAlertsStore().upsert(alert('a1', { severity: 'HIGH', label: 'VaR (historical)', value: 180_000, limit: 150_000 }))
    await wrapper.vm.$nextTick()
    expect(text(wrapper, 'action-alert')).toBe('for HIGH VaR (historical) 180,000 > limit 150,000')
  })

  it("shows the preview's age as market date and updates since", () => {
    const { wrapper } = setup([action('x1', { age: { updates: 2, ms: 4_000 } })])
    expect(text(wrapper, 'action-age')).toBe('sized on 2024-06-03, 2 updates ago')
  })

  it('keeps Approve and Reject disabled until the reason is valid', async () => {
    const { wrapper } = setup()
    const reason = wrapper.get('[data-testid="action-reason"]')
    for (const t of ['', '  ', 'ab', 'a b']) {
      await reason.setValue(t)
      expect(wrapper.get('[data-testid="action-approve"]').attributes('disabled'), JSON.stringify(t)).toBeDefined()
      expect(wrapper.get('[data-testid="action-reject"]').attributes('disabled'), JSON.stringify(t)).toBeDefined()
    }
    await reason.setValue('abc')
    expect(wrapper.get('[data-testid="action-approve"]').attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-testid="action-reject"]').attributes('disabled')).toBeUndefined()
  })

  it('approve (shortcut path) without a reason sends nothing and says why', async () => {
    const { fake, wrapper } = setup()
    await (wrapper.vm as unknown as { approve(): Promise<void> }).approve()
    await settle()
    expect(fake.callsOn('action:approve')).toEqual([])
    expect(wrapper.get('[data-testid="action-error"]').attributes('data-code')).toBe('invalid_reason')
  })

  it('approves with the typed reason; the outcome shows who and why', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-reason"]').setValue('  within mandate  ')
    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:approve')).toEqual([{ actionId: 'x1', reason: 'within mandate' }])
    expect(wrapper.find('[data-testid="action-pending"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="action-outcome"]').attributes('data-state')).toBe('approved')
    expect(text(wrapper, 'action-outcome')).toContain('trader1')
    expect(text(wrapper, 'action-outcome')).toContain('within mandate')
  })

  it('rejects with the reason and lists the decision', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-reason"]').setValue('liquidity is thin')
    await wrapper.get('[data-testid="action-reject"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:reject')).toEqual([{ actionId: 'x1', reason: 'liquidity is thin' }])
    const decided = wrapper.get('[data-testid="action-decided"]')
    expect(decided.attributes('data-state')).toBe('rejected')
    expect(decided.text()).toContain('liquidity is thin')
  })

  it("shows the host's refusal with its code next to the decision", async () => {
    const { wrapper } = setup([action('x1')], { 'action:approve': () => ({ ok: false, error: { code: 'forbidden', message: 'a desk head must approve under the lock' } }) })
    await wrapper.get('[data-testid="action-reason"]').setValue('go ahead')
    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await settle()
    const error = wrapper.get('[data-testid="action-error"]')
    expect(error.attributes('data-code')).toBe('forbidden')
    expect(error.text()).toContain('a desk head must approve under the lock')
    expect(wrapper.find('[data-testid="action-pending"]').exists()).toBe(true)
  })

  it('sends the desk head only when "as desk head" is ticked and both fields are filled', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-as-deskhead"]').setValue(true)
    await wrapper.get('[data-testid="action-deskhead-name"]').setValue('carol')
    await wrapper.get('[data-testid="action-deskhead-passphrase"]').setValue('correct horse')
    await wrapper.get('[data-testid="action-reason"]').setValue('signed off')
    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:approve')).toEqual([{ actionId: 'x1', reason: 'signed off', deskHead: { name: 'carol', passphrase: 'correct horse' } }])
  })

  it('clears the typed reason when the open action changes', async () => {
    const { wrapper } = setup([action('x1', { proposedAt: '2024-06-01T10:00:00Z' }), action('x2', { proposedAt: '2024-06-01T10:01:00Z' })])
    await wrapper.get('[data-testid="action-reason"]').setValue('meant for x1')
    useActionsStore().upsert(action('x1', { state: 'expired', expiry: { cause: 'breach-cleared', detail: '' } }))
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="action-pending"]').attributes('data-action-id')).toBe('x2')
    expect((wrapper.get('[data-testid="action-reason"]').element as HTMLInputElement).value).toBe('')
  })

  it('says the replay is held at the proposal while the feed holds', async () => {
    const { wrapper } = setup()
    expect(wrapper.find('[data-testid="action-holding"]').exists()).toBe(false)
    useDeskStore().applyFeedStatus(feed({ health: 'holding', date: '2024-06-03' }))
    await wrapper.vm.$nextTick()
    expect(text(wrapper, 'action-holding')).toContain('decide to continue')
  })
})

describe('ActionPanel: modify', () => {
  it('modifies to another kind with a reason', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-modify-toggle"]').trigger('click')
    await wrapper.get('[data-testid="action-modify-kind"]').setValue('hedge')
    await wrapper.get('[data-testid="action-reason"]').setValue('hedge, keep the names')
    await wrapper.get('[data-testid="action-modify"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:modify')).toEqual([{ actionId: 'x1', reason: 'hedge, keep the names', kind: 'hedge' }])
  })

  it('modifies to edited target quantities per leg (disabled until one changes)', async () => {
    const { fake, wrapper } = setup()
    await wrapper.get('[data-testid="action-modify-toggle"]').trigger('click')
    await wrapper.get('[data-testid="action-modify-mode-legs"]').setValue(true)
    await wrapper.get('[data-testid="action-reason"]').setValue('smaller cut in AAPL')
    expect(wrapper.get('[data-testid="action-modify"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="action-modify-qty"][data-symbol="AAPL"]').setValue('350')
    expect(wrapper.get('[data-testid="action-modify"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-testid="action-modify"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:modify')).toEqual([
      { actionId: 'x1', reason: 'smaller cut in AAPL', legs: [{ symbol: 'AAPL', toQuantity: 350 }, { symbol: 'MSFT', toQuantity: 150 }] },
    ])
  })

  it('a fractional quantity keeps Modify disabled', async () => {
    const { wrapper } = setup()
    await wrapper.get('[data-testid="action-modify-toggle"]').trigger('click')
    await wrapper.get('[data-testid="action-modify-mode-legs"]').setValue(true)
    await wrapper.get('[data-testid="action-reason"]').setValue('odd lot')
    await wrapper.get('[data-testid="action-modify-qty"][data-symbol="AAPL"]').setValue('350.5')
    expect(wrapper.get('[data-testid="action-modify"]').attributes('disabled')).toBeDefined()
  })
})

describe('ActionPanel: re-sized, applied, expired, auto grace, ticket', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('a re-sized action shows the previous and the re-sized plan side by side and asks to confirm again', async () => {
    const previous = plan()
    const resized = plan({ legs: [{ symbol: 'AAPL', fromQuantity: 400, toQuantity: 250, price: 171 }, { symbol: 'MSFT', fromQuantity: 200, toQuantity: 150, price: 390 }], varAfter: 143_000, turnover: 45_150 })
    const { fake, wrapper } = setup([action('x1', { state: 'resized', previousPlan: previous, plan: resized })])
    expect(text(wrapper, 'action-state')).toContain('confirm again')
    const before = wrapper.get('[data-testid="action-plan-previous"]')
    const after = wrapper.get('[data-testid="action-plan-resized"]')
    expect(before.get('[data-symbol="AAPL"]').text()).toContain('400 → 300')
    expect(after.get('[data-symbol="AAPL"]').text()).toContain('400 → 250')
    expect(before.get('[data-testid="action-plan-previous-var-after"]').text()).toContain('140,000')
    expect(after.get('[data-testid="action-plan-resized-var-after"]').text()).toContain('143,000')
    expect(after.get('[data-testid="action-plan-resized-turnover"]').text()).toContain('45,150')
    expect(text(wrapper, 'action-approve')).toBe('Confirm')
    await wrapper.get('[data-testid="action-reason"]').setValue('re-sized plan is fine')
    await wrapper.get('[data-testid="action-approve"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:approve')).toEqual([{ actionId: 'x1', reason: 're-sized plan is fine' }])
  })

  it('after applied: executed date, VaR recomputed after execution against the limit, within it or not', async () => {
    const execution = { executedDate: '2024-06-04', fills: [{ symbol: 'AAPL', quantity: -100, price: 181 }], varAfter: 146_200, esAfter: 180_000, limit: 150_000, withinLimit: true }
    const { wrapper } = setup([action('x1', { state: 'applied', decision: decision('ok'), execution })])
    expect(wrapper.find('[data-testid="action-pending"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="action-outcome"]').attributes('data-state')).toBe('applied')
    expect(text(wrapper, 'action-outcome-state')).toBe('applied')
    expect(text(wrapper, 'action-executed-date')).toBe('2024-06-04')
    expect(text(wrapper, 'action-var-after')).toBe('146,200 USD')
    expect(text(wrapper, 'action-limit-after')).toBe('150,000')
    expect(wrapper.get('[data-testid="action-within-limit"]').attributes('data-within')).toBe('true')
    expect(text(wrapper, 'action-within-limit')).toBe('within the limit, 97.5% of it')

    useActionsStore().upsert(action('x1', { state: 'applied', decision: decision('ok'), execution: { ...execution, varAfter: 221_400, withinLimit: false } }))
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="action-within-limit"]').attributes('data-within')).toBe('false')
    expect(text(wrapper, 'action-within-limit')).toBe('still over the limit, 147.6% of it')
  })

  it('expired: the cause in words', () => {
    const { wrapper } = setup([action('x1', { state: 'expired', expiry: { cause: 'stale', detail: '5 market updates without a decision' } })])
    expect(wrapper.get('[data-testid="action-expiry"]').attributes('data-cause')).toBe('stale')
    expect(text(wrapper, 'action-expiry')).toContain('older than the allowed number of market updates (5 market updates without a decision)')
  })

  it('auto in a running replay: the grace in market updates', () => {
    const { wrapper } = setup([action('x1', { policy: 'auto', grace: { updates: 2, ms: null } })])
    expect(text(wrapper, 'action-grace')).toBe('applies after 2 more market updates unless rejected')
  })

  it('auto live: the grace counts down in wall time and never freezes at "0 s"', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2024-06-01T10:00:00.000Z'))
    const { wrapper } = setup([action('x1', { policy: 'auto', grace: { updates: null, ms: 30_000 } })])
    expect(text(wrapper, 'action-grace')).toBe('applies in 30 s unless rejected')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(text(wrapper, 'action-grace')).toBe('applies in 20 s unless rejected')
    await vi.advanceTimersByTimeAsync(25_000)
    const grace = wrapper.get('[data-testid="action-grace"]')
    expect(grace.attributes('data-due')).toBe('true')
    expect(grace.text()).not.toMatch(/\b0 s\b/)
    expect(grace.text()).toContain('applies at the next step')
  })

  it('no grace line under propose', () => {
    expect(setup().wrapper.find('[data-testid="action-grace"]').exists()).toBe(false)
  })

  it('downloads the order ticket as a CSV file', async () => {
    const created: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob)
      return 'blob:ticket'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicks: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    const { fake, wrapper } = setup([action('x1')], {
      'action:ticket': (req) => ({ ok: true, value: { fileName: `order-ticket-${req.actionId}.csv`, csv: 'symbol,side,quantity,price\nAAPL,SELL,100,180\n' } }),
    })
    await wrapper.get('[data-testid="action-ticket"]').trigger('click')
    await settle()
    expect(fake.callsOn('action:ticket')).toEqual([{ actionId: 'x1' }])
    expect(clicks).toEqual(['order-ticket-x1.csv'])
    expect(await created[0]!.text()).toContain('AAPL,SELL,100,180')
  })

  it('shows a placeholder with no open action', () => {
    const { wrapper } = setup([])
    expect(wrapper.find('[data-testid="action-approve"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="action-none"]').exists()).toBe(true)
  })
})
