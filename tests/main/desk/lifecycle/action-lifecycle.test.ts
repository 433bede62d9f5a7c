import { describe, expect, it } from 'vitest'
import {
  ACTION_STATES,
  applyAction,
  approveAction,
  autoApproveAction,
  checkExpiry,
  dueForAuto,
  expireAction,
  graceRemaining,
  modifyAction,
  planDrift,
  previewAge,
  proposeAction,
  rejectAction,
  type ActionPlan,
  type ActionRecord,
  type ActionState,
  type SizingBasis,
} from '../../../../src-main/desk/lifecycle/action-lifecycle'
import type { DeskTime } from '../../../../src-main/desk/lifecycle/desk-time'
import { LifecycleError } from '../../../../src-main/desk/lifecycle/lifecycle-error'
import { fakeClock } from './fake-time'

const plan = (q = 6000, varAfter = 290_000): ActionPlan => ({
  kind: 'reduce',
  method: 'least-turnover',
  legs: [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: q, price: 150 }],
  varAfter,
  esAfter: 320_000,
  turnover: Math.abs(q - 8000) * 150,
})
const basis: SizingBasis = {
  marketDate: '2020-03-02',
  frameSeq: 7,
  method: 'historical',
  confidence: 0.99,
  window: 250,
  varBefore: 340_000,
  esBefore: 400_000,
  varLimit: 310_000,
  target: 297_600,
  positions: [{ symbol: 'MSFT', quantity: 8000, price: 150 }],
}
const grace = { updates: 2, ms: 30_000 }

function proposed(now: DeskTime, policy: 'propose' | 'auto' = 'propose'): ActionRecord {
  return proposeAction({ id: 'X1', alertId: 'A1', policy, plan: plan(), basis, grace }, now).action
}

/** An action in each state, reached through legal steps only. */
function inState(s: ActionState, now: DeskTime): ActionRecord {
  const p = proposed(now)
  switch (s) {
    case 'proposed':
      return p
    case 'resized':
      return approveAction(p, { actor: 'ann', reason: 'cut it', current: plan(5000) }, now).action
    case 'approved':
      return approveAction(p, { actor: 'ann', reason: 'cut it', current: plan() }, now).action
    case 'modified':
      return modifyAction(p, { actor: 'ann', reason: 'smaller cut', plan: plan(7000) }, now).action
    case 'rejected':
      return rejectAction(p, { actor: 'ann', reason: 'hedged elsewhere' }, now).action
    case 'applied':
      return applyAction(inState('approved', now), 'ann', { executedDate: '2020-03-02', fills: [{ symbol: 'MSFT', quantity: -2000, price: 150 }], varAfter: 295_000, esAfter: 330_000, limit: 310_000 }, now).action
    case 'expired':
      return expireAction(p, 'breach-cleared', 'cleared', now).action
  }
}

const exec = { executedDate: '2020-03-02', fills: [], varAfter: 1, esAfter: null, limit: 2 }
/** Every step, with the states it is legal from. */
const STEPS: { name: string; legal: readonly ActionState[]; run: (a: ActionRecord, now: DeskTime) => unknown }[] = [
  { name: 'approve', legal: ['proposed', 'resized'], run: (a, n) => approveAction(a, { actor: 'ann', reason: 'fine by me', current: a.plan }, n) },
  { name: 'reject', legal: ['proposed', 'resized'], run: (a, n) => rejectAction(a, { actor: 'ann', reason: 'not now' }, n) },
  { name: 'modify', legal: ['proposed', 'resized'], run: (a, n) => modifyAction(a, { actor: 'ann', reason: 'smaller', plan: plan(7500) }, n) },
  { name: 'apply', legal: ['approved', 'modified'], run: (a, n) => applyAction(a, 'ann', exec, n) },
  { name: 'expire breach-cleared', legal: ['proposed', 'resized'], run: (a, n) => expireAction(a, 'breach-cleared', 'x', n) },
  { name: 'expire stale', legal: ['proposed', 'resized'], run: (a, n) => expireAction(a, 'stale', 'x', n) },
  { name: 'expire not-executable', legal: ['proposed', 'resized', 'approved', 'modified'], run: (a, n) => expireAction(a, 'not-executable', 'x', n) },
]

describe('action lifecycle: the transition table', () => {
  const { clock } = fakeClock('replay')
  for (const step of STEPS) {
    for (const s of ACTION_STATES) {
      const legal = step.legal.includes(s)
      it(`${step.name} from ${s} is ${legal ? 'legal' : 'refused'}`, () => {
        const a = inState(s, clock.now())
        expect(a.state).toBe(s)
        if (legal) expect(() => step.run(a, clock.now())).not.toThrow()
        else {
          expect(() => step.run(a, clock.now())).toThrow(LifecycleError)
          expect(() => step.run(a, clock.now())).toThrow(new RegExp(`action X1 is ${s}: cannot`))
        }
      })
    }
  }
})

