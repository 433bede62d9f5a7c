/**
 * The desk's control loop as one composable, I/O-free object (issue 8): limits -> alerts -> policy -> actions ->
 * overrides, on DeskTime. It owns the state of one book (alert tracks, alert and action records, override controls)
 * and returns the events to audit; the host owns prices, sizing (Sizer), execution (a venue) and the audit trail.
 * Every piece is one of the tested state machines (alert-lifecycle, action-lifecycle, overrides, action-policy); this
 * file only orders them. Its state is plain JSON (toJSON/fromJSON), so it survives a restart through the database.
 *
 * Per market update (onUpdate): overrides expire; each reading feeds its alert rule; the open action of the driving
 * rule (default 'var') expires if that breach cleared or the proposal went stale; a new action is proposed when the
 * reading's severity now (not the alert's peak) has a policy that acts and the metric rose `risingUpdates` times in a
 * row (CRITICAL acts at once); auto actions whose grace elapsed are approved with a plan re-sized now. Between updates (tick): escalation,
 * override expiry and due auto actions. A replay holds (wantsHold) while a proposal awaits a person.
 */
import type { Severity } from '@shared/domain/alert'
import { automationArmed, applyOverride, checkChange, DEFAULT_CONTROL_CONFIG, expireOverrides, initialControls, mayDecide, OverrideError, type ControlConfig, type ControlState, type OverrideEvent, type OverrideRequest } from '../overrides'
import { userReason } from '../../risk/unavailable-figures'
import type { Actor } from '../roles'
import {
  applyAction,
  approveAction,
  autoApproveAction,
  checkExpiry,
  DEFAULT_ACTION_CONFIG,
  dueForAuto,
  expireAction,
  modifyAction,
  proposeAction,
  rejectAction,
  type ActionEvent,
  type ActionKind,
  type ActionLifecycleConfig,
  type ActionPlan,
  type ActionRecord,
  type ActionTransition,
  type Alternative,
  type Execution,
  type SizingBasis,
  SYSTEM_ACTOR,
} from './action-lifecycle'
import { decidePolicy, SEED_LADDER, type SeverityPolicy } from './action-policy'
import { acknowledgeAlert, DEFAULT_LADDER, newTrack, noteAlert, observe, severityOnLadder, snoozeAlert, tickTrack, withLive, type AlertEvent, type AlertRecord, type AlertRule, type RuleTrack } from './alert-lifecycle'
import type { DeskTime, Span } from './desk-time'
import { LifecycleError } from './lifecycle-error'

export type LoopEvent = ActionEvent | AlertEvent | OverrideEvent

/** One limit measured on one update: the figure and the limit in force now (a regime may tighten it). */
export interface LimitReading {
  readonly key: string
  readonly label: string
  readonly value: number
  readonly limit: number
  readonly inputs?: AlertRecord['inputs']
}

/** Sizes an action of `kind` on the live book now; null when there is nothing to do (risk already under target). */
export type Sizer = (kind: ActionKind) => { plan: ActionPlan; basis: SizingBasis; alternative?: Alternative | null } | null

/** Rule parameters other than the limit (the same for every rule unless `ruleFor` says otherwise). */
export type RuleShape = Pick<AlertRule, 'ladder' | 'clearBelowRatio' | 'cooldown' | 'escalateAfter'>

export interface ControlLoopConfig {
  readonly policy: SeverityPolicy
  readonly actions: ActionLifecycleConfig
  readonly controls: ControlConfig
  /** rule parameters per rule key */
  readonly ruleFor: (key: string) => RuleShape
  /** the rule whose alert drives actions */
  readonly actionRule: string
  /** consecutive rising readings in breach before a proposal (CRITICAL acts at once) */
  readonly risingUpdates: number
  /** a replay holds while a proposal awaits a person (setting; `--no-hold` turns it off) */
  readonly hold: boolean
}

/** Default rule shape: the seeds' ladder, clears 2 % under the warning rung, 1-update/5-minute cooldown, 15-minute escalation. */
export const DEFAULT_RULE: RuleShape = {
  ladder: DEFAULT_LADDER,
  clearBelowRatio: DEFAULT_LADDER[0]!.aboveRatio - 0.02,
  cooldown: { updates: 1, ms: 5 * 60_000 },
  escalateAfter: { updates: 3, ms: 15 * 60_000 },
}

