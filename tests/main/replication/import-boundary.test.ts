import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/** The replication folder's import boundary (eslint.config.mjs) fires, and its allowed imports pass. */
const ROOT = join(import.meta.dirname, '..', '..', '..')
const eslint = new ESLint({ cwd: ROOT })

async function boundaryErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'src-main/replication/x.ts') })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('src-main/replication import boundary', () => {
  it.each([
    "import { DeskSession } from '../desk/desk-session'\nexport const a = DeskSession\n",
    "import { createDesk } from '../host/create-desk'\nexport const a = createDesk\n",
    "import { app } from 'electron'\nexport const a = app\n",
    "import { runCli } from '../cli/index'\nexport const a = runCli\n",
  ])('refuses %s', async (code) => {
    expect(await boundaryErrors(code)).not.toEqual([])
  })

  it('allows audit and pg', async () => {
    expect(await boundaryErrors("import pg from 'pg'\nimport { verifyChain } from '../audit/verify'\nexport const a = [pg, verifyChain]\n")).toEqual([])
  })
})
