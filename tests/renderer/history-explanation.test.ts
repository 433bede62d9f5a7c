import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeRequest, InvokeResponse, Result } from '@shared/api/contract'
import type { AlertExplanation } from '@shared/domain/alert-explanation'
import type { AlertHistoryRowView } from '@shared/domain/alert-history-view'
import HistoryPanel from '../../src-renderer/src/components/HistoryPanel.vue'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { historyRow } from './helpers/history-row'

const ROW: AlertHistoryRowView = historyRow(7, '2020-03-12', { id: 'A1', wallTime: '2026-03-02T10:01:00.000Z', state: 'open', acknowledgedBy: null, acknowledgedAt: null })

const explanation = (over: Partial<AlertExplanation> = {}): AlertExplanation => ({
  alertId: 'A1',
  rule: 'var',
  symbol: null,
  marketDate: '2020-03-12',
  method: 'historical',
  stored: 350_000,
  recomputed: 350_000.000001,
  difference: 0.000001,
  unavailable: null,
  notes: [],
  limit: 310_000,
  topContributors: [
    { symbol: 'AAPL', componentVaR: 120_000 },
    { symbol: 'MSFT', componentVaR: 90_000 },
  ],
  inputs: { window: 250, confidence: 0.99, engineVersion: '1', positions: [{ symbol: 'AAPL', quantity: 100 }, { symbol: 'MSFT', quantity: 50 }] },
  alertSeq: 7,
  snapshotSeq: 6,
  ...over,
})

function setup(answer: AlertExplanation) {
  const handlers = {
    'history:query': (): Result<InvokeResponse<'history:query'>> => ({ ok: true, value: { alerts: [ROW], next: null } }),
    'history:timeline': (): Result<InvokeResponse<'history:timeline'>> => ({ ok: true, value: [] }),
    'history:explain': (req: InvokeRequest<'history:explain'>): Result<InvokeResponse<'history:explain'>> => ({ ok: true, value: { ...answer, alertId: req.alertId } }),
  }
  const fake = createFakeDesk(handlers)
  const wrapper = mount(HistoryPanel, { global: { plugins: [piniaWith(fake)] }, attachTo: document.body })
  return { fake, wrapper }
}

let unmount: (() => void) | null = null
afterEach(() => unmount?.())

describe('HistoryPanel drill-down explanation', () => {
  it('asks the host to explain the drilled-into alert and shows recomputed and stored VaR with the top contributors', async () => {
    const { fake, wrapper } = setup(explanation())
    unmount = () => wrapper.unmount()
    await flushPromises()
    await wrapper.get('[data-testid=history-row][data-alert-id=A1]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('history:explain')).toEqual([{ alertId: 'A1' }])
    const box = wrapper.get('[data-testid=history-explanation]')
    expect(box.text()).toMatch(/recomputed VaR 350,000 \(stored 350,000\)/)
    expect(box.findAll('[data-testid=history-contributor]').map((c) => c.text())).toEqual(['AAPL: component VaR 120,000', 'MSFT: component VaR 90,000'])
  })

  it('says why a figure could not be recomputed instead of showing a number', async () => {
    const { wrapper } = setup(explanation({ recomputed: null, difference: null, unavailable: 'the trail predates stored book snapshots', topContributors: [] }))
    unmount = () => wrapper.unmount()
    await flushPromises()
    await wrapper.get('[data-testid=history-row][data-alert-id=A1]').trigger('click')
    await flushPromises()
    const box = wrapper.get('[data-testid=history-explanation]')
    expect(box.text()).toMatch(/unavailable: the trail predates stored book snapshots/)
    expect(box.findAll('[data-testid=history-contributor]')).toHaveLength(0)
  })
})
