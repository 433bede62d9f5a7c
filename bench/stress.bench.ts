/**
 * Issue #9: a 1,000-position book against the whole historical stress library plus 10,000 generated scenarios
 * (crisis block bootstrap, 10-day draws), single-threaded and with the generated draws on the compute pool
 * (2 worker threads), on the real S&P 500 history (bench/lib/market.ts) with the bundled long-history files
 * (assets/data/stress: the S&P 500 index and industry portfolios for 1987 and the proxies).
 *
 * Book: bench/lib/books.ts with 1,000 positions on the instruments that have 250 returns before the last date (502),
 * so about half are second copies under an alias (same prices); 35 % short.
 *
 * Timed (interleaved, medians):
 * - prepare: prepareStressBook (valuation at the as-of date);
 * - library: runHistorical for the 11 scenarios (factor paths with proxies and betas, value paths to the end of
 *   the data for the time to recover, drawdowns, per-position P&L);
 * - generated prepare: the crisis-day pool of the book's factors (prepareCrisisBootstrap);
 * - draws, single thread: bootstrapPnLChunk over 10,000 draws; draws on the pool (2 threads): pool.stressDraws;
 * - batch: library + generated prepare + pool draws, the "about a second on 2 cores" figure.
 * Pool draws must equal the single-threaded draws bit for bit, or the bench fails.
 * Exports the library's cumulative-return paths, the crisis pool and the exposures for bench/numpy_stress_reference.py.
 */
import { join } from 'node:path'
import { createComputePool } from '../src-main/compute/compute-pool'
import { bootstrapPnLChunk } from '../src-main/engine/stress-bootstrap'
import { bookFactors } from '../src-main/stress/book-factors'
import { factorPath, windowCalendar } from '../src-main/stress/factor-paths'
import { prepareCrisisBootstrap } from '../src-main/stress/generated'
import { runHistorical } from '../src-main/stress/historical-run'
import { HISTORICAL_SCENARIOS } from '../src-main/stress/scenario-library'
import { prepareStressBook } from '../src-main/stress/stress-book'
import { bundledStressFiles, buildStressMarket } from '../src-main/stress/stress-market'
import { makeBenchBook } from './lib/books'
import { exportFloat64Case } from './lib/f64-files'
import { loadBenchMarket } from './lib/market'
import { benchArgs, log, writeResult } from './lib/output'
import { OUT_DIR } from './lib/paths'
import { nowMs, summarize } from './lib/stats'

const DRAWS = 10_000
const SEED = 20_260_909
const SPEC = { id: 'n1000_w250', positions: 1000, window: 250, seed: 1000_250 }

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0
}

