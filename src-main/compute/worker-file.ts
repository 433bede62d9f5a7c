/**
 * Where the built worker entry (src-main/compute/monte-carlo-worker.ts) lives next to the bundle that runs the pool.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Base name of the built worker entry (the build input is named so; see compute-pool.ts). */
export const WORKER_BASENAME = 'monte-carlo-worker'

/**
 * The built worker file: `monte-carlo-worker.js` or `.cjs` in `dir` or its parent. The parent is searched because
 * the bundler may put the pool's code in a shared chunk one level down (out/main/chunks/) while the worker entry
 * sits at the top of the output directory (out/main/).
 * @param dir - directory of the running bundle (its `__dirname`)
 * @throws Error naming every place looked at when no built worker is found
 */
export function findWorkerFile(dir: string): string {
  const candidates = [dir, join(dir, '..')].flatMap((d) => ['.js', '.cjs'].map((ext) => join(d, `${WORKER_BASENAME}${ext}`)))
  const found = candidates.find((f) => existsSync(f))
  if (found === undefined) {
    throw new Error(
      `compute pool: no built worker entry found (looked at ${candidates.join(', ')}); build src-main/compute/${WORKER_BASENAME}.ts ` +
        'as an input of the bundle, or pass { workerFile }',
    )
  }
  return found
}
