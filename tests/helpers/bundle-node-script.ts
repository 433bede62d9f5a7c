/**
 * Bundle a TypeScript entry (and the sources it imports) into one CommonJS file that plain Node 22 runs, the way
 * bench/vite.config.mts builds the benchmarks: npm packages stay external and resolve from the repository's
 * node_modules (pass `NODE_PATH` from `nodePathEnv()` to the child). Used by tests that need real child processes
 * (SIGKILL, concurrency) running the repository's code without writing to out/.
 */
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '..', '..')

/**
 * @param entry - path of the .ts entry, relative to the repository root.
 * @param outDir - a directory of the caller's (emptied).
 * @returns the path of the bundled `.cjs` file.
 */
export async function bundleNodeScript(entry: string, outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    resolve: { alias: { '@shared': resolve(ROOT, 'src-shared') } },
    build: {
      ssr: true,
      target: 'node22',
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      rolldownOptions: { input: { script: resolve(ROOT, entry) }, output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' } },
    },
  })
  return join(outDir, 'script.cjs')
}

/** Environment for a bundled script: the repository's node_modules on NODE_PATH. */
export function nodePathEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }
}
