import { describe, expect, it } from 'vitest'
import {
  acknowledgeAlert,
  ALERT_STATES,
  DEFAULT_LADDER,
  escalationRemaining,
  newTrack,
  noteAlert,
  observe,
  severityOnLadder,
  snoozeAlert,
  tickTrack,
  validateRule,
  withLive,
  type AlertRecord,
  type AlertRule,
  type AlertState,
  type RuleTrack,
} from '../../../../src-main/desk/lifecycle/alert-lifecycle'
import type { DeskTime } from '../../../../src-main/desk/lifecycle/desk-time'
import { LifecycleError } from '../../../../src-main/desk/lifecycle/lifecycle-error'
import { fakeClock } from './fake-time'

const rule: AlertRule = {
  key: 'var',
  label: 'VaR (historical, 99 %)',
  limit: 100,
  ladder: DEFAULT_LADDER,
  clearBelowRatio: 0.75,
  cooldown: { updates: 3, ms: 60_000 },
  escalateAfter: { updates: 2, ms: 5 * 60_000 },
}

function ids(): () => string {
  let n = 0
  return () => `A${++n}`
}

/** A live alert in each live state (resolved: the record returned by the resolving reading). */
function inState(s: AlertState, now: DeskTime): AlertRecord {
  const raised = observe(newTrack(rule), 90, now, ids()).track.live!
  if (s === 'open') return raised
  if (s === 'acknowledged') return acknowledgeAlert(raised, 'ann', now).alert
  if (s === 'escalated') return observe({ rule, live: raised, lastResolvedAt: null }, 105, now, ids()).track.live!
  const r = observe({ rule, live: raised, lastResolvedAt: null }, 10, now, ids())
  const ev = r.events[0]!
  expect(ev.type).toBe('alert.resolved')
  return { ...raised, state: 'resolved' }
}

const STEPS: { name: string; legal: readonly AlertState[]; run: (a: AlertRecord, now: DeskTime) => unknown }[] = [
  { name: 'acknowledge', legal: ['open', 'escalated'], run: (a, n) => acknowledgeAlert(a, 'ann', n) },
  { name: 'snooze', legal: ['open', 'escalated'], run: (a, n) => snoozeAlert(a, { actor: 'ann', reason: 'in a meeting', span: { updates: 1, ms: 1 } }, n) },
  { name: 'note', legal: ['open', 'escalated', 'acknowledged', 'resolved'], run: (a, n) => noteAlert(a, 'ann', 'called the PM', n) },
]

describe('alert lifecycle: the transition table (manual steps)', () => {
  const { clock } = fakeClock('replay')
  for (const step of STEPS) {
    for (const s of ALERT_STATES) {
      const legal = step.legal.includes(s)
      it(`${step.name} from ${s} is ${legal ? 'legal' : 'refused'}`, () => {
        const a = inState(s, clock.now())
        expect(a.state).toBe(s)
        if (legal) expect(() => step.run(a, clock.now())).not.toThrow()
        else expect(() => step.run(a, clock.now())).toThrow(new RegExp(`alert A1 is ${s}: cannot ${step.name}`))
      })
    }
  }
})

