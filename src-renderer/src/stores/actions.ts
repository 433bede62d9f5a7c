import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Result } from '@shared/api/contract'
import type { Action } from '@shared/domain/action'
import { timeOf } from '../util/severity'
import { rejectReasonProblem } from '../util/reasons'
import { useConnectionStore } from './connection'

/**
 * Proposed risk-reducing actions and their overrides. `current` is the oldest pending action (it is the one whose
 * auto-apply deadline comes first); `decided` lists the rest, newest first, with who decided and why.
 * Rejecting needs a reason (util/reasons.ts): an invalid reason is refused here, before any call, whatever the UI does.
 */
export const useActionsStore = defineStore('actions', () => {
  const all = shallowRef<readonly Action[]>([])
  const busy = ref<ReadonlySet<string>>(new Set())

  const pending = computed(() =>
    all.value.filter((a) => a.state === 'pending').sort((a, b) => timeOf(a.proposedAt) - timeOf(b.proposedAt)),
  )
  const current = computed<Action | null>(() => pending.value[0] ?? null)
  const decided = computed(() =>
    all.value.filter((a) => a.state !== 'pending').sort((a, b) => timeOf(b.proposedAt) - timeOf(a.proposedAt)),
  )

  function replaceAll(actions: readonly Action[]): void {
    all.value = [...actions]
  }

  /** Inserts or replaces (by id) an action from `action:proposed` / `action:updated` or a call's response. */
  function upsert(action: Action): void {
    const i = all.value.findIndex((a) => a.id === action.id)
    all.value = i < 0 ? [...all.value, action] : all.value.map((a, k) => (k === i ? action : a))
  }

  async function decide(
    actionId: string,
    what: string,
    send: () => Promise<Result<Action>>,
  ): Promise<Result<Action>> {
    if (busy.value.has(actionId)) return { ok: false, error: { code: 'busy', message: 'a decision on this action is already being sent' } }
    busy.value = new Set([...busy.value, actionId])
    try {
      const result = useConnectionStore().noteResult(what, await send())
      if (result.ok) upsert(result.value)
      return result
    } finally {
      const next = new Set(busy.value)
      next.delete(actionId)
      busy.value = next
    }
  }

  /** Calls `action:approve` (the reason is optional for an approval). */
  function approve(actionId: string, reason?: string): Promise<Result<Action>> {
    const api = useConnectionStore().requireApi()
    const trimmed = reason?.trim()
    return decide(actionId, 'approve', () => api.actionApprove(trimmed ? { actionId, reason: trimmed } : { actionId }))
  }

  /**
   * Calls `action:reject` with a reason. Refuses (code `invalid_reason`, no call made) when the reason fails
   * `rejectReasonProblem`.
   */
  async function reject(actionId: string, reason: string): Promise<Result<Action>> {
    const problem = rejectReasonProblem(reason)
    if (problem !== null) return { ok: false, error: { code: 'invalid_reason', message: problem } }
    const api = useConnectionStore().requireApi()
    return decide(actionId, 'reject', () => api.actionReject({ actionId, reason: reason.trim() }))
  }

  return { all, busy, pending, current, decided, replaceAll, upsert, approve, reject }
})
