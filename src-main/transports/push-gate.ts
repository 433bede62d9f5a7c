import type { z } from 'zod'
import { pushSchemas, type PushChannel } from '@shared/api/contract'

/**
 * Outgoing side of every transport: a push leaves the Node side only if its channel is in the contract and its
 * payload parses with `pushSchemas[channel]`. The parsed copy is sent, so a host bug that attaches extra fields
 * (or a non-serialisable value) cannot leak them to the UI.
 */

/** True for an own key of the contract's push table (`Object.hasOwn`, so `__proto__` is not a channel). */
export function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && Object.hasOwn(pushSchemas, value)
}

/**
 * Validates one push.
 *
 * @returns `{ ok: true, payload }` holding the schema-parsed payload, or `{ ok: false, reason }` for an unknown channel
 *   or a payload that fails the schema (the caller logs and drops it). Never throws.
 */
export function checkPush(channel: unknown, payload: unknown): { ok: true; channel: PushChannel; payload: unknown } | { ok: false; reason: string } {
  if (!isPushChannel(channel)) return { ok: false, reason: `unknown push channel ${String(channel).slice(0, 64)}` }
  const schema: z.ZodType = pushSchemas[channel]
  const parsed = schema.safeParse(payload)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first === undefined ? '' : `${first.path.map(String).join('.') || '(root)'}: ${first.message}`
    return { ok: false, reason: `${channel} payload does not match the contract (${where})` }
  }
  return { ok: true, channel, payload: parsed.data }
}
