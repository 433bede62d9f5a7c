import { describe, expect, it } from 'vitest'
import { AlertTracker, CLEAR_BAND } from '../../../src-main/desk/alert-tracker'
import { describeBreach, readLimits, severityOf } from '../../../src-main/desk/limits'
import type { LimitReading } from '../../../src-main/desk/limits'
import type { RiskState } from '../../../src-main/desk/risk-state'
import { limits } from './desk-fixture'

const reading = (value: number, threshold = 100, key = 'var'): LimitReading => ({ key, kind: 'var', symbol: null, value, threshold })

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

describe('AlertTracker', () => {
  it('raises once per limit, re-raises only on a higher severity, and clears below the band', () => {
    const t = new AlertTracker()
    expect(t.update([reading(105)], 'd1', 'n')).toMatchObject([{ type: 'alert.raised', alert: { severity: 'MEDIUM', state: 'open' } }])
    expect(t.update([reading(108)], 'd2', 'n')).toEqual([]) // same severity: no new alert
    const esc = t.update([reading(130)], 'd3', 'n')
    expect(esc).toMatchObject([{ type: 'alert.escalated', alert: { severity: 'CRITICAL' }, supersedes: 'A1' }])
    expect(t.update([reading(112)], 'd4', 'n')).toEqual([]) // severity falls but still breached: stays open
    expect(t.update([reading(100 * (1 - CLEAR_BAND / 2))], 'd5', 'n')).toEqual([]) // inside the band: no flapping
    expect(t.update([reading(90)], 'd6', 'n')).toMatchObject([{ type: 'alert.cleared' }])
    expect(t.update([reading(101)], 'd7', 'n')).toMatchObject([{ type: 'alert.raised' }]) // a fresh breach after clearing
    expect(t.all().map((a) => a.state)).toEqual(['cleared', 'cleared', 'open'])
  })

  it('acknowledges an open alert, refuses unknown or cleared ones', () => {
    const t = new AlertTracker()
    const [raised] = t.update([reading(120)], 'd', 'n')
    const ack = t.acknowledge(raised!.alert.id, 'alice')
    expect(ack).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice' })
    expect(() => t.acknowledge('A999', 'alice')).toThrow(/no alert/)
    t.update([reading(50)], 'd', 'n')
    expect(() => t.acknowledge(raised!.alert.id, 'alice')).toThrow(/cleared/)
  })

  it('keeps separate lifecycles per limit instance', () => {
    const t = new AlertTracker()
    const changes = t.update([reading(120, 100, 'a'), reading(120, 100, 'b')], 'd', 'n')
    expect(changes).toHaveLength(2)
    expect(t.update([reading(50, 100, 'a'), reading(120, 100, 'b')], 'd', 'n')).toMatchObject([{ type: 'alert.cleared' }])
    expect(t.liveFor('b')).toBeDefined()
    expect(t.liveFor('a')).toBeUndefined()
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