export const DEFAULT_LOOP_CONFIG: ControlLoopConfig = {
  policy: SEED_LADDER,
  actions: DEFAULT_ACTION_CONFIG,
  controls: DEFAULT_CONTROL_CONFIG,
  ruleFor: () => DEFAULT_RULE,
  actionRule: 'var',
  risingUpdates: 1,
  hold: true,
}

/** The loop's whole state, as plain JSON. */
export interface ControlLoopState {
  readonly book: string
  readonly tracks: Record<string, RuleTrack>
  /** every alert ever raised, by id (live ones mirror their track) */
  readonly alerts: Record<string, AlertRecord>
  readonly actions: readonly ActionRecord[]
  readonly controls: ControlState
  readonly nextAlert: number
  readonly nextAction: number
  readonly rising: { readonly last: number | null; readonly count: number }
}

const OPEN = new Set(['proposed', 'resized'])
/** Closed alerts and settled actions kept in the state (the trail keeps every one; the desk shows the recent ones). */
export const KEEP_CLOSED = 200

/** The same state, updated in place: one market update costs O(rules), not O(rules x alerts) copies. */
interface LoopState {
  book: string
  tracks: Record<string, RuleTrack>
  alerts: Record<string, AlertRecord>
  actions: ActionRecord[]
  controls: ControlState
  nextAlert: number
  nextAction: number
  rising: { last: number | null; count: number }
}

export class ControlLoop {
  private readonly s: LoopState

  constructor(
    book: string,
    private readonly cfg: ControlLoopConfig = DEFAULT_LOOP_CONFIG,
    private readonly ids: { alert: string; action: string } = { alert: 'A', action: 'X' },
    state?: ControlLoopState,
  ) {
    this.s = state
      ? { ...state, tracks: { ...state.tracks }, alerts: { ...state.alerts }, actions: [...state.actions], rising: { ...state.rising } }
      : { book, tracks: {}, alerts: {}, actions: [], controls: initialControls(book), nextAlert: 1, nextAction: 1, rising: { last: null, count: 0 } }
  }

  /** Restores a loop from toJSON() output (e.g. read back from the database after a restart). */
  static fromJSON(json: string, cfg: ControlLoopConfig = DEFAULT_LOOP_CONFIG, ids?: { alert: string; action: string }): ControlLoop {
    const state = JSON.parse(json) as ControlLoopState
    return new ControlLoop(state.book, cfg, ids, state)
  }

  toJSON(): string {
    return JSON.stringify(this.s)
  }

  state(): ControlLoopState {
    return this.s
  }

  /** The open action (proposed or re-sized), if any: at most one at a time. */
  openAction(): ActionRecord | undefined {
    return this.s.actions.find((a) => OPEN.has(a.state))
  }

  /** Decided actions the host must execute now (then recordExecution). */
  awaitingExecution(): ActionRecord[] {
    return this.s.actions.filter((a) => a.state === 'approved' || a.state === 'modified')
  }

  /** True while a proposal awaits a person and the hold setting is on (the replay pauses its feed). */
  wantsHold(): boolean {
    const a = this.openAction()
    return this.cfg.hold && a !== undefined && a.policy === 'propose'
  }

