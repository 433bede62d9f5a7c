/**
 * The lifecycle of one automated action, as a pure state machine (issue 8, "Actions"):
 *
 *   proposed ──approve──> approved ──apply──> applied (executedDate, fills, VaR/ES recomputed after execution)
 *      │  │  └─approve (re-sized plan beyond tolerance)──> resized ──approve (confirm)──> approved
 *      │  └──modify (kind, size or legs; reason)──> modified ──apply──> applied
 *      ├──reject (reason)──> rejected
 *      ├──auto (policy 'auto', grace elapsed)──> approved (actor 'desk')
 *      └──expire (breach cleared | older than maxAgeUpdates | not executable)──> expired
 *
 * `resized` accepts approve, modify, reject and expire as `proposed` does. Every function returns the next action and
 * the event to audit; every illegal step throws LifecycleError naming the action, its state and the step refused.
 * A proposal keeps what it was sized on (snapshot, limits, method): a decision re-sizes on current prices, and if the
 * plan moved beyond the tolerance the trader sees both and confirms again. Time is DeskTime (desk-time.ts): the
 * auto grace counts market updates in replay and wall time live; a stopped replay counts wall time.
 * Controls follow MARKET-RESEARCH.md section 3 (confirmation step, mandatory reason, actor on every step).
 */
import { legTradesWholeShares, type ActionPlan, type ActionState, type SizingBasis } from '@shared/domain/action'
import { markOf, remaining, type DeskTime, type Remaining, type Span, type TimeMark } from './desk-time'
import { LifecycleError, requireActor, requireReason } from './lifecycle-error'

export type { ActionKind, ActionState } from '@shared/domain/action'
export type ActionPolicyKind = 'propose' | 'auto'
export const ACTION_STATES: readonly ActionState[] = ['proposed', 'resized', 'approved', 'modified', 'rejected', 'applied', 'expired']
export type ExpiryCause = 'breach-cleared' | 'stale' | 'not-executable' | 'cancelled'

/** Who acts when the desk acts by itself. */
export const SYSTEM_ACTOR = 'desk'

export type { ActionPlan, PlanLeg, SizingBasis } from '@shared/domain/action'

export interface Decision {
  readonly actor: string
  readonly reason: string
  readonly at: TimeMark
}

/** The record of a paper (or external) execution and the figures recomputed on the traded book. */
export interface Execution {
  readonly executedDate: string
  readonly fills: readonly { readonly symbol: string; readonly quantity: number; readonly price: number }[]
  readonly varAfter: number
  readonly esAfter: number | null
  /** the limit in force at execution */
  readonly limit: number
}

export interface ActionRecord {
  readonly id: string
  readonly alertId: string
  readonly policy: ActionPolicyKind
  readonly state: ActionState
  /** the plan shown now (after any re-size or modification) */
  readonly plan: ActionPlan
  /** the plan as first proposed */
  readonly proposedPlan: ActionPlan
  readonly basis: SizingBasis
  /** the pro-rata reduction beside a least-turnover reduce (turnover and VaR after), else null */
  readonly alternative: Alternative | null
  /** why the book's policy was not followed as written (automation paused, kill switch, partial book), else null */
  readonly downgraded: string | null
  readonly proposedAt: TimeMark
  /** policy 'auto': how long a veto may take; null for 'propose' */
  readonly grace: Span | null
  /** the plan the trader saw before the last re-size (state 'resized'), else null */
  readonly previousPlan: ActionPlan | null
  readonly decision: Decision | null
  readonly execution: (Execution & { readonly at: TimeMark; readonly withinLimit: boolean }) | null
  readonly expiry: { readonly cause: ExpiryCause; readonly detail: string; readonly at: TimeMark } | null
}

export interface Alternative {
  readonly method: 'pro-rata'
  readonly turnover: number
  readonly varAfter: number
}

export interface ActionLifecycleConfig {
  /** a proposal older than this many market updates expires (its preview is stale) */
  readonly maxAgeUpdates: number
  /** relative change of a leg's traded quantity or of the preview VaR beyond which a re-size needs a new confirmation */
  readonly resizeTolerance: number
}

export const DEFAULT_ACTION_CONFIG: ActionLifecycleConfig = { maxAgeUpdates: 5, resizeTolerance: 0.05 }

type ActionEventBase = { readonly actionId: string; readonly alertId: string; readonly actor: string; readonly marketDate: string; readonly state: ActionState }

