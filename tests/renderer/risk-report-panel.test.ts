import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeRequest, Result } from '@shared/api/contract'
import type { RiskReportView } from '@shared/domain/risk-report-view'
import RiskReportPanel from '../../src-renderer/src/components/RiskReportPanel.vue'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, type Handlers } from './helpers/fake-desk'
import { frame, framePush, snapshot } from './helpers/fixtures'
import { riskReport } from './helpers/risk-report-fixture'

type Request = InvokeRequest<'risk:report'>

function answer(req: Request): Result<RiskReportView> {
  const days = req.horizon ?? 1
  return { ok: true, value: riskReport({ horizon: { days, historicalScenarios: 251 - days } }) }
}

function setup(handlers: Handlers = { 'risk:report': answer }, active = true) {
  const fake = createFakeDesk(handlers)
  const pinia = piniaWith(fake)
  useDeskStore().applySnapshot(snapshot(), { discardPending: true })
  const wrapper = mount(RiskReportPanel, { props: { active }, global: { plugins: [pinia] }, attachTo: document.body })
  return { fake, wrapper }
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('RiskReportPanel', () => {
  it('computes when shown: "computing…", then a row per method with VaR, ES and note', async () => {
    let resolve: (r: Result<RiskReportView>) => void = () => {}
    const { fake, wrapper } = setup({ 'risk:report': () => new Promise((r) => (resolve = r)) })
    await flushPromises()
    expect(fake.callsOn('risk:report')).toEqual([{ horizon: 1 }])
    expect(wrapper.get('[data-testid="risk-report-busy"]').text()).toBe('computing\u2026')
    expect(wrapper.get('[data-testid="risk-report-refresh"]').attributes('disabled')).toBeDefined()
    resolve({ ok: true, value: riskReport() })
    await flushPromises()
    expect(wrapper.find('[data-testid="risk-report-busy"]').exists()).toBe(false)
    const rows = wrapper.findAll('[data-testid="risk-report-row"]')
    expect(rows).toHaveLength(9)
    const mc = wrapper.get('[data-testid="risk-report-row"][data-method="monteCarlo"]')
    expect(mc.get('[data-testid="risk-report-var"]').text()).toBe('106,000')
    expect(mc.get('[data-testid="risk-report-es"]').text()).toBe('136,000')
    expect(mc.text()).toContain('\u00b1612 / \u00b1845 s.e.')
    const evt = wrapper.get('[data-testid="risk-report-row"][data-method="evt"]')
    expect(evt.get('[data-testid="risk-report-var"]').text()).toBe('\u2014')
    expect(evt.text()).toContain('at least 10 exceedances')
    expect(wrapper.get('[data-testid="risk-report-row"][data-method="historical"]').classes()).toContain('headline')
    expect(wrapper.get('[data-testid="risk-report-caption"]').text()).toBe('demo-book as of 2024-03-28, 1-day, 99.0%, 250-day window')
    for (const id of ['regime', 'greeks', 'concentration', 'drawdown', 'volatility']) {
      expect(wrapper.get(`[data-testid="risk-report-${id}"]`).text().length, id).toBeGreaterThan(10)
    }
    wrapper.unmount()
  })

  it('lists positions by component VaR, largest first', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const cells = wrapper.findAll('[data-testid="risk-report-position"]').map((r) => r.findAll('td').map((td) => td.text()))
    expect(cells).toEqual([
      ['MSFT', '200', '50,000', '47,000', '61,000'],
      ['AAPL', '400', '30,000', '28,000', '35,000'],
      ['SPY', '-100', '-9,000', '-12,000', '-8,000'],
    ])
    wrapper.unmount()
  })

  it('does not compute while hidden, and does once shown', async () => {
    const { fake, wrapper } = setup(undefined, false)
    await flushPromises()
    expect(fake.callsOn('risk:report')).toEqual([])
    await wrapper.setProps({ active: true })
    await flushPromises()
    expect(fake.callsOn('risk:report')).toEqual([{ horizon: 1 }])
    await wrapper.setProps({ active: false })
    await wrapper.setProps({ active: true })
    await flushPromises()
    expect(fake.callsOn('risk:report')).toHaveLength(1) // a report is there: switching tabs does not recompute
    wrapper.unmount()
  })

  it('Refresh and the horizon select ask again; a frame since the request marks the report stale', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    expect(wrapper.find('[data-testid="risk-report-stale"]').exists()).toBe(false)
    const desk = useDeskStore()
    desk.enqueueFrame(framePush(frame(0)))
    desk.flushFrames()
    await flushPromises()
    expect(wrapper.find('[data-testid="risk-report-stale"]').exists()).toBe(true)
    await wrapper.get('[data-testid="risk-report-refresh"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="risk-report-stale"]').exists()).toBe(false)
    await wrapper.get('[data-testid="risk-report-horizon"]').setValue('10')
    await flushPromises()
    expect(fake.callsOn('risk:report')).toEqual([{ horizon: 1 }, { horizon: 1 }, { horizon: 10 }])
    expect(wrapper.get('[data-testid="risk-report-caption"]').text()).toContain('10-day')
    expect(wrapper.get('[data-testid="risk-report-row"][data-method="historical"]').text()).toContain('241 overlapping 10-day scenarios')
    wrapper.unmount()
  })

  it('shows a report that cannot be computed as a message, and Refresh retries', async () => {
    let fail = true
    const { fake, wrapper } = setup({
      'risk:report': (req) => (fail ? { ok: false, error: { code: 'failed', message: 'window must be an integer >= 2' } } : answer(req)),
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="risk-report-error"]').text()).toContain('window must be')
    expect(wrapper.findAll('[data-testid="risk-report-row"]')).toHaveLength(0)
    fail = false
    await wrapper.get('[data-testid="risk-report-refresh"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('risk:report')).toHaveLength(2)
    expect(wrapper.findAll('[data-testid="risk-report-row"]')).toHaveLength(9)
    wrapper.unmount()
  })

  it('a new snapshot (another session or book) clears the report and computes it again', async () => {
    let asked = 0
    const { fake, wrapper } = setup({ 'risk:report': () => ({ ok: true, value: riskReport({ book: `book-${++asked}` }) }) })
    await flushPromises()
    expect(wrapper.get('[data-testid="risk-report-caption"]').text()).toMatch(/^book-1 /)
    useDeskStore().applySnapshot(snapshot({ book: 'other' }), { discardPending: true })
    await flushPromises()
    expect(fake.callsOn('risk:report')).toHaveLength(2)
    expect(wrapper.get('[data-testid="risk-report-caption"]').text()).toMatch(/^book-2 /)
    wrapper.unmount()
  })
})
