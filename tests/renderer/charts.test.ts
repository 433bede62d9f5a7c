import { mount } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AnnotationOptions } from 'chartjs-plugin-annotation'
import PnlChart from '../../src-renderer/src/components/PnlChart.vue'
import VarChart from '../../src-renderer/src/components/VarChart.vue'
import { dayNumber } from '../../src-renderer/src/charts/day-axis'
import { VAR_DATASET } from '../../src-renderer/src/charts/var-chart-config'
import type { XY } from '../../src-renderer/src/charts/series'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { FRAME_FLUSH_INTERVAL_MS, useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { frame, framePush, position, snapshot } from './helpers/fixtures'

const TICKS = 240

function liveCharts(): Chart[] {
  return Object.values(Chart.instances) as Chart[]
}

/** The series array a dataset was built on (Decimation may hide it behind `data`, see charts/series.ts). */
function source(chart: Chart, index: number): XY[] {
  const ds = chart.data.datasets[index] as unknown as { _data?: XY[]; data: XY[] }
  return ds._data ?? ds.data
}

describe('live chart components', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function mountWithDesk(component: typeof VarChart | typeof PnlChart) {
    const fake = createFakeDesk()
    const pinia = piniaWith(fake)
    connectDesk(pinia, fake.api)
    await settle()
    const wrapper = mount(component, { global: { plugins: [pinia] }, attachTo: document.body })
    return { fake, pinia, wrapper }
  }

  it('VarChart creates exactly one Chart across many frame updates and destroys it on unmount', async () => {
    const { fake, wrapper } = await mountWithDesk(VarChart)
    const desk = useDeskStore()
    expect(liveCharts()).toHaveLength(1)
    const chart = liveCharts()[0]!
    const update = vi.spyOn(chart, 'update')

    for (let seq = 0; seq < TICKS; seq++) {
      fake.emit('desk:frame', framePush(frame(seq), [position('AAPL')]))
      if (seq % 3 === 2) await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    }
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    await wrapper.vm.$nextTick()

    expect(liveCharts()).toHaveLength(1)
    expect(liveCharts()[0]).toBe(chart)
    expect(source(chart, VAR_DATASET.historical)).toHaveLength(TICKS)
    expect(source(chart, VAR_DATASET.parametric).at(-1)).toEqual({ x: dayNumber(frame(TICKS - 1).date), y: frame(TICKS - 1).var.parametric })
    // one repaint per store flush, never one per tick
    expect(update.mock.calls.length).toBeGreaterThan(0)
    expect(update.mock.calls.length).toBeLessThanOrEqual(desk.flushCount)
    expect(update.mock.calls.every((args) => args[0] === 'none')).toBe(true)

    const canvas = wrapper.find('canvas').element as HTMLCanvasElement
    expect(Chart.getChart(canvas)).toBe(chart)
    wrapper.unmount()
    expect(liveCharts()).toHaveLength(0)
    expect(Chart.getChart(canvas)).toBeUndefined()
  })

  it('VarChart marks breached frames and draws the limit as an annotation line', async () => {
    const { fake, wrapper } = await mountWithDesk(VarChart)
    const frames = Array.from({ length: 80 }, (_, seq) => frame(seq))
    for (const f of frames) fake.emit('desk:frame', framePush(f, []))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    await wrapper.vm.$nextTick()

    const chart = liveCharts()[0]!
    const breached = frames.filter((f) => f.breached)
    expect(breached.length).toBeGreaterThan(0) // the fixture crosses the limit part-way
    expect(source(chart, VAR_DATASET.breaches).map((p) => p.x)).toEqual(breached.map((f) => dayNumber(f.date)))

    const annotations = chart.options.plugins?.annotation?.annotations as Record<string, AnnotationOptions>
    const limitLine = annotations.limit as AnnotationOptions<'line'>
    expect(limitLine.type).toBe('line')
    expect(limitLine.yMin).toBe(snapshot().limits.varLimit)
    const boxes = Object.values(annotations).filter((a) => a.type === 'box') as AnnotationOptions<'box'>[]
    expect(boxes).toHaveLength(1) // consecutive breaches merge into one run
    expect(boxes[0]!.xMin).toBeLessThan(dayNumber(breached[0]!.date))
    expect(boxes[0]!.xMax).toBeGreaterThan(dayNumber(breached.at(-1)!.date))

    expect(chart.options.animation).toBe(false)
    expect(chart.options.parsing).toBe(false)
    expect(chart.options.plugins?.decimation?.enabled).toBe(true)
    wrapper.unmount()
  })

  it('a desk:reset rebuilds the series in the same Chart instance', async () => {
    const { fake, wrapper } = await mountWithDesk(VarChart)
    for (let seq = 0; seq < 30; seq++) fake.emit('desk:frame', framePush(frame(seq), []))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    const chart = liveCharts()[0]!
    const historical = source(chart, VAR_DATASET.historical)

    fake.emit('desk:reset', snapshot({ frames: [frame(0), frame(1)] }))
    await wrapper.vm.$nextTick()
    expect(liveCharts()).toEqual([chart])
    expect(source(chart, VAR_DATASET.historical)).toBe(historical) // same array, refilled in place
    expect(historical).toHaveLength(2)
    wrapper.unmount()
  })

  it('PnlChart keeps one Chart instance and plots frame.pnl', async () => {
    const { fake, wrapper } = await mountWithDesk(PnlChart)
    const chart = liveCharts()[0]!
    for (let seq = 0; seq < TICKS; seq++) {
      fake.emit('desk:frame', framePush(frame(seq), []))
      if (seq % 7 === 0) await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    }
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    await wrapper.vm.$nextTick()
    expect(liveCharts()).toEqual([chart])
    const pnl = source(chart, 0)
    expect(pnl).toHaveLength(TICKS)
    expect(pnl.map((p) => p.y)).toEqual(Array.from({ length: TICKS }, (_, seq) => frame(seq).pnl))
    expect(wrapper.find('[data-testid="pnl-chart"]').exists()).toBe(true)
    wrapper.unmount()
    expect(liveCharts()).toHaveLength(0)
  })

  it('renders from a zero-frame snapshot, with the x axis spanning the replay window', async () => {
    const { wrapper } = await mountWithDesk(VarChart)
    expect(wrapper.find('[data-testid="risk-chart"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('Waiting for the first risk frame')
    const chart = liveCharts()[0]!
    expect(source(chart, VAR_DATASET.historical)).toHaveLength(0)
    const { from, to } = snapshot().feed
    expect(chart.options.scales?.x?.suggestedMin).toBe(dayNumber(from))
    expect(chart.options.scales?.x?.suggestedMax).toBe(dayNumber(to))
    wrapper.unmount()
  })

  it('a feed:status push that keeps the replay window does not repaint the chart', async () => {
    const { fake, wrapper } = await mountWithDesk(VarChart)
    const update = vi.spyOn(liveCharts()[0]!, 'update')
    for (let i = 0; i < 10; i++) fake.emit('feed:status', { ...snapshot().feed, rejectedTicks: i })
    await wrapper.vm.$nextTick()
    expect(update).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})
