/** Why a lifecycle step was refused; `code` is stable for callers, the message is for people. */
export type LifecycleErrorCode = 'illegal_transition' | 'reason_required' | 'not_due' | 'invalid_input' | 'not_found'

export class LifecycleError extends Error {
  override readonly name = 'LifecycleError'
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Shortest accepted reason (as the API contract's Reason): a reason must say something. */
export const MIN_REASON_LENGTH = 3
/** Longest accepted reason. */
export const MAX_REASON_LENGTH = 500

/**
 * A trimmed, mandatory reason.
 * @throws LifecycleError('reason_required') when blank, shorter than MIN_REASON_LENGTH or longer than MAX_REASON_LENGTH
 */
export function requireReason(reason: string | null | undefined, what: string): string {
  const r = (reason ?? '').trim()
  if (r.length < MIN_REASON_LENGTH) throw new LifecycleError('reason_required', `${what} needs a reason of at least ${MIN_REASON_LENGTH} characters`)
  if (r.length > MAX_REASON_LENGTH) throw new LifecycleError('reason_required', `${what}: the reason is longer than ${MAX_REASON_LENGTH} characters`)
  return r
}

/** A non-empty actor name. @throws LifecycleError('invalid_input') */
export function requireActor(actor: string): string {
  const a = actor.trim()
  if (a.length === 0) throw new LifecycleError('invalid_input', 'an actor is required')
  return a
}
