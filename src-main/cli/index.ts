import { Command, CommanderError } from 'commander'
import { userReason } from '../risk/unavailable-figures'
import { CliError } from './cli-error'
import { processIo, type CliIo } from './io'

type RegisterCommand = (program: Command, io: CliIo) => void

/**
 * The commands in listing order. Each command's module (and the engine, market and desk code behind it) is loaded
 * only when that command runs, so `riskdesk --help` starts in about the time of Node itself; the listing needs only
 * each command's term and summary, which must match what its register function declares (tests/main/cli/
 * lazy-commands.test.ts compares the two listings).
 */
export const CLI_COMMANDS: readonly { name: string; term: string; summary: string; load: () => Promise<RegisterCommand> }[] = [
  {
    name: 'risk',
    term: 'risk [options]',
    summary: 'risk report of a book at one date (RISK-CONVENTIONS.md defaults; docs/RISK-MEASURES.md)',
    load: async () => (await import('./commands/risk-command')).registerRiskCommand,
  },
  {
    name: 'replay',
    term: 'replay [options]',
    summary: 'run the live desk headless over historical prices: risk per day, limits, alerts, actions, audit trail',
    load: async () => (await import('./commands/replay-command')).registerReplayCommand,
  },
  {
    name: 'audit',
    term: 'audit',
    summary: 'the tamper-evident audit trail',
    load: async () => (await import('./commands/audit-command')).registerAuditCommand,
  },
  {
    name: 'profile',
    term: 'profile',
    summary: "the desk's local profiles: traders and desk heads (a desk head's passphrase is stored as a scrypt hash)",
    load: async () => (await import('./commands/profile-command')).registerProfileCommand,
  },
  {
    name: 'web',
    term: 'web [options]',
    summary: 'the desk in a browser: serves the UI and a WebSocket on 127.0.0.1 only, behind a random token',
    load: async () => (await import('./commands/web-command')).registerWebCommand,
  },
  {
    name: 'backtest',
    term: 'backtest [options]',
    summary: 'out-of-sample VaR backtest: exceptions, Kupiec and Christoffersen tests, Basel traffic light',
    load: async () => (await import('./commands/backtest-command')).registerBacktestCommand,
  },
  {
    name: 'history',
    term: 'history [options]',
    summary: 'alert history for a desk-head review: one row per alert with its actions, decisions and overrides',
    load: async () => (await import('./commands/history-command')).registerHistoryCommand,
  },
  {
    name: 'explain',
    term: 'explain [options]',
    summary: 'explain an alert: its figure recomputed from the inputs the audit trail stored with it, and the top contributors',
    load: async () => (await import('./commands/explain-command')).registerExplainCommand,
  },
  {
    name: 'sync',
    term: 'sync [options]',
    summary: 'replicate the local audit trail to the desk PostgreSQL (resumable, idempotent); or set the server up',
    load: async () => (await import('./commands/sync-command')).registerSyncCommand,
  },
  {
    name: 'whatif',
    term: 'whatif [options]',
    summary: 'pre-trade what-if: VaR, ES and component VaR before and after trades, and the limits they would breach',
    load: async () => (await import('./commands/whatif-command')).registerWhatIfCommand,
  },
  {
    name: 'stress',
    term: 'stress [options]',
    summary: 'stress tests of a book: historical crises, hypothetical shocks, generated scenarios (docs/RISK-CONVENTIONS.md)',
    load: async () => (await import('./commands/stress-command')).registerStressCommand,
  },
]

/** Loads the register function of the command `argv` names (also after `help`); none for the bare listing. */
export async function loadCommandsFor(argv: readonly string[]): Promise<Map<string, RegisterCommand>> {
  const name = argv[0] === 'help' ? argv[1] : argv[0]
  const entry = CLI_COMMANDS.find((c) => c.name === name)
  return new Map(entry ? [[entry.name, await entry.load()]] : [])
}

/**
 * Builds the `riskdesk` program; commands write through `io` so tests can run them in-process. Commands in `loaded`
 * are registered in full; the others only as a listing entry (they are never run: runCli loads the one it runs).
 */
export function buildProgram(io: CliIo, loaded: ReadonlyMap<string, RegisterCommand> = new Map()): Command {
  const program = new Command('riskdesk')
    .description('RiskDesk: live risk, limits, alerts and an audited override trail for a trading book')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.write(s), outputError: () => {} })
  for (const c of CLI_COMMANDS) {
    const register = loaded.get(c.name)
    if (register) register(program, io)
    else program.command(c.term).summary(c.summary)
  }
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
  try {
    const program = buildProgram(io, await loadCommandsFor(argv))
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
    // The last boundary before the user: an error that arrives here without a user-level message (an engine
    // RangeError such as "historicalVaRES: values[0] must be finite") at least loses its function-name prefix.
    const message = userReason(e instanceof Error ? e.message : String(e))
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
