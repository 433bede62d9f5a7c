import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { WhatIfResultSchema, type WhatIfResult } from '@shared/domain/what-if'
import WhatIfPanel from '../../src-renderer/src/components/WhatIfPanel.vue'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'

/** A `desk:whatif` answer shaped by the contract (figures are the panel's input here, not computed). */
function answer(over: Partial<WhatIfResult> = {}): WhatIfResult {
  return WhatIfResultSchema.parse({
    book: 'demo-desk',
    asof: '2020-03-13',
    window: 250,
    confidence: 0.99,
    varMethod: 'historical',
    legs: [
      { symbol: 'MSFT', fromQuantity: 8000, toQuantity: 6000, quantity: -2000, price: 158.83, notional: -317_660 },
      { symbol: 'QQQ', fromQuantity: 0, toQuantity: -1000, quantity: -1000, price: 196.4, notional: -196_400 },
    ],
    before: { var: { historical: 462_593.4, parametric: 400_100, ewma: 510_000 }, es: { historical: 520_000, parametric: 460_000 }, net: 8_000_000, gross: 9_500_000 },
    after: { var: { historical: 401_220.6, parametric: 350_000, ewma: 450_000 }, es: { historical: 470_000, parametric: 400_000 }, net: 7_500_000, gross: 9_400_000 },
    afterFlat: false,
    components: [
      { symbol: 'MSFT', before: 60_000, after: 45_000 },
      { symbol: 'QQQ', before: null, after: -20_000 },
      { symbol: 'KO', before: 10_000, after: 10_100 },
    ],
    breaches: [
      { key: 'var', kind: 'var', symbol: null, label: 'VaR (Historical)', value: 401_220.6, limit: 310_000, isNew: false },
      { key: 'positionWeight:QQQ', kind: 'positionWeight', symbol: 'QQQ', label: 'QQQ weight', value: 0.125, limit: 0.11, isNew: true },
    ],
    reduceOnly: false,
    refused: null,
    excluded: [],
    ...over,
  })
}

function setup(reply: () => ReturnType<typeof answer> | { error: string } = () => answer()) {
  const fake = createFakeDesk({
    'desk:whatif': () => {
      const r = reply()
      return 'error' in r ? { ok: false, error: { code: 'failed', message: r.error } } : { ok: true, value: r }
    },
  })
  const pinia = piniaWith(fake)
  return { fake, wrapper: mount(WhatIfPanel, { global: { plugins: [pinia] } }) }
}

async function typeTrades(wrapper: ReturnType<typeof setup>['wrapper'], trades: [string, string][]): Promise<void> {
  for (let i = 1; i < trades.length; i++) await wrapper.get('button.small:not([aria-label])').trigger('click')
  const symbols = wrapper.findAll('[data-testid="whatif-symbol"]')
  const qtys = wrapper.findAll('[data-testid="whatif-qty"]')
  for (const [i, [s, q]] of trades.entries()) {
    await symbols[i]!.setValue(s)
    await qtys[i]!.setValue(q)
  }
}

describe('WhatIfPanel', () => {
  it('runs the typed trades and shows VaR before/after, the legs, component VaR and the breaches (new ones marked)', async () => {
    const { fake, wrapper } = setup()
    await typeTrades(wrapper, [['msft', '-2000'], ['QQQ', '-1000']])
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.callsOn('desk:whatif').at(-1)).toEqual({ trades: [{ symbol: 'MSFT', quantity: -2000 }, { symbol: 'QQQ', quantity: -1000 }] })
    expect(wrapper.get('[data-testid="whatif-var-before"]').text()).toBe('462,593')
    expect(wrapper.get('[data-testid="whatif-var-after"]').text()).toBe('401,221')
    expect(wrapper.text()).toContain('-317,660')
    expect(wrapper.text()).toContain('not held')
    const breaches = wrapper.findAll('[data-testid="whatif-breaches"] li')
    expect(breaches.map((b) => b.text())).toEqual(['VaR (Historical) 401,221 over the limit 310,000 (already breached before)', 'QQQ weight 12.5% over the limit 11.0% (new)'])
    expect(wrapper.find('[data-testid="whatif-refused"]').exists()).toBe(false)
  })

  it('shows the refusal and its reason under reduce-only', async () => {
    const reason = 'reduce-only mode (set by ann: book over its VaR limit): the trade would raise VaR from 462,593 to 610,002'
    const { wrapper } = setup(() => answer({ reduceOnly: true, refused: { reason }, breaches: [] }))
    await typeTrades(wrapper, [['MSFT', '+5000']])
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="whatif-refused"]').text()).toBe(`Refused under reduce-only: ${reason}`)
    expect(wrapper.get('[data-testid="whatif-breaches"]').text()).toBe('The traded book breaches no limit.')
  })

  it('the headline VaR row follows the limits method', async () => {
    const { wrapper } = setup(() => answer({ varMethod: 'ewma' }))
    await typeTrades(wrapper, [['MSFT', '-1']])
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="whatif-var-before"]').text()).toBe('510,000')
    expect(wrapper.get('[data-testid="whatif-var-after"]').text()).toBe('450,000')
  })

  it('an invalid row keeps Run disabled and says why; a host error is shown as sent', async () => {
    const { fake, wrapper } = setup(() => ({ error: 'trade ZZZZ: no market data for ZZZZ' }))
    const run = wrapper.get('[data-testid="whatif-run"]')
    expect(run.attributes('disabled')).toBeDefined()
    await typeTrades(wrapper, [['MSFT', '1.5']])
    expect(run.attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('quantity: a signed whole number of shares')
    await wrapper.get('[data-testid="whatif-qty"]').setValue('0')
    expect(wrapper.text()).toContain('a trade of 0 changes nothing')
    await wrapper.get('form').trigger('submit')
    expect(fake.callsOn('desk:whatif')).toEqual([])
    await typeTrades(wrapper, [['ZZZZ', '10']])
    expect(run.attributes('disabled')).toBeUndefined()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="whatif-error"]').text()).toBe('trade ZZZZ: no market data for ZZZZ')
  })
})