  /**
   * One market update: readings of every limit, then the action policy. `autoBlocked` (e.g. figures that leave
   * positions out) turns an automatic policy into a proposal, with that reason recorded.
   */
  onUpdate(readings: readonly LimitReading[], now: DeskTime, size: Sizer, autoBlocked: string | null = null): LoopEvent[] {
    const events: LoopEvent[] = [...this.expireControls(now)]
    for (const r of readings) events.push(...this.observe(r, now))
    const driving = this.s.tracks[this.cfg.actionRule]?.live ?? null
    const open = this.openAction()
    if (open) {
      const t = checkExpiry(open, driving !== null, now, this.cfg.actions)
      if (t) events.push(this.put(t))
    }
    const reading = readings.find((r) => r.key === this.cfg.actionRule)
    this.countRise(reading?.value ?? null, driving !== null)
    // the policy acts on the severity of the reading now (the alert keeps its peak): a VaR back under the limit does
    // not trade again just because the alert has not cleared yet
    const current = driving !== null && reading !== undefined ? severityOnLadder(this.s.tracks[this.cfg.actionRule]!.rule, reading.value) : null
    if (driving !== null && current !== null && this.openAction() === undefined && (this.s.rising.count >= this.cfg.risingUpdates || current === 'CRITICAL')) {
      events.push(...this.propose(driving, current, now, size, autoBlocked))
    }
    if (autoBlocked === null) events.push(...this.autoApprove(now, size))
    return events
  }

  /** Between updates (live timer, or a held replay): escalations, override expiry, due auto actions. */
  tick(now: DeskTime, size: Sizer): LoopEvent[] {
    const events: LoopEvent[] = [...this.expireControls(now)]
    for (const key of Object.keys(this.s.tracks)) {
      const r = tickTrack(this.s.tracks[key]!, now)
      this.setTrack(key, r.track)
      events.push(...r.events)
    }
    events.push(...this.autoApprove(now, size))
    return events
  }

  /**
   * A person approves the open action; re-sized on current prices (a re-size beyond tolerance asks again).
   * @throws OverrideError (reason, passphrase, kill switch, a risk-increasing plan under reduce-only/lock); LifecycleError
   */
  approve(id: string, actor: Actor, reason: string, now: DeskTime, size: Sizer): LoopEvent {
    mayDecide(this.s.controls, actor, 'approve', reason)
    const a = this.action(id)
    const current = size(a.plan.kind)
    if (current === null) return this.put(expireAction(a, 'breach-cleared', 'nothing left to do at decision time: the risk is under the target', now))
    this.assertAllowed(current.plan, current.basis.varBefore)
    return this.put(approveAction(a, { actor: actor.name, reason, current: current.plan }, now, this.cfg.actions))
  }

  /** @throws OverrideError, LifecycleError */
  reject(id: string, actor: Actor, reason: string, now: DeskTime): LoopEvent {
    mayDecide(this.s.controls, actor, 'reject', reason)
    this.s.rising.count = 0
    return this.put(rejectAction(this.action(id), { actor: actor.name, reason }, now))
  }

  /** A person's own plan (sized by the host at current prices). @throws OverrideError, LifecycleError */
  modify(id: string, actor: Actor, reason: string, plan: ActionPlan, varNow: number, now: DeskTime): LoopEvent {
    mayDecide(this.s.controls, actor, 'modify', reason)
    this.assertAllowed(plan, varNow)
    return this.put(modifyAction(this.action(id), { actor: actor.name, reason, plan }, now))
  }

  /** The host executed a decided action (venue fills and the VaR recomputed on the traded book). */
  recordExecution(id: string, actor: string, e: Execution, now: DeskTime): LoopEvent {
    this.s.rising = { last: null, count: 0 }
    return this.put(applyAction(this.action(id), actor, e, now))
  }

  /**
   * A person's own action outside the policy (the kill switch's flatten): proposed and approved in one step, to be
   * executed by the host. Any open or undecided action is cancelled first.
   * @throws OverrideError (actor), LifecycleError (plan)
   */
  manualAction(actor: Actor, reason: string, sized: { plan: ActionPlan; basis: SizingBasis }, now: DeskTime): LoopEvent[] {
    if (actor.role === 'desk-head' && !actor.verified) throw new OverrideError('unauthenticated', "a desk-head act needs the desk head's passphrase")
    const events: LoopEvent[] = this.cancelOpen(`cancelled by ${actor.name}: ${reason}`, now)
    const alertId = this.s.tracks[this.cfg.actionRule]?.live?.id ?? 'none'
    const id = `${this.ids.action}${this.s.nextAction}`
    const p = proposeAction({ id, alertId, policy: 'propose', plan: sized.plan, basis: sized.basis }, now)
    this.s.nextAction += 1
    this.s.actions.push(p.action)
    events.push(p.event, this.put(approveAction(p.action, { actor: actor.name, reason, current: sized.plan }, now, this.cfg.actions)))
    return events
  }

