/**
 * The lifecycle of alerts, as a pure state machine (issue 8, "Alerts"):
 *
 *   (metric above the first rung) ──> open ──acknowledge──> acknowledged
 *        open | acknowledged ──metric reaches a higher rung──> escalated (needs a new acknowledgement)
 *        open | escalated ──unacknowledged for `escalateAfter`──> escalated (one rung up, the desk head notified)
 *        open | escalated | acknowledged ──metric below `clearBelowRatio` (hysteresis)──> resolved
 *   snooze (open | escalated): no time escalation until the snooze span has passed; note: any state, any time.
 *
 * After a resolution the rule is in cooldown: a new breach raises no alert until `cooldown` has passed, except at
 * CRITICAL (a critical breach is never hidden). Severity never falls while an alert is live (its peak stands until it
 * resolves). Time is DeskTime (desk-time.ts): spans count market updates in replay and wall time live.
 * Every step returns the event to audit; an illegal step throws LifecycleError.
 */
import type { Severity } from '@shared/domain/alert'
import { SEVERITY_ORDER } from '@shared/domain/alert'
import { markOf, remaining, spanElapsed, type DeskTime, type Span, type TimeMark } from './desk-time'
import { LifecycleError, requireActor, requireReason } from './lifecycle-error'
import { SYSTEM_ACTOR } from './action-lifecycle'

export type AlertState = 'open' | 'escalated' | 'acknowledged' | 'resolved'
export const ALERT_STATES: readonly AlertState[] = ['open', 'escalated', 'acknowledged', 'resolved']
export type Recipient = 'trader' | 'desk-head'

/** One rung of the severity ladder: a value above `aboveRatio` × limit has at least `severity`. */
export interface Rung {
  readonly aboveRatio: number
  readonly severity: Severity
}

/**
 * The default ladder, on the seeds' ladder (MEDIUM alerts, HIGH reduces, CRITICAL runs the emergency protocol):
 * above 80 % of the limit a MEDIUM warning, above the limit HIGH, 25 % over CRITICAL.
 */
export const DEFAULT_LADDER: readonly Rung[] = [
  { aboveRatio: 0.8, severity: 'MEDIUM' },
  { aboveRatio: 1, severity: 'HIGH' },
  { aboveRatio: 1.25, severity: 'CRITICAL' },
]

/** An alert rule on one figure (VaR by method, position loss, weight, days to liquidate, ...). */
export interface AlertRule {
  /** the limit instance, e.g. 'var' or 'positionLoss:BA' */
  readonly key: string
  /** plain label of the figure, e.g. 'VaR (historical, 99 %)' */
  readonly label: string
  /** the limit (same unit as the figure, > 0) */
  readonly limit: number
  /** ascending by aboveRatio and by severity; the first rung is the warning level */
  readonly ladder: readonly Rung[]
  /** hysteresis: a live alert resolves only once value / limit falls below this (less than the first rung) */
  readonly clearBelowRatio: number
  readonly cooldown: Span
  /** unacknowledged this long: one rung up and the desk head is notified */
  readonly escalateAfter: Span
}

export interface AlertNote {
  readonly actor: string
  readonly text: string
  readonly at: TimeMark
}

export interface AlertRecord {
  readonly id: string
  readonly ruleKey: string
  readonly label: string
  readonly state: AlertState
  readonly severity: Severity
  /** latest value of the figure, and the limit */
  readonly value: number
  readonly limit: number
  readonly raisedAt: TimeMark
  /** escalation by time counts from here (raise, last escalation, or the end of a snooze) */
  readonly escalationSince: TimeMark
  readonly snooze: { readonly since: TimeMark; readonly span: Span; readonly actor: string; readonly reason: string } | null
  readonly acknowledged: { readonly actor: string; readonly at: TimeMark } | null
  readonly notes: readonly AlertNote[]
  readonly resolvedAt: TimeMark | null
  /** what the figure was computed from (snapshot date, method, parameters), for the explanation */
  readonly inputs: Readonly<Record<string, string | number | boolean | null>>
}