describe('alert lifecycle: readings', () => {
  for (const s of ['open', 'escalated', 'acknowledged'] as const) {
    it(`resolves from ${s} when the metric clears; escalation by time only from open or escalated`, () => {
      const { clock } = fakeClock('replay')
      const live = inState(s, clock.now())
      const t: RuleTrack = { rule, live, lastResolvedAt: null }
      expect(observe(t, 10, clock.now(), ids()).events[0]).toMatchObject({ type: 'alert.resolved', alertId: 'A1' })
      clock.update('2020-03-03')
      clock.update('2020-03-04')
      expect(tickTrack(t, clock.now()).events.length).toBe(s === 'acknowledged' ? 0 : 1)
    })
  }
  it('raises at the first rung with its severity and the inputs; nothing below it', () => {
    const { clock } = fakeClock('replay')
    expect(observe(newTrack(rule), 80, clock.now(), ids()).events).toEqual([])
    const r = observe(newTrack(rule), 80.01, clock.now(), ids(), { method: 'historical', asof: '2020-03-02' })
    expect(r.track.live).toMatchObject({ id: 'A1', state: 'open', severity: 'MEDIUM', value: 80.01 })
    expect(r.events[0]).toMatchObject({ type: 'alert.raised', severity: 'MEDIUM', notify: ['trader'], inputs: { method: 'historical' } })
    expect(severityOnLadder(rule, 100)).toBe('MEDIUM')
    expect(severityOnLadder(rule, 100.5)).toBe('HIGH')
    expect(severityOnLadder(rule, 125.5)).toBe('CRITICAL')
    const crit = observe(newTrack(rule), 130, clock.now(), ids())
    expect(crit.events[0]).toMatchObject({ severity: 'CRITICAL', notify: ['trader', 'desk-head'] })
  })
  it('hysteresis: resolves only below the clear level, not when the value dips under the warning level', () => {
    const { clock } = fakeClock('replay')
    let t: RuleTrack = observe(newTrack(rule), 105, clock.now(), ids()).track
    for (const v of [79, 76, 75]) {
      const r = observe(t, v, clock.now(), ids())
      expect(r.events).toEqual([])
      t = r.track
      expect(t.live?.value).toBe(v)
    }
    const r = observe(t, 74.9, clock.now(), ids())
    expect(r.events[0]).toMatchObject({ type: 'alert.resolved', state: 'resolved', value: 74.9, clearBelow: 75, actor: 'desk' })
    expect(r.track.live).toBeNull()
  })
  it('the peak severity stands while the alert is live; a higher rung escalates (cause metric) and needs a new acknowledgement', () => {
    const { clock } = fakeClock('replay')
    let t = observe(newTrack(rule), 90, clock.now(), ids()).track
    t = withLive(t, acknowledgeAlert(t.live!, 'ann', clock.now()).alert)
    const up = observe(t, 110, clock.now(), ids())
    expect(up.events[0]).toMatchObject({ type: 'alert.escalated', cause: 'metric', from: 'MEDIUM', severity: 'HIGH', state: 'escalated' })
    expect(up.track.live?.acknowledged).toBeNull()
    const down = observe(up.track, 85, clock.now(), ids())
    expect(down.events).toEqual([])
    expect(down.track.live?.severity).toBe('HIGH')
  })
  it('cooldown: after a resolution a new breach raises nothing until the cooldown has passed, except CRITICAL', () => {
    const { clock } = fakeClock('replay')
    const id = ids()
    let t = observe(newTrack(rule), 105, clock.now(), id).track
    t = observe(t, 50, clock.now(), id).track
    clock.update('2020-03-03')
    const quiet = observe(t, 110, clock.now(), id)
    expect(quiet.events).toEqual([])
    expect(quiet.suppressed).toMatchObject({ severity: 'HIGH', reason: expect.stringContaining('cooldown') })
    const crit = observe(t, 130, clock.now(), id)
    expect(crit.events[0]).toMatchObject({ type: 'alert.raised', severity: 'CRITICAL', alertId: 'A2' })
    clock.update('2020-03-04')
    clock.update('2020-03-05')
    expect(observe(t, 110, clock.now(), id).events[0]).toMatchObject({ type: 'alert.raised', severity: 'HIGH' })
  })
  it('a reading that is not a finite number is refused (never read as 0)', () => {
    const { clock } = fakeClock('replay')
    expect(() => observe(newTrack(rule), Number.NaN, clock.now(), ids())).toThrow(/finite/)
  })
  it('rules without hysteresis or with an unordered ladder are refused', () => {
    expect(() => validateRule({ ...rule, clearBelowRatio: 0.8 })).toThrow(/hysteresis/)
    expect(() => validateRule({ ...rule, ladder: [DEFAULT_LADDER[1]!, DEFAULT_LADDER[0]!] })).toThrow(/rise/)
    expect(() => validateRule({ ...rule, limit: 0 })).toThrow(LifecycleError)
    expect(() => validateRule({ ...rule, ladder: [] })).toThrow(/empty/)
  })
})

