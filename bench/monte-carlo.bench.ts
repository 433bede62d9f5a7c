/**
 * Issue #4: Monte Carlo VaR/ES with 100,000 paths × 500 instruments, single-threaded and on the compute pool
 * (src-main/compute) with 2 worker threads, on the 500-position benchmark book (bench/lib/books.ts, n500_w250).
 *
 * Covariance: the book's sample covariance over W = 250 days. With N = 500 > W it is singular (rank <= 249), so
 * prepareMonteCarlo repairs it by eigenvalue clipping before the Cholesky factorisation, as it does for any book with
 * more instruments than days (RISK-CONVENTIONS "Monte Carlo"). No 500-instrument covariance of distinct real series
 * could avoid that: only 498 symbols of the data have 500 or more returns.
 *
 * Timed:
 * - prepareMonteCarlo: eigen-decomposition, clipping, Cholesky, exposure b = Lᵀv (its first, cold call separately);
 * - single-threaded: simulatePnLChunk over all paths, then summarizeMonteCarlo (VaR, ES and their standard errors);
 * - pool.monteCarlo with 2 threads (simulation on the workers, transfers, merge and summary on this thread), and
 *   with 1 thread, which shows the pool's own overhead.
 * The three variants run interleaved (single, pool 2, pool 1, single, ...) so that load from other processes hits
 * them alike. Each timed run also records the cores it used ((user + system CPU of all threads) / wall time) and the
 * longest stall of this thread's event loop (the largest gap between ticks of a 1 ms interval).
 * The pool's figures must equal the single-threaded ones bit for bit, or the bench fails.
 * Exports the covariance, the values and the JS figures for bench/numpy_mc_reference.py.
 */
import { join } from 'node:path'
import { createComputePool, type ComputePool } from '../src-main/compute/compute-pool'
import { sampleCovariance } from '../src-main/engine/covariance'
import { prepareMonteCarlo, simulatePnLChunk, summarizeMonteCarlo, type McLevel, type MonteCarloModel } from '../src-main/engine/monte-carlo'
import { BENCH_CONFIDENCE, BOOK_SPECS, engineInputs, makeBenchBook } from './lib/books'
import { exportFloat64Case } from './lib/f64-files'
import { loadBenchMarket } from './lib/market'
import { benchArgs, log, writeResult } from './lib/output'
import { OUT_DIR } from './lib/paths'
import { nowMs, summarize, timeRuns } from './lib/stats'

const PATHS = 100_000
const SEED = 20_260_422
const POOL_THREADS = [2, 1] as const

/** One timed run: wall time, cores used, longest event-loop stall, and the figures (to compare variants). */
interface Run {
  readonly ms: number
  readonly cores: number
  readonly stallMs: number
  readonly levels: McLevel[]
}

/**
 * Times `work` while a 1 ms interval watches this thread's event loop. A synchronous `work` blocks the loop for
 * its whole duration; on the pool only the merge and the summary do.
 */
async function timed(work: () => Promise<McLevel[]> | McLevel[]): Promise<Run> {
  let last = nowMs()
  let worst = 0
  const timer = setInterval(() => {
    const t = nowMs()
    worst = Math.max(worst, t - last)
    last = t
  }, 1)
  await new Promise((r) => setTimeout(r, 5))
  const cpu0 = process.cpuUsage()
  const t0 = nowMs()
  last = t0
  const levels = await work()
  const t1 = nowMs()
  const cpu = process.cpuUsage(cpu0)
  worst = Math.max(worst, t1 - last)
  clearInterval(timer)
  return { ms: t1 - t0, cores: (cpu.user + cpu.system) / 1e3 / (t1 - t0), stallMs: worst, levels }
}

function summary(rs: readonly Run[]) {
  return {
    total: summarize(rs.map((r) => r.ms)),
    coresMedian: summarize(rs.map((r) => r.cores)).median,
    stallMsMedian: summarize(rs.map((r) => r.stallMs)).median,
  }
}