describe('action lifecycle: proposals and decisions', () => {
  it('a proposal keeps its plan, the snapshot, limits and method it was sized on', () => {
    const { clock } = fakeClock('replay')
    const { action, event } = proposeAction({ id: 'X1', alertId: 'A1', policy: 'propose', plan: plan(), basis, grace }, clock.now())
    expect(action).toMatchObject({ state: 'proposed', grace: null, basis, proposedPlan: plan() })
    expect(event).toMatchObject({ type: 'action.proposed', actionId: 'X1', alertId: 'A1', actor: 'desk', basis, marketDate: '2020-03-02' })
  })
  it('approve within the tolerance approves the current sizing; beyond it the trader sees both and confirms again', () => {
    const { clock } = fakeClock('replay')
    const a = proposed(clock.now())
    const small = approveAction(a, { actor: 'ann', reason: 'go ahead', current: plan(6050, 291_000) }, clock.now())
    expect(small.action.state).toBe('approved')
    expect(small.action.plan.legs[0]!.toQuantity).toBe(6050)
    expect(small.event).toMatchObject({ type: 'action.approved', automatic: false, reason: 'go ahead', actor: 'ann' })

    const big = approveAction(a, { actor: 'ann', reason: 'go ahead', current: plan(5000) }, clock.now())
    expect(big.action).toMatchObject({ state: 'resized', previousPlan: plan(), plan: plan(5000), decision: null })
    expect(big.event).toMatchObject({ type: 'action.resized', previous: plan(), plan: plan(5000) })
    // confirming the re-sized plan approves it
    const ok = approveAction(big.action, { actor: 'ann', reason: 'confirmed', current: plan(5000) }, clock.now())
    expect(ok.action).toMatchObject({ state: 'approved', plan: plan(5000), decision: { actor: 'ann', reason: 'confirmed' } })
  })
  it('planDrift: structure, leg size and preview VaR each trip the tolerance', () => {
    expect(planDrift(plan(), plan(), 0).beyondTolerance).toBe(false)
    // traded 2000; 2099 is 4.95 % more, 2101 is 5.05 %
    expect(planDrift(plan(6000), plan(5901), 0.05).beyondTolerance).toBe(false)
    expect(planDrift(plan(6000), plan(5899), 0.05).beyondTolerance).toBe(true)
    expect(planDrift(plan(6000, 290_000), plan(6000, 310_000), 0.05)).toMatchObject({ beyondTolerance: true, maxLegChange: 0 })
    const other: ActionPlan = { ...plan(), legs: [{ symbol: 'AAPL', fromQuantity: 100, toQuantity: 50, price: 1 }] }
    expect(planDrift(plan(), other, 1).structureChanged).toBe(true)
    expect(planDrift(plan(), { ...plan(), kind: 'hedge' }, 1).structureChanged).toBe(true)
    expect(() => planDrift(plan(), plan(), -0.1)).toThrow(LifecycleError)
  })
  it('reject, modify and approve need a reason of 3+ characters; the reason is trimmed', () => {
    const { clock } = fakeClock('replay')
    const a = proposed(clock.now())
    for (const bad of ['', '  ', 'no', '\n\t ']) {
      expect(() => rejectAction(a, { actor: 'ann', reason: bad }, clock.now())).toThrow(/reason/)
      expect(() => modifyAction(a, { actor: 'ann', reason: bad, plan: plan(7000) }, clock.now())).toThrow(/reason/)
      expect(() => approveAction(a, { actor: 'ann', reason: bad, current: plan() }, clock.now())).toThrow(/reason/)
    }
    expect(rejectAction(a, { actor: 'ann', reason: '  hedged elsewhere ' }, clock.now()).action.decision?.reason).toBe('hedged elsewhere')
    expect(() => rejectAction(a, { actor: ' ', reason: 'hedged elsewhere' }, clock.now())).toThrow(/actor/)
  })
  it('modify may change the kind and the legs, keeps the plan it replaced, and refuses fractional shares', () => {
    const { clock } = fakeClock('replay')
    const a = proposed(clock.now())
    const hedge: ActionPlan = { kind: 'hedge', method: 'min-variance', legs: [{ symbol: 'SPY', fromQuantity: -3000, toQuantity: -4000, price: 300 }], varAfter: 280_000, esAfter: null, turnover: 300_000 }
    const m = modifyAction(a, { actor: 'ann', reason: 'hedge instead', plan: hedge }, clock.now())
    expect(m.action).toMatchObject({ state: 'modified', plan: hedge, previousPlan: plan() })
    expect(m.event).toMatchObject({ type: 'action.modified', previous: plan(), plan: hedge })
    const half = { ...hedge, legs: [{ ...hedge.legs[0]!, toQuantity: -3999.5 }] }
    expect(() => modifyAction(a, { actor: 'ann', reason: 'hedge instead', plan: half }, clock.now())).toThrow(/whole shares/)
  })
  it('applied carries executedDate, fills and the recomputed VaR, and says whether it is within the limit', () => {
    const { clock } = fakeClock('replay')
    const applied = inState('applied', clock.now())
    expect(applied.execution).toMatchObject({ executedDate: '2020-03-02', varAfter: 295_000, withinLimit: true })
    const over = applyAction(inState('approved', clock.now()), 'desk', { ...exec, varAfter: 320_000, limit: 310_000 }, clock.now())
    expect(over.event).toMatchObject({ type: 'action.applied', varAfter: 320_000, withinLimit: false })
    expect(() => applyAction(inState('approved', clock.now()), 'desk', { ...exec, varAfter: Number.NaN }, clock.now())).toThrow(LifecycleError)
  })
})

