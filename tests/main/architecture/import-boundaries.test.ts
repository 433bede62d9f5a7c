import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The import boundaries of docs/ARCHITECTURE.md are lint rules (eslint.config.mjs); this checks that each rule
 * really fires, by linting small snippets as if they lived in each folder.
 */
const ROOT = join(__dirname, '..', '..', '..')
const eslint = new ESLint({ cwd: ROOT })

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message)
}

describe('import boundaries are enforced by lint', () => {
  it.each([
    ['src-shared/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
    ['src-shared/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src-shared/x.ts', 'export const a = () => document.title\n'],
    ['src-main/engine/x.ts', "import { readFileSync } from 'fs'\nexport const a = readFileSync\n"],
    ['src-main/engine/x.ts', "import { loadMarket } from '../market/load-market'\nexport const a = loadMarket\n"],
    ['src-main/engine/x.ts', 'export const now = () => Date.now()\n'],
    ['src-main/desk/x.ts', "import { BrowserWindow } from 'electron'\nexport const a = BrowserWindow\n"],
    ['src-main/audit/x.ts', "import { registerIpcTransport } from '../transports/ipc-transport'\nexport const a = registerIpcTransport\n"],
    ['src-main/electron/x.ts', "import { ipcMain } from 'electron'\nexport const a = ipcMain\n"],
    ['src-main/transports/x.ts', "import { contextBridge } from 'electron'\nexport const a = contextBridge\n"],
    ['src-main/cli/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src-renderer/src/x.ts', "import { DeskSession } from '../../src-main/desk/desk-session'\nexport const a = DeskSession\n"],
    ['src-renderer/src/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([])
  })

  it.each([
    ['src-main/engine/x.ts', "import { quantile } from './quantile'\nimport type { Book } from '@shared/domain/book'\nexport const a: [typeof quantile, Book | null] = [quantile, null]\n"],
    ['src-main/desk/x.ts', "import { scenarioPnL } from '../engine/historical'\nexport const a = scenarioPnL\n"],
    ['src-main/transports/x.ts', "import { ipcMain } from 'electron'\nexport const a = ipcMain\n"],
    ['src-main/preload/x.ts', "import { contextBridge } from 'electron'\nexport const a = contextBridge\n"],
    ['src-renderer/src/x.ts', "import type { DeskApi } from '@shared/api/desk-api'\nexport const a: DeskApi | null = null\n"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([])
  })
})
