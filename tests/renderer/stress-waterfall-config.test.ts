import { describe, expect, it } from 'vitest'
import {
  buildStressWaterfallConfig,
  stressWaterfallSteps,
  WATERFALL_RESIDUAL,
  WATERFALL_TOTAL,
} from '../../src-renderer/src/charts/stress-waterfall-config'

/** Tolerance for the float cases: sums of ~1e6 figures in a different order (far above 1 ulp, far below a cent). */
const TOL = 1e-6

describe('stressWaterfallSteps', () => {
  it('sorts sectors by P&L and chains [start, end] running sums that end at the scenario P&L, then the total bar', () => {
    // integer figures: the running sums are exact and written out by hand
    const sectors = [
      { sector: 'Energy', pnl: 40_000 },
      { sector: 'Information Technology', pnl: -250_000 },
      { sector: 'Financials', pnl: -90_000 },
      { sector: 'Utilities', pnl: 0 },
    ]
    const total = -300_000 // 40,000 − 250,000 − 90,000 + 0
    const steps = stressWaterfallSteps(sectors, total)
    expect(steps.map((s) => [s.label, s.start, s.end])).toEqual([
      ['Information Technology', 0, -250_000],
      ['Financials', -250_000, -340_000],
      ['Utilities', -340_000, -340_000],
      ['Energy', -340_000, -300_000],
      [WATERFALL_TOTAL, 0, -300_000],
    ])
    expect(steps.map((s) => s.kind)).toEqual(['sector', 'sector', 'sector', 'sector', 'total'])
    // the input is not reordered in place
    expect(sectors[0]!.sector).toBe('Energy')
  })

  it('ends at the scenario P&L for float figures (cumulative sums checked against an independent running total)', () => {
    const pnls = [-123_456.789, 98_765.4321, -0.01, 5_555.5555, -77_777.7777, 1e-7]
    const sectors = pnls.map((pnl, i) => ({ sector: `S${i}`, pnl }))
    // the scenario P&L as the host sums it: in position order, not the waterfall's order
    const total = pnls.reduce((a, b) => a + b, 0)
    const steps = stressWaterfallSteps(sectors, total)
    const bars = steps.filter((s) => s.kind === 'sector')
    expect(bars).toHaveLength(pnls.length)
    expect(steps.some((s) => s.kind === 'residual')).toBe(false)
    // independent reference: sort ascending, then accumulate with Kahan summation
    const sorted = [...pnls].sort((a, b) => a - b)
    let sum = 0
    let c = 0
    sorted.forEach((p, i) => {
      expect(bars[i]!.pnl).toBe(p)
      expect(bars[i]!.start).toBeCloseTo(sum, 6)
      const y = p - c
      const t = sum + y
      c = t - sum - y
      sum = t
      expect(Math.abs(bars[i]!.end - sum)).toBeLessThan(TOL)
      if (i > 0) expect(bars[i]!.start).toBe(bars[i - 1]!.end)
    })
    expect(bars[bars.length - 1]!.end).toBe(total)
    expect(steps[steps.length - 1]).toEqual({ label: WATERFALL_TOTAL, kind: 'total', pnl: total, start: 0, end: total })
  })

  it('shows a gap between the sectors and the scenario P&L as its own bar, never hidden', () => {
    const steps = stressWaterfallSteps([{ sector: 'Energy', pnl: -100 }, { sector: 'Financials', pnl: -50 }], -200)
    expect(steps.map((s) => [s.label, s.kind, s.start, s.end, s.pnl])).toEqual([
      ['Energy', 'sector', 0, -100, -100],
      ['Financials', 'sector', -100, -150, -50],
      [WATERFALL_RESIDUAL, 'residual', -150, -200, -50],
      [WATERFALL_TOTAL, 'total', 0, -200, -200],
    ])
  })

  it('gives the total bar alone for a scenario without sectors', () => {
    expect(stressWaterfallSteps([], 0)).toEqual([{ label: WATERFALL_TOTAL, kind: 'total', pnl: 0, start: 0, end: 0 }])
  })
})

describe('buildStressWaterfallConfig', () => {
  it('is a floating-bar config: [start, end] pairs, one label and colour per step', () => {
    const steps = stressWaterfallSteps([{ sector: 'Energy', pnl: 30 }, { sector: 'Financials', pnl: -80 }], -50)
    const cfg = buildStressWaterfallConfig(steps)
    expect(cfg.type).toBe('bar')
    expect(cfg.data.labels).toEqual(['Financials', 'Energy', WATERFALL_TOTAL])
    expect(cfg.data.datasets[0]!.data).toEqual([[0, -80], [-80, -50], [0, -50]])
    const colours = cfg.data.datasets[0]!.backgroundColor as string[]
    expect(colours).toHaveLength(3)
    // a loss, a gain and the total: three different colours
    expect(new Set(colours).size).toBe(3)
    expect(cfg.options?.animation).toBe(false)
  })
})
