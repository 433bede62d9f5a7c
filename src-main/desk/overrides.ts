/**
 * Manual overrides of the desk's automation, as pure policy (issue 8, "Overrides"; MARKET-RESEARCH.md section 3).
 * The host asks these functions who may do what and enforces the answer; the UI only mirrors it.
 *
 *   pause (a period, at most cfg.maxPause) / resume          — trader or desk head; the pause expires by itself
 *   kill switch (typed confirmation: the book's name)        — trader or desk head (FIA: operable by both); no expiry
 *   re-arm after a kill                                      — desk head only, after cfg.rearmCoolingOff (not shortenable)
 *   reduce-only on (optionally for a period) / lifted        — anyone sets it; lifting one a desk head set needs a desk head
 *   commitment lock: no risk increase until the close        — anyone sets it; it ends at the close by itself (the next
 *                                                              market date); lifting it earlier needs a desk head
 *   approve / reject / modify an action                      — trader or desk head; refused while the kill switch is on
 *
 * A reason is mandatory for every override. A desk head acts only with the passphrase checked for that act
 * (Actor.verified, roles.ts). "Risk-increasing" means the desk's VaR would rise; when the VaR after cannot be computed,
 * any leg that grows a position counts as risk-increasing (never assume the safe answer). While the kill switch is
 * on, only legs that shrink a position towards zero pass (FIA: risk-reducing orders may pass a kill switch).
 * Time is DeskTime (lifecycle/desk-time.ts): periods count updates in replay, wall time live.
 */
import { markOf, spanElapsed, type DeskTime, type Span, type TimeMark } from './lifecycle/desk-time'
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from './lifecycle/lifecycle-error'
import type { Actor, Role } from './roles'

export type OverrideErrorCode = 'forbidden' | 'unauthenticated' | 'reason_required' | 'confirmation_mismatch' | 'illegal' | 'invalid' | 'cooling_off' | 'risk_increasing'

export class OverrideError extends Error {
  override readonly name = 'OverrideError'
  constructor(
    readonly code: OverrideErrorCode,
    message: string,
  ) {
    super(message)
  }
}

interface SetBy {
  readonly by: string
  readonly role: Role
  readonly reason: string
  readonly since: TimeMark
}

export interface ControlState {
  readonly book: string
  readonly pause: (SetBy & { readonly span: Span }) | null
  readonly kill: SetBy | null
  /** when the last kill switch was engaged (for the cooling-off period), null if never */
  readonly killedAt: TimeMark | null
  readonly reduceOnly: (SetBy & { readonly span: Span | null }) | null
  /** commitment lock: no risk increase until the close of `marketDate` */
  readonly lock: (SetBy & { readonly marketDate: string }) | null
}

export interface ControlConfig {
  /** longest pause of the automation */
  readonly maxPause: Span
  /** after a kill, re-arming is refused for this long, whoever asks */
  readonly rearmCoolingOff: Span
}

export const DEFAULT_CONTROL_CONFIG: ControlConfig = {
  maxPause: { updates: 20, ms: 4 * 3_600_000 },
  rearmCoolingOff: { updates: 1, ms: 60_000 },
}

export function initialControls(book: string): ControlState {
  return { book, pause: null, kill: null, killedAt: null, reduceOnly: null, lock: null }
}

export type OverrideRequest =
  | { readonly kind: 'pause'; readonly actor: Actor; readonly reason: string; readonly span: Span }
  | { readonly kind: 'resume'; readonly actor: Actor; readonly reason: string }
  | { readonly kind: 'kill'; readonly actor: Actor; readonly reason: string; readonly confirmation: string }
  | { readonly kind: 'rearm'; readonly actor: Actor; readonly reason: string }
  | { readonly kind: 'reduce-only'; readonly actor: Actor; readonly reason: string; readonly span: Span | null }
  | { readonly kind: 'lift-reduce-only'; readonly actor: Actor; readonly reason: string }
  | { readonly kind: 'lock'; readonly actor: Actor; readonly reason: string }
  | { readonly kind: 'unlock'; readonly actor: Actor; readonly reason: string }
