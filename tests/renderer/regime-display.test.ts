import { flushPromises, mount } from '@vue/test-utils'
import { Chart, type TooltipItem } from 'chart.js'
import type { AnnotationOptions } from 'chartjs-plugin-annotation'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LimitsSchema } from '@shared/domain/limits'
import BooksPanel from '../../src-renderer/src/components/BooksPanel.vue'
import HeadlineFigures from '../../src-renderer/src/components/HeadlineFigures.vue'
import VarChart from '../../src-renderer/src/components/VarChart.vue'
import { dayNumber } from '../../src-renderer/src/charts/day-axis'
import { DESK_COLORS } from '../../src-renderer/src/charts/theme'
import { VAR_DATASET } from '../../src-renderer/src/charts/var-chart-config'
import type { XY } from '../../src-renderer/src/charts/series'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { FRAME_FLUSH_INTERVAL_MS, useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { frame, framePush, snapshot } from './helpers/fixtures'

const VAR_JUMP = { metric: 'var' as const, z: 6.1, message: 'historical VaR rose by 52,340 to 410,112 in a day (robust z 6.1 against the last 25 daily changes)' }
const PNL_DROP = { metric: 'pnl' as const, z: -5.6, message: 'book P&L of the day -861,315 (robust z -5.6 against the last 28 daily changes)' }

async function mountWithDesk(component: typeof VarChart | typeof HeadlineFigures, limits = snapshot().limits) {
  const fake = createFakeDesk({}, snapshot({ limits }))
  const pinia = piniaWith(fake)
  connectDesk(pinia, fake.api)
  await settle()
  const wrapper = mount(component, { global: { plugins: [pinia] }, attachTo: document.body })
  return { fake, wrapper }
}

describe('regime, VIX and anomalies in the desk', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('HeadlineFigures shows the regime badge, the VIX band, the limit in force and the newest anomaly', async () => {
    const { fake, wrapper } = await mountWithDesk(HeadlineFigures)
    expect(wrapper.get('[data-testid="regime-badge"]').text()).toBe('regime \u2014')
    expect(wrapper.get('[data-testid="vix-band"]').text()).toBe('VIX \u2014')
    expect(wrapper.get('[data-testid="last-anomaly"]').text()).toBe('no anomaly')

    fake.emit('desk:frame', framePush([frame(0), frame(1, { anomalies: [VAR_JUMP, PNL_DROP] })]))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    const badge = wrapper.get('[data-testid="regime-badge"]')
    expect(badge.text()).toBe('low vol 20%')
    expect(badge.classes()).toContain('regime-low')
    expect(wrapper.get('[data-testid="vix-band"]').text()).toBe('VIX 17.50 normal')
    expect(wrapper.get('[data-testid="last-anomaly"]').text()).toBe(`anomaly ${frame(1).date}: ${VAR_JUMP.message} (+1)`)

    // a tightened limit in the high regime; the anomaly stays until a newer one arrives
    const tight = frame(2, {
      varLimit: 120_000,
      regimeTightened: true,
      regime: { probabilityHigh: 0.97, state: 'high', source: 'SPY' },
      vix: { level: 82.69, band: 'stressed' },
    })
    fake.emit('desk:frame', framePush(tight))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(wrapper.get('[data-testid="regime-badge"]').text()).toBe('high vol 97%')
    expect(wrapper.get('[data-testid="regime-badge"]').classes()).toContain('regime-high')
    expect(wrapper.get('[data-testid="vix-band"]').text()).toBe('VIX 82.69 stressed')
    expect(wrapper.get('[data-testid="vix-band"]').classes()).toContain('vix-stressed')
    expect(wrapper.get('[data-testid="headline-limit"]').text()).toBe('120,000')
    expect(wrapper.text()).toContain('VaR limit (historical, high vol)')
    // utilisation is against the limit in force
    expect(wrapper.get('[data-testid="headline-utilisation"]').text()).toBe(`${((tight.var.historical / 120_000) * 100).toFixed(1)}%`)
    expect(wrapper.get('[data-testid="last-anomaly"]').text()).toContain(frame(1).date)

    fake.emit('desk:frame', framePush(frame(3, { anomalies: [PNL_DROP] })))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    expect(wrapper.get('[data-testid="last-anomaly"]').text()).toBe(`anomaly ${frame(3).date}: ${PNL_DROP.message}`)

    // a new book (desk:reset) starts over
    fake.emit('desk:reset', snapshot({ frames: [frame(0)] }))
    await flushPromises()
    expect(wrapper.get('[data-testid="last-anomaly"]').text()).toBe('no anomaly')
    wrapper.unmount()
  })

  it('VarChart marks anomaly frames with diamonds on the historical VaR, apart from breaches and exceptions, with the messages in the tooltip', async () => {
    const limits = LimitsSchema.parse({ ...snapshot().limits, highVolatilityVarLimit: 120_000 })
    const { fake, wrapper } = await mountWithDesk(VarChart, limits)
    const frames = Array.from({ length: 40 }, (_, seq) => frame(seq, seq % 10 === 7 ? { anomalies: [VAR_JUMP] } : {}))
    for (const f of frames) fake.emit('desk:frame', framePush(f))
    await vi.advanceTimersByTimeAsync(FRAME_FLUSH_INTERVAL_MS)
    const chart = Object.values(Chart.instances)[0] as Chart<'line', XY[]>
    const ds = chart.data.datasets[VAR_DATASET.anomalies]!
    const points = ((ds as unknown as { _data?: XY[] })._data ?? ds.data).map((p) => ({ ...p }))
    const flagged = frames.filter((f) => f.anomalies.length > 0)
    expect(points).toEqual(flagged.map((f) => ({ x: dayNumber(f.date), y: f.var.historical })))
    expect(ds.backgroundColor).toBe(DESK_COLORS.anomaly)
    expect([DESK_COLORS.breach, DESK_COLORS.exception]).not.toContain(DESK_COLORS.anomaly)

    const label = chart.options.plugins!.tooltip!.callbacks!.label as unknown as (item: TooltipItem<'line'>) => string | string[]
    const item = { datasetIndex: VAR_DATASET.anomalies, parsed: { x: points[0]!.x, y: points[0]!.y }, dataset: ds } as unknown as TooltipItem<'line'>
    expect(label(item)).toEqual([VAR_JUMP.message])

    const annotations = chart.options.plugins?.annotation?.annotations as Record<string, AnnotationOptions>
    expect((annotations.limitHighVol as AnnotationOptions<'line'>).yMin).toBe(120_000)
    expect((annotations.limit as AnnotationOptions<'line'>).yMin).toBe(limits.varLimit)
    wrapper.unmount()
  })
})

