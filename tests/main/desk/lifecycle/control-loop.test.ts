import { describe, expect, it } from 'vitest'
import type { ActionKind, ActionPlan, SizingBasis } from '../../../../src-main/desk/lifecycle/action-lifecycle'
import { SEED_LADDER } from '../../../../src-main/desk/lifecycle/action-policy'
import { ControlLoop, DEFAULT_LOOP_CONFIG, KEEP_CLOSED, type ControlLoopConfig, type LimitReading, type Sizer } from '../../../../src-main/desk/lifecycle/control-loop'
import { OverrideError } from '../../../../src-main/desk/overrides'
import type { Actor } from '../../../../src-main/desk/roles'
import { fakeClock } from './fake-time'

const LIMIT = 100
const ann: Actor = { name: 'ann', role: 'trader', verified: false }
const dora: Actor = { name: 'dora', role: 'desk-head', verified: true }
const cfg: ControlLoopConfig = { ...DEFAULT_LOOP_CONFIG, controls: { maxPause: { updates: 10, ms: 3_600_000 }, rearmCoolingOff: { updates: 0, ms: 0 } } }
const varReading = (value: number): LimitReading[] => [{ key: 'var', label: 'VaR (historical, 99 %)', value, limit: LIMIT }]

/** A sizer over a pretend book: cutting MSFT from 1000 shares brings VaR to 0.96 × limit; `shares` moves with prices. */
function sizer(state: { var: number; shares: number }): Sizer {
  return (kind: ActionKind) => {
    if (state.var <= 0.96 * LIMIT) return null
    const plan: ActionPlan = { kind, method: kind === 'hedge' ? 'min-variance' : 'least-turnover', legs: [{ symbol: kind === 'hedge' ? 'SPY' : 'MSFT', fromQuantity: 1000, toQuantity: 1000 - state.shares, price: 10 }], varAfter: 96, esAfter: null, turnover: state.shares * 10 }
    const basis: SizingBasis = { marketDate: '2020-03-02', frameSeq: 1, method: 'historical', confidence: 0.99, window: 250, varBefore: state.var, esBefore: null, varLimit: LIMIT, target: 96, positions: [{ symbol: 'MSFT', quantity: 1000, price: 10 }] }
    return { plan, basis }
  }
}
const types = (events: readonly { type: string }[]): string[] => events.map((e) => e.type)

