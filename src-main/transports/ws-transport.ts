import { WebSocket, type RawData, type WebSocketServer } from 'ws'
import type { Result } from '@shared/api/contract'
import type { HostPort } from '../host/host-port'
import { describeIssues, dispatchInvoke, errorResult } from './invoke-gate'
import { checkPush } from './push-gate'
import {
  ABUSE_WINDOW_MS,
  ClientMessageSchema,
  MAX_ABUSE_PER_WINDOW,
  MAX_IN_FLIGHT,
  RATE_BURST,
  RATE_PER_SECOND,
  TokenBucket,
  WindowCounter,
  peekMessageId,
  type ServerPush,
  type ServerReply,
} from './ws-protocol'

/**
 * The desk API over a WebSocket (browser mode). Authentication (token + Origin) happens before the upgrade in
 * web-server.ts; this module only sees authenticated sockets. Every message is validated (see ws-protocol.ts);
 * nothing a client sends can throw out of a handler.
 */

/** A client whose unsent data exceeds this (bytes) is too slow to keep up with pushes and is dropped. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024

/** WebSocket close code for policy violations (RFC 6455 section 7.4.1). */
export const CLOSE_POLICY_VIOLATION = 1008

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

function idOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null
  const id = (value as { id?: unknown }).id
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null
}

function sendJson(ws: WebSocket, message: ServerReply | ServerPush): void {
  if (ws.readyState !== WebSocket.OPEN) return
  let text: string
  try {
    text = JSON.stringify(message)
  } catch (err) {
    console.error('[ws] reply not serialisable:', err)
    if (!('id' in message)) return
    text = JSON.stringify({ id: message.id, result: errorResult('internal', 'the response could not be serialised') })
  }
  ws.send(text)
}

/**
 * Serves the desk API on every connection of `wss` and forwards host pushes to all open clients.
 *
 * @param wss a `ws` server whose connections are already authenticated
 * @param host the desk service
 * @param actor the user recorded for every invoke from this server (browser mode has one local user)
 * @returns a dispose function: stops forwarding pushes and handling new connections (open sockets are left to the
 *   caller to close)
 */
export function attachWsTransport(wss: WebSocketServer, host: HostPort, actor: string): () => void {
  const onConnection = (ws: WebSocket): void => {
    const bucket = new TokenBucket(RATE_BURST, RATE_PER_SECOND)
    const abuse = new WindowCounter(ABUSE_WINDOW_MS)
    let inFlight = 0

    const reply = (id: number | null, result: Result<unknown>): void => sendJson(ws, { id, result })
    const refuse = (id: number | null, code: string, message: string): void => {
      if (abuse.hit() > MAX_ABUSE_PER_WINDOW) {
        ws.close(CLOSE_POLICY_VIOLATION, 'too many invalid messages')
        return
      }
      reply(id, errorResult(code, message))
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return refuse(null, 'bad_request', 'binary frames are not accepted; send JSON text')
      const text = rawToText(data)
      if (!bucket.take()) return refuse(peekMessageId(text), 'rate_limited', `more than ${RATE_PER_SECOND} messages per second`)
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return refuse(peekMessageId(text), 'bad_request', 'message is not valid JSON')
      }
      const envelope = ClientMessageSchema.safeParse(parsed)
      if (!envelope.success) return refuse(idOf(parsed), 'bad_request', `malformed message: ${describeIssues(envelope.error)}`)
      const { id, channel, request } = envelope.data
      if (inFlight >= MAX_IN_FLIGHT) return reply(id, errorResult('busy', `more than ${MAX_IN_FLIGHT} requests in flight`))
      inFlight += 1
      void dispatchInvoke(host, channel, request, actor).then((result) => {
        inFlight -= 1
        reply(id, result)
      })
    })
    ws.on('error', (err) => console.error('[ws] socket error:', err.message))
  }

  const unsubscribe = host.onPush((channel, payload) => {
    const checked = checkPush(channel, payload)
    if (!checked.ok) {
      console.error(`[ws] push dropped: ${checked.reason}`)
      return
    }
    let text: string
    try {
      text = JSON.stringify({ push: checked.channel, payload: checked.payload } satisfies ServerPush)
    } catch (err) {
      console.error('[ws] push not serialisable:', err)
      return
    }
    for (const client of wss.clients) {
      if (client.readyState !== WebSocket.OPEN) continue
      if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
        console.error('[ws] dropping a client that cannot keep up with pushes')
        client.terminate()
        continue
      }
      client.send(text)
    }
  })

  wss.on('connection', onConnection)
  return () => {
    unsubscribe()
    wss.off('connection', onConnection)
  }
}