async function main(): Promise<void> {
  const args = benchArgs()
  const runs = args.quick ? 2 : 7
  const { market: base } = loadBenchMarket()
  const bench = makeBenchBook(base, SPEC)
  const files = bundledStressFiles()
  const sm = buildStressMarket(bench.market, { ...files, earlyAdjClose: null, earlyVix: null }, 'bench: shared S&P 500 + assets/data/stress')
  const pool = createComputePool({ threads: 2, workerFile: join(__dirname, 'monte-carlo-worker.cjs') })
  const t = { prepare: [] as number[], library: [] as number[], genPrepare: [] as number[], drawsSingle: [] as number[], drawsPool: [] as number[], batch: [] as number[] }
  // CPU time of the process (all threads, workers included) per step: robust to other load on the machine, where the
  // wall-clock figures are not.
  const cpu = { library: [] as number[], drawsSingle: [] as number[], drawsPool: [] as number[], batch: [] as number[] }
  const cpuMs = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  let totals: number[] = []
  let proxied = 0
  let single: Float64Array | null = null
  try {
    for (let k = 0; k < runs + 1; k++) {
      let t0 = nowMs()
      const book = prepareStressBook(bench.book, sm, bench.asof)
      const prepareMs = nowMs() - t0
      let c0 = cpuMs()
      t0 = nowMs()
      const results = HISTORICAL_SCENARIOS.map((d) => runHistorical(sm, book, d))
      const libraryMs = nowMs() - t0
      t0 = nowMs()
      const g = prepareCrisisBootstrap(sm, book, { draws: DRAWS, seed: SEED })
      const genMs = nowMs() - t0
      const libGenCpu = cpuMs() - c0
      const model = g.model!
      c0 = cpuMs()
      t0 = nowMs()
      const s = bootstrapPnLChunk(model, 0, model.draws)
      const singleMs = nowMs() - t0
      const singleCpu = cpuMs() - c0
      c0 = cpuMs()
      t0 = nowMs()
      const p = await pool.stressDraws!(model)
      const poolMs = nowMs() - t0
      const poolCpu = cpuMs() - c0
      if (!sameBits(s, p)) throw new Error('stress bench: pool draws differ from single-threaded draws')
      if (k === 0) {
        log(`warm-up: prepare ${prepareMs.toFixed(0)} ms, library ${libraryMs.toFixed(0)} ms, generated prepare ${genMs.toFixed(0)} ms, draws ${singleMs.toFixed(0)} ms (pool ${poolMs.toFixed(0)} ms)`)
        totals = results.map((r) => r.pnl)
        proxied = results.reduce((a, r) => a + r.positions.filter((x) => x.proxied).length, 0)
        single = s
        // export the same computation for NumPy: cumulative-return paths per scenario, factor exposures, the pool
        const bf = bookFactors(book)
        const paths: Float64Array[] = []
        const rows: number[] = []
        for (const d of HISTORICAL_SCENARIOS) {
          const cal = windowCalendar(sm.calendar, d.start, d.end)!
          const fps = bf.factors.map((f, i) => factorPath(sm, book, f, bf.sectors[i]!, cal, 'sector'))
          const n = cal.dates.length
          const R = new Float64Array(n * bf.factors.length)
          fps.forEach((fp, i) => {
            if ('reason' in fp) throw new Error(`stress bench: ${bf.factors[i]}: ${fp.reason}`)
            for (let tt = 0; tt < n; tt++) R[tt * bf.factors.length + i] = fp.R[tt]!
          })
          paths.push(R)
          rows.push(n, cal.endRow)
        }
        const all = new Float64Array(paths.reduce((a, x) => a + x.length, 0))
        let off = 0
        for (const x of paths) {
          all.set(x, off)
          off += x.length
        }
        exportFloat64Case(join(OUT_DIR, 'stress-matrices'), 'stress', { N: bf.factors.length, scenarios: HISTORICAL_SCENARIOS.map((d) => d.id), rows, poolRows: model.rows, segments: [...model.segments], horizon: model.horizon, block: model.block, draws: DRAWS, jsTotals: totals }, { paths: all, exposure: bf.exposure, pool: model.pool })
        continue
      }
      t.prepare.push(prepareMs)
      t.library.push(libraryMs)
      t.genPrepare.push(genMs)
      t.drawsSingle.push(singleMs)
      t.drawsPool.push(poolMs)
      t.batch.push(libraryMs + genMs + poolMs)
      cpu.library.push(libGenCpu)
      cpu.drawsSingle.push(singleCpu)
      cpu.drawsPool.push(poolCpu)
      cpu.batch.push(libGenCpu + poolCpu)
    }
  } finally {
    await pool.close()
  }
  const sorted = Float64Array.from(single!).sort()
  writeResult(args.resultFile, {
    positions: bench.book.positions.length,
    factors: bookFactors(prepareStressBook(bench.book, sm, bench.asof)).factors.length,
    scenarios: HISTORICAL_SCENARIOS.length,
    draws: DRAWS,
    proxiedPositionScenarios: proxied,
    asof: bench.asof,
    libraryTotals: Object.fromEntries(HISTORICAL_SCENARIOS.map((d, i) => [d.id, totals[i]])),
    generatedTail: { worst: sorted[0], q01: sorted[Math.floor(0.01 * (DRAWS - 1))], q05: sorted[Math.floor(0.05 * (DRAWS - 1))] },
    prepare: summarize(Float64Array.from(t.prepare)),
    library: summarize(Float64Array.from(t.library)),
    generatedPrepare: summarize(Float64Array.from(t.genPrepare)),
    drawsSingle: summarize(Float64Array.from(t.drawsSingle)),
    drawsPool2: summarize(Float64Array.from(t.drawsPool)),
    batchPool2: summarize(Float64Array.from(t.batch)),
    cpuMs: {
      libraryAndGeneratedPrepare: summarize(Float64Array.from(cpu.library)),
      drawsSingle: summarize(Float64Array.from(cpu.drawsSingle)),
      drawsPool2AllThreads: summarize(Float64Array.from(cpu.drawsPool)),
      batchAllThreads: summarize(Float64Array.from(cpu.batch)),
    },
  })
}

void main().catch((e) => {
  console.error(e)
  process.exit(1)
})
