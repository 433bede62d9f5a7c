import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '@shared/api/contract'
import { APP_INDEX_URL } from '../../../src-main/electron/app-protocol'
import { startDesktop } from '../../../src-main/electron/main'
import { FakeHost } from '../transports/contract-samples'
import { alertOf } from './alert-fixture'
import { FakeBrowserWindow, FakeEvent, FakeNotification, FakeTray, fake, fakeElectron, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

const MAIN_DIR = '/opt/riskdesk/out/main'

beforeEach(() => {
  resetFake()
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  delete process.env['ELECTRON_RENDERER_URL']
})
afterEach(() => {
  delete process.env['ELECTRON_RENDERER_URL']
})

describe('startDesktop', () => {
  it('sandboxes everything, registers app://, creates one secure window and loads the built renderer', async () => {
    fake.app.isPackaged = true
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/' // ignored when packaged
    const host = new FakeHost()
    const desktop = await startDesktop(async () => host, { mainDir: MAIN_DIR })
    expect(desktop).not.toBeNull()
    expect(fake.app.enableSandbox).toHaveBeenCalled()
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }])
    expect(fake.protocolHandlers.has('app')).toBe(true)
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    const window = FakeBrowserWindow.instances[0]!
    expect(window.options['webPreferences']).toMatchObject({
      preload: '/opt/riskdesk/out/preload/index.js',
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webviewTag: false,
      spellcheck: false,
    })
    expect(window.loadURL).toHaveBeenCalledWith(APP_INDEX_URL)
    // The window's webContents were hardened through app 'web-contents-created'.
    expect(window.webContents.windowOpenHandler?.({ url: 'https://x.example' })).toEqual({ action: 'deny' })
    const nav = new FakeEvent()
    window.webContents.emit('will-navigate', nav, 'https://x.example')
    expect(nav.defaultPrevented).toBe(true)
    expect(fake.defaultSession.permissionRequestHandler).not.toBeNull()
  })

  it('loads the dev server in an unpackaged run and trusts only that origin', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/'
    const host = new FakeHost()
    await startDesktop(async () => host, { mainDir: MAIN_DIR })
    const window = FakeBrowserWindow.instances[0]!
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173/')
    const handler = fake.ipcHandlers.get('feed:play')!
    expect(await handler({ senderFrame: { url: 'http://localhost:5173/', parent: null } }, {})).toMatchObject({ ok: true })
    expect(await handler({ senderFrame: { url: APP_INDEX_URL, parent: null } }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('ignores a non-loopback dev server URL', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://evil.example:5173/'
    await startDesktop(async () => new FakeHost(), { mainDir: MAIN_DIR })
    expect(FakeBrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith(APP_INDEX_URL)
  })

  it('registers every invoke channel before the page loads, and pushes reach the window', async () => {
    const host = new FakeHost()
    await startDesktop(async () => host, { mainDir: MAIN_DIR })
    const window = FakeBrowserWindow.instances[0]!
    expect(fake.ipcHandlers.size).toBe(INVOKE_CHANNELS.length)
    const lastHandle = Math.max(...vi.mocked(fakeElectron.ipcMain.handle).mock.invocationCallOrder)
    expect(lastHandle).toBeLessThan(window.loadURL.mock.invocationCallOrder[0]!)
    const alert = alertOf()
    host.emit('alert:raised', alert)
    expect(window.webContents.send).toHaveBeenCalledWith('push:alert:raised', alert)
  })

  it('shows the worst open alert in the tray, notifies it on the book, and a click brings the window up on that alert', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const host = new FakeHost()
      host.respond = (channel) => (channel === 'desk:snapshot' ? { ok: true, value: { book: 'demo-desk', alerts: [] } } : { ok: true, value: [] })
      await startDesktop(async () => host, { mainDir: MAIN_DIR })
      expect(fake.app.getPath).toHaveBeenCalledWith('userData')
      host.emit('alert:raised', alertOf({ id: 'c', severity: 'CRITICAL' }))
      const tray = FakeTray.instances[0]!
      await vi.waitFor(() => expect(tray.setToolTip).toHaveBeenLastCalledWith('RiskDesk: 1 open alert, worst CRITICAL'))
      vi.advanceTimersByTime(2000)
      expect(FakeNotification.instances).toHaveLength(1)
      expect(FakeNotification.instances[0]!.options.title).toBe('CRITICAL: VaR (historical) over its limit on book demo-desk')
      const window = FakeBrowserWindow.instances[0]!
      window.minimized = true
      window.webContents.send.mockClear()
      FakeNotification.instances[0]!.emit('click')
      expect(window.restore).toHaveBeenCalled()
      expect(window.focus).toHaveBeenCalled()
      expect(window.webContents.send).toHaveBeenCalledWith('push:alert:focus', { alertId: 'c' })
    } finally {
      vi.useRealTimers()
    }
  })

  it('quits at once when another instance holds the lock', async () => {
    fake.app.requestSingleInstanceLock.mockImplementation(() => false)
    const createHost = vi.fn(async () => new FakeHost())
    expect(await startDesktop(createHost, { mainDir: MAIN_DIR })).toBeNull()
    expect(fake.app.quit).toHaveBeenCalled()
    expect(createHost).not.toHaveBeenCalled()
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('focuses the existing window when a second instance starts', async () => {
    await startDesktop(async () => new FakeHost(), { mainDir: MAIN_DIR })
    const window = FakeBrowserWindow.instances[0]!
    window.minimized = true
    fake.app.emit('second-instance')
    expect(window.restore).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()
  })

  it('shows an error box and exits 1 when the host fails to start', async () => {
    const result = await startDesktop(async () => Promise.reject(new Error('audit database is from a newer version')), { mainDir: MAIN_DIR })
    expect(result).toBeNull()
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('RiskDesk could not start', 'audit database is from a newer version')
    expect(fake.app.exit).toHaveBeenCalledWith(1)
    expect(fake.ipcHandlers.size).toBe(0)
  })

  it('on quit: holds the quit, disposes IPC, closes the host once, then quits', async () => {
    const host = new FakeHost()
    await startDesktop(async () => host, { mainDir: MAIN_DIR })
    const first = new FakeEvent()
    fake.app.emit('will-quit', first)
    expect(first.defaultPrevented).toBe(true)
    const second = new FakeEvent()
    fake.app.emit('will-quit', second) // a second quit request while closing is held as well
    expect(second.defaultPrevented).toBe(true)
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled())
    expect(host.closed).toBe(true)
    expect(fake.ipcHandlers.size).toBe(0)
    expect(host.listenerCount).toBe(0)
    expect(fake.app.quit).toHaveBeenCalledTimes(1)
    const last = new FakeEvent()
    fake.app.emit('will-quit', last)
    expect(last.defaultPrevented).toBe(false)
  })
})
