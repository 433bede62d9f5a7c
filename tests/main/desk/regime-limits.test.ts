import { describe, expect, it } from 'vitest'
import type { Alert } from '@shared/domain/alert'
import type { RiskFrame } from '@shared/domain/risk-frame'
import { LimitsSchema } from '@shared/domain/limits'
import { ControlLoop } from '../../../src-main/desk/lifecycle/control-loop'
import { DeskClock } from '../../../src-main/desk/lifecycle/desk-time'
import { loopReadings } from '../../../src-main/desk/lifecycle/limit-readings'
import type { AuditEntry } from '../../../src-main/desk/audit-sink'
import { describeBreach, readLimits, varLimitInForce } from '../../../src-main/desk/limits'
import type { RiskState } from '../../../src-main/desk/risk-state'
import { limits } from './desk-fixture'
import { REFERENCE, replayCase } from './monitor-reference'

const CRASH = REFERENCE.cases.find((c) => c.name.includes('February-April 2020'))!
/** The demo book's limit (assets/books/demo-desk.limits.json) and a tighter one for the high-volatility regime. */
const NORMAL = 310_000
const TIGHT = 260_000

function firstVarAlert(over: { varLimit: number; highVolatilityVarLimit?: number }): { alert: Alert; frames: RiskFrame[]; audit: AuditEntry[] } {
  const { session, frames, audit } = replayCase(CRASH, over)
  const alert = session.snapshot().alerts.find((a) => a.kind === 'var')
  if (!alert) throw new Error('no VaR alert in the replay')
  return { alert, frames, audit }
}

describe('VaR limit tightened in the high-volatility regime', () => {
  it('LimitsSchema accepts highVolatilityVarLimit <= varLimit only', () => {
    expect(LimitsSchema.parse({ ...limits(), highVolatilityVarLimit: 50_000 }).highVolatilityVarLimit).toBe(50_000)
    expect(LimitsSchema.safeParse({ ...limits(), highVolatilityVarLimit: 60_000 }).success).toBe(true)
    const bad = LimitsSchema.safeParse({ ...limits(), highVolatilityVarLimit: 60_001 })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.path).toEqual(['highVolatilityVarLimit'])
    expect(LimitsSchema.safeParse({ ...limits(), highVolatilityVarLimit: -1 }).success).toBe(false)
    // exact-optional: an explicit undefined would have no form in the audit trail's canonical JSON
    expect(LimitsSchema.safeParse({ ...limits(), highVolatilityVarLimit: undefined }).success).toBe(false)
    expect('highVolatilityVarLimit' in limits()).toBe(false)
  })

  it('varLimitInForce: the tight limit only in the high state and only when set', () => {
    const l = limits({ varLimit: 100, highVolatilityVarLimit: 80 })
    expect(varLimitInForce(l, 'high')).toEqual({ limit: 80, tightened: true })
    expect(varLimitInForce(l, 'low')).toEqual({ limit: 100, tightened: false })
    expect(varLimitInForce(l, null)).toEqual({ limit: 100, tightened: false })
    expect(varLimitInForce(limits({ varLimit: 100 }), 'high')).toEqual({ limit: 100, tightened: false })
  })

  it('a VaR alert raised under the tight limit says so, and resolves when the regime turns low and VaR is back under the normal limit', () => {
    const state = (v: number): RiskState => ({
      date: '2020-03-02',
      net: 1,
      gross: 1,
      sigma: 1,
      var: { historical: v, parametric: v, ewma: v },
      es: { historical: v, parametric: v },
      hhi: 1,
      positions: [],
    })
    const l = limits({ varLimit: 100, highVolatilityVarLimit: 80 })
    const loop = new ControlLoop('b')
    const clock = new DeskClock('replay', () => 0, 'd0')
    const none = (): null => null
    const read = (v: number, regime: 'high' | 'low') => loopReadings(readLimits(state(v), l, regime), 'historical')
    const raised = loop.onUpdate(read(90, 'high'), clock.update('2020-03-02'), none)
    expect(raised.map((e) => e.type)).toEqual(['alert.raised'])
    expect(raised[0]).toMatchObject({ limit: 80, label: 'VaR (historical), high-volatility limit', severity: 'HIGH', inputs: { normalLimit: 100 } })
    expect(readLimits(state(90), l, 'low')[0]).toEqual({ key: 'var', kind: 'var', symbol: null, value: 90, threshold: 100 })
    expect(describeBreach(readLimits(state(110), l, 'low')[0]!)).toBe('VaR 110 exceeds limit 100 (+10.0 %)')
    // back in the low regime at 90 % of the normal limit the alert stays (hysteresis: it resolves under 78 %)
    expect(loop.onUpdate(read(90, 'low'), clock.update('2020-03-03'), none).map((e) => e.type)).toEqual([])
    expect(loop.onUpdate(read(70, 'low'), clock.update('2020-03-04'), none).map((e) => e.type)).toEqual(['alert.resolved'])
  })

  it('on the 2020 replay of the demo book the tight limit raises the VaR alert earlier than the normal one', () => {
    const normal = firstVarAlert({ varLimit: NORMAL })
    const tight = firstVarAlert({ varLimit: NORMAL, highVolatilityVarLimit: TIGHT })
    expect(tight.alert.date < normal.alert.date).toBe(true)
    const f = tight.frames.find((x) => x.date === tight.alert.date)!
    expect(f.regime!.state).toBe('high')
    expect(f).toMatchObject({ varLimit: TIGHT, regimeTightened: true })
    // the warning rung (80 %) of the tight limit fired; the normal limit's would not have that day
    expect(f.var.historical).toBeGreaterThan(0.8 * TIGHT)
    expect(f.var.historical).toBeLessThanOrEqual(0.8 * NORMAL)
    expect(tight.alert.limit).toBe(TIGHT)
    expect(tight.alert.label).toBe('VaR (historical), high-volatility limit')
    const raised = tight.audit.find((e) => e.type === 'alert.raised' && (e.payload as { alertId: string }).alertId === tight.alert.id)!
    expect(raised.payload).toMatchObject({ limit: TIGHT, inputs: { normalLimit: NORMAL, method: 'historical' } })
    // frames in the low regime carry the normal limit; without a tight limit no frame is tightened
    const low = tight.frames.filter((x) => x.regime!.state === 'low')
    expect(low.length).toBeGreaterThan(0)
    for (const x of low) expect(x).toMatchObject({ varLimit: NORMAL, regimeTightened: false })
    for (const x of tight.frames.filter((y) => y.regime!.state === 'high')) expect(x).toMatchObject({ varLimit: TIGHT, regimeTightened: true })
    expect(normal.frames.every((x) => x.varLimit === NORMAL && !x.regimeTightened)).toBe(true)
  })

  it('an action proposed under the tight limit is sized against it', () => {
    const { session } = replayCase(CRASH, { varLimit: NORMAL, highVolatilityVarLimit: TIGHT, risingUpdates: 2 })
    const action = session.snapshot().actions[0]!
    expect(action.basis.varLimit).toBe(TIGHT)
    expect(action.plan.varAfter).toBeLessThan(TIGHT)
  })
})
