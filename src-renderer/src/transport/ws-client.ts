import { buildDeskApi, PUSH_CHANNELS, type DeskApi, type InvokeChannel, type PushChannel, type Result } from '@shared/api/contract'

/**
 * Browser-mode transport: the DeskApi over the desk service's loopback WebSocket (`riskdesk web`).
 *
 * Wire protocol (JSON text frames):
 *   client -> server  `{ id: number, channel: InvokeChannel, request }`
 *   server -> client  `{ id: number, result: Result }` (the answer to one call) or `{ push: PushChannel, payload }`.
 * The server validates every request with the contract's schemas; this client only checks the envelope. Errors never
 * throw: a call always resolves to a Result, with the local codes below when the transport itself fails.
 *
 * Reconnects forever with capped exponential backoff (AWS "equal jitter"); calls made while the socket is down wait
 * for the next connection until their timeout. A call already sent when the socket drops resolves `disconnected`,
 * because the server may or may not have run it: the UI resynchronises from a fresh `desk:snapshot` on reconnect.
 */

/** Result error codes produced by the transport itself (the server's own codes pass through untouched). */
export const TRANSPORT_ERRORS = {
  disconnected: 'disconnected',
  timeout: 'timeout',
  closed: 'closed',
} as const

/** The part of the WHATWG WebSocket this client uses; the browser's WebSocket satisfies it, tests pass a fake. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'error', listener: () => void): void
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}
export type WebSocketCtor = new (url: string) => WebSocketLike

/** Reconnect delays in milliseconds: attempt k waits min(maxMs, initialMs * factor^k), jittered into [d/2, d]. */
export interface Backoff {
  initialMs: number
  factor: number
  maxMs: number
}
export const DEFAULT_BACKOFF: Backoff = { initialMs: 250, factor: 2, maxMs: 10_000 }
/** Long enough for a large book import on a busy machine; a stuck call must still end. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000
const WS_OPEN = 1

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface ConnectionInfo {
  state: ConnectionState
  /** true on an 'open' that follows an earlier connection: state may have moved on, resynchronise */
  reconnected: boolean
  /** failed attempts since the last successful open */
  attempt: number
  /** delay before the next attempt while reconnecting, else null */
  nextRetryMs: number | null
  lastClose: { code: number; reason: string } | null
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface WsClientOptions {
  url: string
  WebSocketImpl?: WebSocketCtor
  backoff?: Partial<Backoff>
  callTimeoutMs?: number
  timers?: Timers
  /** uniform [0, 1) source for the jitter */
  random?: () => number
  log?: (message: string) => void
}

export interface WsDeskClient {
  readonly api: DeskApi
  info(): ConnectionInfo
  /** Called on every state change; returns the unsubscribe function. */
  onConnection(listener: (info: ConnectionInfo) => void): () => void
  /** Stops for good: no reconnect; pending calls resolve `closed`. */
  close(): void
}