describe('BooksPanel and the optional high-volatility VaR limit', () => {
  function setup(limits = snapshot().limits) {
    const fake = createFakeDesk({ 'limits:update': (req) => ({ ok: true, value: LimitsSchema.parse(req.limits) }) })
    const pinia = piniaWith(fake)
    useDeskStore().applySnapshot(snapshot({ limits }), { discardPending: true })
    return { fake, wrapper: mount(BooksPanel, { global: { plugins: [pinia] } }) }
  }

  it('sends the field when filled, leaves it out when empty, and refuses one above the VaR limit', async () => {
    const { fake, wrapper } = setup(LimitsSchema.parse({ ...snapshot().limits, highVolatilityVarLimit: 100_000 }))
    const field = wrapper.get('[data-testid="limit-highVolatilityVarLimit"]')
    expect((field.element as HTMLInputElement).value).toBe('100000')
    await wrapper.get('[data-testid="limits-reason"]').setValue('tighten in stress')
    await field.setValue('200000') // above varLimit 150,000
    expect(wrapper.get('[data-testid="limits-save"]').attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('must not exceed varLimit')
    await field.setValue('90000')
    await wrapper.get('[data-testid="limits-form"]').trigger('submit')
    await flushPromises()
    await field.setValue(' ')
    await wrapper.get('[data-testid="limits-reason"]').setValue('back to one limit')
    await wrapper.get('[data-testid="limits-form"]').trigger('submit')
    await flushPromises()
    const sent = fake.callsOn('limits:update') as { limits: Record<string, unknown> }[]
    expect(sent.map((s) => s.limits.highVolatilityVarLimit)).toEqual([90_000, undefined])
    expect('highVolatilityVarLimit' in sent[1]!.limits).toBe(false)
  })
})
