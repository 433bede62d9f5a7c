import { describe, expect, it } from 'vitest'
import { decidePolicy, policyFromLimits, SEED_LADDER, SeverityPolicySchema } from '../../../../src-main/desk/lifecycle/action-policy'

const armed = { armed: true, reason: null }
const paused = { armed: false, reason: 'automation paused by ann: news due' }

describe('severity policy', () => {
  it('the seeds\' ladder: MEDIUM alerts, HIGH proposes a reduce, CRITICAL reduces after the grace period', () => {
    expect(decidePolicy(SEED_LADDER, 'MEDIUM', armed, false)).toEqual({ mode: 'alert-only', kind: 'reduce', grace: null, downgraded: null })
    expect(decidePolicy(SEED_LADDER, 'HIGH', armed, false)).toEqual({ mode: 'propose', kind: 'reduce', grace: null, downgraded: null })
    expect(decidePolicy(SEED_LADDER, 'CRITICAL', armed, false)).toEqual({ mode: 'auto-after-grace', kind: 'reduce', grace: { updates: 1, ms: 30_000 }, downgraded: null })
  })
  it('auto-now has a zero grace; a paused automation proposes instead, saying why; the kill switch leaves alerts only', () => {
    const p = { ...SEED_LADDER, CRITICAL: { mode: 'auto-now' as const, kind: 'hedge' as const } }
    expect(decidePolicy(p, 'CRITICAL', armed, false)).toMatchObject({ mode: 'auto-now', kind: 'hedge', grace: { updates: 0, ms: 0 } })
    expect(decidePolicy(p, 'CRITICAL', paused, false)).toEqual({ mode: 'propose', kind: 'hedge', grace: null, downgraded: paused.reason })
    expect(decidePolicy(p, 'HIGH', paused, false)).toMatchObject({ mode: 'propose', downgraded: null })
    expect(decidePolicy(p, 'HIGH', { armed: false, reason: 'kill switch on' }, true)).toMatchObject({ mode: 'alert-only', downgraded: 'kill switch on' })
  })
  it('today\'s limits files map onto the ladder; a policy may never flatten by itself', () => {
    expect(policyFromLimits({ policy: 'auto', graceSeconds: 30 })).toMatchObject({ HIGH: { mode: 'auto-after-grace' }, CRITICAL: { mode: 'auto-after-grace' }, grace: { updates: 1, ms: 30_000 } })
    expect(policyFromLimits({ policy: 'propose', graceSeconds: 30 }).HIGH.mode).toBe('propose')
    expect(SeverityPolicySchema.parse(SEED_LADDER)).toEqual(SEED_LADDER)
    const bad = SeverityPolicySchema.safeParse({ ...SEED_LADDER, CRITICAL: { mode: 'auto-now', kind: 'flatten' } })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toMatch(/kill switch/)
  })
})