describe('action lifecycle: grace and expiry on a fake clock', () => {
  it('replay: the auto grace counts market updates, not wall time', () => {
    const { clock, advance } = fakeClock('replay')
    const a = proposed(clock.now(), 'auto')
    advance(3_600_000)
    expect(dueForAuto(a, clock.now())).toBe(false)
    expect(() => autoApproveAction(a, plan(), clock.now())).toThrow(/grace period has not elapsed/)
    clock.update('2020-03-03')
    expect(graceRemaining(a, clock.now())).toMatchObject({ updates: 1, elapsed: false })
    clock.update('2020-03-04')
    expect(dueForAuto(a, clock.now())).toBe(true)
    const t = autoApproveAction(a, plan(5900), clock.now())
    expect(t.action).toMatchObject({ state: 'approved', decision: { actor: 'desk', reason: 'grace period elapsed without a veto' }, previousPlan: plan() })
    expect(t.event).toMatchObject({ type: 'action.approved', automatic: true, marketDate: '2020-03-04' })
  })
  it('replay paused (or held at the proposal): the grace runs out in wall time, so the action is never stuck', () => {
    const { clock, advance } = fakeClock('replay')
    const a = proposed(clock.now(), 'auto')
    clock.stop()
    advance(29_000)
    expect(graceRemaining(a, clock.now())).toMatchObject({ updates: 2, ms: 1_000, elapsed: false })
    advance(1_000)
    expect(dueForAuto(a, clock.now())).toBe(true)
  })
  it('live: the grace is wall time', () => {
    const { clock, advance } = fakeClock('live')
    const a = proposed(clock.now(), 'auto')
    clock.update('2020-03-02')
    clock.update('2020-03-02')
    expect(dueForAuto(a, clock.now())).toBe(false)
    advance(30_000)
    expect(dueForAuto(a, clock.now())).toBe(true)
  })
  it('policy propose is never due; a decided action has no grace left', () => {
    const { clock, advance } = fakeClock('live')
    const a = proposed(clock.now(), 'propose')
    advance(1e9)
    expect(dueForAuto(a, clock.now())).toBe(false)
    expect(() => autoApproveAction(a, plan(), clock.now())).toThrow(/needs a person/)
    expect(graceRemaining(inState('rejected', clock.now()), clock.now())).toBeNull()
  })
  it('expires when the breach clears, or once older than maxAgeUpdates market updates', () => {
    const { clock, advance } = fakeClock('replay')
    const a = proposed(clock.now())
    expect(checkExpiry(a, true, clock.now())).toBeNull()
    expect(checkExpiry(a, false, clock.now())?.action.expiry).toMatchObject({ cause: 'breach-cleared' })
    const cfg = { maxAgeUpdates: 3, resizeTolerance: 0.05 }
    for (const d of ['03', '04', '05']) clock.update(`2020-03-${d}`)
    expect(checkExpiry(a, true, clock.now(), cfg)).toBeNull()
    // a paused feed adds no updates: the preview is not stale, however long the pause
    clock.stop()
    advance(86_400_000)
    expect(checkExpiry(a, true, clock.now(), cfg)).toBeNull()
    clock.update('2020-03-06')
    const t = checkExpiry(a, true, clock.now(), cfg)!
    expect(t.action).toMatchObject({ state: 'expired', expiry: { cause: 'stale' } })
    expect(t.event).toMatchObject({ type: 'action.expired', cause: 'stale', detail: expect.stringContaining('sized on 2020-03-02') })
    expect(previewAge(a, clock.now())).toMatchObject({ updates: 4, sizedOn: '2020-03-02' })
    // decided or closed actions are left alone
    expect(checkExpiry(inState('approved', clock.now()), false, clock.now())).toBeNull()
  })
})
