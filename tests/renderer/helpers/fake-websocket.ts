import type { WebSocketLike } from '../../../src-renderer/src/transport/ws-client'

type Listener = (event: never) => void

/** In-memory WebSocket: records what the client sends; the test plays the server with open/receive/drop. */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = []
  readyState = 0
  sent: unknown[] = []
  closedWith: { code?: number; reason?: string } | null = null
  private listeners = new Map<string, Listener[]>()

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this)
  }
  addEventListener(type: 'open' | 'error', listener: () => void): void
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open')
    this.sent.push(JSON.parse(data))
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason }
    this.readyState = 3
  }
  private fire(type: string, event?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(event as never)
  }
  // server side
  open(): void {
    this.readyState = 1
    this.fire('open')
  }
  receive(message: unknown): void {
    this.fire('message', { data: typeof message === 'string' ? message : JSON.stringify(message) })
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3
    this.fire('error')
    this.fire('close', { code, reason })
  }
}