export type OverrideKind = OverrideRequest['kind']

type EventBase = { readonly book: string; readonly actor: string; readonly role: Role; readonly reason: string; readonly marketDate: string }

/** Audited override events (payload schemas: src-shared/domain/audit-events/lifecycle.ts). */
export type OverrideEvent =
  | (EventBase & { readonly type: 'override.paused'; readonly span: Span })
  | (EventBase & { readonly type: 'override.resumed' })
  | (EventBase & { readonly type: 'override.killed' })
  | (EventBase & { readonly type: 'override.rearmed' })
  | (EventBase & { readonly type: 'override.reduce-only'; readonly span: Span | null })
  | (EventBase & { readonly type: 'override.reduce-only-lifted' })
  | (EventBase & { readonly type: 'override.locked'; readonly until: string })
  | (EventBase & { readonly type: 'override.unlocked' })
  | (EventBase & { readonly type: 'override.expired'; readonly what: 'pause' | 'reduce-only' | 'lock' })
  | (EventBase & { readonly type: 'override.refused'; readonly kind: OverrideKind | 'approve' | 'reject' | 'modify' | 'trade'; readonly code: OverrideErrorCode; readonly message: string })

export interface OverrideResult {
  readonly state: ControlState
  readonly event: OverrideEvent
}

function reasonOf(reason: string): string {
  const r = (reason ?? '').trim()
  if (r.length < MIN_REASON_LENGTH || r.length > MAX_REASON_LENGTH) {
    throw new OverrideError('reason_required', `an override needs a reason of ${MIN_REASON_LENGTH} to ${MAX_REASON_LENGTH} characters`)
  }
  return r
}

/** A desk head acts only with the passphrase checked for this act. */
function authenticated(actor: Actor): void {
  if (actor.name.trim().length === 0) throw new OverrideError('invalid', 'an override needs an actor')
  if (actor.role === 'desk-head' && !actor.verified) throw new OverrideError('unauthenticated', 'a desk-head override needs the desk head\'s passphrase')
}

function deskHeadOnly(actor: Actor, what: string): void {
  if (actor.role !== 'desk-head') throw new OverrideError('forbidden', `only a desk head may ${what}`)
}

function validSpan(span: Span, what: string): void {
  if (!(span.updates > 0 && span.ms > 0 && Number.isFinite(span.updates) && Number.isFinite(span.ms))) {
    throw new OverrideError('invalid', `${what} needs a positive period`)
  }
}

/**
 * Applies one override request.
 * @throws OverrideError: reason_required, unauthenticated (desk head without a checked passphrase), forbidden (role),
 *   confirmation_mismatch (kill switch), illegal (e.g. resume when not paused), invalid (period), cooling_off (re-arm)
 */
