import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Result } from '@shared/api/contract'
import {
  backoffDelay,
  createWsDeskClient,
  DEFAULT_BACKOFF,
  deskSocketUrl,
  TRANSPORT_ERRORS,
  type ConnectionInfo,
} from '../../src-renderer/src/transport/ws-client'
import { FakeWebSocket } from './helpers/fake-websocket'
import { alert, feed, snapshot } from './helpers/fixtures'

const last = (): FakeWebSocket => FakeWebSocket.instances.at(-1)!
const URL_ = 'ws://127.0.0.1:4100/ws?token=t0k'
const CALL_TIMEOUT_MS = 5_000

function client(random = () => 1) {
  const log = vi.fn()
  const states: ConnectionInfo[] = []
  const c = createWsDeskClient({ url: URL_, WebSocketImpl: FakeWebSocket, random, log, callTimeoutMs: CALL_TIMEOUT_MS })
  c.onConnection((info) => states.push(info))
  return { c, log, states }
}

describe('deskSocketUrl', () => {
  it('builds ws(s)://host/ws?token= from the page location', () => {
    expect(deskSocketUrl({ protocol: 'http:', host: '127.0.0.1:4100', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:4100/ws?token=a%2Bb')
    expect(deskSocketUrl({ protocol: 'https:', host: 'desk.local', search: '?x=1&token=abc' })).toBe('wss://desk.local/ws?token=abc')
  })
  it('refuses a page without a token', () => {
    expect(() => deskSocketUrl({ protocol: 'http:', host: 'h', search: '' })).toThrow(/token/)
  })
})

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, jittered into [d/2, d]', () => {
    const expected = [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]
    expected.forEach((d, attempt) => {
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 1)).toBe(d)
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 0)).toBe(d / 2)
    })
  })
})

describe('createWsDeskClient', () => {
  beforeEach(() => {
    FakeWebSocket.instances = []
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('queues calls until the socket opens, then sends {id, channel, request} and resolves with the result', async () => {
    const { c } = client()
    expect(last().url).toBe(URL_)
    const pending = c.api.deskSnapshot({})
    expect(last().sent).toEqual([])
    last().open()
    expect(last().sent).toEqual([{ id: 1, channel: 'desk:snapshot', request: {} }])
    const snap = snapshot()
    last().receive({ id: 1, result: { ok: true, value: snap } })
    await expect(pending).resolves.toEqual({ ok: true, value: snap })
  })

  it('matches answers to calls by id, in any order, and passes server errors through', async () => {
    const { c } = client()
    last().open()
    const a = c.api.feedPlay({})
    const b = c.api.alertAcknowledge({ alertId: 'a1' })
    const [first, second] = last().sent as { id: number }[]
    const err = { ok: false, error: { code: 'not_found', message: 'no alert a1' } }
    last().receive({ id: second!.id, result: err })
    last().receive({ id: first!.id, result: { ok: true, value: feed() } })
    await expect(b).resolves.toEqual(err)
    await expect(a).resolves.toEqual({ ok: true, value: feed() })
  })

  it('dispatches pushes to the matching subscribers until they unsubscribe', () => {
    const { c } = client()
    last().open()
    const raised = vi.fn()
    const other = vi.fn()
    const off = c.api.onAlertRaised(raised)
    c.api.onFeedStatus(other)
    const payload = alert('a1')
    last().receive({ push: 'alert:raised', payload })
    expect(raised).toHaveBeenCalledWith(payload)
    expect(other).not.toHaveBeenCalled()
    off()
    last().receive({ push: 'alert:raised', payload })
    expect(raised).toHaveBeenCalledTimes(1)
  })

  it('ignores malformed frames and unknown push channels without breaking', async () => {
    const { c, log } = client()
    last().open()
    const call = c.api.bookList({})
    last().receive('not json')
    last().receive({ push: 'desk:explode', payload: {} })
    last().receive({ hello: 1 })
    last().receive({ id: 999, result: { ok: true, value: [] } }) // no such call
    expect(log).toHaveBeenCalledTimes(3)
    last().receive({ id: 1, result: { weird: true } })
    const r = await call
    expect(r.ok).toBe(false)
  })

  it('resolves a call that gets no answer with a timeout Result', async () => {
    const { c } = client()
    last().open()
    const call = c.api.feedPause({})
    await vi.advanceTimersByTimeAsync(CALL_TIMEOUT_MS)
    const r = (await call) as Result<unknown>
    expect(r.ok ? null : r.error.code).toBe(TRANSPORT_ERRORS.timeout)
  })

  it('on a drop: fails in-flight calls, reconnects with growing backoff, resends queued calls, reports reconnected', async () => {
    const { c, states } = client()
    last().open()
    expect(states.at(-1)).toMatchObject({ state: 'open', reconnected: false })
    const inflight = c.api.feedPlay({})
    last().drop()
    const r = (await inflight) as Result<unknown>
    expect(r.ok ? null : r.error.code).toBe(TRANSPORT_ERRORS.disconnected)
    expect(states.at(-1)).toMatchObject({ state: 'reconnecting', nextRetryMs: DEFAULT_BACKOFF.initialMs })

    // two failed attempts: the waits double
    await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.initialMs)
    expect(FakeWebSocket.instances).toHaveLength(2)
    last().drop()
    expect(states.at(-1)?.nextRetryMs).toBe(DEFAULT_BACKOFF.initialMs * DEFAULT_BACKOFF.factor)
    await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.initialMs * DEFAULT_BACKOFF.factor - 1)
    expect(FakeWebSocket.instances).toHaveLength(2) // not yet
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeWebSocket.instances).toHaveLength(3)

    const queued = c.api.deskSnapshot({}) // made while down: waits for the connection
    last().open()
    expect(states.at(-1)).toMatchObject({ state: 'open', reconnected: true, attempt: 0 })
    const sent = last().sent as { id: number; channel: string }[]
    expect(sent.map((m) => m.channel)).toEqual(['desk:snapshot'])
    last().receive({ id: sent[0]!.id, result: { ok: true, value: snapshot() } })
    expect((await queued).ok).toBe(true)

    // a later drop starts again from the initial delay
    last().drop()
    expect(states.at(-1)?.nextRetryMs).toBe(DEFAULT_BACKOFF.initialMs)
  })

  it('close() stops for good: socket closed, no reconnect, pending calls end', async () => {
    const { c, states } = client()
    const pending = c.api.bookList({})
    c.close()
    expect(last().closedWith?.code).toBe(1000)
    const r = (await pending) as Result<unknown>
    expect(r.ok ? null : r.error.code).toBe(TRANSPORT_ERRORS.closed)
    expect(states.at(-1)?.state).toBe('closed')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
    const after = (await c.api.bookList({})) as Result<unknown>
    expect(after.ok).toBe(false)
  })

  it('keeps retrying when the constructor itself throws', async () => {
    let fail = true
    class Flaky extends FakeWebSocket {
      constructor(url: string) {
        if (fail) throw new Error('blocked by CSP')
        super(url)
      }
    }
    const log = vi.fn()
    createWsDeskClient({ url: URL_, WebSocketImpl: Flaky, random: () => 1, log })
    expect(FakeWebSocket.instances).toHaveLength(0)
    expect(log.mock.calls[0]?.[0]).not.toContain('t0k') // the token never reaches the log
    fail = false
    await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.initialMs)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })
})
