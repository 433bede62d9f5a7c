import { describe, expect, it } from 'vitest'
import { describeBreach, readLimits, severityOf } from '../../../src-main/desk/limits'
import type { RiskState } from '../../../src-main/desk/risk-state'
import { limits } from './desk-fixture'


describe('severityOf', () => {
  it('grows with the excess over the limit', () => {
    expect(severityOf(100, 100)).toBeNull()
    expect(severityOf(99, 100)).toBeNull()
    expect(severityOf(100.01, 100)).toBe('MEDIUM')
    expect(severityOf(109.99, 100)).toBe('MEDIUM')
    expect(severityOf(110, 100)).toBe('HIGH')
    expect(severityOf(125, 100)).toBe('CRITICAL')
    expect(severityOf(Number.NaN, 100)).toBeNull()
  })
})

describe('readLimits', () => {
  const state: RiskState = {
    date: '2020-03-02',
    net: 100,
    gross: 200,
    sigma: 1,
    var: { historical: 10, parametric: 20, ewma: 30 },
    es: { historical: 12, parametric: 22 },
    hhi: 0.5,
    positions: [
      { symbol: 'A', quantity: 1, price: 1, value: 150, weight: 0.75, componentVaR: 5, daysToLiquidate: 2, unrealisedPnL: -40, sector: null },
      { symbol: 'B', quantity: 1, price: 1, value: -50, weight: 0.25, componentVaR: 5, daysToLiquidate: null, unrealisedPnL: 10, sector: null },
    ],
  }
  it('reads VaR by the configured method and every per-position limit; no days reading without volume', () => {
    const r = readLimits(state, limits({ varMethod: 'ewma', varLimit: 25, maxLossPerPosition: 30, maxPositionWeight: 0.5, maxDaysToLiquidate: 1 }))
    expect(r.find((x) => x.key === 'var')).toMatchObject({ value: 30, threshold: 25 })
    expect(r.find((x) => x.key === 'positionLoss:A')).toMatchObject({ value: 40 })
    expect(r.find((x) => x.key === 'positionWeight:A')).toMatchObject({ value: 0.75 })
    expect(r.find((x) => x.key === 'daysToLiquidate:A')).toMatchObject({ value: 2 })
    expect(r.find((x) => x.key === 'daysToLiquidate:B')).toBeUndefined()
    expect(describeBreach(r.find((x) => x.key === 'positionWeight:A')!)).toBe('A weight 75.0 % exceeds limit 50.0 % (+50.0 %)')
  })
})
