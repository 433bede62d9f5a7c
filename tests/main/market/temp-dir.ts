import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** A scratch directory for small test files; `cleanup()` removes it. */
export function makeTempDir(prefix = 'riskdesk-market-'): {
  write: (name: string, content: string | Uint8Array, gzip?: boolean) => string
  cleanup: () => void
} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    write(name, content, gzip = false) {
      const path = join(dir, name)
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes)
      return path
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
