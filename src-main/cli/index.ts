import { Command, CommanderError } from 'commander'
import { CliError } from './cli-error'
import { registerAuditCommand } from './commands/audit-command'
import { registerBacktestCommand } from './commands/backtest-command'
import { registerReplayCommand } from './commands/replay-command'
import { registerRiskCommand } from './commands/risk-command'
import { registerWebCommand } from './commands/web-command'
import { processIo, type CliIo } from './io'

/** Builds the `riskdesk` program; commands write through `io` so tests can run them in-process. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('riskdesk')
    .description('RiskDesk: live risk, limits, alerts and an audited override trail for a trading book')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.write(s), outputError: () => {} })
  registerRiskCommand(program, io)
  registerReplayCommand(program, io)
  registerAuditCommand(program, io)
  registerWebCommand(program, io)
  registerBacktestCommand(program, io)
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.write(s), outputError: () => {} })
    for (const sub of cmd.commands) sub.exitOverride().configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.write(s), outputError: () => {} })
  }
  return program
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 failure (bad file, failed verification), 2 usage.
 * Every error becomes one line `riskdesk: ...` (plus a validation report where there is one), never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
      io.err(`riskdesk: ${e.message.replace(/^error: /, '')}`)
      return 2
    }
    if (e instanceof CliError) {
      io.err(`riskdesk: ${e.message}`)
      for (const d of e.details) io.err(`  ${d}`)
      return e.exitCode
    }
    const message = e instanceof Error ? e.message : String(e)
    io.err(`riskdesk: ${message}`)
    if (process.env.RISKDESK_DEBUG && e instanceof Error && e.stack) io.err(e.stack)
    return 1
  }
}

// Entry point when bundled to out/main/cli.js and started by bin/riskdesk.cjs.
if (require.main === module || process.env.RISKDESK_CLI_MAIN === '1') {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
