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
  /**
   * fit the book's scenario P&L (L_t = Ld_t + K·v, what IncrementalRisk.scenarioPnL gives before any option
   * overlay) when SPY's series is missing or cannot be fitted, as RegimeTracker.start falls back
   */
  readonly bookPnLFallback: boolean
}

export interface RiskStateResult {
  readonly state: IncrementalRiskState
  /** the regime fit and the series it is of, or null (no series, or the fit failed: see regimeError) */
  readonly regimeFit: { readonly source: 'SPY' | 'book-pnl'; readonly fit: HmmFit } | null
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
  if (typeof t.bookPnLFallback !== 'boolean') throw new RangeError('risk-state worker: invalid task: bookPnLFallback is not a boolean')
}

/**
 * Runs the task: exactly incrementalRiskState(returns, W, N, values) and fitRegimeHmm of SPY's returns, else (when
 * asked) of the book's scenario P&L.
 * @throws RangeError on an invalid task or shape mismatch
 */
export function runRiskStateTask(task: unknown): RiskStateResult {
  const t0 = performance.now()
  assertRiskStateTask(task)
  const state = incrementalRiskState(task.returns, task.W, task.N, task.values)
  let regimeFit: RiskStateResult['regimeFit'] = null
  let regimeError: string | null = null
  if (task.proxyReturns !== null) {
    try {
      regimeFit = { source: 'SPY', fit: fitRegimeHmm(task.proxyReturns) }
    } catch (e) {
      regimeError = e instanceof Error ? e.message : String(e)
    }
  }
  if (regimeFit === null && task.bookPnLFallback) {
    // the book's P&L exactly as IncrementalRisk forms it: K·v summed in index order, then Ld_t + K·v
    const { W, N, values } = task
    let kv = 0
    for (let i = 0; i < N; i++) kv += state.shift[i]! * values[i]!
    const L = new Float64Array(W)
    for (let t = 0; t < W; t++) L[t] = state.Ld[t]! + kv
    try {
      regimeFit = { source: 'book-pnl', fit: fitRegimeHmm(L) }
    } catch (e) {
      regimeError = `${regimeError === null ? '' : `${regimeError}; `}${e instanceof Error ? e.message : String(e)}`
    }
  }
  return { state, regimeFit, regimeError, workerMs: performance.now() - t0 }
}
