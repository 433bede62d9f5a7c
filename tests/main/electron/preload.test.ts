import type { EventEmitter } from 'node:events'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, PUSH_CHANNELS, methodNameOf, pushNameOf, type DeskApi } from '@shared/api/contract'
import { pushIpcChannel } from '../../../src-main/transports/ipc-transport'

const bridge = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {}
  return { exposed }
})
const renderer = vi.hoisted(() => ({ emitter: null as unknown, invoke: null as unknown }))

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const emitter = new Emitter()
  renderer.emitter = emitter
  renderer.invoke = vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } }))
  return {
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (bridge.exposed[key] = api)) },
    ipcRenderer: {
      invoke: renderer.invoke,
      on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener),
    },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  }
})

describe('preload', () => {
  let api: DeskApi
  let emitter: EventEmitter

  beforeAll(async () => {
    await import('../../../src-main/preload/index')
    api = bridge.exposed['riskdesk'] as DeskApi
    emitter = renderer.emitter as EventEmitter
  })

  it('exposes only window.riskdesk, holding one function per contract method and nothing else', () => {
    expect(Object.keys(bridge.exposed)).toEqual(['riskdesk'])
    const expected = [...INVOKE_CHANNELS.map((c) => methodNameOf(c)), ...PUSH_CHANNELS.map((c) => pushNameOf(c))].sort()
    expect(Object.keys(api).sort()).toEqual(expected)
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('invokes the matching IPC channel with the request', async () => {
    const result = await api.bookOpen({ name: 'demo' })
    expect(renderer.invoke).toHaveBeenCalledWith('book:open', { name: 'demo' })
    expect(result).toEqual({ ok: true, value: { channel: 'book:open', request: { name: 'demo' } } })
  })

  it('turns an IPC failure into an error Result instead of a rejection', async () => {
    vi.mocked(renderer.invoke as () => Promise<unknown>).mockRejectedValueOnce(new Error("No handler registered for 'feed:play'"))
    await expect(api.feedPlay({})).resolves.toMatchObject({ ok: false, error: { code: 'transport' } })
  })

  it('listens on the same push:<channel> names the IPC transport sends, passing only the payload', () => {
    const listener = vi.fn()
    const off = api.onAlertRaised(listener)
    const event = { sender: 'ipc internals', ports: [] }
    emitter.emit(pushIpcChannel('alert:raised'), event, { id: 'a1' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([{ id: 'a1' }])
    off()
  })

  it('unsubscribe removes exactly its own listener', () => {
    const a = vi.fn()
    const b = vi.fn()
    const offA = api.onFeedStatus(a)
    const offB = api.onFeedStatus(b)
    offA()
    offA() // idempotent
    emitter.emit(pushIpcChannel('feed:status'), {}, { health: 'active' })
    expect(a).not.toHaveBeenCalled()
    expect(b).toHaveBeenCalledTimes(1)
    offB()
    expect(emitter.listenerCount(pushIpcChannel('feed:status'))).toBe(0)
  })

  it('a throwing page listener does not stop the others', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const bad = vi.fn(() => {
      throw new Error('page bug')
    })
    const good = vi.fn()
    const offs = [api.onDeskFrame(bad), api.onDeskFrame(good)]
    emitter.emit(pushIpcChannel('desk:frame'), {}, {})
    expect(good).toHaveBeenCalledTimes(1)
    offs.forEach((off) => off())
  })
})