export function applyOverride(s: ControlState, req: OverrideRequest, now: DeskTime, cfg: ControlConfig = DEFAULT_CONTROL_CONFIG): OverrideResult {
  const reason = reasonOf(req.reason)
  authenticated(req.actor)
  const at = markOf(now)
  const set: SetBy = { by: req.actor.name, role: req.actor.role, reason, since: at }
  const base: EventBase = { book: s.book, actor: req.actor.name, role: req.actor.role, reason, marketDate: now.marketDate }
  switch (req.kind) {
    case 'pause': {
      if (s.pause !== null) throw new OverrideError('illegal', `automation is already paused by ${s.pause.by}`)
      validSpan(req.span, 'a pause')
      if (req.span.updates > cfg.maxPause.updates || req.span.ms > cfg.maxPause.ms) {
        throw new OverrideError('invalid', `a pause may last at most ${cfg.maxPause.updates} market updates / ${Math.round(cfg.maxPause.ms / 60_000)} minutes`)
      }
      return { state: { ...s, pause: { ...set, span: req.span } }, event: { ...base, type: 'override.paused', span: req.span } }
    }
    case 'resume':
      if (s.pause === null) throw new OverrideError('illegal', 'automation is not paused')
      return { state: { ...s, pause: null }, event: { ...base, type: 'override.resumed' } }
    case 'kill':
      if (s.kill !== null) throw new OverrideError('illegal', `the kill switch is already on (by ${s.kill.by})`)
      if (req.confirmation !== s.book) throw new OverrideError('confirmation_mismatch', `type the book's name "${s.book}" to confirm the kill switch`)
      return { state: { ...s, kill: set, killedAt: at }, event: { ...base, type: 'override.killed' } }
    case 'rearm':
      deskHeadOnly(req.actor, 're-arm after the kill switch')
      if (s.kill === null) throw new OverrideError('illegal', 'the kill switch is not on')
      if (s.killedAt !== null && !spanElapsed(cfg.rearmCoolingOff, s.killedAt, now)) {
        throw new OverrideError('cooling_off', 'the cooling-off period after the kill switch has not passed; it cannot be shortened')
      }
      return { state: { ...s, kill: null }, event: { ...base, type: 'override.rearmed' } }
    case 'reduce-only':
      if (s.reduceOnly !== null) throw new OverrideError('illegal', `reduce-only is already on (by ${s.reduceOnly.by})`)
      if (req.span !== null) validSpan(req.span, 'reduce-only for a period')
      return { state: { ...s, reduceOnly: { ...set, span: req.span } }, event: { ...base, type: 'override.reduce-only', span: req.span } }
    case 'lift-reduce-only':
      if (s.reduceOnly === null) throw new OverrideError('illegal', 'reduce-only is not on')
      if (s.reduceOnly.role === 'desk-head') deskHeadOnly(req.actor, 'lift a reduce-only mode a desk head set')
      return { state: { ...s, reduceOnly: null }, event: { ...base, type: 'override.reduce-only-lifted' } }
    case 'lock':
      if (s.lock !== null) throw new OverrideError('illegal', `a commitment lock is already on until the close of ${s.lock.marketDate}`)
      return { state: { ...s, lock: { ...set, marketDate: now.marketDate } }, event: { ...base, type: 'override.locked', until: `close of ${now.marketDate}` } }
    case 'unlock':
      if (s.lock === null) throw new OverrideError('illegal', 'no commitment lock is on')
      deskHeadOnly(req.actor, 'lift a commitment lock before the close')
      return { state: { ...s, lock: null }, event: { ...base, type: 'override.unlocked' } }
  }
}

/**
 * Ends overrides whose time is up (call on every update and, live, on a timer): a pause after its period (automation
 * re-arms by itself), reduce-only after its period, the commitment lock once the market date has moved past its day.
 * The kill switch never expires (a desk head re-arms it).
 */
export function expireOverrides(s: ControlState, now: DeskTime): { state: ControlState; events: OverrideEvent[] } {
  const events: OverrideEvent[] = []
  let next = s
  const ev = (what: 'pause' | 'reduce-only' | 'lock', by: SetBy, reason: string): OverrideEvent => ({
    book: s.book,
    actor: 'desk',
    role: by.role,
    reason,
    marketDate: now.marketDate,
    type: 'override.expired',
    what,
  })
  if (next.pause !== null && spanElapsed(next.pause.span, next.pause.since, now)) {
    events.push(ev('pause', next.pause, `the pause set by ${next.pause.by} is over; automation re-armed`))
    next = { ...next, pause: null }
  }
  if (next.reduceOnly !== null && next.reduceOnly.span !== null && spanElapsed(next.reduceOnly.span, next.reduceOnly.since, now)) {
    events.push(ev('reduce-only', next.reduceOnly, `the reduce-only period set by ${next.reduceOnly.by} is over`))
    next = { ...next, reduceOnly: null }
  }
  if (next.lock !== null && now.marketDate > next.lock.marketDate) {
    events.push(ev('lock', next.lock, `the market closed on ${next.lock.marketDate}`))
    next = { ...next, lock: null }
  }
  return { state: next, events }
}