  /** Withdraws the open action and any decided one not yet executed (e.g. the kill switch engaged). */
  cancelOpen(detail: string, now: DeskTime): LoopEvent[] {
    const out: LoopEvent[] = []
    for (const a of this.s.actions) if (OPEN.has(a.state) || a.state === 'approved' || a.state === 'modified') out.push(this.put(expireAction(a, 'cancelled', detail, now)))
    return out
  }

  /** The venue could not execute a decided action. */
  recordFailure(id: string, detail: string, now: DeskTime): LoopEvent {
    return this.put(expireAction(this.action(id), 'not-executable', detail, now))
  }

  acknowledge(alertId: string, actor: Actor, now: DeskTime): LoopEvent {
    return this.alertStep(alertId, (a) => acknowledgeAlert(a, actor.name, now))
  }

  snooze(alertId: string, actor: Actor, reason: string, span: Span, now: DeskTime): LoopEvent {
    return this.alertStep(alertId, (a) => snoozeAlert(a, { actor: actor.name, reason, span }, now))
  }

  note(alertId: string, actor: Actor, text: string, now: DeskTime): LoopEvent {
    return this.alertStep(alertId, (a) => noteAlert(a, actor.name, text, now))
  }

  /** Pause, resume, kill switch, re-arm, reduce-only, commitment lock. @throws OverrideError */
  override(req: OverrideRequest, now: DeskTime): LoopEvent {
    const r = applyOverride(this.s.controls, req, now, this.cfg.controls)
    this.s.controls = r.state
    return r.event
  }

  /** Whether a book change (a manual trade, a modified plan) passes reduce-only, the lock and the kill switch. */
  check(legs: ActionPlan['legs'], varBefore: number, varAfter: number | null): ReturnType<typeof checkChange> {
    return checkChange(this.s.controls, { legs, varBefore, varAfter })
  }

  private assertAllowed(plan: ActionPlan, varBefore: number): void {
    const v = checkChange(this.s.controls, { legs: plan.legs, varBefore, varAfter: plan.varAfter })
    if (!v.allowed) throw new OverrideError(v.code, v.reason)
  }

  private observe(r: LimitReading, now: DeskTime): LoopEvent[] {
    const rule: AlertRule = { key: r.key, label: r.label, limit: r.limit, ...this.cfg.ruleFor(r.key) }
    const prev = this.s.tracks[r.key]
    const track = prev === undefined ? newTrack(rule) : { ...prev, rule }
    const out = observe(track, r.value, now, () => this.newAlertId(), r.inputs ?? {})
    const resolved = out.events.find((e) => e.type === 'alert.resolved')
    if (resolved && track.live) this.s.alerts[track.live.id] = { ...track.live, state: 'resolved', value: r.value, resolvedAt: out.track.lastResolvedAt }
    this.setTrack(r.key, out.track)
    if (resolved) this.pruneClosed()
    return [...out.events]
  }

  private newAlertId(): string {
    const id = `${this.ids.alert}${this.s.nextAlert}`
    this.s.nextAlert += 1
    return id
  }

  private setTrack(key: string, track: RuleTrack): void {
    this.s.tracks[key] = track
    if (track.live) this.s.alerts[track.live.id] = track.live
  }

  /** Keeps the newest KEEP_CLOSED resolved alerts and settled actions (ids are numbered in order of raising). */
  private pruneClosed(): void {
    const closed = Object.keys(this.s.alerts).filter((id) => this.s.alerts[id]!.state === 'resolved')
    for (const id of closed.slice(0, Math.max(0, closed.length - KEEP_CLOSED))) delete this.s.alerts[id]
    const settled = this.s.actions.filter((a) => !OPEN.has(a.state) && a.state !== 'approved' && a.state !== 'modified')
    if (settled.length > KEEP_CLOSED) {
      const drop = new Set(settled.slice(0, settled.length - KEEP_CLOSED))
      this.s.actions = this.s.actions.filter((a) => !drop.has(a))
    }
  }

