/**
 * The contract between a bench bundle and bench/run.mjs: a bundle is run as `node <bundle>.cjs <result.json> [--quick]`,
 * logs progress to stderr and writes its figures as one JSON object to the result file.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** Command-line arguments of a bench bundle. */
export interface BenchArgs {
  /** JSON file to write the results to */
  readonly resultFile: string
  /** fewer repetitions (a smoke run, not for publishing) */
  readonly quick: boolean
}

/** @throws Error when the result file argument is missing. */
export function benchArgs(): BenchArgs {
  const rest = process.argv.slice(2)
  const resultFile = rest.find((a) => !a.startsWith('--'))
  if (resultFile === undefined) throw new Error('usage: node <bench>.cjs <result.json> [--quick]')
  return { resultFile, quick: rest.includes('--quick') }
}

/** Progress line on stderr (stdout stays free). */
export function log(message: string): void {
  process.stderr.write(`  ${message}\n`)
}

/**
 * How much of its life this process spent on a core: (user + system CPU time) / wall time since start. Close to 1
 * for these single-threaded benches on an idle machine (a little above with V8's background GC/JIT threads); well
 * below 1 means other processes took the cores and the wall-clock figures are inflated.
 */
export function cpuShare(): number {
  const u = process.resourceUsage()
  return (u.userCPUTime + u.systemCPUTime) / 1e6 / process.uptime()
}

/** Writes the bench's results as pretty JSON (with the process's {@link cpuShare}), creating the directory. */
export function writeResult(file: string, result: Record<string, unknown>): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ ...result, cpuShare: cpuShare() }, null, 2)}\n`)
}