type AlertEventBase = { readonly alertId: string; readonly ruleKey: string; readonly actor: string; readonly marketDate: string; readonly state: AlertState; readonly severity: Severity }

/** The audited events (payload schemas: src-shared/domain/audit-events/lifecycle.ts). */
export type AlertEvent =
  | (AlertEventBase & { readonly type: 'alert.raised'; readonly label: string; readonly value: number; readonly limit: number; readonly notify: readonly Recipient[]; readonly inputs: AlertRecord['inputs'] })
  | (AlertEventBase & { readonly type: 'alert.acknowledged' })
  | (AlertEventBase & { readonly type: 'alert.escalated'; readonly cause: 'metric' | 'unacknowledged'; readonly from: Severity; readonly value: number; readonly notify: readonly Recipient[] })
  | (AlertEventBase & { readonly type: 'alert.resolved'; readonly value: number; readonly clearBelow: number })
  | (AlertEventBase & { readonly type: 'alert.snoozed'; readonly reason: string; readonly span: Span })
  | (AlertEventBase & { readonly type: 'alert.noted'; readonly text: string })

export interface AlertTransition {
  readonly alert: AlertRecord
  readonly event: AlertEvent
}

/** One rule and its live alert (at most one per rule) and when its last alert resolved. */
export interface RuleTrack {
  readonly rule: AlertRule
  readonly live: AlertRecord | null
  readonly lastResolvedAt: TimeMark | null
}

/**
 * Checks a rule's shape. @throws LifecycleError('invalid_input') for a non-positive limit, an empty or unordered
 * ladder, or a clear level not below the first rung (no hysteresis)
 */
export function validateRule(rule: AlertRule): AlertRule {
  const bad = (m: string): never => {
    throw new LifecycleError('invalid_input', `alert rule ${rule.key}: ${m}`)
  }
  if (!(rule.limit > 0 && Number.isFinite(rule.limit))) bad(`limit must be positive, got ${rule.limit}`)
  if (rule.ladder.length === 0) bad('the severity ladder is empty')
  rule.ladder.forEach((r, i) => {
    const prev = rule.ladder[i - 1]
    if (!(r.aboveRatio > 0 && Number.isFinite(r.aboveRatio))) bad(`rung ${i + 1} needs a positive ratio`)
    if (prev && !(r.aboveRatio > prev.aboveRatio && SEVERITY_ORDER[r.severity] > SEVERITY_ORDER[prev.severity])) bad('rungs must rise in ratio and severity')
  })
  if (!(rule.clearBelowRatio >= 0 && rule.clearBelowRatio < rule.ladder[0]!.aboveRatio)) bad(`clearBelowRatio ${rule.clearBelowRatio} must be below the first rung ${rule.ladder[0]!.aboveRatio} (hysteresis)`)
  return rule
}

export function newTrack(rule: AlertRule): RuleTrack {
  return { rule: validateRule(rule), live: null, lastResolvedAt: null }
}

/** The severity of `value` on the rule's ladder, or null below the first rung. */
export function severityOnLadder(rule: AlertRule, value: number): Severity | null {
  const ratio = value / rule.limit
  let s: Severity | null = null
  for (const r of rule.ladder) if (ratio > r.aboveRatio) s = r.severity
  return s
}

const rank = (s: Severity): number => SEVERITY_ORDER[s]
const LIVE: readonly AlertState[] = ['open', 'escalated', 'acknowledged']

function base(a: AlertRecord, actor: string, now: DeskTime): AlertEventBase {
  return { alertId: a.id, ruleKey: a.ruleKey, actor, marketDate: now.marketDate, state: a.state, severity: a.severity }
}

function requireState(a: AlertRecord, allowed: readonly AlertState[], step: string): void {
  if (!allowed.includes(a.state)) throw new LifecycleError('illegal_transition', `alert ${a.id} is ${a.state}: cannot ${step} (allowed from ${allowed.join(' or ')})`)
}