describe('alert lifecycle: escalation and snooze on a fake clock', () => {
  it('replay: unacknowledged for N updates -> one rung up and the desk head notified; repeats up to the top rung', () => {
    const { clock } = fakeClock('replay')
    let t = observe(newTrack(rule), 90, clock.now(), ids()).track
    clock.update('2020-03-03')
    expect(tickTrack(t, clock.now()).events).toEqual([])
    expect(escalationRemaining(t, clock.now())).toMatchObject({ updates: 1, elapsed: false })
    clock.update('2020-03-04')
    const e1 = tickTrack(t, clock.now())
    expect(e1.events[0]).toMatchObject({ type: 'alert.escalated', cause: 'unacknowledged', from: 'MEDIUM', severity: 'HIGH', notify: ['trader', 'desk-head'] })
    t = e1.track
    clock.update('2020-03-05')
    clock.update('2020-03-06')
    const e2 = tickTrack(t, clock.now())
    expect(e2.events[0]).toMatchObject({ from: 'HIGH', severity: 'CRITICAL' })
    clock.update('2020-03-07')
    clock.update('2020-03-08')
    expect(tickTrack(e2.track, clock.now()).events).toEqual([])
  })
  it('live: escalation counts wall minutes; acknowledging stops it', () => {
    const { clock, advance } = fakeClock('live')
    const t = observe(newTrack(rule), 90, clock.now(), ids()).track
    advance(5 * 60_000 - 1)
    expect(tickTrack(t, clock.now()).events).toEqual([])
    const acked = withLive(t, acknowledgeAlert(t.live!, 'ann', clock.now()).alert)
    advance(1)
    expect(tickTrack(t, clock.now()).events).toHaveLength(1)
    expect(tickTrack(acked, clock.now()).events).toEqual([])
    expect(escalationRemaining(acked, clock.now())).toBeNull()
  })
  it('a paused replay still escalates, in wall time', () => {
    const { clock, advance } = fakeClock('replay')
    const t = observe(newTrack(rule), 90, clock.now(), ids()).track
    clock.stop()
    advance(5 * 60_000)
    expect(tickTrack(t, clock.now()).events[0]).toMatchObject({ cause: 'unacknowledged' })
  })
  it('snooze: no escalation during the snooze; the timer restarts when it ends; a reason is mandatory', () => {
    const { clock, advance } = fakeClock('live')
    let t = observe(newTrack(rule), 90, clock.now(), ids()).track
    expect(() => snoozeAlert(t.live!, { actor: 'ann', reason: '', span: { updates: 1, ms: 60_000 } }, clock.now())).toThrow(/reason/)
    expect(() => snoozeAlert(t.live!, { actor: 'ann', reason: 'lunch', span: { updates: 0, ms: 0 } }, clock.now())).toThrow(/positive span/)
    const s = snoozeAlert(t.live!, { actor: 'ann', reason: 'on the phone with the PM', span: { updates: 5, ms: 10 * 60_000 } }, clock.now())
    expect(s.event).toMatchObject({ type: 'alert.snoozed', actor: 'ann', span: { ms: 600_000 } })
    t = withLive(t, s.alert)
    advance(10 * 60_000 - 1)
    expect(tickTrack(t, clock.now()).events).toEqual([])
    advance(1)
    const woke = tickTrack(t, clock.now())
    expect(woke.events).toEqual([])
    expect(woke.track.live?.snooze).toBeNull()
    advance(5 * 60_000)
    expect(tickTrack(woke.track, clock.now()).events[0]).toMatchObject({ type: 'alert.escalated', cause: 'unacknowledged' })
  })
  it('notes accumulate with actor and time; resolved alerts leave the track only by resolving', () => {
    const { clock } = fakeClock('replay')
    const t = observe(newTrack(rule), 90, clock.now(), ids()).track
    const n1 = noteAlert(t.live!, 'ann', 'called the PM', clock.now())
    const n2 = noteAlert(n1.alert, 'bob', 'PM agrees to cut', clock.now())
    expect(n2.alert.notes.map((n) => [n.actor, n.text])).toEqual([['ann', 'called the PM'], ['bob', 'PM agrees to cut']])
    expect(n2.event).toMatchObject({ type: 'alert.noted', text: 'PM agrees to cut' })
    expect(() => noteAlert(t.live!, 'ann', '  ', clock.now())).toThrow(/reason|note/)
    expect(() => withLive(t, { ...t.live!, state: 'resolved' })).toThrow(LifecycleError)
    expect(() => withLive(t, { ...t.live!, id: 'A9' })).toThrow(/not the live alert/)
  })
})
