import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ActionError, ActionManager, RisingCounter } from '../../../src-main/desk/action-manager'
import { planReduction } from '../../../src-main/engine/reduction'

const draft = {
  alertId: 'A1',
  kind: 'reduce' as const,
  fraction: 0.5,
  trades: [{ symbol: 'AAPL', fromQuantity: 100, toQuantity: 50, componentVaR: 10 }],
  varBefore: 120,
  varAfterPreview: 95,
  limit: 100,
  proposedAt: '2020-03-02T21:00:00.000Z',
  date: '2020-03-02',
}

describe('ActionManager', () => {
  it('propose -> approve -> applied, with actor and reason', () => {
    const m = new ActionManager()
    const { action } = m.propose(draft, 'propose', null)
    expect(action).toMatchObject({ id: 'X1', state: 'pending', autoApplyAt: null })
    expect(m.approve('X1', 'bob', ' ok ').action).toMatchObject({ state: 'approved', decidedBy: 'bob', reason: 'ok' })
    expect(m.markApplied('X1', 'desk', null).action).toMatchObject({ state: 'applied', decidedBy: 'bob' })
    expect(() => m.approve('X1', 'bob', null)).toThrow(ActionError)
  })
  it('reject requires a non-blank reason of 3+ characters', () => {
    const m = new ActionManager()
    m.propose(draft, 'propose', null)
    for (const bad of ['', '  ', 'no', '\n\t ']) expect(() => m.reject('X1', 'bob', bad)).toThrow(/reason/)
    expect(m.reject('X1', 'bob', 'hedged elsewhere').action).toMatchObject({ state: 'rejected', reason: 'hedged elsewhere' })
    expect(() => m.reject('X2', 'bob', 'whatever')).toThrow(/no action/)
  })
  it('auto actions are due at autoApplyAt; expire when the breach clears', () => {
    const m = new ActionManager()
    m.propose(draft, 'auto', '2020-03-02T21:00:30.000Z')
    expect(m.due('2020-03-02T21:00:29.999Z')).toHaveLength(0)
    expect(m.due('2020-03-02T21:00:30.000Z')).toHaveLength(1)
    expect(m.expirePending('cleared')?.action.state).toBe('expired')
    expect(m.pending()).toBeUndefined()
  })
})

describe('RisingCounter', () => {
  it('counts consecutive rises while breached and resets on a fall or when the breach ends', () => {
    const c = new RisingCounter()
    expect([1, 2, 3, 4].map((v) => c.push(v, true))).toEqual([0, 1, 2, 3])
    expect(c.push(3.5, true)).toBe(0)
    expect(c.push(5, true)).toBe(1)
    expect(c.push(6, false)).toBe(0)
  })
})

describe('planReduction', () => {
  // a separable toy book: VaR is linear in each cut, so the exact fraction is known in closed form
  const comp = Float64Array.from([50, 30, -10, 20])
  const varOf = (idx: readonly number[], f: number): number => 90 - f * idx.reduce((s, i) => s + (comp[i] as number), 0)
  it('cuts the largest contributors first, never a hedge, by the smallest fraction reaching the target', () => {
    const plan = planReduction(comp, 60, varOf)!
    expect(plan.indices).toEqual([0])
    expect(plan.fraction).toBeCloseTo(30 / 50, 10)
    const plan2 = planReduction(comp, 20, varOf)!
    expect(plan2.indices).toEqual([0, 1])
    expect(plan2.fraction).toBeCloseTo(70 / 80, 10)
    expect(plan2.reachesTarget).toBe(true)
    const varHigh = (idx: readonly number[], f: number): number => varOf(idx, f) + 110
    const plan3 = planReduction(comp, 1, varHigh)!
    expect(plan3).toMatchObject({ indices: [0, 1, 3], fraction: 1, reachesTarget: false })
    expect(planReduction(Float64Array.from([-1, 0]), 10, varOf)).toBeNull()
    expect(() => planReduction(comp, 0, varOf)).toThrow(RangeError)
  })
  it('property: the plan reaches the target whenever cutting every positive contributor does', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.double({ min: 1, max: 200, noNaN: true }), (cs, target) => {
        const c = Float64Array.from(cs)
        const total = 10 + cs.reduce((s, x) => s + Math.max(0, x), 0)
        const f = (idx: readonly number[], fr: number): number => total - fr * idx.reduce((s, i) => s + (c[i] as number), 0)
        const plan = planReduction(c, target, f)
        if (plan === null) return cs.every((x) => x <= 0)
        return plan.reachesTarget ? plan.varAfter <= target + 1e-9 && plan.fraction > 0 && plan.fraction <= 1 : plan.fraction === 1
      }),
    )
  })
})
