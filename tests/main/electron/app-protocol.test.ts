import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { APP_INDEX_URL, createAppProtocolHandler } from '../../../src-main/electron/app-protocol'
import { buildRendererCsp } from '../../../src-main/transports/content-security-policy'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

const base = mkdtempSync(join(tmpdir(), 'riskdesk-app-protocol-'))
const rendererDir = join(base, 'renderer')
mkdirSync(join(rendererDir, 'assets'), { recursive: true })
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export {}')
writeFileSync(join(base, 'secret.txt'), 'SECRET')
afterAll(() => rmSync(base, { recursive: true, force: true }))

const handler = createAppProtocolHandler(rendererDir)
const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

describe('app:// protocol handler', () => {
  it('serves index.html with the CSP and nosniff headers', async () => {
    for (const url of [APP_INDEX_URL, 'app://riskdesk/']) {
      const res = await get(url)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('<!doctype html>')
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toBe(buildRendererCsp())
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('serves module scripts as JavaScript', async () => {
    const res = await get('app://riskdesk/assets/index-abc.js')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it.each([
    'app://riskdesk/../secret.txt',
    'app://riskdesk/..%2fsecret.txt',
    'app://riskdesk/%2e%2e/secret.txt',
    'app://riskdesk/assets/..%2f..%2fsecret.txt',
    'app://riskdesk/assets/',
    'app://riskdesk/missing.js',
    'app://other/index.html',
  ])('refuses %s', async (url) => {
    const res = await get(url)
    expect([400, 404]).toContain(res.status)
    expect(await res.text()).not.toContain('SECRET')
  })

  it('refuses methods other than GET/HEAD', async () => {
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405)
    expect((await get(APP_INDEX_URL, 'HEAD')).status).toBe(200)
  })
})
