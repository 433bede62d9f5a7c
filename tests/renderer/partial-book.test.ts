/**
 * Issue 7: a position the desk cannot value is shown as excluded with its reason in the positions table, and the
 * headline figures are marked partial (never a silent figure over part of the book).
 */
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import HeadlineFigures from '../../src-renderer/src/components/HeadlineFigures.vue'
import PositionsTable from '../../src-renderer/src/components/PositionsTable.vue'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { frame, position, snapshot } from './helpers/fixtures'

const EXCLUDED = [
  { symbol: 'NEWCO', reason: 'only 40 returns before 2020-02-28, window needs 250' },
  { symbol: 'NEWCO-2021-06-18-C-50', reason: 'underlying NEWCO: only 40 returns before 2020-02-28, window needs 250' },
]

function mountWith(component: typeof PositionsTable | typeof HeadlineFigures, partial: boolean) {
  const pinia = piniaWith(createFakeDesk())
  const excluded = partial ? EXCLUDED : []
  const frames = [frame(0, partial ? { partial: true, excluded } : { partial: false })]
  useDeskStore().applySnapshot(snapshot({ positions: [position('MSFT'), position('MSFT-2021-09-17-P-240', { daysToLiquidate: null })], excluded, frames }), {
    discardPending: true,
  })
  return mount(component, { global: { plugins: [pinia] } })
}

describe('a partial book in the desk', () => {
  it('PositionsTable shows each excluded position as a row with its reason, no figures', async () => {
    const wrapper = mountWith(PositionsTable, true)
    await flushPromises()
    expect(wrapper.findAll('[data-testid="position-row"]').map((r) => r.attributes('data-symbol'))).toHaveLength(2)
    const rows = wrapper.findAll('[data-testid="position-row-excluded"]')
    expect(rows.map((r) => r.attributes('data-symbol'))).toEqual(EXCLUDED.map((e) => e.symbol))
    rows.forEach((r, k) => {
      expect(r.get('[data-testid="excluded-reason"]').text()).toBe(`excluded from the figures: ${EXCLUDED[k]!.reason}`)
      expect(r.text()).not.toMatch(/\d,\d{3}|\b0\.00\b/)
    })
  })

  it('HeadlineFigures marks the figures partial and names what is left out', async () => {
    const wrapper = mountWith(HeadlineFigures, true)
    await flushPromises()
    const badge = wrapper.get('[data-testid="headline-partial"]')
    expect(badge.text()).toBe('partial: 2 excluded')
    expect(badge.attributes('title')).toContain(`NEWCO (${EXCLUDED[0]!.reason})`)
  })

  it('a complete book has no partial mark and no excluded rows', async () => {
    const head = mountWith(HeadlineFigures, false)
    const table = mountWith(PositionsTable, false)
    await flushPromises()
    expect(head.find('[data-testid="headline-partial"]').exists()).toBe(false)
    expect(table.findAll('[data-testid="position-row-excluded"]')).toHaveLength(0)
  })
})
