import { flushPromises, mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeRequest, Result } from '@shared/api/contract'
import type { BacktestResult } from '@shared/domain/backtest-result'
import BacktestPanel from '../../src-renderer/src/components/BacktestPanel.vue'
import VarChart from '../../src-renderer/src/components/VarChart.vue'
import { dayNumber } from '../../src-renderer/src/charts/day-axis'
import { fillExceptionMarkers } from '../../src-renderer/src/charts/backtest-markers'
import { VAR_DATASET } from '../../src-renderer/src/charts/var-chart-config'
import type { XY } from '../../src-renderer/src/charts/series'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { backtestResult } from './helpers/backtest-fixture'
import { createFakeDesk, piniaWith, type Handlers } from './helpers/fake-desk'
import { dateAt, feed, frame, snapshot } from './helpers/fixtures'

type Request = InvokeRequest<'risk:backtest'>

/** Before the replay (2023) by default; inside it (feed 2024-01-02..2024-12-31) when the replay range is asked for. */
function answer(req: Request): Result<BacktestResult> {
  if (req.from !== undefined) return { ok: true, value: backtestResult({ start: req.from, days: 60, exceptionAt: [3, 40] }, { method: req.method ?? 'historical' }) }
  const zone = req.method === 'parametric' ? 'red' : 'green'
  return {
    ok: true,
    value: backtestResult({}, { method: req.method ?? 'historical', trafficLight: { zone, greenMax: 4, yellowMax: 9, cumulativeProbability: 0.9 } }),
  }
}

function setup(handlers: Handlers = { 'risk:backtest': answer }, snap = snapshot()) {
  const fake = createFakeDesk(handlers)
  const pinia = piniaWith(fake)
  useDeskStore().applySnapshot(snap, { discardPending: true })
  const wrapper = mount(BacktestPanel, { global: { plugins: [pinia] }, attachTo: document.body })
  return { fake, pinia, wrapper }
}

function liveCharts(): Chart[] {
  return Object.values(Chart.instances) as Chart[]
}

afterEach(() => {
  for (const c of liveCharts()) c.destroy()
  document.body.innerHTML = ''
})

