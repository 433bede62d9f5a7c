/**
 * Timing helpers of the benchmarks: a monotonic clock, warm-up then timed runs, and summary statistics.
 * Quantiles are Hyndman–Fan type 7 (the engine's `quantileSorted`, NumPy's `linear`), the convention used for every
 * figure in this project (../shared/docs/RISK-CONVENTIONS.md).
 */
import { quantileSorted } from '../../src-main/engine/quantile'

/** Milliseconds since an arbitrary origin, from the monotonic `process.hrtime.bigint()` (ns resolution). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** Summary of a sample of durations, all in milliseconds. */
export interface Stats {
  readonly n: number
  readonly median: number
  readonly p99: number
  readonly min: number
  readonly max: number
  readonly mean: number
}

/**
 * Median, p99 (type 7), min, max and mean of durations.
 * @param samples durations in ms (not modified), at least one.
 * @throws RangeError for an empty sample.
 */
export function summarize(samples: ArrayLike<number>): Stats {
  const n = samples.length
  if (n === 0) throw new RangeError('summarize: no samples')
  const sorted = Float64Array.from(samples).sort()
  let sum = 0
  for (let k = 0; k < n; k++) sum += sorted[k]!
  return {
    n,
    median: quantileSorted(sorted, 0.5),
    p99: quantileSorted(sorted, 0.99),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    mean: sum / n,
  }
}

/**
 * Runs `fn` `warmup` times untimed (so V8 has compiled the hot paths), then `runs` times timed one by one.
 * @returns the `runs` durations in ms, in run order.
 */
export function timeRuns(fn: () => unknown, warmup: number, runs: number): Float64Array {
  let sink: unknown
  for (let k = 0; k < warmup; k++) sink = fn()
  const out = new Float64Array(runs)
  for (let k = 0; k < runs; k++) {
    const t0 = nowMs()
    sink = fn()
    out[k] = nowMs() - t0
  }
  keep(sink)
  return out
}

let blackHole: unknown
/** Keeps a result reachable so the optimiser cannot drop the work that produced it. */
export function keep(value: unknown): void {
  blackHole = value
}
/** The last value passed to {@link keep} (only so the store is observable). */
export function kept(): unknown {
  return blackHole
}
