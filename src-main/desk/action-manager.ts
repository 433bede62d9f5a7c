import type { Action } from '@shared/domain/action'
import type { ActionPolicy } from '@shared/domain/limits'

export type ActionChange =
  | { readonly type: 'action.proposed'; readonly action: Action }
  | { readonly type: 'action.approved'; readonly action: Action }
  | { readonly type: 'action.rejected'; readonly action: Action }
  | { readonly type: 'action.applied'; readonly action: Action }
  | { readonly type: 'action.expired'; readonly action: Action }

/** Minimum reason length for a rejection: a reason must say something. */
export const MIN_REASON_LENGTH = 3

export class ActionError extends Error {
  override readonly name = 'ActionError'
  constructor(
    readonly code: 'not_found' | 'not_pending' | 'reason_required',
    message: string,
  ) {
    super(message)
  }
}

/**
 * The state machine of automated risk-reducing actions for one book:
 * pending -> approved -> applied (policy `propose`, a person approves), pending -> applied (policy `auto`, after the
 * grace period unless rejected), pending -> rejected (reason required), pending -> expired (the breach cleared first).
 * At most one action is pending at a time. Rising-VaR detection decides *when* to propose (see `RisingCounter`).
 */
export class ActionManager {
  private readonly actions: Action[] = []
  private nextId = 1

  constructor(private readonly idPrefix = 'X') {}

  pending(): Action | undefined {
    return this.actions.find((a) => a.state === 'pending')
  }

  all(): readonly Action[] {
    return this.actions
  }

  get(id: string): Action {
    const a = this.actions.find((x) => x.id === id)
    if (!a) throw new ActionError('not_found', `no action ${id}`)
    return a
  }

  /** Records a new pending action. `autoApplyAt` must be set for the auto policy. */
  propose(draft: Omit<Action, 'id' | 'state' | 'decidedBy' | 'reason' | 'policy' | 'autoApplyAt'>, policy: ActionPolicy, autoApplyAt: string | null): ActionChange {
    const action: Action = { ...draft, id: `${this.idPrefix}${this.nextId++}`, policy, state: 'pending', autoApplyAt: policy === 'auto' ? autoApplyAt : null, decidedBy: null, reason: null }
    this.actions.push(action)
    return { type: 'action.proposed', action }
  }

  /** @throws ActionError if the action is unknown or no longer pending. */
  approve(id: string, actor: string, reason: string | null): ActionChange {
    const a = this.requirePending(id)
    return { type: 'action.approved', action: this.set(a, { state: 'approved', decidedBy: actor, reason: reason?.trim() || null }) }
  }

  /** @throws ActionError if the action is unknown, not pending, or the reason is blank/too short. */
  reject(id: string, actor: string, reason: string): ActionChange {
    const trimmed = (reason ?? '').trim()
    if (trimmed.length < MIN_REASON_LENGTH) throw new ActionError('reason_required', 'a rejection needs a reason')
    const a = this.requirePending(id)
    return { type: 'action.rejected', action: this.set(a, { state: 'rejected', decidedBy: actor, reason: trimmed }) }
  }

  /** Marks an approved (or, for auto, pending) action applied after paper execution. */
  markApplied(id: string, actor: string, reason: string | null): ActionChange {
    const a = this.get(id)
    if (a.state !== 'approved' && a.state !== 'pending') throw new ActionError('not_pending', `action ${id} is ${a.state}`)
    return { type: 'action.applied', action: this.set(a, { state: 'applied', decidedBy: a.decidedBy ?? actor, reason: a.reason ?? reason }) }
  }

  /** Auto-policy actions whose grace period has passed at `nowIso`. */
  due(nowIso: string): Action[] {
    return this.actions.filter((a) => a.state === 'pending' && a.autoApplyAt !== null && a.autoApplyAt <= nowIso)
  }

  /** Expires the pending action (the breach it answered has cleared). */
  expirePending(reason: string): ActionChange | null {
    const a = this.pending()
    if (!a) return null
    return { type: 'action.expired', action: this.set(a, { state: 'expired', reason }) }
  }

  private requirePending(id: string): Action {
    const a = this.get(id)
    if (a.state !== 'pending') throw new ActionError('not_pending', `action ${id} is already ${a.state}`)
    return a
  }

  private set(a: Action, patch: Partial<Action>): Action {
    const next = { ...a, ...patch }
    this.actions[this.actions.indexOf(a)] = next
    return next
  }
}

/**
 * Counts consecutive strictly increasing updates of a metric while it is in breach. The seed rule: "risk > threshold
 * -> alert; risk increasing -> act" becomes: propose after `needed` consecutive rises above the limit. Reset when the
 * metric falls, leaves breach, or an action has just been decided (re-arm).
 */
export class RisingCounter {
  private last: number | null = null
  private rises = 0

  /** Feeds one update; returns the number of consecutive rises in breach so far. */
  push(value: number, breached: boolean): number {
    if (!breached) this.rises = 0
    else if (this.last !== null && value > this.last) this.rises++
    else this.rises = 0
    this.last = value
    return this.rises
  }

  reset(): void {
    this.rises = 0
  }
}
