import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * The browser-mode session secret: generated once per server, printed in the URL the user opens, then carried by a
 * short-lived HttpOnly cookie for the page's assets and WebSocket.
 */

/** Token length in bytes (hex-encoded to 64 characters): 256 bits, beyond any guessing over loopback. */
export const TOKEN_BYTES = 32

/** A fresh random token: `TOKEN_BYTES` from the OS CSPRNG, lower-case hex. */
export function generateSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('hex')
}

/**
 * Constant-time token comparison. Both sides are hashed first so that inputs of any length compare in the same time
 * and `timingSafeEqual` always gets equal-length buffers.
 *
 * @returns false for a missing/non-string candidate or an empty expected token; never throws.
 */
export function tokensEqual(candidate: unknown, expected: string): boolean {
  if (typeof candidate !== 'string' || expected.length === 0 || candidate.length > 1024) return false
  const a = createHash('sha256').update(candidate, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}

/**
 * Reads one cookie from a `Cookie` request header (RFC 6265 `name=value; name2=value2`).
 *
 * @returns the value of the first cookie called `name`, or null when absent or the header is missing.
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined || header.length > 8192) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/**
 * `Set-Cookie` value for the session cookie: HttpOnly (page scripts cannot read it), SameSite=Strict (never sent on
 * cross-site requests), Path=/ and a short Max-Age. No `Secure` flag: the server is plain http on 127.0.0.1, and
 * browsers treat loopback http as a secure context anyway.
 */
export function sessionCookie(name: string, token: string, maxAgeSeconds: number): string {
  return `${name}=${token}; Max-Age=${Math.floor(maxAgeSeconds)}; Path=/; HttpOnly; SameSite=Strict`
}
