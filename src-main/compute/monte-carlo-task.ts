/**
 * The message a compute-pool worker receives for one chunk of Monte Carlo paths, how the caller builds it from a
 * model, and how the worker checks and runs it. Shared by the pool (caller side) and monte-carlo-worker.ts.
 */
import { simulatePnLChunk, type MonteCarloModel } from '../engine/monte-carlo'

/**
 * One chunk of work: paths [from, to) of a linear Monte Carlo model. The factor loadings B (N×k, up to megabytes)
 * are not sent: the linear P&L of a path is bᵀz with the exposure b = Bᵀv (k values), and simulatePnLChunk reads B
 * only when a revaluation function is given, which cannot cross a thread boundary anyway.
 */
export interface MonteCarloChunkTask {
  readonly model: Omit<MonteCarloModel, 'loadings'>
  readonly from: number
  readonly to: number
}

const NO_LOADINGS = new Float64Array(0)

/**
 * The task for paths [from, to) of `model`, with its own copy of the exposure so that the copy's buffer can be
 * transferred (moved, not cloned) to the worker while the caller's model stays usable.
 * @returns the task and the buffers to put in the transfer list
 */
export function chunkTask(model: MonteCarloModel, from: number, to: number): { task: MonteCarloChunkTask; transfer: ArrayBuffer[] } {
  const { loadings: _loadings, ...rest } = model
  const exposure = model.exposure.slice()
  return { task: { model: { ...rest, exposure }, from, to }, transfer: [exposure.buffer] }
}

/**
 * Checks a task received over a thread boundary (its fields are whatever the sender put there).
 * @throws RangeError naming the first bad field
 */
export function assertChunkTask(task: unknown): asserts task is MonteCarloChunkTask {
  const fail = (what: string): never => {
    throw new RangeError(`monte-carlo worker: invalid task: ${what}`)
  }
  if (typeof task !== 'object' || task === null) fail('not an object')
  const { model, from, to } = task as Record<string, unknown>
  if (typeof model !== 'object' || model === null) fail('model is missing')
  const m = model as Record<string, unknown>
  for (const f of ['N', 'k', 'seed', 'paths', 'nu'] as const) {
    if (typeof m[f] !== 'number' || !Number.isFinite(m[f])) fail(`model.${f} is not a finite number (${String(m[f])})`)
  }
  if (!Number.isInteger(m.k) || (m.k as number) < 1) fail(`model.k must be an integer >= 1, got ${String(m.k)}`)
  if (m.dist !== 'normal' && m.dist !== 'student-t') fail(`model.dist must be 'normal' or 'student-t', got ${String(m.dist)}`)
  if (!(m.exposure instanceof Float64Array)) fail('model.exposure is not a Float64Array')
  const exposure = m.exposure as Float64Array
  if (exposure.length !== m.k) fail(`model.exposure has ${exposure.length} values, expected k = ${String(m.k)}`)
  for (let j = 0; j < exposure.length; j++) if (!Number.isFinite(exposure[j])) fail(`model.exposure[${j}] is not finite`)
  if (typeof from !== 'number' || typeof to !== 'number') fail('from/to are not numbers')
}

/**
 * Runs a chunk: the P&L of paths [from, to), exactly the values simulatePnLChunk gives for the full model.
 * @returns Float64Array(to − from), currency
 * @throws RangeError on an invalid task (assertChunkTask) or path range (simulatePnLChunk)
 */
export function runChunkTask(task: unknown): Float64Array {
  assertChunkTask(task)
  return simulatePnLChunk({ ...task.model, loadings: NO_LOADINGS }, task.from, task.to)
}
