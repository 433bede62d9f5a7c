// The CLI alone (main-process config of electron.vite.config.ts, cli + Monte Carlo worker entries), built into
// out/bench/app/out/main (beside a copy of bin/riskdesk.cjs in out/bench/app/bin) for bench/cli-vs-python.mjs so the whole-process bench runs the current sources without
// rebuilding out/main, which other work (the end-to-end tests) reads.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

const root = resolve(import.meta.dirname, '..')
const alias = { '@shared': resolve(root, 'src-shared') }

export default defineConfig({
  main: {
    root,
    resolve: { alias },
    build: {
      outDir: resolve(root, 'out', 'bench', 'app', 'out', 'main'),
      emptyOutDir: true,
      rollupOptions: {
        input: {
          cli: resolve(root, 'src-main', 'cli', 'index.ts'),
          'monte-carlo-worker': resolve(root, 'src-main', 'compute', 'monte-carlo-worker.ts'),
        },
      },
    },
  },
})
