import { flushPromises, mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeRequest, InvokeResponse, Result } from '@shared/api/contract'
import type { StressLibraryEntry, StressScenarioResultView } from '@shared/domain/stress-result'
import StressPanel from '../../src-renderer/src/components/StressPanel.vue'
import { WATERFALL_TOTAL } from '../../src-renderer/src/charts/stress-waterfall-config'
import { compareStressRows } from '../../src-renderer/src/stores/stress'
import { createFakeDesk, piniaWith, type Handlers } from './helpers/fake-desk'

const LIBRARY: StressLibraryEntry[] = [
  { id: 'lehman-2008', name: 'Lehman collapse 2008', kind: 'historical', start: '2008-09-12', end: '2008-10-10', description: 'Lehman' },
  { id: 'covid-2020', name: 'COVID-19 crash 2020', kind: 'historical', start: '2020-02-19', end: '2020-03-23', description: 'covid' },
]

/** Per book and scenario: sector P&Ls (arbitrary figures; the scenario P&L is their sum, as the host makes it). */
const SECTORS: Record<string, Record<string, { sector: string; pnl: number }[]>> = {
  live: {
    'lehman-2008': [{ sector: 'Financials', pnl: -120_000 }, { sector: 'Energy', pnl: 20_000 }],
    'covid-2020': [{ sector: 'Energy', pnl: -90_000 }, { sector: 'Health Care', pnl: 15_000 }, { sector: 'Financials', pnl: -125_000 }],
  },
  'Saved one': {
    'lehman-2008': [{ sector: 'Utilities', pnl: -40_000 }],
    'covid-2020': [{ sector: 'Utilities', pnl: -60_000 }, { sector: 'Energy', pnl: -5_000 }],
  },
}

function scenario(id: string, sectors: { sector: string; pnl: number }[]): StressScenarioResultView {
  const def = LIBRARY.find((s) => s.id === id)!
  const pnl = sectors.reduce((a, s) => a + s.pnl, 0)
  return {
    id, name: def.name, kind: 'historical', start: def.start, end: def.end, pnl, pnlPct: pnl / 1_000_000,
    worstDay: { date: def.end, pnl: pnl / 2 }, maxDrawdown: 0.1, maxDrawdownAmount: 100_000, timeToRecover: null,
    positions: sectors.map((s, i) => ({ symbol: `P${i}`, sector: s.sector, marketValue: 100_000, pnl: s.pnl, return: s.pnl / 100_000, proxied: false, proxy: null, beta: null })),
    sectors, path: { dates: [def.start, def.end], pnl: [0, pnl] }, volScale: null, excluded: [], notes: [],
  }
}

function runAnswer(req: InvokeRequest<'stress:run'>): Result<InvokeResponse<'stress:run'>> {
  const key = req.book.kind === 'live' ? 'live' : req.book.name
  const book = SECTORS[key]
  if (!book) return { ok: false, error: { code: 'failed', message: `no saved book named ${key}` } }
  return {
    ok: true,
    value: {
      runId: key === 'live' ? 7 : 8,
      asof: '2020-02-21',
      book: { name: key === 'live' ? 'Demo desk (live)' : key, netValue: 1_000_000, grossValue: 1_000_000, positions: 3 },
      dataVersion: 'test',
      scenarios: req.scenarios.map((id) => scenario(id, book[id]!)),
    },
  }
}

const HANDLERS: Handlers = {
  'stress:library': () => ({ ok: true, value: LIBRARY }),
  'book:list': () => ({ ok: true, value: [{ name: 'Saved one', positions: 2, savedAt: '2026-01-01T00:00:00Z' }, { name: 'Gone', positions: 1, savedAt: '2026-01-01T00:00:00Z' }] }),
  'stress:run': runAnswer,
}

function setup(handlers: Handlers = HANDLERS) {
  const fake = createFakeDesk(handlers)
  const pinia = piniaWith(fake)
  const wrapper = mount(StressPanel, { global: { plugins: [pinia] }, attachTo: document.body })
  return { fake, wrapper }
}

function waterfallChart(): Chart {
  const canvas = document.querySelector('[data-testid="stress-waterfall-chart"] canvas') as HTMLCanvasElement
  const chart = Chart.getChart(canvas)
  if (!chart) throw new Error('no waterfall chart on its canvas')
  return chart
}

afterEach(() => {
  for (const c of Object.values(Chart.instances) as Chart[]) c.destroy()
  document.body.innerHTML = ''
})