describe('control loop: breach -> alert -> proposal -> decision -> execution -> resolution', () => {
  it('MEDIUM alerts only; HIGH proposes and holds the replay; approve, execute, resolve', () => {
    const { clock } = fakeClock('replay')
    const book = { var: 85, shares: 200 }
    const loop = new ControlLoop('demo-desk', cfg)
    expect(types(loop.onUpdate(varReading(85), clock.update('2020-03-02'), sizer(book)))).toEqual(['alert.raised'])
    expect(loop.openAction()).toBeUndefined()
    book.var = 105
    const e2 = loop.onUpdate(varReading(105), clock.update('2020-03-03'), sizer(book))
    expect(types(e2)).toEqual(['alert.escalated', 'action.proposed'])
    expect(e2[1]).toMatchObject({ policy: 'propose', alertId: 'A1', actionId: 'X1' })
    expect(loop.wantsHold()).toBe(true)
    // the feed holds; a person decides; prices moved a little: within the tolerance, approved as re-sized
    clock.stop()
    book.shares = 205
    expect(loop.approve('X1', ann, 'cut as proposed', clock.now(), sizer(book))).toMatchObject({ type: 'action.approved', actor: 'ann' })
    expect(loop.wantsHold()).toBe(false)
    expect(loop.awaitingExecution().map((a) => a.plan.legs[0]!.toQuantity)).toEqual([795])
    const applied = loop.recordExecution('X1', 'ann', { executedDate: '2020-03-03', fills: [{ symbol: 'MSFT', quantity: -205, price: 10 }], varAfter: 95.5, esAfter: null, limit: LIMIT }, clock.now())
    expect(applied).toMatchObject({ type: 'action.applied', withinLimit: true, varAfter: 95.5 })
    // back under the limit but not cleared: the alert keeps its HIGH peak, yet a rise in the MEDIUM band trades nothing
    book.var = 97
    expect(types(loop.onUpdate(varReading(96), clock.update('2020-03-03'), sizer(book)))).toEqual([])
    expect(types(loop.onUpdate(varReading(97), clock.update('2020-03-03'), sizer(book)))).toEqual([])
    expect(loop.state().tracks.var!.live?.severity).toBe('HIGH')
    book.var = 70
    expect(types(loop.onUpdate(varReading(70), clock.update('2020-03-04'), sizer(book)))).toEqual(['alert.resolved'])
    expect(loop.state().alerts.A1).toMatchObject({ state: 'resolved', severity: 'HIGH' })
  })

  it('a re-size beyond the tolerance asks again; rejecting needs a reason; the breach clearing expires an open proposal', () => {
    const { clock } = fakeClock('replay')
    const book = { var: 110, shares: 200 }
    const loop = new ControlLoop('demo-desk', cfg)
    // the seeds' rule: a breach alerts; a rising breach acts
    expect(types(loop.onUpdate(varReading(108), clock.update('2020-03-01'), sizer(book)))).toEqual(['alert.raised'])
    loop.onUpdate(varReading(110), clock.update('2020-03-02'), sizer(book))
    book.shares = 260
    expect(loop.approve('X1', ann, 'cut as proposed', clock.now(), sizer(book))).toMatchObject({ type: 'action.resized' })
    expect(() => loop.reject('X1', ann, 'no', clock.now())).toThrow(OverrideError)
    const l2 = new ControlLoop('demo-desk', cfg)
    l2.onUpdate(varReading(108), clock.update('2020-03-02'), sizer(book))
    l2.onUpdate(varReading(110), clock.update('2020-03-03'), sizer(book))
    book.var = 60
    const ev = l2.onUpdate(varReading(60), clock.update('2020-03-04'), sizer(book))
    expect(types(ev)).toEqual(['alert.resolved', 'action.expired'])
    expect(ev[1]).toMatchObject({ cause: 'breach-cleared' })
  })

  it('CRITICAL runs automatically after the grace (one update in replay), re-sized at that moment', () => {
    const { clock } = fakeClock('replay')
    const book = { var: 130, shares: 300 }
    const loop = new ControlLoop('demo-desk', cfg)
    const e1 = loop.onUpdate(varReading(130), clock.update('2020-03-02'), sizer(book))
    expect(e1[1]).toMatchObject({ type: 'action.proposed', policy: 'auto', grace: SEED_LADDER.grace })
    expect(loop.wantsHold()).toBe(false)
    book.shares = 320
    const e2 = loop.onUpdate(varReading(131), clock.update('2020-03-03'), sizer(book))
    expect(e2.at(-1)).toMatchObject({ type: 'action.approved', automatic: true, actor: 'desk' })
    expect(loop.awaitingExecution()[0]!.plan.legs[0]!.toQuantity).toBe(680)
  })

  it('a plan that cannot be sized leaves a note on its alert (once per reason), never stops the loop; at the end of a grace it expires the action', () => {
    const { clock } = fakeClock('replay')
    const failing: Sizer = () => {
      throw new RangeError('reduce: price[3] must be positive, got NaN')
    }
    const loop = new ControlLoop('demo-desk', cfg)
    const e1 = loop.onUpdate(varReading(130), clock.update('2020-03-02'), failing)
    expect(types(e1)).toEqual(['alert.raised', 'alert.noted'])
    expect(e1[1]).toMatchObject({ actor: 'desk', text: 'no reduce proposed: the plan could not be sized (price[3] must be positive, got NaN)' })
    expect(loop.openAction()).toBeUndefined()
    expect(types(loop.onUpdate(varReading(131), clock.update('2020-03-03'), failing))).toEqual([])
    // a CRITICAL auto action whose re-sizing fails when its grace ends expires as not executable
    const book = { var: 130, shares: 300 }
    const l2 = new ControlLoop('demo-desk', cfg)
    l2.onUpdate(varReading(130), clock.update('2020-03-04'), sizer(book))
    const e2 = l2.onUpdate(varReading(131), clock.update('2020-03-05'), failing)
    expect(e2.at(-1)).toMatchObject({ type: 'action.expired', cause: 'not-executable' })
    expect(l2.openAction()).toBeUndefined()
  })

  it('a stopped live or replay feed still runs the auto grace out on the wall clock (tick)', () => {
    const { clock, advance } = fakeClock('replay')
    const book = { var: 130, shares: 300 }
    const loop = new ControlLoop('demo-desk', cfg)
    loop.onUpdate(varReading(130), clock.update('2020-03-02'), sizer(book))
    clock.stop()
    advance(29_999)
    expect(loop.tick(clock.now(), sizer(book))).toEqual([])
    advance(1)
    expect(types(loop.tick(clock.now(), sizer(book)))).toEqual(['action.approved'])
  })

  it('paused automation proposes instead of applying; the kill switch stops proposals and approvals until a desk head re-arms', () => {
    const { clock } = fakeClock('replay')
    const book = { var: 130, shares: 300 }
    const loop = new ControlLoop('demo-desk', cfg)
    loop.override({ kind: 'pause', actor: ann, reason: 'news due', span: { updates: 5, ms: 600_000 } }, clock.now())
    expect(loop.onUpdate(varReading(130), clock.update('2020-03-02'), sizer(book))[1]).toMatchObject({ type: 'action.proposed', policy: 'propose' })
    loop.override({ kind: 'kill', actor: ann, reason: 'runaway losses', confirmation: 'demo-desk' }, clock.now())
    expect(() => loop.approve('X1', ann, 'go ahead', clock.now(), sizer(book))).toThrow(/kill switch/)
    loop.reject('X1', ann, 'flattening instead', clock.now())
    for (const d of ['03', '04']) expect(types(loop.onUpdate(varReading(131), clock.update(`2020-03-${d}`), sizer(book))).filter((t) => t.startsWith('action.'))).toEqual([])
    expect(() => loop.override({ kind: 'rearm', actor: ann, reason: 'all clear' }, clock.now())).toThrow(/only a desk head/)
    expect(loop.override({ kind: 'rearm', actor: dora, reason: 'book reviewed' }, clock.now())).toMatchObject({ type: 'override.rearmed' })
    loop.override({ kind: 'resume', actor: ann, reason: 'news out' }, clock.now())
    const after = loop.onUpdate(varReading(132), clock.update('2020-03-05'), sizer(book))
    expect(after.find((e) => e.type === 'action.proposed')).toMatchObject({ policy: 'auto' })
  })

  it('the pause expires by itself (override.expired) and automation re-arms', () => {
    const { clock } = fakeClock('replay')
    const loop = new ControlLoop('demo-desk', cfg)
    loop.override({ kind: 'pause', actor: ann, reason: 'news due', span: { updates: 1, ms: 600_000 } }, clock.now())
    const ev = loop.onUpdate(varReading(50), clock.update('2020-03-03'), sizer({ var: 50, shares: 0 }))
    expect(ev).toEqual([expect.objectContaining({ type: 'override.expired', what: 'pause' })])
  })

  it('under reduce-only a modified plan that raises VaR is refused with the reason', () => {
    const { clock } = fakeClock('replay')
    const book = { var: 110, shares: 200 }
    const loop = new ControlLoop('demo-desk', cfg)
    loop.onUpdate(varReading(108), clock.update('2020-03-01'), sizer(book))
    loop.onUpdate(varReading(110), clock.update('2020-03-02'), sizer(book))
    loop.override({ kind: 'reduce-only', actor: ann, reason: 'near the limit', span: null }, clock.now())
    const buy: ActionPlan = { kind: 'reduce', method: 'manual', legs: [{ symbol: 'MSFT', fromQuantity: 1000, toQuantity: 1100, price: 10 }], varAfter: 120, esAfter: null, turnover: 1000 }
    expect(() => loop.modify('X1', ann, 'buy the dip', buy, 110, clock.now())).toThrow(/reduce-only mode .* would raise VaR from 110 to 120/)
    const smaller = { ...buy, legs: [{ ...buy.legs[0]!, toQuantity: 900 }], varAfter: 99 }
    expect(loop.modify('X1', ann, 'smaller cut', smaller, 110, clock.now())).toMatchObject({ type: 'action.modified' })
  })

  it('alerts: acknowledge, snooze and note through the loop; escalation by time on tick', () => {
    const { clock, advance } = fakeClock('live')
    const loop = new ControlLoop('demo-desk', cfg)
    loop.onUpdate(varReading(85), clock.update('2020-03-02'), sizer({ var: 85, shares: 0 }))
    expect(loop.note('A1', ann, 'watching it', clock.now())).toMatchObject({ type: 'alert.noted' })
    advance(15 * 60_000)
    expect(types(loop.tick(clock.now(), sizer({ var: 85, shares: 0 })))).toEqual(['alert.escalated'])
    expect(loop.acknowledge('A1', ann, clock.now())).toMatchObject({ type: 'alert.acknowledged', severity: 'HIGH' })
    expect(() => loop.snooze('A1', ann, 'later', { updates: 1, ms: 1 }, clock.now())).toThrow(/acknowledged: cannot snooze/)
    expect(() => loop.acknowledge('A9', ann, clock.now())).toThrow(/no alert A9/)
  })

  it('the whole state survives a restart as JSON: the same open alert and pending action, the same next step', () => {
    const { clock } = fakeClock('replay')
    const book = { var: 105, shares: 200 }
    const loop = new ControlLoop('demo-desk', cfg)
    loop.onUpdate(varReading(101), clock.update('2020-03-01'), sizer(book))
    loop.onUpdate(varReading(105), clock.update('2020-03-02'), sizer(book))
    loop.override({ kind: 'lock', actor: ann, reason: 'promised the PM' }, clock.now())
    const restored = ControlLoop.fromJSON(loop.toJSON(), cfg)
    expect(restored.state()).toEqual(loop.state())
    expect(restored.openAction()?.id).toBe('X1')
    expect(restored.wantsHold()).toBe(true)
    const a = loop.approve('X1', ann, 'go ahead', clock.now(), sizer(book))
    const b = restored.approve('X1', ann, 'go ahead', clock.now(), sizer(book))
    expect(b).toEqual(a)
  })
})

describe('control loop state size', () => {
  it('keeps the newest KEEP_CLOSED resolved alerts; live ones and the numbering are untouched', () => {
    const { clock } = fakeClock('replay')
    const loop = new ControlLoop('demo-desk', { ...cfg, ruleFor: () => ({ ...DEFAULT_LOOP_CONFIG.ruleFor('var'), cooldown: { updates: 0, ms: 0 } }) })
    const none: Sizer = () => null
    const n = KEEP_CLOSED + 30
    for (let i = 0; i < n; i++) {
      loop.onUpdate(varReading(85), clock.update('2020-03-02'), none)
      loop.onUpdate(varReading(10), clock.update('2020-03-02'), none)
    }
    loop.onUpdate(varReading(85), clock.update('2020-03-03'), none)
    const alerts = loop.state().alerts
    const resolved = Object.values(alerts).filter((a) => a.state === 'resolved')
    expect(resolved).toHaveLength(KEEP_CLOSED)
    expect(resolved[0]!.id).toBe(`A${n - KEEP_CLOSED + 1}`)
    expect(alerts[`A${n + 1}`]).toMatchObject({ state: 'open' })
    expect(ControlLoop.fromJSON(loop.toJSON(), cfg).state()).toEqual(loop.state())
  })
})
