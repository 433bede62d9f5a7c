import { describe, expect, it } from 'vitest'
import type { Alert } from '@shared/domain/alert'
import type { RiskFrame } from '@shared/domain/risk-frame'
import { LimitsSchema } from '@shared/domain/limits'
import { AlertTracker } from '../../../src-main/desk/alert-tracker'
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
  const alert = session.snapshot().alerts.find((a) => a.limit === 'var')
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

  it('a VaR alert raised under the tight limit says so, and clears when the regime turns low and VaR is back under the normal limit', () => {
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
    const t = new AlertTracker()
    const raised = t.update(readLimits(state(90), l, 'high'), 'd1', 'n')
    expect(raised.map((c) => c.type)).toEqual(['alert.raised'])
    expect(raised[0]!.alert.threshold).toBe(80)
    expect(raised[0]!.alert.message).toBe('HIGH: VaR 90 exceeds limit 80 (+12.5 %) (high-volatility regime limit; normal limit 100)')
    expect(readLimits(state(90), l, 'low')[0]).toEqual({ key: 'var', kind: 'var', symbol: null, value: 90, threshold: 100 })
    expect(describeBreach(readLimits(state(110), l, 'low')[0]!)).toBe('VaR 110 exceeds limit 100 (+10.0 %)')
    expect(t.update(readLimits(state(90), l, 'low'), 'd2', 'n').map((c) => c.type)).toEqual(['alert.cleared'])
  })

  it('on the 2020 replay of the demo book the tight limit raises the VaR alert earlier than the normal one', () => {
    const normal = firstVarAlert({ varLimit: NORMAL })
    const tight = firstVarAlert({ varLimit: NORMAL, highVolatilityVarLimit: TIGHT })
    expect(tight.alert.date < normal.alert.date).toBe(true)
    const f = tight.frames.find((x) => x.date === tight.alert.date)!
    expect(f.regime!.state).toBe('high')
    expect(f).toMatchObject({ varLimit: TIGHT, regimeTightened: true, breached: true })
    // the normal limit would not have fired that day
    expect(f.var.historical).toBeGreaterThan(TIGHT)
    expect(f.var.historical).toBeLessThanOrEqual(NORMAL)
    expect(tight.alert.threshold).toBe(TIGHT)
    expect(tight.alert.message).toContain('(high-volatility regime limit; normal limit 310,000)')
    const raised = tight.audit.find((e) => e.type === 'alert.raised' && (e.payload as { alert: Alert }).alert.id === tight.alert.id)!
    expect(raised.payload).toMatchObject({ reading: { threshold: TIGHT, regimeTightened: true, normalThreshold: NORMAL } })
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
    expect(action.limit).toBe(TIGHT)
    expect(action.varAfterPreview).toBeLessThan(TIGHT)
  })
})
