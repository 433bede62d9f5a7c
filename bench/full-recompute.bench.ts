/**
 * Issue #2, item 1: full recompute time of both benchmark books.
 * - `computeRiskReport` (market window alignment, valuation, every figure of the report), median of several runs;
 * - the pure engine part alone (engine-recompute.ts), median per step and in total.
 * Also exports each book's returns and values for bench/numpy_reference.py, which times the same steps in NumPy.
 */
import { join } from 'node:path'
import { RISKMETRICS_LAMBDA } from '../src-main/engine/covariance'
import { computeRiskReport } from '../src-main/risk/risk-report'
import { BENCH_CONFIDENCE, BOOK_SPECS, engineInputs, makeBenchBook } from './lib/books'
import { ENGINE_STEPS, engineRecompute, type EngineRun } from './lib/engine-recompute'
import { loadBenchMarket } from './lib/market'
import { exportCase } from './lib/matrix-export'
import { benchArgs, log, writeResult } from './lib/output'
import { OUT_DIR } from './lib/paths'
import { keep, summarize, timeRuns } from './lib/stats'

const args = benchArgs()
const { market } = loadBenchMarket()
const cases: Record<string, unknown> = {}

for (const spec of BOOK_SPECS) {
  const big = spec.window * spec.positions > 1e6
  // The large book takes seconds per run, long enough for V8 to optimise inside the first run (on-stack
  // replacement), so it gets no separate warm-up and three runs, to keep `npm run bench` within ~5 minutes.
  const warmup = args.quick ? (big ? 0 : 1) : big ? 0 : 3
  const runs = args.quick ? (big ? 1 : 3) : big ? 3 : 15
  const bb = makeBenchBook(market, spec)
  const { window: mw, W, N, values } = engineInputs(bb)
  log(`full recompute ${spec.id}: N = ${N}, W = ${W}, ${warmup} warm-up + ${runs} runs`)

  const engineRuns: EngineRun[] = []
  for (let k = 0; k < warmup + runs; k++) {
    const run = engineRecompute(mw.returns, W, N, values, BENCH_CONFIDENCE)
    if (k >= warmup) engineRuns.push(run)
  }
  const last = engineRuns[engineRuns.length - 1] as EngineRun
  const steps = Object.fromEntries(ENGINE_STEPS.map((s) => [s, summarize(engineRuns.map((r) => r.stepMs[s]))]))
  const engineTotal = summarize(engineRuns.map((r) => r.totalMs))
  log(`  engine median ${engineTotal.median.toFixed(1)} ms`)

  const opts = { asof: bb.asof, window: W, confidence: BENCH_CONFIDENCE }
  const report = computeRiskReport(bb.book, bb.market, opts)
  // The report must run the same engine on the same inputs: otherwise the two timings would not be comparable.
  if (report.var.historical !== last.figures.historicalVaR || report.positions.length !== N) {
    throw new Error(`${spec.id}: computeRiskReport and the engine disagree (VaR ${report.var.historical} vs ${last.figures.historicalVaR})`)
  }
  const reportMs = summarize(timeRuns(() => keep(computeRiskReport(bb.book, bb.market, opts)), warmup, runs))
  log(`  computeRiskReport median ${reportMs.median.toFixed(1)} ms`)

  const header = exportCase(
    join(OUT_DIR, 'matrices'),
    { id: spec.id, W, N, confidence: BENCH_CONFIDENCE, lambda: RISKMETRICS_LAMBDA, runs, warmup, jsFigures: last.figures },
    mw.returns,
    values,
    last.component,
  )
  cases[spec.id] = {
    N,
    W,
    asof: bb.asof,
    distinctInstruments: bb.distinctInstruments,
    aliasedPositions: bb.aliasedPositions,
    grossMarketValue: report.marketValue.gross,
    netMarketValue: report.marketValue.net,
    figures: last.figures,
    engine: { total: engineTotal, steps, sampleCovarianceCpu: summarize(engineRuns.map((r) => r.covarianceCpuMs)) },
    computeRiskReport: reportMs,
    exportedFor: header,
  }
}

writeResult(args.resultFile, { bench: 'full-recompute', confidence: BENCH_CONFIDENCE, cases })
