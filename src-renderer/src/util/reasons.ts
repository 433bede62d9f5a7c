import { invokeSchemas } from '@shared/api/contract'

/**
 * Reason rules for overrides. The contract's `Reason` (trimmed, 3..500 characters) is the source of truth, read from
 * the request schemas so the UI can never drift from what the host accepts. The desk is stricter on top of it: at
 * least MIN_NON_BLANK non-whitespace characters, so "a b" (3 characters after trimming) is not a reason.
 */
export const MIN_NON_BLANK = 3

const rejectReason = invokeSchemas['action:reject'].req.shape.reason
const limitsReason = invokeSchemas['limits:update'].req.shape.reason
const overrideReason = invokeSchemas['controls:override'].req.shape.reason

function nonBlankCount(text: string): number {
  return text.replace(/\s+/gu, '').length
}

/**
 * Why `reason` cannot be used to reject an action, or null when it can.
 * @returns a user-facing message, or null when valid.
 */
export function rejectReasonProblem(reason: string): string | null {
  if (nonBlankCount(reason) < MIN_NON_BLANK) return `a reason of at least ${MIN_NON_BLANK} non-blank characters is required`
  const parsed = rejectReason.safeParse(reason)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid reason')
}

/**
 * Same rule for every other reason or note the desk sends (approve, modify, snooze, note, every override): the
 * contract uses the one `ReasonSchema` for all of them, read here from `controls:override`.
 */
export function reasonProblem(reason: string): string | null {
  if (nonBlankCount(reason) < MIN_NON_BLANK) return `a reason of at least ${MIN_NON_BLANK} non-blank characters is required`
  const parsed = overrideReason.safeParse(reason)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid reason')
}

/** Same rule for the reason attached to a limits change (`limits:update`). */
export function limitsReasonProblem(reason: string): string | null {
  if (nonBlankCount(reason) < MIN_NON_BLANK) return `a reason of at least ${MIN_NON_BLANK} non-blank characters is required`
  const parsed = limitsReason.safeParse(reason)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid reason')
}