/** Whether automated steps (proposals under policy auto, auto-apply after grace) may run now, and why not. */
export function automationArmed(s: ControlState): { armed: boolean; reason: string | null } {
  if (s.kill !== null) return { armed: false, reason: `kill switch on since ${s.kill.since.marketDate} (${s.kill.by}: ${s.kill.reason})` }
  if (s.pause !== null) return { armed: false, reason: `automation paused by ${s.pause.by}: ${s.pause.reason}` }
  return { armed: true, reason: null }
}

/**
 * May this actor decide (approve, reject, modify) an action now?
 * @throws OverrideError reason_required, unauthenticated, illegal (kill switch on: only the flatten and a re-arm remain)
 */
export function mayDecide(s: ControlState, actor: Actor, kind: 'approve' | 'reject' | 'modify', reason: string): void {
  reasonOf(reason)
  authenticated(actor)
  if (s.kill !== null && kind !== 'reject') throw new OverrideError('illegal', `the kill switch is on: a desk head must re-arm before an action is ${kind === 'approve' ? 'approved' : 'modified'}`)
}

/** A proposed change of the book: its legs, and the desk's VaR before and after (null when it cannot be computed). */
export interface BookChange {
  readonly legs: readonly { readonly symbol: string; readonly fromQuantity: number; readonly toQuantity: number }[]
  readonly varBefore: number
  readonly varAfter: number | null
}

/** Relative rise of VaR below which a change is not "risk-increasing" (rounding of the recompute). */
export const RISK_RISE_TOLERANCE = 1e-9

/** Legs that grow a position or flip its sign. */
function growingLegs(c: BookChange): string[] {
  return c.legs
    .filter((l) => Math.abs(l.toQuantity) > Math.abs(l.fromQuantity) || (l.toQuantity !== 0 && Math.sign(l.toQuantity) !== Math.sign(l.fromQuantity)))
    .map((l) => l.symbol)
}

/**
 * Whether a change of the book passes the controls now, with the reason when it does not: under the kill switch only
 * legs that shrink positions pass; under reduce-only or the commitment lock, nothing that raises the desk's VaR.
 */
export function checkChange(s: ControlState, c: BookChange): { allowed: true } | { allowed: false; code: OverrideErrorCode; reason: string } {
  const growing = growingLegs(c)
  if (s.kill !== null && growing.length > 0) {
    return { allowed: false, code: 'illegal', reason: `kill switch on (${s.kill.by}): only trades that shrink positions pass; ${growing.join(', ')} would grow` }
  }
  const control = s.reduceOnly !== null ? `reduce-only mode (set by ${s.reduceOnly.by}: ${s.reduceOnly.reason})` : s.lock !== null ? `commitment lock until the close of ${s.lock.marketDate} (set by ${s.lock.by}: ${s.lock.reason})` : null
  if (control === null) return { allowed: true }
  if (c.varAfter === null) {
    if (growing.length > 0) return { allowed: false, code: 'risk_increasing', reason: `${control}: the VaR after the trade cannot be computed and ${growing.join(', ')} would grow` }
    return { allowed: true }
  }
  if (c.varAfter > c.varBefore * (1 + RISK_RISE_TOLERANCE)) {
    const f = (x: number): string => Math.round(x).toLocaleString('en-US')
    return { allowed: false, code: 'risk_increasing', reason: `${control}: the trade would raise VaR from ${f(c.varBefore)} to ${f(c.varAfter)}` }
  }
  return { allowed: true }
}

/** The audit record of a refused override or trade (who tried what, and why it was refused). */
export function refusal(s: ControlState, actor: Actor, kind: Extract<OverrideEvent, { type: 'override.refused' }>['kind'], reason: string, e: OverrideError, now: DeskTime): OverrideEvent {
  return { book: s.book, actor: actor.name, role: actor.role, reason: reason.trim(), marketDate: now.marketDate, type: 'override.refused', kind, code: e.code, message: e.message }
}
