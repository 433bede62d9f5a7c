import { runCli } from '../../../src-main/cli/index'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in-process (same code as bin/riskdesk.cjs) and captures its output. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    out: (l) => (stdout += `${l}\n`),
    write: (c) => (stdout += c),
    err: (l) => (stderr += `${l}\n`),
  })
  return { code, stdout, stderr }
}
