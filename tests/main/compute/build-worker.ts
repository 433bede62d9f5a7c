// Builds src-main/compute/monte-carlo-worker.ts the way the app build does (Vite SSR bundle, CommonJS, npm packages
// external) into a fresh directory, so the pool tests run the real worker file rather than TypeScript through a
// loader. The directory is under out/ (gitignored, lint-ignored) and not in the OS temp dir, because the bundle
// resolves its external packages (tinypool, pure-rand, ml-matrix) from the project's node_modules.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { build } from 'vite'
import { createComputePool, type ComputePool } from '../../../src-main/compute/compute-pool'
import { WORKER_BASENAME } from '../../../src-main/compute/worker-file'

const ROOT = resolve(import.meta.dirname, '..', '..', '..')

/** A built worker and how to remove it. */
export interface BuiltWorker {
  readonly file: string
  readonly dir: string
  remove(): void
}

/** @throws Error from Vite when the worker does not build */
export async function buildWorker(): Promise<BuiltWorker> {
  const parent = join(ROOT, 'out', 'test-workers')
  mkdirSync(parent, { recursive: true })
  const dir = mkdtempSync(join(parent, 'compute-'))
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    resolve: { alias: { '@shared': resolve(ROOT, 'src-shared') } },
    build: {
      ssr: true,
      target: 'node22',
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      rolldownOptions: {
        input: { [WORKER_BASENAME]: resolve(ROOT, 'src-main', 'compute', `${WORKER_BASENAME}.ts`) },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  })
  return { file: join(dir, `${WORKER_BASENAME}.js`), dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * A real worker pool for the tests of one file: the worker is built once before them and the pool closed (and the
 * build removed) after them. Read `.pool` inside tests.
 */
export function useTestPool(threads = 2): { readonly pool: ComputePool } {
  let worker: BuiltWorker | undefined
  let pool: ComputePool | undefined
  beforeAll(async () => {
    worker = await buildWorker()
    pool = createComputePool({ threads, workerFile: worker.file })
  }, 120_000)
  afterAll(async () => {
    await pool?.close()
    worker?.remove()
  })
  return {
    get pool(): ComputePool {
      if (pool === undefined) throw new Error('useTestPool: the pool is only there inside tests')
      return pool
    },
  }
}
