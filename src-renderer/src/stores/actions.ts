import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { InvokeResponse, Result } from '@shared/api/contract'
import type { Action } from '@shared/domain/action'
import { reasonProblem } from '../util/reasons'
import { timeOf } from '../util/severity'
import { useConnectionStore } from './connection'

/** A desk head acting on this call: profile name and passphrase, checked by the host (never stored here). */
export interface DeskHeadCredentials {
  name: string
  passphrase: string
}

/** The trader's own plan: another kind sized by the desk, or target quantities per symbol (whole shares). */
export type Modification = { kind: 'reduce' | 'hedge' } | { legs: { symbol: string; toQuantity: number }[] }

/** States that still wait for a person (or, under `auto`, for the grace to run out). */
const OPEN_STATES: ReadonlySet<Action['state']> = new Set(['proposed', 'resized'])

export function isOpenAction(action: Action): boolean {
  return OPEN_STATES.has(action.state)
}

/**
 * Risk-reducing actions and their decisions (issue 8 lifecycle: proposed -> resized? -> approved | rejected | modified
 * -> applied, or expired). `current` is the oldest open action; `decided` lists the rest, newest first. Every decision
 * needs a reason (util/reasons.ts): an invalid one is refused here, before any call, whatever the UI does.
 * `receivedAt` keeps when each view arrived (wall ms), so the grace left under `auto` counts down between pushes.
 */
export const useActionsStore = defineStore('actions', () => {
  const all = shallowRef<readonly Action[]>([])
  const receivedAt = shallowRef<ReadonlyMap<string, number>>(new Map())
  const busy = ref<ReadonlySet<string>>(new Set())

  const pending = computed(() => all.value.filter(isOpenAction).sort((a, b) => timeOf(a.proposedAt) - timeOf(b.proposedAt)))
  const current = computed<Action | null>(() => pending.value[0] ?? null)
  const decided = computed(() =>
    all.value.filter((a) => !isOpenAction(a)).sort((a, b) => (a.date === b.date ? timeOf(b.proposedAt) - timeOf(a.proposedAt) : a.date < b.date ? 1 : -1)),
  )
  /** the most recently proposed decided action: its outcome (applied, VaR after; expired, cause) stays in view */
  const latestDecided = computed<Action | null>(() => decided.value[0] ?? null)

  function stamp(ids: readonly string[]): void {
    const next = new Map(receivedAt.value)
    const now = Date.now()
    for (const id of ids) next.set(id, now)
    receivedAt.value = next
  }

  function replaceAll(actions: readonly Action[]): void {
    all.value = [...actions]
    receivedAt.value = new Map()
    stamp(actions.map((a) => a.id))
  }

  /** Inserts or replaces (by id) an action from `action:proposed` / `action:updated` or a call's response. */
  function upsert(action: Action): void {
    const i = all.value.findIndex((a) => a.id === action.id)
    all.value = i < 0 ? [...all.value, action] : all.value.map((a, k) => (k === i ? action : a))
    stamp([action.id])
  }

  async function decide<T>(actionId: string, what: string, send: () => Promise<Result<T>>, apply: (value: T) => void): Promise<Result<T>> {
    if (busy.value.has(actionId)) return { ok: false, error: { code: 'busy', message: 'a decision on this action is already being sent' } }
    busy.value = new Set([...busy.value, actionId])
    try {
      const result = useConnectionStore().noteResult(what, await send())
      if (result.ok) apply(result.value)
      return result
    } finally {
      const next = new Set(busy.value)
      next.delete(actionId)
      busy.value = next
    }
  }

  function refused(problem: string): Result<never> {
    return { ok: false, error: { code: 'invalid_reason', message: problem } }
  }

  function withDeskHead<R extends object>(request: R, deskHead: DeskHeadCredentials | undefined): R & { deskHead?: DeskHeadCredentials } {
    return deskHead ? { ...request, deskHead: { name: deskHead.name.trim(), passphrase: deskHead.passphrase } } : request
  }

  /**
   * Calls `action:approve` (a reason is required). The host re-sizes the plan on current prices first: beyond its
   * tolerance the answer is state 'resized' (previous and new plan), to be approved again.
   */
  async function approve(actionId: string, reason: string, deskHead?: DeskHeadCredentials): Promise<Result<Action>> {
    const problem = reasonProblem(reason)
    if (problem !== null) return refused(problem)
    const api = useConnectionStore().requireApi()
    return decide(actionId, 'approve', () => api.actionApprove(withDeskHead({ actionId, reason: reason.trim() }, deskHead)), upsert)
  }

  /** Calls `action:reject` with a reason (refused before any call when the reason is not valid). */
  async function reject(actionId: string, reason: string, deskHead?: DeskHeadCredentials): Promise<Result<Action>> {
    const problem = reasonProblem(reason)
    if (problem !== null) return refused(problem)
    const api = useConnectionStore().requireApi()
    return decide(actionId, 'reject', () => api.actionReject(withDeskHead({ actionId, reason: reason.trim() }, deskHead)), upsert)
  }

  /**
   * Calls `action:modify`: another kind, or target quantities per leg (whole shares), with a reason; the host decides
   * and executes it at once. Refused before any call: an invalid reason, no legs, or a quantity that is not an integer.
   */
  async function modify(actionId: string, reason: string, change: Modification, deskHead?: DeskHeadCredentials): Promise<Result<Action>> {
    const problem = reasonProblem(reason)
    if (problem !== null) return refused(problem)
    if ('legs' in change) {
      if (change.legs.length === 0) return { ok: false, error: { code: 'invalid_legs', message: 'give at least one target quantity' } }
      const bad = change.legs.find((l) => !Number.isSafeInteger(l.toQuantity))
      if (bad) return { ok: false, error: { code: 'invalid_legs', message: `${bad.symbol}: the target quantity must be a whole number of shares` } }
    }
    const api = useConnectionStore().requireApi()
    const request = 'legs' in change ? { actionId, reason: reason.trim(), legs: change.legs } : { actionId, reason: reason.trim(), kind: change.kind }
    return decide(actionId, 'modify', () => api.actionModify(withDeskHead(request, deskHead)), upsert)
  }

  /** Calls `action:ticket`: the action's legs as an order ticket (CSV) for a trader who executes elsewhere. */
  async function ticket(actionId: string): Promise<Result<InvokeResponse<'action:ticket'>>> {
    const api = useConnectionStore().requireApi()
    return useConnectionStore().noteResult('order ticket', await api.actionTicket({ actionId }))
  }

  return { all, receivedAt, busy, pending, current, decided, latestDecided, replaceAll, upsert, approve, reject, modify, ticket }
})
