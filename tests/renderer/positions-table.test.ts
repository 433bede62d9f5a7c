import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import PositionsTable from '../../src-renderer/src/components/PositionsTable.vue'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { position, snapshot } from './helpers/fixtures'

const ROWS = [
  position('MSFT', { marketValue: 9_000, componentVaR: 2_000, daysToLiquidate: 0.2, quantity: 30 }),
  position('AAPL', { marketValue: -4_000, componentVaR: 5_000, daysToLiquidate: null, quantity: -80, flags: ['3 filled days'] }),
  position('XOM', { marketValue: 1_000, componentVaR: -300, daysToLiquidate: 2.5, quantity: 10 }),
  position('ZZZ', { marketValue: 500, componentVaR: 0, daysToLiquidate: 9, quantity: 5 }),
]

function setup() {
  const pinia = piniaWith(createFakeDesk())
  useDeskStore().applySnapshot(snapshot({ positions: ROWS, excluded: [{ symbol: 'ZZZ', reason: 'fewer returns than the window' }] }), {
    discardPending: true,
  })
  return mount(PositionsTable, { global: { plugins: [pinia] } })
}

function symbols(wrapper: ReturnType<typeof setup>): string[] {
  return wrapper.findAll('[data-testid="position-row"]').map((r) => r.attributes('data-symbol') ?? '')
}

function sortedBy(key: 'marketValue' | 'componentVaR' | 'quantity', desc: boolean): string[] {
  return [...ROWS].sort((a, b) => (desc ? b[key] - a[key] : a[key] - b[key])).map((r) => r.symbol)
}

describe('PositionsTable', () => {
  it('renders one row per position, largest component VaR first by default', () => {
    const wrapper = setup()
    expect(symbols(wrapper)).toEqual(sortedBy('componentVaR', true))
  })

  it('sorts by a clicked header and reverses on a second click', async () => {
    const wrapper = setup()
    await wrapper.get('[data-testid="sort-marketValue"]').trigger('click')
    expect(symbols(wrapper)).toEqual(sortedBy('marketValue', true))
    expect(wrapper.get('[data-testid="sort-marketValue"]').attributes('aria-sort')).toBe('descending')
    await wrapper.get('[data-testid="sort-marketValue"]').trigger('click')
    expect(symbols(wrapper)).toEqual(sortedBy('marketValue', false))
    expect(wrapper.get('[data-testid="sort-marketValue"]').attributes('aria-sort')).toBe('ascending')
  })

  it('sorts symbols alphabetically on the first click', async () => {
    const wrapper = setup()
    await wrapper.get('[data-testid="sort-symbol"]').trigger('click')
    expect(symbols(wrapper)).toEqual(ROWS.map((r) => r.symbol).sort())
  })

  it('puts missing values last in both directions', async () => {
    const wrapper = setup()
    await wrapper.get('[data-testid="sort-daysToLiquidate"]').trigger('click')
    expect(symbols(wrapper).at(-1)).toBe('AAPL')
    await wrapper.get('[data-testid="sort-daysToLiquidate"]').trigger('click')
    expect(symbols(wrapper).at(-1)).toBe('AAPL')
  })

  it('flags data-quality problems and excluded instruments with an explaining title, and lists exclusions', () => {
    const wrapper = setup()
    const row = (s: string) => wrapper.get(`[data-testid="position-row"][data-symbol="${s}"]`)
    expect(row('AAPL').get('[data-testid="position-flag"]').attributes('title')).toContain('3 filled days')
    expect(row('ZZZ').get('[data-testid="position-flag"]').attributes('title')).toContain('fewer returns than the window')
    expect(row('MSFT').find('[data-testid="position-flag"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="excluded-item"]').map((e) => e.text())).toEqual([expect.stringContaining('ZZZ')])
  })
})
