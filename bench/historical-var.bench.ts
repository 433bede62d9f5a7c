/**
 * Issue #4: historical VaR/ES of 1,000 positions over 2,520 days (the n1000_w2520 benchmark book of
 * bench/lib/books.ts, on real returns): the scenario P&L L = R v (W × N by N) and historicalVaRES on L (type 7
 * quantile, ES = −mean of the tail; RISK-CONVENTIONS). Timed step by step over many runs, because one run takes a
 * few milliseconds. Exports R, v and the figures for bench/numpy_hist_reference.py, which times the same steps.
 */
import { join } from 'node:path'
import { historicalVaRES, scenarioPnL } from '../src-main/engine/historical'
import { BENCH_CONFIDENCE, BOOK_SPECS, engineInputs, makeBenchBook } from './lib/books'
import { exportFloat64Case } from './lib/f64-files'
import { loadBenchMarket } from './lib/market'
import { benchArgs, log, writeResult } from './lib/output'
import { OUT_DIR } from './lib/paths'
import { keep, nowMs, summarize } from './lib/stats'

const args = benchArgs()
const spec = BOOK_SPECS.find((s) => s.id === 'n1000_w2520')
if (!spec) throw new Error('historical-var bench: book n1000_w2520 is not defined in bench/lib/books.ts')
const { market } = loadBenchMarket()
const bb = makeBenchBook(market, spec)
const { window: mw, W, N, values } = engineInputs(bb)
const warmup = args.quick ? 5 : 30
const runs = args.quick ? 20 : 300
log(`historical VaR ${spec.id}: N = ${N}, W = ${W}; ${warmup} warm-up + ${runs} runs`)

// A caller-owned output and scratch, as the desk's recompute loop uses them: the timing is the arithmetic, not
// the allocator.
const pnl = new Float64Array(W)
const scratch = new Float64Array(W)
const pnlMs: number[] = []
const varEsMs: number[] = []
const totalMs: number[] = []
let figures = { var: 0, es: 0 }
for (let k = 0; k < warmup + runs; k++) {
  const t0 = nowMs()
  scenarioPnL(mw.returns, W, N, values, pnl)
  const t1 = nowMs()
  figures = historicalVaRES(pnl, BENCH_CONFIDENCE, scratch)
  const t2 = nowMs()
  keep(figures)
  if (k < warmup) continue
  pnlMs.push(t1 - t0)
  varEsMs.push(t2 - t1)
  totalMs.push(t2 - t0)
}
const total = summarize(totalMs)
log(`  median ${total.median.toFixed(3)} ms (scenarioPnL ${summarize(pnlMs).median.toFixed(3)} ms)`)

const header = exportFloat64Case(
  join(OUT_DIR, 'hist-matrices'),
  spec.id,
  { W, N, confidence: BENCH_CONFIDENCE, runs, warmup, jsFigures: figures },
  { returns: mw.returns, values },
)
writeResult(args.resultFile, {
  bench: 'historical-var',
  book: spec.id,
  N,
  W,
  confidence: BENCH_CONFIDENCE,
  figures,
  total,
  steps: { scenarioPnL: summarize(pnlMs), historicalVaRES: summarize(varEsMs) },
  exportedFor: header,
})
