// Flat config. The import boundaries of docs/ARCHITECTURE.md are enforced here, per folder.
import { builtinModules } from 'node:module'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

const noNodeNoElectron = {
  paths: [
    { name: 'electron', message: 'Only src-main/electron, src-main/preload and src-main/transports may import electron.' },
    ...nodeBuiltins.map((name) => ({ name, message: 'Pure code: no Node I/O here (see docs/ARCHITECTURE.md).' })),
  ],
}

const domGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'fetch', 'XMLHttpRequest'].map(
  (name) => ({ name, message: 'Pure code: no DOM here (see docs/ARCHITECTURE.md).' }),
)

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '**/*.py', 'bench/results/**', 'bench/.out/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // src-shared: pure TypeScript, imports nothing from electron, node, the DOM, src-main or src-renderer.
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noNodeNoElectron, patterns: ['**/src-main/**', '**/src-renderer/**', '../../*'] }],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  // engine: pure math on Float64Array; may import src-shared and pure npm libraries only.
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...noNodeNoElectron, patterns: [{ group: ['../*', '!../engine/*'], message: 'engine imports only engine and @shared.' }] },
      ],
      'no-restricted-globals': ['error', ...domGlobals, { name: 'Date', message: 'engine has no clock.' }],
    },
  },
  // The rest of the Node side: no electron outside the shell, the preload and the transports.
  {
    files: ['src-main/{market,books,risk,desk,audit,host,compute}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src-main/electron, src-main/preload and src-main/transports may import electron.' }],
          patterns: [{ group: ['**/electron/*', '**/preload/*', '**/transports/*'], message: 'Core code does not reach into the shell.' }],
        },
      ],
    },
  },
  // replication: copies the audit trail to PostgreSQL; may import audit, never the desk, host, shell or renderer.
  {
    files: ['src-main/replication/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'replication runs in plain Node.' }],
          patterns: [
            {
              group: ['**/desk/*', '**/host/*', '**/electron/*', '**/preload/*', '**/transports/*', '**/cli/*', '**/src-renderer/**'],
              message: 'replication may import audit (and npm packages), not the desk, host, shell, CLI or renderer.',
            },
          ],
        },
      ],
    },
  },
  // The CLI is a composition root like the shell: it may start the web transport, never Electron.
  {
    files: ['src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The CLI runs in plain Node.' }],
          patterns: [{ group: ['**/electron/*', '**/preload/*', '**/transports/ipc-*'], message: 'The CLI runs in plain Node.' }],
        },
      ],
    },
  },
  // Only the preload touches contextBridge/ipcRenderer; only transports/ touches ipcMain.
  {
    files: ['src-main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer', 'contextBridge'], message: 'ipcMain lives in transports/, ipcRenderer/contextBridge in preload/.' }] },
      ],
    },
  },
  {
    files: ['src-main/transports/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcRenderer', 'contextBridge'], message: 'Only the preload touches ipcRenderer/contextBridge.' }] }],
    },
  },
  // renderer: talks only to the API contract in src-shared.
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { ...noNodeNoElectron, patterns: ['**/src-main/**', '../../src-main/*'] }],
      'vue/multi-word-component-names': 'off',
    },
  },
)