interface PendingCall {
  id: number
  frame: string
  sent: boolean
  timer: unknown
  resolve: (result: Result<unknown>) => void
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

/**
 * The WebSocket URL of the desk service for a page served by `riskdesk web`:
 * `ws(s)://<host>/ws?token=<token>` with the token taken from the page's `?token=` query parameter.
 * @throws Error when the page URL has no token (the server would refuse the connection anyway).
 */
export function deskSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token')
  if (!token) throw new Error('no session token: open the desk with the link printed by `riskdesk web` (it ends in ?token=...)')
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`
}

/** Delay before reconnect attempt `attempt` (0-based), in ms. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const capped = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt)
  return capped / 2 + (capped / 2) * random()
}

function failure(code: string, message: string): Result<unknown> {
  return { ok: false, error: { code, message } }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const r = value as { ok?: unknown; error?: unknown }
  if (r.ok === true) return 'value' in r
  if (r.ok !== false || typeof r.error !== 'object' || r.error === null) return false
  const e = r.error as { code?: unknown; message?: unknown }
  return typeof e.code === 'string' && typeof e.message === 'string'
}

const pushChannels = new Set<string>(PUSH_CHANNELS)

/**
 * Connects to the desk service and returns the DeskApi over it (built with the contract's `buildDeskApi`).
 * Connection starts immediately. See the module comment for the protocol and failure semantics.
 */
export function createWsDeskClient(options: WsClientOptions): WsDeskClient {
  const Impl: WebSocketCtor = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketCtor)
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
  const timers = options.timers ?? defaultTimers
  const random = options.random ?? Math.random
  const log = options.log ?? ((m: string) => console.warn(`[ws-client] ${m}`))

  let socket: WebSocketLike | null = null
  let nextId = 0
  let everOpened = false
  let stopped = false
  let retryTimer: unknown = null
  let info: ConnectionInfo = { state: 'connecting', reconnected: false, attempt: 0, nextRetryMs: null, lastClose: null }
  const pending = new Map<number, PendingCall>()
  const pushListeners = new Map<PushChannel, Set<(payload: unknown) => void>>()
  const stateListeners = new Set<(info: ConnectionInfo) => void>()

  const setInfo = (next: Partial<ConnectionInfo>): void => {
    info = { ...info, ...next }
    for (const l of [...stateListeners]) {
      try {
        l(info)
      } catch (err) {
        log(`connection listener failed: ${String(err)}`)
      }
    }
  }

  const settle = (call: PendingCall, result: Result<unknown>): void => {
    if (!pending.delete(call.id)) return
    timers.clearTimeout(call.timer)
    call.resolve(result)
  }

  const transmit = (call: PendingCall): void => {
    if (socket === null || socket.readyState !== WS_OPEN) return
    try {
      socket.send(call.frame)
      call.sent = true
    } catch (err) {
      log(`send failed: ${String(err)}`)
    }
  }

  const dispatchPush = (channel: PushChannel, payload: unknown): void => {
    const set = pushListeners.get(channel)
    if (!set) return
    for (const l of [...set]) {
      try {
        l(payload)
      } catch (err) {
        log(`listener for ${channel} failed: ${String(err)}`)
      }
    }
  }

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return log('ignored a non-text frame')
    let msg: unknown
    try {
      msg = JSON.parse(data)
    } catch {
      return log('ignored a frame that is not JSON')
    }
    if (typeof msg !== 'object' || msg === null) return log('ignored a frame that is not an object')
    const m = msg as { id?: unknown; result?: unknown; push?: unknown; payload?: unknown }
    if (typeof m.push === 'string') {
      if (!pushChannels.has(m.push)) return log(`ignored push on unknown channel ${m.push}`)
      return dispatchPush(m.push as PushChannel, m.payload)
    }
    if (typeof m.id === 'number') {
      const call = pending.get(m.id)
      if (!call) return // answer to a call that already timed out
      if (!isResult(m.result)) return settle(call, failure('bad_response', `malformed result for call ${m.id}`))
      return settle(call, m.result)
    }
    log('ignored a frame with neither id nor push')
  }

  const scheduleReconnect = (): void => {
    const delay = backoffDelay(info.attempt, backoff, random)
    setInfo({ state: 'reconnecting', attempt: info.attempt + 1, nextRetryMs: delay })
    retryTimer = timers.setTimeout(() => {
      retryTimer = null
      connect()
    }, delay)
  }

  const onClose = (ws: WebSocketLike, code: number, reason: string): void => {
    if (socket !== ws) return
    socket = null
    for (const call of [...pending.values()]) {
      if (call.sent) settle(call, failure(TRANSPORT_ERRORS.disconnected, 'connection to the desk service lost before the answer arrived'))
    }
    if (stopped) return
    info = { ...info, lastClose: { code, reason } }
    scheduleReconnect()
  }

  function connect(): void {
    if (stopped) return
    let ws: WebSocketLike
    try {
      ws = new Impl(options.url)
    } catch (err) {
      log(`cannot open ${options.url.replace(/token=[^&]*/u, 'token=***')}: ${String(err)}`)
      info = { ...info, lastClose: { code: 0, reason: String(err) } }
      scheduleReconnect()
      return
    }
    socket = ws
    if (info.state !== 'connecting') setInfo({ state: 'reconnecting', nextRetryMs: null })
    ws.addEventListener('open', () => {
      if (socket !== ws) return
      const reconnected = everOpened
      everOpened = true
      setInfo({ state: 'open', reconnected, attempt: 0, nextRetryMs: null })
      for (const call of pending.values()) if (!call.sent) transmit(call)
    })
    ws.addEventListener('message', (ev) => {
      if (socket === ws) onMessage(ev.data)
    })
    ws.addEventListener('close', (ev) => onClose(ws, ev.code, ev.reason))
    ws.addEventListener('error', () => {
      // The browser always follows 'error' with 'close'; reconnecting happens there.
    })
  }

  const call = (channel: InvokeChannel, request: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (stopped) return resolve(failure(TRANSPORT_ERRORS.closed, 'the desk client is closed'))
      const id = ++nextId
      const entry: PendingCall = { id, frame: JSON.stringify({ id, channel, request }), sent: false, timer: null, resolve }
      entry.timer = timers.setTimeout(
        () => settle(entry, failure(TRANSPORT_ERRORS.timeout, `${channel}: no answer from the desk service within ${callTimeoutMs} ms`)),
        callTimeoutMs,
      )
      pending.set(id, entry)
      transmit(entry)
    })

  const listen = (channel: PushChannel, listener: (payload: unknown) => void): (() => void) => {
    let set = pushListeners.get(channel)
    if (!set) pushListeners.set(channel, (set = new Set()))
    const own = set
    // Wrap so the same function registered twice gets two independent subscriptions.
    const entry = (payload: unknown): void => listener(payload)
    own.add(entry)
    return () => {
      own.delete(entry)
    }
  }

  connect()

  return {
    api: buildDeskApi(call, listen),
    info: () => info,
    onConnection(listener) {
      stateListeners.add(listener)
      return () => {
        stateListeners.delete(listener)
      }
    },
    close() {
      if (stopped) return
      stopped = true
      if (retryTimer !== null) timers.clearTimeout(retryTimer)
      const ws = socket
      socket = null
      ws?.close(1000, 'client closed')
      for (const c of [...pending.values()]) settle(c, failure(TRANSPORT_ERRORS.closed, 'the desk client is closed'))
      setInfo({ state: 'closed', nextRetryMs: null })
    },
  }
}
