import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkServableFile, contentTypeOf, resolveStaticPath } from '../../../src-main/transports/static-files'

const base = mkdtempSync(join(tmpdir(), 'riskdesk-static-'))
const root = join(base, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html>')
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
writeFileSync(join(base, 'secret.txt'), 'outside')
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'escape.js'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('resolveStaticPath', () => {
  it('maps a normal asset path inside the root', () => {
    expect(resolveStaticPath(root, '/assets/app.js')).toEqual({ ok: true, path: join(root, 'assets', 'app.js') })
    expect(resolveStaticPath(root, '/assets/app%20x.js')).toEqual({ ok: true, path: join(root, 'assets', 'app x.js') })
  })

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/',
  ])('refuses %s with 404', (path) => {
    expect(resolveStaticPath(root, path)).toEqual({ ok: false, status: 404 })
  })

  it.each(['/%E0%A4%A', '/assets/app.js%00.png', '/%00'])('refuses malformed %s with 400', (path) => {
    expect(resolveStaticPath(root, path)).toEqual({ ok: false, status: 400 })
  })

  it('treats double-encoded dots as a literal file name (decoded once only)', () => {
    const result = resolveStaticPath(root, '/%252e%252e/secret.txt')
    expect(result).toEqual({ ok: true, path: join(root, '%2e%2e', 'secret.txt') })
  })
})

describe('checkServableFile', () => {
  it('accepts a regular file inside the root and reports its size', async () => {
    expect(await checkServableFile(root, join(root, 'assets', 'app.js'))).toEqual({ path: join(root, 'assets', 'app.js'), size: 14 })
  })

  it('refuses directories, missing files and symlinks that leave the root', async () => {
    expect(await checkServableFile(root, join(root, 'assets'))).toBeNull()
    expect(await checkServableFile(root, join(root, 'missing.js'))).toBeNull()
    expect(await checkServableFile(root, join(root, 'assets', 'escape.js'))).toBeNull()
  })
})

describe('contentTypeOf', () => {
  it('knows the types of a Vite build and falls back to octet-stream', () => {
    expect(contentTypeOf('/x/index.HTML')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('a.js')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('a.css')).toBe('text/css; charset=utf-8')
    expect(contentTypeOf('a.woff2')).toBe('font/woff2')
    expect(contentTypeOf('a.exe')).toBe('application/octet-stream')
  })
})
