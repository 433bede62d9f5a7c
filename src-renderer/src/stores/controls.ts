import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { InvokeRequest, Result } from '@shared/api/contract'
import type { Span } from '@shared/domain/action'
import type { Controls } from '@shared/domain/controls'
import { reasonProblem } from '../util/reasons'
import type { DeskHeadCredentials } from './actions'
import { useConnectionStore } from './connection'

export type OverrideKind = InvokeRequest<'controls:override'>['kind']

/** Each override in the words of the status line. */
const OVERRIDE_WORDS: Record<OverrideKind, string> = {
  pause: 'pause automation',
  resume: 'resume automation',
  kill: 'kill switch',
  rearm: 're-arm',
  'reduce-only': 'reduce-only',
  'lift-reduce-only': 'lift reduce-only',
  lock: 'commitment lock',
  unlock: 'lift the commitment lock',
}

/** A refusal as the host (or the store's own checks) gave it, shown next to the control that caused it. */
export interface ControlError {
  code: string
  message: string
}

export interface OverrideRequest {
  kind: OverrideKind
  reason: string
  /** pause (required), reduce-only (optional): market updates in replay, wall ms live */
  span?: Span
  /** kill switch: the book's name as typed; the host compares it */
  confirmation?: string
  /** re-arm, a lock lifted before the close, reduce-only a desk head set: the desk head's profile and passphrase */
  deskHead?: DeskHeadCredentials
}

/**
 * The overrides in force (snapshot.controls, `controls:updated` pushes, and each `controls:override` answer) and the
 * calls that change them. A reason is required for every override; a kill needs the typed confirmation, a pause its
 * period, a re-arm the desk head's name and passphrase: missing ones are refused here before any call. Who may do
 * what is the host's decision (forbidden, unauthenticated, cooling_off ...): its refusal is kept per control.
 */
export const useControlsStore = defineStore('controls', () => {
  const controls = shallowRef<Controls | null>(null)
  const busy = ref<OverrideKind | null>(null)
  const errors = ref<Partial<Record<OverrideKind, ControlError>>>({})

  function apply(next: Controls): void {
    controls.value = next
  }

  function setError(kind: OverrideKind, error: ControlError | null): void {
    const next = { ...errors.value }
    if (error === null) delete next[kind]
    else next[kind] = error
    errors.value = next
  }

  /** Why `request` cannot be sent as it is, or null. */
  function problemOf(request: OverrideRequest): ControlError | null {
    const why = reasonProblem(request.reason)
    if (why !== null) return { code: 'invalid_reason', message: why }
    if (request.kind === 'pause' && !request.span) return { code: 'invalid_span', message: 'give the period to pause for' }
    if (request.span && !(request.span.updates > 0 && request.span.ms > 0 && Number.isFinite(request.span.updates) && Number.isFinite(request.span.ms)))
      return { code: 'invalid_span', message: 'the period must be a positive number of market updates and minutes' }
    if (request.kind === 'kill' && !request.confirmation?.trim()) return { code: 'confirmation_required', message: "type the book's name to confirm the kill switch" }
    if (request.kind === 'rearm' && !(request.deskHead?.name.trim() && request.deskHead.passphrase))
      return { code: 'unauthenticated', message: "a desk head's name and passphrase are required to re-arm" }
    return null
  }

  /** Calls `controls:override`; the answer replaces the controls. One override in flight at a time. */
  async function override(request: OverrideRequest): Promise<Result<Controls>> {
    if (busy.value !== null) return { ok: false, error: { code: 'busy', message: 'another override is being sent' } }
    const problem = problemOf(request)
    if (problem !== null) {
      setError(request.kind, problem)
      return { ok: false, error: problem }
    }
    const connection = useConnectionStore()
    const req: InvokeRequest<'controls:override'> = { kind: request.kind, reason: request.reason.trim() }
    if (request.span) req.span = request.span
    if (request.confirmation !== undefined) req.confirmation = request.confirmation.trim()
    if (request.deskHead?.name.trim() && request.deskHead.passphrase) req.deskHead = { name: request.deskHead.name.trim(), passphrase: request.deskHead.passphrase }
    busy.value = request.kind
    try {
      const result = connection.noteResult(OVERRIDE_WORDS[request.kind], await connection.requireApi().controlsOverride(req))
      if (result.ok) apply(result.value)
      setError(request.kind, result.ok ? null : result.error)
      return result
    } finally {
      busy.value = null
    }
  }

  return { controls, busy, errors, apply, override, setError }
})
