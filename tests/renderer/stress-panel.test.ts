import { flushPromises, mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { InvokeRequest, InvokeResponse, Result } from '@shared/api/contract'
import type { StressLibraryEntry, StressScenarioResultView } from '@shared/domain/stress-result'
import StressPanel from '../../src-renderer/src/components/StressPanel.vue'
import { sortStressRows, useStressStore } from '../../src-renderer/src/stores/stress'
import { createFakeDesk, piniaWith, type Handlers } from './helpers/fake-desk'

const LIBRARY: StressLibraryEntry[] = [
  { id: 'black-monday-1987', name: 'Black Monday 1987', kind: 'historical', start: '1987-10-14', end: '1987-10-19', description: 'crash' },
  { id: 'lehman-2008', name: 'Lehman collapse 2008', kind: 'historical', start: '2008-09-12', end: '2008-10-10', description: 'Lehman' },
  { id: 'covid-2020', name: 'COVID-19 crash 2020', kind: 'historical', start: '2020-02-19', end: '2020-03-23', description: 'covid' },
]

/** A scenario result shaped like the host's; the figures are arbitrary (the host test checks the real ones). */
function scenario(id: string, pnl: number, over: Partial<StressScenarioResultView> = {}): StressScenarioResultView {
  const def = LIBRARY.find((s) => s.id === id)!
  return {
    id,
    name: def.name,
    kind: 'historical',
    start: def.start,
    end: def.end,
    pnl,
    pnlPct: pnl / 1_000_000,
    worstDay: { date: def.end, pnl: pnl / 2 },
    maxDrawdown: -pnl / 1_000_000,
    maxDrawdownAmount: -pnl,
    timeToRecover: null,
    positions: [{ symbol: 'AAPL', sector: 'Information Technology', marketValue: 1_000_000, pnl, return: pnl / 1_000_000, proxied: false, proxy: null, beta: null }],
    sectors: [{ sector: 'Information Technology', pnl }],
    path: { dates: [def.start, def.end], pnl: [0, pnl] },
    volScale: null,
    excluded: [],
    notes: [],
    ...over,
  }
}

const PNL: Record<string, number> = { 'black-monday-1987': -210_000, 'lehman-2008': -150_000, 'covid-2020': -300_000 }

function runAnswer(req: InvokeRequest<'stress:run'>): Result<InvokeResponse<'stress:run'>> {
  return {
    ok: true,
    value: {
      runId: 7,
      asof: '2020-02-21',
      book: { name: req.book.kind === 'live' ? 'Demo desk (live)' : req.book.name, netValue: 1_000_000, grossValue: 1_200_000, positions: 1 },
      dataVersion: 'test',
      scenarios: req.scenarios.map((id) => scenario(id, PNL[id]!, id === 'covid-2020' ? { excluded: [{ symbol: 'ZZZ', reason: 'no price on 2020-02-21' }], notes: ['1 position left out'] } : {})),
    },
  }
}

const HANDLERS: Handlers = {
  'stress:library': () => ({ ok: true, value: LIBRARY }),
  'book:list': () => ({ ok: true, value: [{ name: 'Saved one', positions: 3, savedAt: '2026-01-01T00:00:00Z' }] }),
  'stress:run': runAnswer,
  'stress:report': () => ({ ok: true, value: { fileName: 'stress-run7.html', html: '<html>Black Monday 1987</html>' } }),
}

function setup(handlers: Handlers = HANDLERS) {
  const fake = createFakeDesk(handlers)
  const pinia = piniaWith(fake)
  const wrapper = mount(StressPanel, { global: { plugins: [pinia] }, attachTo: document.body })
  return { fake, wrapper }
}

afterEach(() => {
  for (const c of Object.values(Chart.instances) as Chart[]) c.destroy()
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

describe('StressPanel', () => {
  it('lists the library and saved books, runs the picked scenarios on the live book and shows one row per scenario', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    const boxes = wrapper.findAll('[data-testid="stress-scenario"]')
    expect(boxes.map((b) => b.attributes('data-scenario'))).toEqual(LIBRARY.map((s) => s.id))
    expect(wrapper.get('[data-testid="stress-book"]').findAll('option').map((o) => o.text())).toEqual(['Live book (snapshot)', 'Saved one (3)'])
    expect(wrapper.get('[data-testid="stress-run"]').attributes('disabled')).toBeDefined()
    // picked out of order: the request keeps the library's order
    await boxes[2]!.setValue(true)
    await boxes[0]!.setValue(true)
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('stress:run')).toEqual([{ book: { kind: 'live' }, scenarios: ['black-monday-1987', 'covid-2020'] }])
    const rows = wrapper.findAll('[data-testid="stress-row"]')
    // sorted by P&L ascending: the largest loss first
    expect(rows.map((r) => r.attributes('data-scenario'))).toEqual(['covid-2020', 'black-monday-1987'])
    expect(rows[0]!.text()).toContain('-300,000')
    expect(rows[0]!.text()).toContain('-30.00%')
    expect(wrapper.get('[data-testid="stress-caption"]').text()).toBe('Demo desk (live) as of 2020-02-21')
    // a position a scenario could not value is named with its reason, and the scenario's notes are on its row
    const left = wrapper.get('[data-testid="stress-excluded"]')
    expect(left.text()).toBe('Not stressed: ZZZ')
    expect(left.get('span').attributes('title')).toBe('no price on 2020-02-21')
    expect(rows[0]!.attributes('title')).toBe('2020-02-19 to 2020-03-23\n1 position left out')
    // the bar chart, the sector waterfall of the worst scenario and the value path of the first historical scenario
    expect(Object.keys(Chart.instances)).toHaveLength(3)
    expect((wrapper.get('[data-testid="stress-path-scenario"]').element as HTMLSelectElement).value).toBe('black-monday-1987')
  })

  it('select all picks every scenario; a saved book is sent by name; the sort toggles', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await wrapper.get('[data-testid="stress-book"]').setValue('Saved one')
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('stress:run')).toEqual([{ book: { kind: 'saved', name: 'Saved one' }, scenarios: LIBRARY.map((s) => s.id) }])
    const order = () => wrapper.findAll('[data-testid="stress-row"]').map((r) => r.attributes('data-scenario'))
    expect(order()).toEqual(['covid-2020', 'black-monday-1987', 'lehman-2008'])
    await wrapper.get('[data-testid="stress-sort-pnl"]').trigger('click')
    expect(order()).toEqual(['lehman-2008', 'black-monday-1987', 'covid-2020'])
    await wrapper.get('[data-testid="stress-sort-name"]').trigger('click')
    expect(order()).toEqual(['black-monday-1987', 'covid-2020', 'lehman-2008'])
    await wrapper.get('[data-testid="stress-select-all"]').setValue(false)
    expect(useStressStore().selected).toEqual([])
  })

  it('exports the run report as an HTML download built in the page', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob)
      return 'blob:stress'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const clicked: { href: string; download: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download })
    })
    await wrapper.get('[data-testid="stress-export"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('stress:report')).toEqual([{ runId: 7 }])
    expect(clicked).toEqual([{ href: 'blob:stress', download: 'stress-run7.html' }])
    expect(blobs[0]!.type).toBe('text/html;charset=utf-8')
    expect(await blobs[0]!.text()).toBe('<html>Black Monday 1987</html>')
  })

  it('shows the host error of a run and keeps no stale rows', async () => {
    const { wrapper } = setup({ ...HANDLERS, 'stress:run': () => ({ ok: false, error: { code: 'failed', message: 'no saved book named gone' } }) })
    await flushPromises()
    await wrapper.get('[data-testid="stress-select-all"]').setValue(true)
    await wrapper.get('[data-testid="stress-run"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="stress-error"]').text()).toBe('no saved book named gone')
    expect(wrapper.findAll('[data-testid="stress-row"]')).toHaveLength(0)
    expect(wrapper.get('[data-testid="stress-export"]').attributes('disabled')).toBeDefined()
  })
})

describe('sortStressRows', () => {
  it('puts unavailable figures last in both directions', () => {
    const rows = [scenario('covid-2020', -3, { pnlPct: null }), scenario('lehman-2008', -1), scenario('black-monday-1987', -2)]
    expect(sortStressRows(rows, 'pnlPct', 'asc').map((r) => r.id)).toEqual(['black-monday-1987', 'lehman-2008', 'covid-2020'])
    expect(sortStressRows(rows, 'pnlPct', 'desc').map((r) => r.id)).toEqual(['lehman-2008', 'black-monday-1987', 'covid-2020'])
  })
})
