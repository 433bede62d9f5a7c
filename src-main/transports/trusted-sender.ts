/**
 * Who may talk to the IPC transport: only the app's own main frame, showing the app's own page.
 *
 * Pure predicates (no electron import) so they can be tested with misleading URLs. URLs are compared after parsing
 * with the WHATWG `URL` parser, never with substring checks: `http://localhost:5173.evil.example`,
 * `http://evil@localhost:5173/` or `app://riskdesk.evil/` must all be refused.
 * Source of the approach: VS Code `src/vs/base/parts/ipc/electron-main/ipcMain.ts` (sender frame + origin + main frame)
 * and Actual Budget `packages/desktop-electron/trusted-url.ts` (parse with URL, reject credentials, pin scheme/host/port).
 */

/** Where the app's page legitimately comes from. Normally exactly one of the two is set. */
export interface TrustedAppLocation {
  /**
   * The packaged/built page, served by the app's privileged custom scheme, e.g. `app://riskdesk/index.html`
   * (see electron/app-protocol.ts); null in dev.
   */
  readonly appUrl: string | null
  /** URL of the electron-vite dev server (ELECTRON_RENDERER_URL) in development; null otherwise. */
  readonly devServerUrl: string | null
}

/** The part of Electron's `WebFrameMain` the sender check reads. */
export interface SenderFrameLike {
  readonly url: string
  /** null for a top-level (main) frame */
  readonly parent: unknown
  /** true once the frame is gone (Electron >= 34) */
  readonly detached?: boolean
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/**
 * Scheme + host + port equality without user info. Compared field by field because `URL.origin` is the string
 * "null" for non-special schemes such as `app:`, which would make every such URL look alike.
 */
function sameOrigin(url: URL, trusted: URL): boolean {
  return (
    url.protocol === trusted.protocol &&
    url.hostname === trusted.hostname &&
    url.port === trusted.port &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === ''
  )
}

/**
 * True when `candidate` is the app's own page: same scheme, host and port as the app URL or as the dev server, and
 * no user info. Paths are not pinned: both origins serve only the app (the custom scheme refuses anything outside
 * the renderer build), and client-side routing may change the path. `file:`, `data:`, `about:`, `javascript:` and
 * unparsable input are never trusted. Never throws.
 */
export function isTrustedAppUrl(candidate: string, location: TrustedAppLocation): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 8192) return false
  const url = parseUrl(candidate)
  if (url === null) return false
  for (const trusted of [location.appUrl, location.devServerUrl]) {
    if (trusted === null) continue
    const base = parseUrl(trusted)
    if (base !== null && base.protocol !== 'file:' && sameOrigin(url, base)) return true
  }
  return false
}

/**
 * True when an IPC message comes from the app's own main frame: the frame exists, is not detached, has no parent and
 * shows a trusted URL ({@link isTrustedAppUrl}). Sub-frames are refused even on a trusted URL: the app has none, so
 * one existing means something injected it.
 */
export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined, location: TrustedAppLocation): boolean {
  if (frame === null || frame === undefined) return false
  if (frame.detached === true) return false
  if (frame.parent !== null) return false
  return isTrustedAppUrl(frame.url, location)
}