/** The audited events of the lifecycle (payload schemas: src-shared/domain/audit-events/lifecycle.ts). */
export type ActionEvent =
  | (ActionEventBase & {
      readonly type: 'action.proposed'
      readonly policy: ActionPolicyKind
      readonly plan: ActionPlan
      readonly basis: SizingBasis
      readonly grace: Span | null
      readonly alternative: Alternative | null
      readonly downgraded: string | null
    })
  | (ActionEventBase & { readonly type: 'action.resized'; readonly previous: ActionPlan; readonly plan: ActionPlan; readonly drift: PlanDrift })
  | (ActionEventBase & { readonly type: 'action.approved'; readonly reason: string; readonly plan: ActionPlan; readonly automatic: boolean })
  | (ActionEventBase & { readonly type: 'action.rejected'; readonly reason: string })
  | (ActionEventBase & { readonly type: 'action.modified'; readonly reason: string; readonly previous: ActionPlan; readonly plan: ActionPlan })
  | (ActionEventBase & { readonly type: 'action.applied'; readonly executedDate: string; readonly fills: Execution['fills']; readonly varAfter: number; readonly esAfter: number | null; readonly limit: number; readonly withinLimit: boolean })
  | (ActionEventBase & { readonly type: 'action.expired'; readonly cause: ExpiryCause; readonly detail: string })

export interface ActionTransition {
  readonly action: ActionRecord
  readonly event: ActionEvent
}

/** How far a re-sized plan moved from the one shown. */
export interface PlanDrift {
  /** kind or the set of traded symbols differs */
  readonly structureChanged: boolean
  /** max over legs of |Δq_new − Δq_shown| / max(|Δq_shown|, 1) */
  readonly maxLegChange: number
  /** |varAfter_new − varAfter_shown| / max(varAfter_shown, 1) */
  readonly varAfterChange: number
  readonly beyondTolerance: boolean
}

/**
 * Compares a plan re-sized at decision time with the plan shown.
 * @throws LifecycleError('invalid_input') for a negative or non-finite tolerance
 */
export function planDrift(shown: ActionPlan, current: ActionPlan, tolerance: number): PlanDrift {
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) throw new LifecycleError('invalid_input', `resize tolerance must be >= 0, got ${tolerance}`)
  const traded = (p: ActionPlan): Map<string, number> => new Map(p.legs.map((l) => [l.symbol, l.toQuantity - l.fromQuantity]))
  const a = traded(shown)
  const b = traded(current)
  const structureChanged = shown.kind !== current.kind || a.size !== b.size || [...a.keys()].some((s) => !b.has(s))
  let maxLegChange = 0
  for (const [s, dq] of a) {
    const dn = b.get(s)
    if (dn !== undefined) maxLegChange = Math.max(maxLegChange, Math.abs(dn - dq) / Math.max(Math.abs(dq), 1))
  }
  const varAfterChange = Math.abs(current.varAfter - shown.varAfter) / Math.max(Math.abs(shown.varAfter), 1)
  return { structureChanged, maxLegChange, varAfterChange, beyondTolerance: structureChanged || maxLegChange > tolerance || varAfterChange > tolerance }
}

const OPEN: readonly ActionState[] = ['proposed', 'resized']
const DECIDED: readonly ActionState[] = ['approved', 'modified']

function requireState(a: ActionRecord, allowed: readonly ActionState[], step: string): void {
  if (!allowed.includes(a.state)) {
    throw new LifecycleError('illegal_transition', `action ${a.id} is ${a.state}: cannot ${step} (allowed from ${allowed.join(' or ')})`)
  }
}

function validatePlan(plan: ActionPlan): void {
  if (plan.legs.length === 0 && plan.kind !== 'flatten') throw new LifecycleError('invalid_input', `a ${plan.kind} plan needs at least one leg`)
  for (const l of plan.legs) {
    if (!Number.isFinite(l.fromQuantity) || !Number.isFinite(l.toQuantity) || !legTradesWholeShares(l)) throw new LifecycleError('invalid_input', `${l.symbol}: the trade must be whole shares (or close the position, or target a whole quantity)`)
    if (!(l.price > 0 && Number.isFinite(l.price))) throw new LifecycleError('invalid_input', `${l.symbol}: price must be positive`)
  }
  if (!Number.isFinite(plan.varAfter) || !Number.isFinite(plan.turnover)) throw new LifecycleError('invalid_input', 'a plan needs a finite VaR preview and turnover')
}

