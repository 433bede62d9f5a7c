import type { z } from 'zod'
import { invokeSchemas, type InvokeChannel, type Result } from '@shared/api/contract'
import type { HostPort } from '../host/host-port'

/**
 * The one door every invoke goes through, whatever the transport (Electron IPC, loopback WebSocket):
 * channel check -> payload parse with the contract's request schema -> host call -> a Result, never a throw.
 * Pattern: Signal Desktop `app/sql_channel.main.ts` (errors as `{ ok, error }` values) + VS Code `validatedIpcMain`.
 */

/** Longest error message a transport sends back; zod messages never need more and callers may echo them to a UI. */
export const MAX_ERROR_MESSAGE_CHARS = 1000

/** Builds the `{ ok: false }` Result transports use for refused input. */
export function errorResult(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message: truncate(message, MAX_ERROR_MESSAGE_CHARS) } }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * True for an own key of the contract's invoke table. `Object.hasOwn` so that `__proto__`, `toString` or
 * `constructor` are not mistaken for channels.
 */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeSchemas, value)
}

/** Short description of a value for error messages, without echoing attacker-sized strings. */
export function describeChannel(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(truncate(value, 64))
  return value === null ? 'null' : typeof value
}

/** `path: message` for the first few zod issues, e.g. `speed: Too big: expected number to be <=1000`. */
export function describeIssues(error: z.ZodError, maxIssues = 5): string {
  const parts = error.issues.slice(0, maxIssues).map((issue) => {
    const path = issue.path.map(String).join('.')
    return `${path === '' ? '(root)' : path}: ${truncate(issue.message, 200)}`
  })
  const more = error.issues.length > maxIssues ? ` (+${error.issues.length - maxIssues} more)` : ''
  return parts.join('; ') + more
}

/**
 * Parses `request` with `invokeSchemas[channel].req`.
 *
 * @returns `{ ok: true, value }` with the parsed (defaults applied, unknown keys refused by `.strict()`) request, or a
 *   `bad_request` Result naming the channel and the failing fields.
 */
export function parseInvokeRequest(channel: InvokeChannel, request: unknown): Result<unknown> {
  const schema: z.ZodType = invokeSchemas[channel].req
  const parsed = schema.safeParse(request)
  if (parsed.success) return { ok: true, value: parsed.data }
  return errorResult('bad_request', `${channel}: ${describeIssues(parsed.error)}`)
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const ok = (value as { ok?: unknown }).ok
  if (ok === true) return 'value' in value
  if (ok !== false) return false
  const error = (value as { error?: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

/**
 * Validates and forwards one invoke to the host.
 *
 * @param host the desk service
 * @param channel untrusted channel name (must be an own key of `invokeSchemas`)
 * @param request untrusted payload (parsed with the channel's request schema; the host receives the parsed value)
 * @param actor authenticated user of the transport, passed through to the host for the audit trail
 * @returns the host's Result; `bad_request` for an unknown channel or a payload that fails the schema (host not
 *   called); `internal` if the host breaks its contract by throwing or returning something that is not a Result.
 *   Never throws.
 */
export async function dispatchInvoke(host: HostPort, channel: unknown, request: unknown, actor: string): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return errorResult('bad_request', `unknown channel ${describeChannel(channel)}`)
  const parsed = parseInvokeRequest(channel, request)
  if (!parsed.ok) return parsed
  try {
    const result = await host.handle(channel, parsed.value, actor)
    if (isResult(result)) return result
    console.error(`[transport] host returned a non-Result for ${channel}`)
    return errorResult('internal', `${channel}: the desk service returned an invalid response`)
  } catch (err) {
    // The host must never throw across this boundary; if it does, log the details here and keep them off the wire.
    console.error(`[transport] host threw for ${channel}:`, err)
    return errorResult('internal', `${channel}: the desk service failed`)
  }
}
