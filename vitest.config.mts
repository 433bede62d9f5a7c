import { resolve } from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = { '@shared': resolve(import.meta.dirname, 'src-shared') }
/**
 * `npm run test:unit` sets RISKDESK_UNIT=1: the inner loop leaves out the replication tests, which start a real
 * PostgreSQL server or spawn and kill syncer processes (minutes each); `npm test` and .ci/run run everything.
 */
const integrationOnly = process.env.RISKDESK_UNIT === '1' ? ['tests/main/replication/**'] : []

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        resolve: { alias },
        test: { name: 'main', environment: 'node', include: ['tests/main/**/*.test.ts'], exclude: [...configDefaults.exclude, ...integrationOnly], setupFiles: ['tests/setup/fast-check.ts', 'tests/setup/key-dir.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        plugins: [vue()],
        resolve: { alias },
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['tests/renderer/**/*.test.ts'],
          setupFiles: ['tests/setup/canvas.ts', 'tests/setup/fast-check.ts', 'tests/setup/key-dir.ts'],
        },
      },
      {
        resolve: { alias },
        test: { name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.e2e.test.ts'], setupFiles: ['tests/setup/key-dir.ts'], testTimeout: 240_000, hookTimeout: 120_000 },
      },
    ],
  },
})
