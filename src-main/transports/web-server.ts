import { createReadStream } from 'node:fs'
import { access, realpath } from 'node:fs/promises'
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { WebSocketServer } from 'ws'
import type { HostPort } from '../host/host-port'
import { buildRendererCsp } from './content-security-policy'
import { generateSessionToken, readCookie, sessionCookie, tokensEqual } from './session-token'
import { checkServableFile, contentTypeOf, resolveStaticPath } from './static-files'
import { MAX_MESSAGE_BYTES } from './ws-protocol'
import { attachWsTransport } from './ws-transport'

/**
 * Browser mode: the built renderer plus the desk API over a WebSocket, on 127.0.0.1 only, behind a random session
 * token. Threat model: other local users' processes and web pages open in the user's browser (which can reach
 * 127.0.0.1). Defences: loopback bind; a 256-bit token required for the page (query) and for assets and the socket
 * (query or an HttpOnly SameSite=Strict cookie set with the page); a Host header check (DNS rebinding); an Origin check
 * on the WebSocket upgrade (cross-site WebSocket hijacking); strict security headers on every response.
 */

/** Loopback address the server binds to. Never 0.0.0.0 or ::. */
export const BIND_ADDRESS = '127.0.0.1'
/** Session cookie lifetime, seconds. Refreshed on every page load and WebSocket upgrade. */
export const SESSION_COOKIE_MAX_AGE_S = 15 * 60
/** Concurrent WebSocket clients; a second tab or a desk head's window is normal, dozens are not. */
export const MAX_WS_CLIENTS = 16

export interface WebServerOptions {
  /** the desk service to expose */
  host: HostPort
  /** folder of the built renderer (holds index.html and assets/) */
  rendererDir: string
  /** TCP port; 0 or omitted = a free port chosen by the OS */
  port?: number
  /** user recorded in the audit trail for every invoke from the browser */
  actor: string
}

export interface WebServer {
  /** `http://127.0.0.1:<port>/?token=<token>`: the URL to open */
  url: string
  /** the session token (64 hex characters) */
  token: string
  /** stops the server: closes sockets and the listener; resolves when done. Idempotent. */
  close(): Promise<void>
}

function securityHeaders(port: number): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': buildRendererCsp({ connectSrc: [`ws://${BIND_ADDRESS}:${port}`] }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
  }
}

function plain(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.once('finish', () => socket.destroy())
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function parseRequestUrl(raw: string | undefined, origin: string): URL | null {
  try {
    return new URL(raw ?? '/', origin)
  } catch {
    return null
  }
}

/**
 * Starts the browser-mode server.
 *
 * Routes: `GET /` and `/index.html` (needs `?token=`; sets the session cookie), `GET /<file>` for other files of the
 * build (token in the query or the cookie), WebSocket `/ws` (token in query or cookie, and `Origin` equal to
 * `http://127.0.0.1:<port>`). Anything else gets 403/404/405 with no body detail.
 *
 * @throws Error when `rendererDir` has no index.html (build the renderer first) or the port cannot be bound
 *   (message names the port and the cause, e.g. EADDRINUSE).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const rootDir = resolve(options.rendererDir)
  let root: string
  try {
    root = await realpath(rootDir)
    await access(join(root, 'index.html'))
  } catch {
    throw new Error(`startWebServer: ${join(rootDir, 'index.html')} not found; build the renderer first (npm run build)`)
  }
  const indexPath = join(root, 'index.html')
  const token = generateSessionToken()

  const server = createServer()
  await new Promise<void>((done, fail) => {
    const onError = (err: Error): void => fail(new Error(`startWebServer: cannot listen on ${BIND_ADDRESS}:${options.port ?? 0}: ${err.message}`))
    server.once('error', onError)
    server.listen(options.port ?? 0, BIND_ADDRESS, () => {
      server.off('error', onError)
      done()
    })
  })
  const port = (server.address() as AddressInfo).port
  const origin = `http://${BIND_ADDRESS}:${port}`
  const expectedHost = `${BIND_ADDRESS}:${port}`
  const cookieName = `riskdesk_session_${port}`
  const cookie = sessionCookie(cookieName, token, SESSION_COOKIE_MAX_AGE_S)
  const headers = securityHeaders(port)

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== expectedHost) return plain(res, 403, headers, 'Forbidden')
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, { ...headers, Allow: 'GET, HEAD' }, 'Method Not Allowed')
    const url = parseRequestUrl(req.url, origin)
    if (url === null) return plain(res, 400, headers, 'Bad Request')
    const isIndex = url.pathname === '/' || url.pathname === '/index.html'
    const queryOk = tokensEqual(url.searchParams.get('token'), token)
    // The page itself needs the token in its URL; its assets may ride on the cookie the page response set.
    const cookieOk = !isIndex && tokensEqual(readCookie(req.headers.cookie, cookieName), token)
    if (!queryOk && !cookieOk) return plain(res, 403, headers, 'Forbidden')

    const target = isIndex ? { ok: true as const, path: indexPath } : resolveStaticPath(root, url.pathname)
    if (!target.ok) return plain(res, target.status, headers, target.status === 400 ? 'Bad Request' : 'Not Found')
    const file = await checkServableFile(root, target.path)
    if (file === null) return plain(res, 404, headers, 'Not Found')

    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeOf(file.path),
      'Content-Length': file.size,
      'Cache-Control': isIndex ? 'no-store' : 'private, no-cache',
      ...(isIndex ? { 'Set-Cookie': cookie } : {}),
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    await pipeline(createReadStream(file.path), res)
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch((err: unknown) => {
      console.error('[web] request failed:', err)
      if (!res.headersSent) plain(res, 500, headers, 'Internal Server Error')
      else res.destroy()
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false })
  // Keep the cookie alive while the page is connected (the page URL keeps the token for reloads).
  wss.on('headers', (lines: string[]) => lines.push(`Set-Cookie: ${cookie}`))
  const detach = attachWsTransport(wss, options.host, options.actor)

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => console.error('[web] upgrade socket error:', err.message))
    const url = parseRequestUrl(req.url, origin)
    if (url === null || url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found')
    const authorised =
      req.headers.host === expectedHost &&
      req.headers.origin === origin &&
      (tokensEqual(url.searchParams.get('token'), token) || tokensEqual(readCookie(req.headers.cookie, cookieName), token))
    if (!authorised) return refuseUpgrade(socket, 403, 'Forbidden')
    if (wss.clients.size >= MAX_WS_CLIENTS) return refuseUpgrade(socket, 503, 'Service Unavailable')
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      detach()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((done) => wss.close(() => done()))
      const closed = new Promise<void>((done, fail) => server.close((err) => (err === undefined ? done() : fail(err))))
      server.closeAllConnections()
      await closed
    })()
    return closing
  }

  return { url: `${origin}/?token=${token}`, token, close }
}
