import { readFile, realpath } from 'node:fs/promises'
import { join } from 'node:path'
import { protocol } from 'electron'
import { buildRendererCsp } from '../transports/content-security-policy'
import { checkServableFile, contentTypeOf, resolveStaticPath } from '../transports/static-files'

/**
 * Serves the built renderer on a privileged custom scheme, `app://riskdesk/`, instead of `file://`.
 *
 * Why: the packaged app flips the `grantFileProtocolExtraPrivileges` fuse off (electron.builder.yml), after which
 * `file://` behaves as in Chrome and Vite's `<script type="module" crossorigin>` entry can no longer load (module
 * scripts are CORS fetches; electron/electron PR #40801, electron/forge issue #3508). A custom standard + secure scheme
 * is the Electron security checklist's item 18 ("Avoid usage of the file:// protocol and prefer custom protocols"):
 * the page gets a real origin for CSP `'self'`, and the handler serves only files inside the renderer build.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'riskdesk'
/** URL the window loads in production. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * Declares the scheme privileged (standard URL parsing and origin, secure context, fetch, CORS). Must run before the
 * app's `ready` event.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ])
}

/**
 * Request handler for the scheme: GET/HEAD of files under `rendererDir` (`/` = index.html), with the renderer CSP and
 * nosniff headers. Other hosts, methods, traversal attempts and missing files get 404/405 with an empty body.
 *
 * @param rendererDir folder of the built renderer (out/renderer; inside app.asar when packaged, which Electron's fs
 *   reads transparently)
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  let root: Promise<string> | null = null
  const csp = buildRendererCsp()
  const refuse = (status: number): Response => new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } })
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405)
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return refuse(400)
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return refuse(404)
    root ??= realpath(rendererDir)
    let rootReal: string
    try {
      rootReal = await root
    } catch {
      root = null
      return refuse(404)
    }
    const target = url.pathname === '/' ? { ok: true as const, path: join(rootReal, 'index.html') } : resolveStaticPath(rootReal, url.pathname)
    if (!target.ok) return refuse(target.status)
    const file = await checkServableFile(rootReal, target.path)
    if (file === null) return refuse(404)
    const headers = {
      'Content-Type': contentTypeOf(file.path),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    }
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers })
    return new Response(await readFile(file.path), { status: 200, headers })
  }
}

/** Installs the handler on the default session's protocol registry. Call after `ready`. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
}
