/**
 * The renderer's Content-Security-Policy, sent as a response header by the loopback web server and by the Electron
 * session (onHeadersReceived), in addition to the `<meta http-equiv="Content-Security-Policy">` in
 * src-renderer/index.html. When several policies apply the browser enforces all of them, so the header can only
 * tighten the meta tag, never loosen it.
 *
 * Keep src-renderer/index.html's meta tag equal to `buildRendererCsp({ forMetaTag: true })`; a test checks it when
 * that file exists.
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
 * Builds the policy string.
 *
 * - scripts only from the app itself (no inline script, no eval);
 * - styles from the app plus inline style attributes (Vue's `:style` bindings and Vite's dev-mode <style> injection);
 * - images and fonts from the app or `data:` (Chart.js exports, the data: favicon);
 * - network only back to the app's own origin (`'self'`, plus the explicit WebSocket origin in browser mode because
 *   not every engine lets `'self'` match `ws:`);
 * - no plugins, frames, <base> rewriting or form posts.
 */
export function buildRendererCsp(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])]
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ]
  if (options.forMetaTag !== true) directives.push(['frame-ancestors', ["'none'"]])
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ')
}
