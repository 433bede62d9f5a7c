/**
 * Every event the lifecycles and the override policy return parses with its audit schema
 * (src-shared/domain/audit-events/lifecycle.ts) once the desk adds the envelope, and no field is dropped by the parse.
 */
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { AUDIT_EVENT_SCHEMAS } from '@shared/domain/audit-events'
import { lifecycleEvents, overrideEvents } from '@shared/domain/audit-events/lifecycle'
import {
  applyAction,
  approveAction,
  autoApproveAction,
  checkExpiry,
  modifyAction,
  proposeAction,
  rejectAction,
  type ActionPlan,
  type SizingBasis,
} from '../../../../src-main/desk/lifecycle/action-lifecycle'
import { acknowledgeAlert, DEFAULT_LADDER, newTrack, noteAlert, observe, snoozeAlert, tickTrack } from '../../../../src-main/desk/lifecycle/alert-lifecycle'
import { applyOverride, expireOverrides, initialControls, refusal, type OverrideError, type OverrideEvent } from '../../../../src-main/desk/overrides'
import type { Actor } from '../../../../src-main/desk/roles'
import { fakeClock } from './fake-time'

const SESSION = '0123456789abcdef'
const ALL = { ...lifecycleEvents, ...overrideEvents } as Record<string, z.ZodType>

function expectParses(event: { type: string } & Record<string, unknown>): void {
  const { type, ...payload } = event
  const schema = ALL[type]
  expect(schema, `no schema for ${type}`).toBeDefined()
  const withEnvelope = { sessionId: SESSION, ...payload }
  const parsed = schema!.safeParse(withEnvelope)
  expect(parsed.success, `${type}: ${parsed.success ? '' : parsed.error.message}`).toBe(true)
  // nothing the machine wrote is lost: the schema names every field
  expect(parsed.data).toEqual(withEnvelope)
}

const plan = (q: number): ActionPlan => ({ kind: 'reduce', method: 'least-turnover', legs: [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: q, price: 150 }], varAfter: 290_000, esAfter: null, turnover: (8000 - q) * 150 })
const basis: SizingBasis = { marketDate: '2020-03-02', frameSeq: 3, method: 'historical', confidence: 0.99, window: 250, varBefore: 340_000, esBefore: 400_000, varLimit: 310_000, target: 297_600, positions: [{ symbol: 'MSFT', quantity: 8000, price: 150 }] }