function base(a: ActionRecord, actor: string, now: DeskTime): ActionEventBase {
  return { actionId: a.id, alertId: a.alertId, actor, marketDate: now.marketDate, state: a.state }
}

export interface ProposeInput {
  readonly id: string
  readonly alertId: string
  readonly policy: ActionPolicyKind
  readonly plan: ActionPlan
  readonly basis: SizingBasis
  /** required for policy 'auto' */
  readonly grace?: Span
  readonly alternative?: Alternative | null
  readonly downgraded?: string | null
}

/** A new proposal. @throws LifecycleError('invalid_input') for a bad plan or an auto policy without a grace span */
export function proposeAction(input: ProposeInput, now: DeskTime): ActionTransition {
  validatePlan(input.plan)
  if (input.policy === 'auto' && input.grace === undefined) throw new LifecycleError('invalid_input', 'an automatic action needs a grace span')
  const action: ActionRecord = {
    id: input.id,
    alertId: input.alertId,
    policy: input.policy,
    state: 'proposed',
    plan: input.plan,
    proposedPlan: input.plan,
    basis: input.basis,
    alternative: input.alternative ?? null,
    downgraded: input.downgraded ?? null,
    proposedAt: markOf(now),
    grace: input.policy === 'auto' ? input.grace! : null,
    previousPlan: null,
    decision: null,
    execution: null,
    expiry: null,
  }
  return { action, event: { ...base(action, SYSTEM_ACTOR, now), type: 'action.proposed', policy: action.policy, plan: action.plan, basis: action.basis, grace: action.grace, alternative: action.alternative, downgraded: action.downgraded } }
}

/**
 * A person approves. `current` is the plan re-sized on current prices at decision time: if it moved beyond the
 * tolerance from the plan shown, the action goes to `resized` (both plans kept) and must be approved again;
 * otherwise it is approved with `current`.
 * @throws LifecycleError illegal_transition unless proposed|resized; reason_required; invalid_input
 */
export function approveAction(a: ActionRecord, d: { actor: string; reason: string; current: ActionPlan }, now: DeskTime, cfg: ActionLifecycleConfig = DEFAULT_ACTION_CONFIG): ActionTransition {
  requireState(a, OPEN, 'approve')
  const actor = requireActor(d.actor)
  const reason = requireReason(d.reason, `approving action ${a.id}`)
  validatePlan(d.current)
  const drift = planDrift(a.plan, d.current, cfg.resizeTolerance)
  if (drift.beyondTolerance) {
    const next: ActionRecord = { ...a, state: 'resized', previousPlan: a.plan, plan: d.current }
    return { action: next, event: { ...base(next, actor, now), type: 'action.resized', previous: a.plan, plan: d.current, drift } }
  }
  const next: ActionRecord = { ...a, state: 'approved', plan: d.current, decision: { actor, reason, at: markOf(now) } }
  return { action: next, event: { ...base(next, actor, now), type: 'action.approved', reason, plan: d.current, automatic: false } }
}

/** @throws LifecycleError illegal_transition unless proposed|resized; reason_required */
export function rejectAction(a: ActionRecord, d: { actor: string; reason: string }, now: DeskTime): ActionTransition {
  requireState(a, OPEN, 'reject')
  const actor = requireActor(d.actor)
  const reason = requireReason(d.reason, `rejecting action ${a.id}`)
  const next: ActionRecord = { ...a, state: 'rejected', decision: { actor, reason, at: markOf(now) } }
  return { action: next, event: { ...base(next, actor, now), type: 'action.rejected', reason } }
}

/**
 * A person replaces the plan (another kind, size or legs) and thereby decides it; it is applied next.
 * @throws LifecycleError illegal_transition unless proposed|resized; reason_required; invalid_input
 */
export function modifyAction(a: ActionRecord, d: { actor: string; reason: string; plan: ActionPlan }, now: DeskTime): ActionTransition {
  requireState(a, OPEN, 'modify')
  const actor = requireActor(d.actor)
  const reason = requireReason(d.reason, `modifying action ${a.id}`)
  validatePlan(d.plan)
  const next: ActionRecord = { ...a, state: 'modified', previousPlan: a.plan, plan: d.plan, decision: { actor, reason, at: markOf(now) } }
  return { action: next, event: { ...base(next, actor, now), type: 'action.modified', reason, previous: a.plan, plan: d.plan } }
}