function inCooldown(track: RuleTrack, now: DeskTime): boolean {
  return track.lastResolvedAt !== null && !spanElapsed(track.rule.cooldown, track.lastResolvedAt, now)
}

export interface ObserveResult {
  readonly track: RuleTrack
  readonly events: readonly AlertEvent[]
  /** a breach that raised nothing because the rule is in cooldown (null otherwise) */
  readonly suppressed: { readonly severity: Severity; readonly reason: string } | null
}

/**
 * Feeds one reading of the rule's figure (once per market update): raises, escalates on a higher rung, or resolves
 * below the clear level; then applies time escalation (tickTrack).
 * @param newId called only when an alert is raised
 * @throws LifecycleError('invalid_input') for a non-finite value (a figure that cannot be computed is not a reading)
 */
export function observe(track: RuleTrack, value: number, now: DeskTime, newId: () => string, inputs: AlertRecord['inputs'] = {}): ObserveResult {
  if (!Number.isFinite(value)) throw new LifecycleError('invalid_input', `alert rule ${track.rule.key}: the reading must be a finite number, got ${value}`)
  const { rule } = track
  const sev = severityOnLadder(rule, value)
  const live = track.live
  if (live === null) {
    if (sev === null) return { track, events: [], suppressed: null }
    if (sev !== 'CRITICAL' && inCooldown(track, now)) {
      return { track, events: [], suppressed: { severity: sev, reason: `rule ${rule.key} is in cooldown after its last alert resolved` } }
    }
    const at = markOf(now)
    const alert: AlertRecord = {
      id: newId(),
      ruleKey: rule.key,
      label: rule.label,
      state: 'open',
      severity: sev,
      value,
      limit: rule.limit,
      raisedAt: at,
      escalationSince: at,
      snooze: null,
      acknowledged: null,
      notes: [],
      resolvedAt: null,
      inputs,
    }
    const event: AlertEvent = { ...base(alert, SYSTEM_ACTOR, now), type: 'alert.raised', label: rule.label, value, limit: rule.limit, notify: notifyFor(sev, false), inputs }
    return { track: { ...track, live: alert }, events: [event], suppressed: null }
  }
  if (value / rule.limit < rule.clearBelowRatio) {
    const alert: AlertRecord = { ...live, value, state: 'resolved', resolvedAt: markOf(now), snooze: null }
    const event: AlertEvent = { ...base(alert, SYSTEM_ACTOR, now), type: 'alert.resolved', value, clearBelow: rule.clearBelowRatio * rule.limit }
    return { track: { ...track, live: null, lastResolvedAt: markOf(now) }, events: [event], suppressed: null }
  }
  if (sev !== null && rank(sev) > rank(live.severity)) {
    const alert: AlertRecord = { ...live, value, severity: sev, state: 'escalated', acknowledged: null, escalationSince: markOf(now) }
    const event: AlertEvent = { ...base(alert, SYSTEM_ACTOR, now), type: 'alert.escalated', cause: 'metric', from: live.severity, value, notify: notifyFor(sev, false) }
    const after = tickTrack({ ...track, live: alert }, now)
    return { track: after.track, events: [event, ...after.events], suppressed: null }
  }
  const after = tickTrack({ ...track, live: { ...live, value } }, now)
  return { ...after, suppressed: null }
}

/**
 * Time escalation between readings (call on every update and, live, on a timer): an open or escalated alert left
 * unacknowledged for rule.escalateAfter (snooze time not counted) goes one rung up, to at most the top rung, and the
 * desk head is notified; the timer then restarts. An alert already at the top rung escalates once more by time
 * (to notify the desk head) only from `open`.
 */
