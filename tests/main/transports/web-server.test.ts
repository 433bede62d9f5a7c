import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startWebServer, type WebServer } from '../../../src-main/transports/web-server'
import { MAX_MESSAGE_BYTES, RATE_BURST } from '../../../src-main/transports/ws-protocol'
import { FakeHost, makeAlert } from './contract-samples'

const SECRET = 'TOP-SECRET-MARKER-6b1f'
const base = mkdtempSync(join(tmpdir(), 'riskdesk-web-'))
const rendererDir = join(base, 'renderer')
mkdirSync(join(rendererDir, 'assets'), { recursive: true })
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>')
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export const app = 1')
writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}')
writeFileSync(join(base, 'package.json'), JSON.stringify({ secret: SECRET }))

const host = new FakeHost()
let server: WebServer
let port: number
let origin: string
let cookie: string

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** GET with the path sent byte for byte (fetch would normalise `..` away before the server sees it). */
function raw(path: string, headers: OutgoingHttpHeaders = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a WebSocket; resolves with it once open, rejects with the HTTP status the server refused with. */
function openWs(path: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { ...options, perMessageDeflate: false })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`status ${res.statusCode}`))
      ws.terminate()
    })
    ws.once('error', reject)
  })
}

/** Collects messages of a socket in order. */
function inbox(ws: WebSocket): { next(): Promise<Record<string, unknown>>; all: Record<string, unknown>[] } {
  const all: Record<string, unknown>[] = []
  const waiters: ((m: Record<string, unknown>) => void)[] = []
  let read = 0
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>
    all.push(message)
    const waiter = waiters.shift()
    if (waiter !== undefined) {
      read += 1
      waiter(message)
    }
  })
  return {
    all,
    next: () =>
      new Promise((resolve) => {
        if (read < all.length) resolve(all[read++] as Record<string, unknown>)
        else waiters.push(resolve)
      }),
  }
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

async function authedWs(): Promise<WebSocket> {
  return openWs(`/ws?token=${server.token}`, { origin })
}

beforeAll(async () => {
  server = await startWebServer({ host, rendererDir, port: 0, actor: 'browser-user' })
  const url = new URL(server.url)
  port = Number(url.port)
  origin = `http://127.0.0.1:${port}`
  const index = await raw(`/?token=${server.token}`)
  const setCookie = index.headers['set-cookie']?.[0] ?? ''
  cookie = setCookie.split(';')[0] ?? ''
})

afterAll(async () => {
  await server.close()
  rmSync(base, { recursive: true, force: true })
})

describe('startWebServer: binding and URL', () => {
  it('prints http://127.0.0.1:<port>/?token=<64 hex>', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/)
    expect(server.url.endsWith(server.token)).toBe(true)
  })

  it('listens on 127.0.0.1 only (refused on ::1 and on non-loopback addresses)', async () => {
    const tryConnect = (address: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port })
        socket.once('connect', () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
    expect(await tryConnect('127.0.0.1')).toBe(true)
    expect(await tryConnect('::1')).toBe(false)
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address)
    for (const address of external) expect(await tryConnect(address)).toBe(false)
  })

  it('refuses to start without a built renderer', async () => {
    await expect(startWebServer({ host, rendererDir: join(base, 'nope'), actor: 'x' })).rejects.toThrow(/index\.html not found/)
  })
})