describe('Stress Lab: compare two books', () => {
  it('runs both books on the same scenarios and shows A, B and B − A per scenario', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    const picker = wrapper.get('[data-testid="stress-compare"]')
    expect(picker.findAll('option').map((o) => o.text())).toEqual(['Compare with: none', 'Compare with: live book (snapshot)', 'Compare with: Saved one (2)', 'Compare with: Gone (1)'])
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await picker.setValue('Saved one')
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('stress:run')).toEqual([
      { book: { kind: 'live' }, scenarios: ['lehman-2008', 'covid-2020'] },
      { book: { kind: 'saved', name: 'Saved one' }, scenarios: ['lehman-2008', 'covid-2020'] },
    ])
    expect(wrapper.find('[data-testid="stress-table"]').exists()).toBe(false)
    const rows = wrapper.findAll('[data-testid="stress-compare-row"]')
    // book A's order (P&L ascending): covid −200,000 then lehman −100,000
    expect(rows.map((r) => [r.attributes('data-scenario'), Number(r.attributes('data-pnl-a')), Number(r.attributes('data-pnl-b')), Number(r.attributes('data-diff'))])).toEqual([
      ['covid-2020', -200_000, -65_000, 135_000],
      ['lehman-2008', -100_000, -40_000, 60_000],
    ])
    expect(rows[0]!.findAll('td').map((td) => td.text())).toEqual(['COVID-19 crash 2020', '-200,000', '-65,000', '+135,000'])
    expect(wrapper.get('[data-testid="stress-compare-head-a"]').text()).toBe('P&L Demo desk (live)')
    expect(wrapper.get('[data-testid="stress-compare-head-b"]').text()).toBe('P&L Saved one')
    expect(wrapper.get('[data-testid="stress-caption"]').text()).toBe('Demo desk (live) vs Saved one as of 2020-02-21')
  })

  it('keeps the single-book view, with one run, when no comparison is chosen; "none" undoes a comparison', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await wrapper.get('[data-testid="stress-compare"]').setValue('Saved one')
    await wrapper.get('[data-testid="stress-compare"]').setValue('')
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('stress:run')).toHaveLength(1)
    expect(wrapper.findAll('[data-testid="stress-compare-row"]')).toHaveLength(0)
    expect(wrapper.findAll('[data-testid="stress-row"]').map((r) => r.attributes('data-scenario'))).toEqual(['covid-2020', 'lehman-2008'])
    expect(wrapper.get('[data-testid="stress-caption"]').text()).toBe('Demo desk (live) as of 2020-02-21')
  })

  it('names the compared book when its run fails and shows book A alone', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await wrapper.get('[data-testid="stress-compare"]').setValue('Gone')
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="stress-error"]').text()).toBe('compare with Gone: no saved book named Gone')
    expect(wrapper.findAll('[data-testid="stress-compare-row"]')).toHaveLength(0)
    expect(wrapper.findAll('[data-testid="stress-row"]')).toHaveLength(2)
  })
})

describe('Stress Lab: sector waterfall', () => {
  it('draws the worst scenario first as floating bars ending at its P&L, and follows the picked scenario', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    const pick = wrapper.get('[data-testid="stress-waterfall-scenario"]')
    expect((pick.element as HTMLSelectElement).value).toBe('covid-2020')
    let chart = waterfallChart()
    expect(chart.data.labels).toEqual(['Financials', 'Energy', 'Health Care', WATERFALL_TOTAL])
    expect(chart.data.datasets[0]!.data).toEqual([[0, -125_000], [-125_000, -215_000], [-215_000, -200_000], [0, -200_000]])
    await pick.setValue('lehman-2008')
    await flushPromises()
    chart = waterfallChart()
    expect(chart.data.labels).toEqual(['Financials', 'Energy', WATERFALL_TOTAL])
    expect(chart.data.datasets[0]!.data).toEqual([[0, -120_000], [-120_000, -100_000], [0, -100_000]])
  })
})

describe('compareStressRows', () => {
  it('pairs by id in A order; a scenario missing from B has B and the difference unavailable, not 0', () => {
    const a = [scenario('covid-2020', [{ sector: 'X', pnl: -5 }]), scenario('lehman-2008', [{ sector: 'X', pnl: -3 }])]
    const b = [scenario('lehman-2008', [{ sector: 'X', pnl: -4 }])]
    expect(compareStressRows(a, b)).toEqual([
      { id: 'covid-2020', name: 'COVID-19 crash 2020', pnlA: -5, pnlB: null, diff: null },
      { id: 'lehman-2008', name: 'Lehman collapse 2008', pnlA: -3, pnlB: -4, diff: -1 },
    ])
  })
})
