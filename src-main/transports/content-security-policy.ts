/**
 * The renderer's Content-Security-Policy, sent as a response header by the loopback web server and by the Electron
 * session (onHeadersReceived), in addition to the `<meta http-equiv="Content-Security-Policy">` in
 * src-renderer/index.html. When several policies apply the browser enforces all of them, so the header can only
 * tighten the meta tag, never loosen it.
 *
 * src-renderer/index.html's meta tag must have the same directives as
 * `buildRendererCsp({ forMetaTag: true, connectSrc: ['ws://127.0.0.1:*'] })`; tests/main/electron/security.test.ts
 * checks it.
 * Reference: Electron security checklist, item "Define a Content Security Policy"; CSP Level 3 (W3C).
 */

/** Extra sources allowed for a particular deployment (never widen script-src). */
export interface CspOptions {
  /** Additional connect-src sources, e.g. `ws://127.0.0.1:5555` for browser mode or the Vite dev server's HMR socket. */
  readonly connectSrc?: readonly string[]
  /**
   * Leave out directives browsers ignore in a meta tag (`frame-ancestors`), so the result can be compared with the
   * tag in index.html.
   */
  readonly forMetaTag?: boolean
}

/**
 * Builds the policy string. Same directives as the meta tag in src-renderer/index.html:
 *
 * - scripts and styles only from the app itself (no inline script or style, no eval);
 * - images from the app or `data:` (the data: favicon, Chart.js exports);
 * - network only back to the app's own origin (`'self'`, plus e.g. the explicit WebSocket origin in browser mode,
 *   because not every engine lets `'self'` match `ws:`);
 * - no plugins, no <base> rewriting, no form posts; as a header also no framing by other pages (`frame-ancestors`).
 *
 * The meta tag allows `ws://127.0.0.1:*`; the headers name the one port actually served (browser mode) or no socket
 * at all (Electron), which only narrows it.
 */
export function buildRendererCsp(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])]
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['connect-src', connect],
    ['img-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ]
  if (options.forMetaTag !== true) directives.push(['frame-ancestors', ["'none'"]])
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}
