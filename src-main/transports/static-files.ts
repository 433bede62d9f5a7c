import { realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * Maps URL paths to files of the built renderer without ever leaving its folder.
 * Guards: percent-decoding exactly once, NUL bytes refused, `path.resolve` + `path.relative` containment check on the
 * decoded path, then the same check again on the symlink-resolved real path. Directories are never listed.
 * Reference: OWASP "Path Traversal"; Element Desktop's `vector://` handler (`src/electron-main.ts`) rejects `..` escapes.
 */

/** Content types of the files a Vite build produces. Anything else is served as an opaque download type. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

/** Content type for a file name by extension (case-insensitive); `application/octet-stream` when unknown. */
export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}

/** True when `candidate` (absolute) is `root` itself or inside it. Both must be absolute and normalised. */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * Resolves a URL pathname (as received, still percent-encoded) to an absolute path under `root`.
 *
 * @param root absolute, real (symlink-free) path of the served folder
 * @param urlPathname the pathname part of the request URL, e.g. `/assets/index-abc.js`
 * @returns `{ ok: true, path }` or `{ ok: false, status }`: 400 for malformed encoding or a NUL byte, 404 for anything
 *   that would leave `root` (reported as "not found" so the response does not confirm what exists outside).
 */
export function resolveStaticPath(root: string, urlPathname: string): { ok: true; path: string } | { ok: false; status: 400 | 404 } {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPathname)
  } catch {
    return { ok: false, status: 400 }
  }
  if (decoded.includes('\0')) return { ok: false, status: 400 }
  // Backslashes are separators on Windows; refuse them everywhere so behaviour is the same on every platform.
  if (decoded.includes('\\')) return { ok: false, status: 404 }
  const target = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`)
  if (!isInside(root, target) || target === root) return { ok: false, status: 404 }
  return { ok: true, path: target }
}

/**
 * Confirms that `filePath` is a regular file whose real path (symlinks resolved) is still inside `rootReal`.
 *
 * @returns `{ path, size }` of the real file, or null (missing, a directory, or a symlink pointing outside).
 */
export async function checkServableFile(rootReal: string, filePath: string): Promise<{ path: string; size: number } | null> {
  try {
    const real = await realpath(filePath)
    if (!isInside(rootReal, real)) return null
    const info = await stat(real)
    return info.isFile() ? { path: real, size: info.size } : null
  } catch {
    return null
  }
}