describe('audit schemas of the issue-8 events', () => {
  it('every action event', () => {
    const { clock } = fakeClock('replay')
    const now = clock.now()
    const p = proposeAction({ id: 'X1', alertId: 'A1', policy: 'auto', plan: plan(6000), basis, grace: { updates: 1, ms: 1000 } }, now)
    const resized = approveAction(p.action, { actor: 'ann', reason: 'go ahead', current: plan(5000) }, now)
    const approved = approveAction(resized.action, { actor: 'ann', reason: 'confirmed', current: plan(5000) }, now)
    const applied = applyAction(approved.action, 'ann', { executedDate: '2020-03-02', fills: [{ symbol: 'MSFT', quantity: -3000, price: 150 }], varAfter: 280_000, esAfter: 300_000, limit: 310_000 }, now)
    const events = [p.event, resized.event, approved.event, applied.event]
    events.push(rejectAction(p.action, { actor: 'ann', reason: 'hedged elsewhere' }, now).event)
    events.push(modifyAction(p.action, { actor: 'ann', reason: 'smaller', plan: plan(7000) }, now).event)
    events.push(checkExpiry(p.action, false, now)!.event)
    clock.update('2020-03-03')
    events.push(autoApproveAction(p.action, plan(6000), clock.now()).event)
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.keys(lifecycleEvents).filter((t) => t.startsWith('action.'))))
    for (const e of events) expectParses(e as unknown as { type: string })
  })
  it('every alert event', () => {
    const { clock } = fakeClock('replay')
    const rule = { key: 'var', label: 'VaR (historical, 99 %)', limit: 100, ladder: DEFAULT_LADDER, clearBelowRatio: 0.75, cooldown: { updates: 1, ms: 1 }, escalateAfter: { updates: 1, ms: 1 } }
    let n = 0
    const raised = observe(newTrack(rule), 90, clock.now(), () => `A${++n}`, { method: 'historical', asof: '2020-03-02', window: 250 })
    const live = raised.track.live!
    const events = [...raised.events]
    events.push(acknowledgeAlert(live, 'ann', clock.now()).event)
    events.push(snoozeAlert(live, { actor: 'ann', reason: 'on a call', span: { updates: 1, ms: 1000 } }, clock.now()).event)
    events.push(noteAlert(live, 'ann', 'called the PM', clock.now()).event)
    events.push(...observe(raised.track, 110, clock.now(), () => 'A9').events)
    clock.update('2020-03-03')
    events.push(...tickTrack(raised.track, clock.now()).events)
    events.push(...observe(raised.track, 10, clock.now(), () => 'A9').events)
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.keys(lifecycleEvents).filter((t) => t.startsWith('alert.'))))
    for (const e of events) expectParses(e as unknown as { type: string })
  })
  it('every override event, including a refusal, and override.* is in the desk registry', () => {
    const { clock, advance } = fakeClock('live')
    const trader: Actor = { name: 'ann', role: 'trader', verified: false }
    const head: Actor = { name: 'dora', role: 'desk-head', verified: true }
    const cfg = { maxPause: { updates: 10, ms: 1e9 }, rearmCoolingOff: { updates: 0, ms: 0 } }
    const span = { updates: 1, ms: 1000 }
    const events: OverrideEvent[] = []
    let s = initialControls('demo-desk')
    const step = (r: Parameters<typeof applyOverride>[1]): void => {
      const out = applyOverride(s, r, clock.now(), cfg)
      s = out.state
      events.push(out.event)
    }
    step({ kind: 'pause', actor: trader, reason: 'news due', span })
    step({ kind: 'resume', actor: trader, reason: 'news out' })
    step({ kind: 'pause', actor: trader, reason: 'news due', span })
    step({ kind: 'reduce-only', actor: trader, reason: 'near limit', span })
    step({ kind: 'lift-reduce-only', actor: trader, reason: 'back in range' })
    step({ kind: 'reduce-only', actor: trader, reason: 'near limit', span })
    step({ kind: 'lock', actor: trader, reason: 'promised the PM' })
    step({ kind: 'unlock', actor: head, reason: 'approved add' })
    step({ kind: 'lock', actor: trader, reason: 'promised the PM' })
    step({ kind: 'kill', actor: trader, reason: 'runaway', confirmation: 'demo-desk' })
    step({ kind: 'rearm', actor: head, reason: 'reviewed' })
    advance(1000)
    clock.update('2020-03-03')
    events.push(...expireOverrides(s, clock.now()).events)
    try {
      applyOverride(s, { kind: 'rearm', actor: trader, reason: 'no' }, clock.now(), cfg)
    } catch (e) {
      events.push(refusal(s, trader, 'rearm', 'no', e as OverrideError, clock.now()))
    }
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.keys(overrideEvents)))
    expect(events.filter((e) => e.type === 'override.expired').map((e) => (e as { what: string }).what).sort()).toEqual(['lock', 'pause', 'reduce-only'])
    for (const e of events) expectParses(e as unknown as { type: string })
    for (const t of Object.keys(overrideEvents)) expect(AUDIT_EVENT_SCHEMAS[t]).toBe(overrideEvents[t as keyof typeof overrideEvents])
  })
  it('the lifecycle events are the desk registry\'s alert and action schemas (one schema per type; alert.cleared is gone)', () => {
    for (const t of Object.keys(lifecycleEvents)) expect(AUDIT_EVENT_SCHEMAS[t]).toBe(lifecycleEvents[t as keyof typeof lifecycleEvents])
    const registered = Object.keys(AUDIT_EVENT_SCHEMAS).filter((t) => t.startsWith('alert.') || t.startsWith('action.'))
    expect(registered.sort()).toEqual(Object.keys(lifecycleEvents).sort())
    expect(AUDIT_EVENT_SCHEMAS['alert.cleared']).toBeUndefined()
  })
})