async function main(): Promise<void> {
  const args = benchArgs()
  const spec = BOOK_SPECS.find((s) => s.id === 'n500_w250')
  if (!spec) throw new Error('monte-carlo bench: book n500_w250 is not defined in bench/lib/books.ts')
  const { market } = loadBenchMarket()
  const bb = makeBenchBook(market, spec)
  const { window: mw, W, N, values } = engineInputs(bb)
  const cov = sampleCovariance(mw.returns, W, N)
  const options = { seed: SEED, paths: PATHS }
  const confidences = [BENCH_CONFIDENCE]
  const runs = args.quick ? 1 : 3
  log(`monte carlo ${spec.id}: N = ${N}, ${PATHS} paths, covariance from W = ${W}; 1 warm-up + ${runs} interleaved runs per variant`)

  const t0 = nowMs()
  let model: MonteCarloModel = prepareMonteCarlo(cov, values, N, options)
  const prepareColdMs = nowMs() - t0
  const prepareTimes = timeRuns(() => (model = prepareMonteCarlo(cov, values, N, options)), 0, args.quick ? 1 : 2)
  log(`  prepareMonteCarlo cold ${prepareColdMs.toFixed(0)} ms, then ${Array.from(prepareTimes, (t) => t.toFixed(0)).join(', ')} ms`)
  log(`  repair: ${model.repair.repaired ? `${model.repair.clipped} eigenvalues clipped at ${model.repair.floor.toExponential(2)}` : 'none'}`)

  const pools = new Map<number, ComputePool>()
  const tStart = nowMs()
  for (const threads of POOL_THREADS) pools.set(threads, createComputePool({ threads }))
  const poolStartMs = nowMs() - tStart
  try {
    const variants: [string, () => Promise<McLevel[]> | McLevel[]][] = [
      ['single', () => summarizeMonteCarlo(simulatePnLChunk(model, 0, model.paths), confidences)],
      ...POOL_THREADS.map((threads): [string, () => Promise<McLevel[]>] => [
        `pool${threads}`,
        async () => (await pools.get(threads)!.monteCarlo(model, { confidences })).levels,
      ]),
    ]
    const results = new Map<string, Run[]>(variants.map(([name]) => [name, []]))
    for (let k = 0; k <= runs; k++) {
      for (const [name, work] of variants) {
        const r = await timed(work)
        if (k > 0) results.get(name)!.push(r) // k = 0 is the warm-up (JIT in this thread and in the workers)
      }
    }
    const reference = JSON.stringify(results.get('single')![0]!.levels)
    for (const [name, rs] of results) {
      for (const r of rs) {
        if (JSON.stringify(r.levels) !== reference) throw new Error(`monte-carlo bench: ${name} differs from single-threaded:\n${JSON.stringify(r.levels)}\n${reference}`)
      }
      const s = summary(rs)
      log(`  ${name}: median ${s.total.median.toFixed(0)} ms, ${s.coresMedian.toFixed(2)} cores, event-loop stall ${s.stallMsMedian.toFixed(1)} ms`)
    }

    const level = results.get('single')![0]!.levels[0]!
    let bb2 = 0
    for (const b of model.exposure) bb2 += b * b
    // The simulated P&L is N(0, bᵀb) exactly in distribution, so √(bᵀb) is the σ the NumPy run is checked against.
    const sigma = Math.sqrt(bb2)
    const header = exportFloat64Case(
      join(OUT_DIR, 'mc-matrices'),
      'mc_n500_w250',
      {
        N,
        paths: PATHS,
        seed: SEED,
        confidence: BENCH_CONFIDENCE,
        runs,
        repairFloor: model.repair.floor,
        jsFigures: { var: level.var, es: level.es, varStdError: level.varStdError, esStdError: level.esStdError, sigma },
      },
      { cov, values },
    )
    writeResult(args.resultFile, {
      bench: 'monte-carlo',
      book: spec.id,
      N,
      W,
      paths: PATHS,
      seed: SEED,
      confidence: BENCH_CONFIDENCE,
      repair: model.repair,
      sigma,
      figures: level,
      prepare: { coldMs: prepareColdMs, warm: summarize(prepareTimes) },
      poolStartMs,
      variants: Object.fromEntries([...results].map(([name, rs]) => [name, summary(rs)])),
      exportedFor: header,
    })
  } finally {
    await Promise.all([...pools.values()].map((p) => p.close()))
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