  private countRise(value: number | null, breached: boolean): void {
    const { last, count } = this.s.rising
    const next = !breached || value === null ? 0 : last !== null && value > last ? count + 1 : 0
    this.s.rising = { last: value, count: next }
  }

  private propose(alert: AlertRecord, severity: Severity, now: DeskTime, size: Sizer, autoBlocked: string | null): LoopEvent[] {
    const controls = this.s.controls
    const armed = automationArmed(controls)
    const d = decidePolicy(this.cfg.policy, severity, autoBlocked !== null && armed.armed ? { armed: false, reason: autoBlocked } : armed, controls.kill !== null)
    if (d.mode === 'alert-only') return []
    const sized = sizeOrReason(size, d.kind)
    if (typeof sized === 'string') return this.unsized(alert.id, `no ${d.kind} proposed: ${sized}`, now)
    if (sized === null) return []
    const auto = d.mode === 'auto-after-grace' || d.mode === 'auto-now'
    const id = `${this.ids.action}${this.s.nextAction}`
    this.s.nextAction += 1
    const t = proposeAction(
      { id, alertId: alert.id, policy: auto ? 'auto' : 'propose', plan: sized.plan, basis: sized.basis, alternative: sized.alternative ?? null, downgraded: d.downgraded, ...(auto ? { grace: d.grace! } : {}) },
      now,
    )
    this.s.actions.push(t.action)
    this.s.rising.count = 0
    return [t.event]
  }

  private autoApprove(now: DeskTime, size: Sizer): LoopEvent[] {
    const a = this.openAction()
    if (!a || !dueForAuto(a, now) || !automationArmed(this.s.controls).armed) return []
    const current = sizeOrReason(size, a.plan.kind)
    if (typeof current === 'string') return [this.put(expireAction(a, 'not-executable', `could not be re-sized when the grace ended: ${current}`, now))]
    if (current === null) return [this.put(expireAction(a, 'breach-cleared', 'nothing left to do when the grace ended: the risk is under the target', now))]
    return [this.put(autoApproveAction(a, current.plan, now))]
  }

  /**
   * A plan that could not be sized becomes a note on its alert (once per reason while the alert lives), so the desk
   * keeps running and the trader sees why no action came, instead of the feed failing.
   */
  private unsized(alertId: string, text: string, now: DeskTime): LoopEvent[] {
    const notes = this.s.alerts[alertId]?.notes ?? []
    if (notes.some((n) => n.text === text)) return []
    return [this.alertStep(alertId, (a) => noteAlert(a, SYSTEM_ACTOR, text, now))]
  }

  private expireControls(now: DeskTime): LoopEvent[] {
    const r = expireOverrides(this.s.controls, now)
    this.s.controls = r.state
    return r.events
  }

  private action(id: string): ActionRecord {
    const a = this.s.actions.find((x) => x.id === id)
    if (!a) throw new LifecycleError('not_found', `no action ${id}`)
    return a
  }

  private put(t: ActionTransition): ActionEvent {
    const i = this.s.actions.findIndex((a) => a.id === t.action.id)
    if (i >= 0) this.s.actions[i] = t.action
    return t.event
  }

  private alertStep(id: string, step: (a: AlertRecord) => { alert: AlertRecord; event: AlertEvent }): AlertEvent {
    const a = this.s.alerts[id]
    if (!a) throw new LifecycleError('not_found', `no alert ${id}`)
    const { alert, event } = step(a)
    const key = Object.keys(this.s.tracks).find((k) => this.s.tracks[k]!.live?.id === id)
    if (key !== undefined) this.setTrack(key, withLive(this.s.tracks[key]!, alert))
    else this.s.alerts[id] = alert
    return event
  }
}

/** The sizer's answer, or why it failed (a sizing error must not stop the desk; the reason is for people). */
function sizeOrReason(size: Sizer, kind: ActionKind): ReturnType<Sizer> | string {
  try {
    return size(kind)
  } catch (e) {
    return `the plan could not be sized (${userReason(e instanceof Error ? e.message : String(e)).slice(0, 400)})`
  }
}