export function tickTrack(track: RuleTrack, now: DeskTime): { track: RuleTrack; events: readonly AlertEvent[] } {
  let a = track.live
  if (a === null || (a.state !== 'open' && a.state !== 'escalated')) return { track, events: [] }
  if (a.snooze !== null) {
    if (!spanElapsed(a.snooze.span, a.snooze.since, now)) return { track, events: [] }
    a = { ...a, snooze: null, escalationSince: markOf(now) }
  }
  const top = track.rule.ladder[track.rule.ladder.length - 1]!.severity
  const atTop = a.severity === top
  if ((atTop && a.state === 'escalated') || !spanElapsed(track.rule.escalateAfter, a.escalationSince, now)) return { track: { ...track, live: a }, events: [] }
  const next = atTop ? a.severity : track.rule.ladder.find((r) => rank(r.severity) > rank(a.severity))!.severity
  const alert: AlertRecord = { ...a, severity: next, state: 'escalated', escalationSince: markOf(now) }
  const event: AlertEvent = { ...base(alert, SYSTEM_ACTOR, now), type: 'alert.escalated', cause: 'unacknowledged', from: a.severity, value: a.value, notify: ['trader', 'desk-head'] }
  return { track: { ...track, live: alert }, events: [event] }
}

/** What is left before an unacknowledged alert escalates (null when it cannot escalate by time now). */
export function escalationRemaining(track: RuleTrack, now: DeskTime): ReturnType<typeof remaining> | null {
  const a = track.live
  if (a === null || (a.state !== 'open' && a.state !== 'escalated') || a.snooze !== null) return null
  return remaining(track.rule.escalateAfter, a.escalationSince, now)
}

function notifyFor(sev: Severity, deskHead: boolean): readonly Recipient[] {
  return deskHead || sev === 'CRITICAL' ? ['trader', 'desk-head'] : ['trader']
}

/** @throws LifecycleError illegal_transition unless open|escalated (acknowledging twice is refused, not ignored) */
export function acknowledgeAlert(a: AlertRecord, actor: string, now: DeskTime): AlertTransition {
  requireState(a, ['open', 'escalated'], 'acknowledge')
  const who = requireActor(actor)
  const alert: AlertRecord = { ...a, state: 'acknowledged', acknowledged: { actor: who, at: markOf(now) }, snooze: null }
  return { alert, event: { ...base(alert, who, now), type: 'alert.acknowledged' } }
}

/**
 * Silences time escalation for `span` (a reason is mandatory).
 * @throws LifecycleError illegal_transition unless open|escalated; reason_required; invalid_input for an empty span
 */
export function snoozeAlert(a: AlertRecord, d: { actor: string; reason: string; span: Span }, now: DeskTime): AlertTransition {
  requireState(a, ['open', 'escalated'], 'snooze')
  const who = requireActor(d.actor)
  const reason = requireReason(d.reason, `snoozing alert ${a.id}`)
  if (!(d.span.updates > 0 && d.span.ms > 0)) throw new LifecycleError('invalid_input', 'a snooze needs a positive span in updates and in time')
  const alert: AlertRecord = { ...a, snooze: { since: markOf(now), span: d.span, actor: who, reason } }
  return { alert, event: { ...base(alert, who, now), type: 'alert.snoozed', reason, span: d.span } }
}

/** Adds a note (any state, including resolved: a post-mortem note is still a note). @throws LifecycleError for a blank note */
export function noteAlert(a: AlertRecord, actor: string, text: string, now: DeskTime): AlertTransition {
  const who = requireActor(actor)
  const t = requireReason(text, `a note on alert ${a.id}`)
  const alert: AlertRecord = { ...a, notes: [...a.notes, { actor: who, text: t, at: markOf(now) }] }
  return { alert, event: { ...base(alert, who, now), type: 'alert.noted', text: t } }
}

/** Replaces the live alert of a track after a manual step (acknowledge, snooze, note). @throws LifecycleError not_found */
export function withLive(track: RuleTrack, alert: AlertRecord): RuleTrack {
  if (track.live === null || track.live.id !== alert.id) throw new LifecycleError('not_found', `alert ${alert.id} is not the live alert of rule ${track.rule.key}`)
  if (!LIVE.includes(alert.state)) throw new LifecycleError('illegal_transition', `alert ${alert.id}: a resolved alert leaves its rule only by resolving`)
  return { ...track, live: alert }
}
