import { z } from 'zod'
import type { InvokeChannel, PushChannel, Result } from '@shared/api/contract'
import { isInvokeChannel } from './invoke-gate'

/**
 * Wire format of the browser-mode WebSocket (`/ws`), JSON text frames only:
 *
 * - client -> server: `{ "id": 7, "channel": "book:open", "request": { "name": "demo" } }`
 * - server -> client reply: `{ "id": 7, "result": { "ok": true, "value": ... } }` (`id` is null when the message was
 *   too malformed to read one; the client should treat that as a protocol error)
 * - server -> client push: `{ "push": "alert:raised", "payload": { ... } }`
 *
 * Limits (per connection): messages up to `MAX_MESSAGE_BYTES` (larger ones close the socket with 1009), a token
 * bucket of `RATE_BURST` messages refilled at `RATE_PER_SECOND`, at most `MAX_IN_FLIGHT` unanswered invokes.
 */

/**
 * Largest accepted message, bytes. `book:import` carries up to 5,000,000 characters of file content; JSON escaping
 * of quotes and newlines plus the envelope needs headroom above that.
 */
export const MAX_MESSAGE_BYTES = 6 * 1024 * 1024
/** Messages a client may send back to back before the rate cap applies (a UI start-up fires a handful). */
export const RATE_BURST = 100
/** Sustained messages per second allowed per connection; a human-driven UI stays far below this. */
export const RATE_PER_SECOND = 50
/** Unanswered invokes allowed per connection; more get a `busy` error instead of piling up work in the host. */
export const MAX_IN_FLIGHT = 64
/** Malformed (non-JSON, binary, bad envelope) or rate-limited messages tolerated per `ABUSE_WINDOW_MS` before close 1008. */
export const MAX_ABUSE_PER_WINDOW = 50
/** Window over which abusive messages are counted, milliseconds. */
export const ABUSE_WINDOW_MS = 10_000

/** A client request envelope. `request` is validated later against the channel's schema. */
export const ClientMessageSchema = z
  .object({
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    channel: z.string().max(64).refine(isInvokeChannel, { message: 'unknown channel' }),
    request: z.unknown(),
  })
  .strict()

export type ClientMessage = { id: number; channel: InvokeChannel; request: unknown }
export type ServerReply = { id: number | null; result: Result<unknown> }
export type ServerPush = { push: PushChannel; payload: unknown }

/**
 * Reads the request id from the start of a raw message without parsing all of it, so a refused (rate-limited or
 * oversized-for-its-purpose) message can still be answered with its id. Works for clients that put `id` first,
 * as the RiskDesk client does; null otherwise.
 */
export function peekMessageId(text: string): number | null {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64))
  return match?.[1] === undefined ? null : Number(match[1])
}

/**
 * Classic token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`.
 * `now` is injectable for tests; it must be monotonic, in milliseconds.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity
    this.last = now()
  }

  /** Takes one token. @returns false (and takes nothing) when the bucket is empty. */
  take(): boolean {
    const t = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.refillPerSecond)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/** Counts events in fixed windows; `hit()` returns the count in the current window including this one. */
export class WindowCounter {
  private start: number
  private count = 0

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now()
  }

  hit(): number {
    const t = this.now()
    if (t - this.start >= this.windowMs) {
      this.start = t
      this.count = 0
    }
    this.count += 1
    return this.count
  }
}
