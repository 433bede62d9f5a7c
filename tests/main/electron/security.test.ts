import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ALLOWED_PERMISSIONS, hardenSession, hardenWebContents } from '../../../src-main/electron/security'
import { mainWindowWebPreferences } from '../../../src-main/electron/window'
import { buildRendererCsp } from '../../../src-main/transports/content-security-policy'
import { FakeEvent, FakeWebContents, fake, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

beforeEach(() => {
  resetFake()
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

describe('main window webPreferences', () => {
  it('turn every renderer privilege off and point at the preload bundle', () => {
    const prefs = mainWindowWebPreferences('/app/out/preload/index.js')
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    })
    expect(prefs).not.toHaveProperty('enableRemoteModule')
  })
})

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-redirect'])('prevents %s to any URL, even the app itself', (eventName) => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    for (const url of ['https://evil.example/', 'app://riskdesk/index.html', 'file:///etc/passwd']) {
      const event = new FakeEvent()
      contents.emit(eventName, event, url)
      expect(event.defaultPrevented).toBe(true)
    }
  })

  it('prevents <webview> attachment', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    const event = new FakeEvent()
    contents.emit('will-attach-webview', event, {}, {})
    expect(event.defaultPrevented).toBe(true)
  })

  it('denies window.open for every URL', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents as never)
    for (const url of ['https://example.com/', 'app://riskdesk/index.html', 'javascript:alert(1)']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
  })
})

describe('hardenSession', () => {
  const permissions = ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'midiSysex', 'unknown']

  it('grants only notifications on request', () => {
    hardenSession(fake.defaultSession as never, { devServerUrl: null })
    for (const permission of permissions) {
      const callback = vi.fn()
      fake.defaultSession.permissionRequestHandler?.({}, permission, callback, {})
      expect(callback, permission).toHaveBeenCalledWith(permission === 'notifications')
    }
    expect([...ALLOWED_PERMISSIONS]).toEqual(['notifications'])
  })

  it('answers permission checks the same way and refuses device access', () => {
    hardenSession(fake.defaultSession as never, { devServerUrl: null })
    for (const permission of permissions) {
      expect(fake.defaultSession.permissionCheckHandler?.(null, permission, 'app://riskdesk', {}), permission).toBe(permission === 'notifications')
    }
    expect(fake.defaultSession.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false)
  })

  it('adds the renderer CSP header to responses, keeping the other headers', () => {
    hardenSession(fake.defaultSession as never, { devServerUrl: null })
    const callback = vi.fn()
    fake.defaultSession.headersListener?.({ responseHeaders: { 'X-Other': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [buildRendererCsp()] } })
  })

  it('in dev, lets the CSP reach the dev server socket (HMR) and nothing else', () => {
    hardenSession(fake.defaultSession as never, { devServerUrl: 'http://localhost:5173/' })
    const callback = vi.fn()
    fake.defaultSession.headersListener?.({ responseHeaders: {} }, callback)
    const csp = (callback.mock.calls[0]?.[0] as { responseHeaders: Record<string, string[]> }).responseHeaders['Content-Security-Policy']?.[0]
    expect(csp).toContain("connect-src 'self' ws://localhost:5173")
    expect(csp).toContain("script-src 'self';")
  })
})

describe('renderer CSP', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))

  it('allows scripts only from the app: no inline, no eval, no remote', () => {
    const csp = directives(buildRendererCsp())
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(buildRendererCsp()).not.toMatch(/unsafe-eval|\*|https?:/)
  })

  const indexHtml = join(import.meta.dirname, '../../../src-renderer/index.html')
  const sorted = (csp: string) => [...directives(csp.trim().replace(/;\s*$/, '').replace(/\s*;\s*/g, '; '))].map(([k, v]) => `${k} ${[...v].sort().join(' ')}`).sort()

  it.skipIf(!existsSync(indexHtml))('headers carry the same directives as the meta tag in src-renderer/index.html', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(indexHtml, 'utf8'))?.[1]
    expect(meta, 'CSP meta tag').toBeDefined()
    expect(sorted(meta!)).toEqual(sorted(buildRendererCsp({ forMetaTag: true, connectSrc: ['ws://127.0.0.1:*'] })))
  })

  it('meta-tag form omits frame-ancestors (ignored in <meta>) and keeps the rest', () => {
    expect(buildRendererCsp({ forMetaTag: true })).not.toContain('frame-ancestors')
    expect(buildRendererCsp({ forMetaTag: true })).toContain("script-src 'self'")
  })
})