describe('BacktestPanel', () => {
  it('asks for the default backtest at once and shows the traffic light, counts and p-values', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    expect(fake.callsOn('risk:backtest')).toEqual([{ method: 'historical' }])
    const zone = wrapper.get('[data-testid="backtest-zone"]')
    expect(zone.text()).toBe('GREEN')
    expect(zone.attributes('data-zone')).toBe('green')
    expect(zone.attributes('title')).toContain('green 0\u20134, yellow 5\u20139, red 10+')
    expect(wrapper.get('[data-testid="backtest-counts"]').text()).toContain('3 / 250')
    expect(wrapper.get('[data-testid="backtest-kupiec"]').text()).toContain('0.725')
    expect(wrapper.get('[data-testid="backtest-christoffersen"]').text()).toContain('0.114')
    expect(wrapper.get('[data-testid="backtest-cc"]').text()).toContain('1.2e-4')
    wrapper.unmount()
  })

  it('switches method through the select and shows that method’s zone', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="backtest-method"]').setValue('parametric')
    await flushPromises()
    expect(fake.callsOn('risk:backtest').at(-1)).toEqual({ method: 'parametric' })
    expect(wrapper.get('[data-testid="backtest-zone"]').attributes('data-zone')).toBe('red')
    wrapper.unmount()
  })

  it('draws its own VaR-vs-P&L chart, exceptions marked, when the backtest days are not on the VaR chart', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const box = wrapper.get('[data-testid="backtest-chart"]')
    expect(box.isVisible()).toBe(true)
    const chart = Chart.getChart(box.get('canvas').element as HTMLCanvasElement)
    expect(chart).toBeDefined()
    const exceptions = chart!.data.datasets[2]!.data as XY[]
    expect(exceptions.map((p) => p.x)).toEqual(backtestResult().exceptionDates.map(dayNumber))
    expect(wrapper.find('[data-testid="backtest-on-chart"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('over the replay period it asks for the feed window and defers the markers to the VaR chart', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="backtest-range"]').setValue('replay')
    await flushPromises()
    expect(fake.callsOn('risk:backtest').at(-1)).toEqual({ method: 'historical', from: feed().from, to: feed().to })
    expect(wrapper.get('[data-testid="backtest-on-chart"]').text()).toContain('VaR chart')
    expect(wrapper.get('[data-testid="backtest-chart"]').isVisible()).toBe(false)
    wrapper.unmount()
  })

  it('shows a backtest that cannot run as a message, without a zone', async () => {
    const { wrapper } = setup({ 'risk:backtest': () => ({ ok: false, error: { code: 'failed', message: 'a backtest starting 2005-01-03 needs 250 returns before it' } }) })
    await flushPromises()
    expect(wrapper.get('[data-testid="backtest-error"]').text()).toContain('needs 250 returns')
    expect(wrapper.find('[data-testid="backtest-zone"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('keeps only the answer to the newest request when an older one arrives late', async () => {
    const pending: ((r: Result<BacktestResult>) => void)[] = []
    const { wrapper } = setup({ 'risk:backtest': (req) => new Promise((resolve) => pending.push(() => resolve(answer(req)))) })
    await flushPromises()
    await wrapper.get('[data-testid="backtest-method"]').setValue('parametric')
    await flushPromises()
    expect(pending).toHaveLength(2)
    pending[1]!({ ok: true, value: backtestResult() }) // the parametric answer first ...
    await flushPromises()
    pending[0]!({ ok: true, value: backtestResult() }) // ... then the stale historical one
    await flushPromises()
    expect(wrapper.get('[data-testid="backtest-zone"]').attributes('data-zone')).toBe('red')
    wrapper.unmount()
  })

  it('asks again when a new snapshot (another book) is applied', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    useDeskStore().applySnapshot(snapshot({ book: 'other' }), { discardPending: true })
    await flushPromises()
    expect(fake.callsOn('risk:backtest')).toHaveLength(2)
    wrapper.unmount()
  })
})

describe('backtest exceptions on the live VaR chart', () => {
  const window = { from: dateAt(0), to: dateAt(100) }
  const result = backtestResult({ start: dateAt(5), days: 60, exceptionAt: [3, 40] })

  it('marks exceptions inside the chart window up to the newest frame, at the realised loss', () => {
    const out: XY[] = [{ x: 1, y: 1 }]
    expect(fillExceptionMarkers(out, result, window, dateAt(100))).toEqual([
      { x: dayNumber(dateAt(8)), y: 150_000 },
      { x: dayNumber(dateAt(45)), y: 150_000 },
    ])
    // the replay has not reached the second exception yet
    expect(fillExceptionMarkers(out, result, window, dateAt(20)).map((p) => p.x)).toEqual([dayNumber(dateAt(8))])
    expect(fillExceptionMarkers(out, result, { from: dateAt(200), to: dateAt(300) }, dateAt(300))).toEqual([])
    expect(fillExceptionMarkers(out, null, window, dateAt(100))).toEqual([])
  })

  it('VarChart draws them as their own dataset once the backtest store holds an overlapping result', async () => {
    const frames = Array.from({ length: 60 }, (_, seq) => frame(seq))
    const { pinia, wrapper } = setup({ 'risk:backtest': () => ({ ok: true, value: result }) }, snapshot({ frames, feed: feed({ from: window.from, to: window.to }) }))
    const chartWrapper = mount(VarChart, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    const chart = Chart.getChart(chartWrapper.get('canvas').element as HTMLCanvasElement)!
    const ds = chart.data.datasets[VAR_DATASET.exceptions] as unknown as { _data?: XY[]; data: XY[]; label: string }
    expect(ds.label).toContain('Backtest exception')
    expect((ds._data ?? ds.data).map((p) => p.x)).toEqual([dayNumber(dateAt(8)), dayNumber(dateAt(45))])
    chartWrapper.unmount()
    wrapper.unmount()
  })
})
