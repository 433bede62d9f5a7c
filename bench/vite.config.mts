// Builds every bench/*.bench.ts into out/bench/<name>.cjs (Node 22, CommonJS) so the benchmarks run the same
// TypeScript sources as the app, bundled the way electron-vite bundles the main process. npm packages stay external
// (resolved from node_modules at run time), so better-sqlite3's native module loads as it does in the app.
// The output goes under out/ (not bench/.out/) because out/ is already ignored by git and by eslint.config.mjs, so
// generated bundles never fail `npm run lint`.
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

const benchDir = import.meta.dirname
const root = resolve(benchDir, '..')
const input = {
  ...Object.fromEntries(
    readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => [f.slice(0, -'.ts'.length), resolve(benchDir, f)]),
  ),
  // The compute pool's worker entry, built beside the bundles (out/bench/monte-carlo-worker.cjs), where
  // createComputePool finds it as it finds out/main/monte-carlo-worker.js in the app (src-main/compute/worker-file.ts).
  'monte-carlo-worker': resolve(root, 'src-main', 'compute', 'monte-carlo-worker.ts'),
}

export default defineConfig({
  root,
  logLevel: 'warn',
  resolve: { alias: { '@shared': resolve(root, 'src-shared') } },
  build: {
    ssr: true,
    target: 'node22',
    outDir: resolve(root, 'out', 'bench'),
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      input,
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
})
