import type { Session, WebContents } from 'electron'
import { buildRendererCsp } from '../transports/content-security-policy'

/**
 * Navigation, window and permission lock-down for every webContents and the default session.
 * Pattern: Actual Budget `packages/desktop-electron/security.ts`, Signal `app/permissions.std.ts`, the Electron
 * security checklist items 5 (permission handler), 7 (CSP), 13 (navigation), 14 (new windows).
 */

/** The only permission the page may get: Web Notifications (in-app alerts; native ones come from main anyway). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications'])

/** True for a permission in {@link ALLOWED_PERMISSIONS}. */
export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission)
}

/**
 * The app is a single page: it never navigates, redirects, opens windows or embeds webviews. Every attempt is
 * cancelled and logged. Apply to every webContents (`app.on('web-contents-created')`).
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    console.warn(`[security] blocked navigation to ${String(url).slice(0, 200)}`)
  })
  contents.on('will-redirect', (event, url) => {
    event.preventDefault()
    console.warn(`[security] blocked redirect to ${String(url).slice(0, 200)}`)
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    console.warn('[security] blocked a <webview>')
  })
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[security] blocked window.open(${String(url).slice(0, 200)})`)
    return { action: 'deny' }
  })
}

/**
 * Session-wide guards: permission request/check handlers allowing only notifications, no device access, and the
 * renderer CSP as a response header on everything the session loads over http(s) (the dev server; the app://
 * handler sets the same header itself, and the page's meta tag backs both up).
 *
 * @param options.devServerUrl dev server URL in development (its WebSocket origin is added to connect-src for HMR),
 *   null in production
 */
export function hardenSession(session: Session, options: { devServerUrl: string | null }): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)))
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
  session.setDevicePermissionHandler(() => false)

  const connectSrc: string[] = []
  if (options.devServerUrl !== null) {
    const dev = new URL(options.devServerUrl)
    connectSrc.push(`${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`)
  }
  const csp = buildRendererCsp({ connectSrc })
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
}
