/**
 * Issue #2, item 2: the live path. For both benchmark books, IncrementalRisk (src-main/engine/incremental-risk.ts):
 * - construction (= one full resync, O(W N²));
 * - one tick = `setValue(i, v)` + `snapshot(0.99)` on a random position, timed tick by tick: median, p99 and max
 *   over 20,000 ticks after 2,000 untimed warm-up ticks (the periodic resync of the value state every 4,096 value
 *   changes falls inside the timed ticks, so it shows in the max, not in the p99);
 * - `rollDay` (a new day of returns; rank-one updates, O(N²)) on real rows taken from the window, and `resync()`
 *   (the full recompute that runs every W rolls).
 * Tick values move each position within ±1 % of its opening value (seeded), so the book stays the same size.
 */
import { IncrementalRisk } from '../src-main/engine/incremental-risk'
import { BENCH_CONFIDENCE, BOOK_SPECS, engineInputs, makeBenchBook } from './lib/books'
import { loadBenchMarket } from './lib/market'
import { benchArgs, log, writeResult } from './lib/output'
import { mulberry32, randomIndex } from './lib/rng'
import { keep, nowMs, summarize, timeRuns } from './lib/stats'

const TICKS = 20_000
const WARMUP_TICKS = 2_000
const TICK_MOVE = 0.02

const args = benchArgs()
const { market } = loadBenchMarket()
const cases: Record<string, unknown> = {}

for (const spec of BOOK_SPECS) {
  const big = spec.window * spec.positions > 1e6
  const bb = makeBenchBook(market, spec)
  const { window: mw, W, N, values } = engineInputs(bb)
  const ticks = args.quick ? 2_000 : TICKS
  log(`incremental ${spec.id}: N = ${N}, W = ${W}, ${ticks} ticks`)

  const t0 = nowMs()
  const risk = new IncrementalRisk({ returns: mw.returns, W, N, values })
  const constructMs = nowMs() - t0

  const rng = mulberry32(spec.seed + 1)
  const tick = (): void => {
    const i = randomIndex(rng, N)
    risk.setValue(i, (values[i] as number) * (1 + TICK_MOVE * (rng() - 0.5)))
  }
  for (let k = 0; k < WARMUP_TICKS; k++) {
    tick()
    keep(risk.snapshot(BENCH_CONFIDENCE))
  }
  const tickMs = new Float64Array(ticks)
  const setValueMs = new Float64Array(ticks)
  for (let k = 0; k < ticks; k++) {
    const a = nowMs()
    tick()
    const b = nowMs()
    keep(risk.snapshot(BENCH_CONFIDENCE))
    const e = nowMs()
    tickMs[k] = e - a
    setValueMs[k] = b - a
  }
  const snapshotMs = tickMs.map((t, k) => t - (setValueMs[k] as number))
  log(`  tick median ${(summarize(tickMs).median * 1000).toFixed(1)} µs`)

  // Real return rows from the window, cycled, so rollDay sees market data and never triggers the every-W resync
  // within the timed rolls (rolls < W).
  const rolls = args.quick ? 10 : big ? 60 : 200
  let r = 0
  const roll = (): void => {
    risk.rollDay(mw.returns.subarray(r * N, (r + 1) * N))
    r = (r + 1) % W
  }
  const rollMs = timeRuns(roll, 5, Math.min(rolls, W - 10))
  const resyncMs = timeRuns(() => risk.resync(), big ? 0 : 1, args.quick || big ? 2 : 5)
  log(`  rollDay median ${summarize(rollMs).median.toFixed(2)} ms, resync median ${summarize(resyncMs).median.toFixed(1)} ms`)

  cases[spec.id] = {
    N,
    W,
    constructMs,
    tick: summarize(tickMs),
    setValue: summarize(setValueMs),
    snapshot: summarize(snapshotMs),
    rollDay: summarize(rollMs),
    resync: summarize(resyncMs),
  }
}

writeResult(args.resultFile, { bench: 'incremental', confidence: BENCH_CONFIDENCE, ticks: args.quick ? 2_000 : TICKS, warmupTicks: WARMUP_TICKS, cases })
