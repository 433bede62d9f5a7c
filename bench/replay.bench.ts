/**
 * Issue #12, `riskdesk replay --speed max` of the demo book (assets/books/demo-desk.csv, its limits file, the bundled
 * data) over 2008-2009 with a database file: the CLI's replay command (registerReplayCommand, what runCli registers
 * for `replay`; cli/index.ts itself is not imported, since its bundle would start as the CLI) run in this process,
 * text output captured. Per run a fresh database file (WAL, synchronous = FULL, the desk's audit log
 * with checkpoints). `--approve-all` decides proposals between days; `--no-hold` (when this build has it) keeps the
 * replay from waiting at a proposal.
 *
 * Measured per run: the replay loop's rate, market days per second between the first and the last day's risk line
 * (each frame line is time-stamped as the CLI prints it: the frame has been computed, written durably and reported),
 * on the wall clock and on this process's CPU time (user + system; on a loaded machine the wall rate measures the
 * wait for a core), and the whole command's wall time (loading the bundled data, the session start, the replay, the chain verification).
 * Median of the runs after one warm-up run. Also from the last run's database: events written and transactions
 * (frames with audit entries).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Command } from 'commander'
import { registerReplayCommand } from '../src-main/cli/commands/replay-command'
import type { CliIo } from '../src-main/cli/io'
import { PROJECT_ROOT } from './lib/paths'
import { benchArgs, log, writeResult } from './lib/output'
import { nowMs, summarize } from './lib/stats'

const FROM = '2008-01-01'
const TO = '2009-12-31'
const BOOK = join(PROJECT_ROOT, 'assets', 'books', 'demo-desk.csv')
const FRAME_LINE = /^(\d{4}-\d{2}-\d{2}) {2}VaR /

const args = benchArgs()

/** CPU time of this process (user + system, all threads), ms. */
function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Captures the CLI's output: every frame line with the wall and CPU time it was printed at. */
function capture(): { io: CliIo; frames: { date: string; at: number; cpu: number }[]; lines: string[] } {
  const frames: { date: string; at: number; cpu: number }[] = []
  const lines: string[] = []
  const io: CliIo = {
    out: (line) => {
      const m = FRAME_LINE.exec(line)
      if (m) frames.push({ date: m[1]!, at: nowMs(), cpu: cpuMs() })
      else lines.push(line)
    },
    write: (chunk) => lines.push(chunk),
    err: (line) => lines.push(line),
  }
  return { io, frames, lines }
}

/** `riskdesk <argv>` with only the replay command registered: 0, or the CLI's exit code for a usage/CLI error. */
async function replayCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('riskdesk')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.write(s), writeErr: (s) => io.write(s), outputError: () => {} })
  registerReplayCommand(program, io)
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
    return 0
  } catch (e) {
    if ((e as { code?: string }).code === 'commander.helpDisplayed') return 0
    io.err(`riskdesk: ${e instanceof Error ? e.message : String(e)}`)
    return (e as { exitCode?: number }).exitCode ?? 1
  }
}

async function main(): Promise<void> {
  const help = capture()
  await replayCli(['replay', '--help'], help.io)
  const noHold = help.lines.join('\n').includes('--no-hold')
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bench-replay-'))
  const runs = args.quick ? 1 : 5
  const rate: number[] = []
  const cpuRate: number[] = []
  const loopMs: number[] = []
  const loopCpuMs: number[] = []
  const totalMs: number[] = []
  let days = 0
  let frames = 0
  let events = 0
  let summary = ''
  try {
    for (let k = 0; k < runs + 1; k++) {
      const db = join(dir, `replay-${k}.db`)
      const c = capture()
      const argv = ['replay', '--book', BOOK, '--from', FROM, '--to', TO, '--db', db, '--speed', 'max', '--approve-all', ...(noHold ? ['--no-hold'] : [])]
      const t0 = nowMs()
      const code = await replayCli(argv, c.io)
      const total = nowMs() - t0
      if (code !== 0) throw new Error(`replay bench: riskdesk ${argv.join(' ')} exited ${code}: ${c.lines.slice(-3).join(' | ')}`)
      const dates = new Set(c.frames.map((f) => f.date))
      const loop = c.frames[c.frames.length - 1]!.at - c.frames[0]!.at
      const loopCpu = c.frames[c.frames.length - 1]!.cpu - c.frames[0]!.cpu
      days = dates.size
      frames = c.frames.length
      summary = c.lines.filter((l) => /days replayed|audit trail/.test(l)).join(' / ')
      const conn = new Database(db, { readonly: true })
      events = (conn.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n
      conn.close()
      log(`replay ${k}${k === 0 ? ' (warm-up)' : ''}: ${days} market days, loop ${loop.toFixed(0)} ms (${(((days - 1) / loop) * 1000).toFixed(0)} days/s; CPU ${loopCpu.toFixed(0)} ms), command ${total.toFixed(0)} ms`)
      if (k === 0) continue
      loopMs.push(loop)
      loopCpuMs.push(loopCpu)
      rate.push(((days - 1) / loop) * 1000)
      cpuRate.push(((days - 1) / loopCpu) * 1000)
      totalMs.push(total)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  writeResult(args.resultFile, {
    bench: 'replay',
    command: `riskdesk replay --book assets/books/demo-desk.csv --from ${FROM} --to ${TO} --db <fresh file> --speed max --approve-all${noHold ? ' --no-hold' : ''}`,
    noHold,
    marketDays: days,
    frames,
    auditEvents: events,
    summary,
    daysPerSecond: summarize(rate),
    daysPerCpuSecond: summarize(cpuRate),
    loopMs: summarize(loopMs),
    loopCpuMs: summarize(loopCpuMs),
    commandMs: summarize(totalMs),
  })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
