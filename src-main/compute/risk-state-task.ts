/**
 * The message a compute-pool worker receives to build a desk's initial risk state off the desk's thread, and how the
 * worker checks and runs it: IncrementalRisk's initial state (column means, shifted sums, shifted scenario P&L;
 * engine/incremental-risk.ts incrementalRiskState, O(W·N)) on the book's window, and the market-regime fit
 * (engine/regime-hmm.ts fitRegimeHmm: EM on SPY's 1,000 daily returns). The window travels in a SharedArrayBuffer, so
 * neither side copies it; the results are a few small arrays.
 */
import { incrementalRiskState, type IncrementalRiskState } from '../engine/incremental-risk'
import { fitRegimeHmm, type HmmFit } from '../engine/regime-hmm'

export interface RiskStateTask {
  /** W x N returns, row-major, t = 0 oldest (shared memory: the desk keeps it as its ring buffer) */
  readonly returns: Float64Array
  readonly W: number
  readonly N: number
  /** N values in currency (the factors' dollar deltas) */
  readonly values: Float64Array
  /** the regime model's series (desk/regime-tracker.ts regimeProxyReturns), or null when there is none */
  readonly proxyReturns: Float64Array | null
}

export interface RiskStateResult {
  readonly state: IncrementalRiskState
  /** the regime fit, or null (no series, or the fit failed: see regimeError) */
  readonly regimeFit: HmmFit | null
  /** why the fit failed (RegimeTracker then falls back as it does on the desk's thread), or null */
  readonly regimeError: string | null
  /** ms the worker spent */
  readonly workerMs: number
}

/**
 * Checks a task received over a thread boundary.
 * @throws RangeError naming the first bad field
 */
export function assertRiskStateTask(task: unknown): asserts task is RiskStateTask {
  if (typeof task !== 'object' || task === null) throw new RangeError('risk-state worker: invalid task: not an object')
  const t = task as Record<string, unknown>
  if (!(t.returns instanceof Float64Array)) throw new RangeError('risk-state worker: invalid task: returns is not a Float64Array')
  if (!(t.values instanceof Float64Array)) throw new RangeError('risk-state worker: invalid task: values is not a Float64Array')
  if (!(Number.isInteger(t.W) && Number.isInteger(t.N))) throw new RangeError('risk-state worker: invalid task: W and N must be integers')
  if (t.proxyReturns !== null && !(t.proxyReturns instanceof Float64Array)) throw new RangeError('risk-state worker: invalid task: proxyReturns is not a Float64Array or null')
}

/**
 * Runs the task: exactly incrementalRiskState(returns, W, N, values) and fitRegimeHmm(proxyReturns).
 * @throws RangeError on an invalid task or shape mismatch
 */
export function runRiskStateTask(task: unknown): RiskStateResult {
  const t0 = performance.now()
  assertRiskStateTask(task)
  const state = incrementalRiskState(task.returns, task.W, task.N, task.values)
  let regimeFit: HmmFit | null = null
  let regimeError: string | null = null
  if (task.proxyReturns !== null) {
    try {
      regimeFit = fitRegimeHmm(task.proxyReturns)
    } catch (e) {
      regimeError = e instanceof Error ? e.message : String(e)
    }
  }
  return { state, regimeFit, regimeError, workerMs: performance.now() - t0 }
}
