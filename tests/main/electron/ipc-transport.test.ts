import { beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, invokeSchemas } from '@shared/api/contract'
import { registerIpcTransport } from '../../../src-main/transports/ipc-transport'
import { isTrustedSenderFrame } from '../../../src-main/transports/trusted-sender'
import { FakeHost, VALID_REQUESTS, makeAlert } from '../transports/contract-samples'
import { FakeWebContents, fake, fakeElectron, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

const TRUSTED = { appUrl: 'app://riskdesk/index.html', devServerUrl: null }
const mainFrame = { url: 'app://riskdesk/index.html', parent: null }

function invoke(channel: string, frame: unknown, ...args: unknown[]): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel)
  if (handler === undefined) throw new Error(`no handler for ${channel}`)
  return handler({ senderFrame: frame }, ...args) as Promise<unknown>
}

describe('registerIpcTransport', () => {
  let host: FakeHost
  let contents: FakeWebContents
  let dispose: () => void

  beforeEach(() => {
    resetFake()
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    host = new FakeHost()
    contents = new FakeWebContents()
    dispose = registerIpcTransport(host, {
      isTrustedSender: (frame) => isTrustedSenderFrame(frame, TRUSTED),
      actor: 'trader1',
      getWebContents: () => [contents as never],
    })
  })

  it('registers exactly one handler per contract invoke channel', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    expect(fakeElectron.ipcMain.handle).toHaveBeenCalledTimes(INVOKE_CHANNELS.length)
  })

  it.each(INVOKE_CHANNELS)('%s reaches the host with the parsed payload and the actor', async (channel) => {
    const result = await invoke(channel, mainFrame, VALID_REQUESTS[channel])
    const parsed = invokeSchemas[channel].req.parse(VALID_REQUESTS[channel])
    expect(result).toEqual({ ok: true, value: { echo: parsed } })
    expect(host.calls).toEqual([{ channel, request: parsed, actor: 'trader1' }])
  })

  it.each([
    ['a sub-frame', { url: 'app://riskdesk/index.html', parent: mainFrame }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a lookalike host', { url: 'app://riskdesk.evil/index.html', parent: null }],
    ['a file: page', { url: 'file:///tmp/index.html', parent: null }],
    ['a destroyed frame', null],
  ])('refuses %s with an error Result and never calls the host', async (_label, frame) => {
    const result = await invoke('book:open', frame, { name: 'demo' })
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(host.calls).toHaveLength(0)
  })

  it.each([
    ['wrong types', 'feed:speed', { speed: '10' }],
    ['extra keys', 'book:open', { name: 'x', admin: true }],
    ['a __proto__ key', 'alert:acknowledge', JSON.parse('{"alertId":"a","__proto__":{"isAdmin":true}}')],
    ['a constructor key', 'audit:verify', { constructor: { prototype: { x: 1 } } }],
    ['a huge string', 'book:import', { fileName: 'a.csv', content: 'x'.repeat(5_000_001), save: true }],
    ['a huge name', 'book:open', { name: 'n'.repeat(10_000) }],
    ['a negative speed', 'feed:speed', { speed: -1 }],
    ['no request at all', 'desk:snapshot', undefined],
  ])('refuses a hostile payload (%s) with bad_request', async (_label, channel, payload) => {
    const result = await invoke(channel, mainFrame, payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(host.calls).toHaveLength(0)
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined()
  })

  it('refuses extra or missing arguments', async () => {
    expect(await invoke('desk:snapshot', mainFrame, {}, { sneaky: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(await invoke('desk:snapshot', mainFrame)).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(host.calls).toHaveLength(0)
  })

  it('sends valid pushes as push:<channel> with the payload only, and drops invalid ones', () => {
    const alert = makeAlert()
    host.emit('alert:raised', alert)
    host.emit('alert:raised', { ...alert, severity: 'LOW' })
    expect(contents.send).toHaveBeenCalledTimes(1)
    expect(contents.send).toHaveBeenCalledWith('push:alert:raised', alert)
  })

  it('skips destroyed webContents', () => {
    contents.destroyed = true
    host.emit('alert:raised', makeAlert())
    expect(contents.send).not.toHaveBeenCalled()
  })

  it('dispose removes every handler and stops pushes', () => {
    dispose()
    expect(fake.ipcHandlers.size).toBe(0)
    expect(host.listenerCount).toBe(0)
  })
})