describe('startWebServer: HTTP', () => {
  it('refuses the page without the token or with a wrong one', async () => {
    expect((await raw('/')).status).toBe(403)
    expect((await raw('/index.html')).status).toBe(403)
    expect((await raw(`/?token=${'0'.repeat(64)}`)).status).toBe(403)
    expect((await raw(`/?token=${server.token.slice(0, 63)}`)).status).toBe(403)
  })

  it('refuses the page on the cookie alone (the page needs the token in its URL)', async () => {
    expect((await raw('/', { Cookie: cookie })).status).toBe(403)
  })

  it('serves the page with the token, security headers and a session cookie', async () => {
    const res = await raw(`/?token=${server.token}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain('<!doctype html>')
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect(res.headers['content-security-policy']).toContain(`ws://127.0.0.1:${port}`)
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
    const setCookie = res.headers['set-cookie']?.[0] ?? ''
    expect(setCookie).toMatch(new RegExp(`^riskdesk_session_${port}=${server.token}; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Strict$`))
  })

  it('serves assets with the cookie or the query token, with their content types', async () => {
    expect((await raw('/assets/app.js')).status).toBe(403)
    expect((await raw('/assets/app.js', { Cookie: 'riskdesk_session_1=wrong' })).status).toBe(403)
    const js = await raw('/assets/app.js', { Cookie: cookie })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['x-content-type-options']).toBe('nosniff')
    expect(js.body).toBe('export const app = 1')
    const css = await raw(`/assets/app.css?token=${server.token}`)
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
  })

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    expect((await raw(`/?token=${server.token}`, { Host: `evil.example:${port}` })).status).toBe(403)
    expect((await raw(`/?token=${server.token}`, { Host: `localhost:${port}` })).status).toBe(403)
  })

  it('allows only GET and HEAD', async () => {
    const post = await raw(`/?token=${server.token}`, {}, 'POST')
    expect(post.status).toBe(405)
    expect(post.headers['allow']).toBe('GET, HEAD')
    const head = await raw(`/?token=${server.token}`, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it.each([
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%5cpackage.json',
    '/%252e%252e/package.json',
    '/assets/..%00/package.json',
    '//../package.json',
  ])('blocks traversal %s', async (path) => {
    for (const headers of [{ Cookie: cookie }, {}]) {
      const res = await raw(path.includes('?') ? path : `${path}?token=${server.token}`, headers)
      expect([400, 403, 404]).toContain(res.status)
      expect(res.body).not.toContain(SECRET)
    }
  })

  it('never lists a directory', async () => {
    const res = await raw('/assets/', { Cookie: cookie })
    expect(res.status).toBe(404)
    expect(res.body).not.toContain('app.js')
  })
})

describe('startWebServer: WebSocket', () => {
  it('refuses upgrades without the token, with a wrong one, or on another path', async () => {
    await expect(openWs('/ws', { origin })).rejects.toThrow('status 403')
    await expect(openWs(`/ws?token=${'f'.repeat(64)}`, { origin })).rejects.toThrow('status 403')
    await expect(openWs(`/socket?token=${server.token}`, { origin })).rejects.toThrow('status 404')
  })

  it('refuses a foreign or missing Origin even with the token', async () => {
    await expect(openWs(`/ws?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('status 403')
    await expect(openWs(`/ws?token=${server.token}`, { origin: `http://localhost:${port}` })).rejects.toThrow('status 403')
    await expect(openWs(`/ws?token=${server.token}`, { origin: 'null' })).rejects.toThrow('status 403')
    await expect(openWs(`/ws?token=${server.token}`)).rejects.toThrow('status 403')
  })

  it('accepts the cookie instead of the query token', async () => {
    const ws = await openWs('/ws', { origin, headers: { Cookie: cookie } })
    ws.close()
  })

  it('round-trips an invoke to the host with the server actor', async () => {
    const ws = await authedWs()
    const box = inbox(ws)
    ws.send(JSON.stringify({ id: 1, channel: 'book:open', request: { name: 'demo' } }))
    expect(await box.next()).toEqual({ id: 1, result: { ok: true, value: { echo: { name: 'demo' } } } })
    expect(host.calls.at(-1)).toEqual({ channel: 'book:open', request: { name: 'demo' }, actor: 'browser-user' })
    ws.close()
  })

  it('delivers host pushes that match the contract and drops those that do not', async () => {
    const ws = await authedWs()
    const box = inbox(ws)
    const alert = makeAlert({ severity: 'CRITICAL' })
    host.emit('alert:raised', { ...alert, severity: 'APOCALYPTIC' })
    host.emit('alert:raised', { ...alert, injected: '<script>' })
    const first = await box.next()
    expect(first).toEqual({ push: 'alert:raised', payload: alert })
    ws.close()
  })

  it('answers malformed messages with error Results and keeps serving', async () => {
    const ws = await authedWs()
    const box = inbox(ws)
    const host0 = host.calls.length
    ws.send('this is not json')
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'bad_request' } } })
    ws.send(JSON.stringify({ id: 2, channel: '__proto__', request: {} }))
    expect(await box.next()).toMatchObject({ id: 2, result: { ok: false, error: { code: 'bad_request' } } })
    ws.send(JSON.stringify({ id: 3, channel: 'book:open', request: { name: 'x' }, extra: true }))
    expect(await box.next()).toMatchObject({ id: 3, result: { ok: false } })
    ws.send(JSON.stringify({ id: 'four', channel: 'book:open', request: { name: 'x' } }))
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false } })
    ws.send(JSON.stringify({ id: 5, channel: 'book:open', request: { name: 7, __proto__: { admin: true } } }))
    expect(await box.next()).toMatchObject({ id: 5, result: { ok: false, error: { code: 'bad_request' } } })
    ws.send(JSON.stringify([1, 2, 3]))
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false } })
    ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect(await box.next()).toMatchObject({ id: null, result: { ok: false } })
    expect(host.calls.length).toBe(host0)
    ws.send(JSON.stringify({ id: 6, channel: 'feed:play', request: {} }))
    expect(await box.next()).toMatchObject({ id: 6, result: { ok: true } })
    ws.close()
  })

  it('closes with 1009 on a message above the size cap; the server survives', async () => {
    const ws = await authedWs()
    const done = closed(ws)
    ws.send(JSON.stringify({ id: 1, channel: 'book:import', request: { fileName: 'a.csv', content: 'x'.repeat(MAX_MESSAGE_BYTES), save: false } }))
    expect(await done).toBe(1009)
    const again = await authedWs()
    const box = inbox(again)
    again.send(JSON.stringify({ id: 9, channel: 'desk:snapshot', request: {} }))
    expect(await box.next()).toMatchObject({ id: 9, result: { ok: true } })
    again.close()
  })

  it('closes with 1008 on a flood of non-JSON messages', async () => {
    const ws = await authedWs()
    const done = closed(ws)
    for (let i = 0; i < 200; i++) ws.send(`garbage ${i}`)
    expect(await done).toBe(1008)
  })

  it('rate-limits a burst beyond the cap with rate_limited Results carrying the ids', async () => {
    const ws = await authedWs()
    const box = inbox(ws)
    const total = RATE_BURST + 40
    for (let id = 0; id < total; id++) ws.send(JSON.stringify({ id, channel: 'feed:pause', request: {} }))
    const replies = await Promise.all(Array.from({ length: total }, () => box.next()))
    const limited = replies.filter((r) => (r['result'] as { error?: { code: string } }).error?.code === 'rate_limited')
    expect(limited.length).toBeGreaterThanOrEqual(20)
    expect(new Set(replies.map((r) => r['id'])).size).toBe(total)
    ws.close()
  })
})

describe('startWebServer: close', () => {
  it('disconnects clients, stops listening and unsubscribes from the host', async () => {
    const own = new FakeHost()
    const s = await startWebServer({ host: own, rendererDir, actor: 'x' })
    const p = Number(new URL(s.url).port)
    expect(own.listenerCount).toBe(1)
    const ws = new WebSocket(`ws://127.0.0.1:${p}/ws?token=${s.token}`, { origin: `http://127.0.0.1:${p}` })
    await new Promise((resolve) => ws.once('open', resolve))
    const done = closed(ws)
    await s.close()
    await done
    expect(own.listenerCount).toBe(0)
    await expect(fetch(`http://127.0.0.1:${p}/`)).rejects.toThrow()
    await s.close() // idempotent
  })
})