/** What is left of an auto action's grace (null for policy 'propose' or a decided action). */
export function graceRemaining(a: ActionRecord, now: DeskTime): Remaining | null {
  if (a.grace === null || !OPEN.includes(a.state)) return null
  return remaining(a.grace, a.proposedAt, now)
}

/** True when an auto action's grace has elapsed without a decision. */
export function dueForAuto(a: ActionRecord, now: DeskTime): boolean {
  return graceRemaining(a, now)?.elapsed === true
}

/**
 * The desk approves an auto action whose grace elapsed without a veto, with the plan re-sized on current prices
 * (nobody is there to confirm a re-size, so the current sizing is what the policy applies).
 * @throws LifecycleError not_due before the grace has elapsed (or for policy 'propose'); illegal_transition
 */
export function autoApproveAction(a: ActionRecord, current: ActionPlan, now: DeskTime): ActionTransition {
  requireState(a, OPEN, 'auto-approve')
  if (!dueForAuto(a, now)) throw new LifecycleError('not_due', `action ${a.id}: ${a.policy === 'auto' ? 'the grace period has not elapsed' : 'policy propose needs a person to decide'}`)
  validatePlan(current)
  const reason = 'grace period elapsed without a veto'
  const next: ActionRecord = { ...a, state: 'approved', previousPlan: a.plan, plan: current, decision: { actor: SYSTEM_ACTOR, reason, at: markOf(now) } }
  return { action: next, event: { ...base(next, SYSTEM_ACTOR, now), type: 'action.approved', reason, plan: current, automatic: true } }
}

/**
 * Records the execution of a decided action and the VaR/ES recomputed on the traded book.
 * @throws LifecycleError illegal_transition unless approved|modified; invalid_input for a non-finite figure
 */
export function applyAction(a: ActionRecord, actor: string, e: Execution, now: DeskTime): ActionTransition {
  requireState(a, DECIDED, 'apply')
  const who = requireActor(actor)
  if (!Number.isFinite(e.varAfter) || !(e.limit > 0)) throw new LifecycleError('invalid_input', `action ${a.id}: the recomputed VaR and the limit must be finite`)
  const withinLimit = e.varAfter <= e.limit
  const next: ActionRecord = { ...a, state: 'applied', execution: { ...e, at: markOf(now), withinLimit } }
  return {
    action: next,
    event: { ...base(next, who, now), type: 'action.applied', executedDate: e.executedDate, fills: e.fills, varAfter: e.varAfter, esAfter: e.esAfter, limit: e.limit, withinLimit },
  }
}

/**
 * Expires an action: its breach cleared, it is stale, or (decided) it cannot be executed.
 * @throws LifecycleError illegal_transition from rejected|applied|expired, or 'breach-cleared'/'stale' of a decided action
 */
export function expireAction(a: ActionRecord, cause: ExpiryCause, detail: string, now: DeskTime): ActionTransition {
  requireState(a, cause === 'not-executable' || cause === 'cancelled' ? [...OPEN, ...DECIDED] : OPEN, `expire (${cause})`)
  const next: ActionRecord = { ...a, state: 'expired', expiry: { cause, detail, at: markOf(now) } }
  return { action: next, event: { ...base(next, SYSTEM_ACTOR, now), type: 'action.expired', cause, detail } }
}

/**
 * The automatic expiry check, once per update: an open proposal expires when its breach has cleared, or when it is
 * older than cfg.maxAgeUpdates market updates (a paused feed adds no updates, and its preview does not go stale).
 * Returns null when nothing expires (also for decided or closed actions).
 */
export function checkExpiry(a: ActionRecord, breachActive: boolean, now: DeskTime, cfg: ActionLifecycleConfig = DEFAULT_ACTION_CONFIG): ActionTransition | null {
  if (!OPEN.includes(a.state)) return null
  if (!breachActive) return expireAction(a, 'breach-cleared', 'the breach cleared before a decision', now)
  const age = now.updates - a.proposedAt.updates
  if (age > cfg.maxAgeUpdates) return expireAction(a, 'stale', `proposed ${age} market updates ago (more than ${cfg.maxAgeUpdates}); sized on ${a.basis.marketDate}`, now)
  return null
}

/** The age of the preview (market updates and wall ms since it was sized), for the panel. */
export function previewAge(a: ActionRecord, now: DeskTime): { updates: number; ms: number; sizedOn: string } {
  return { updates: now.updates - a.proposedAt.updates, ms: now.wallMs - a.proposedAt.wallMs, sizedOn: a.basis.marketDate }
}
