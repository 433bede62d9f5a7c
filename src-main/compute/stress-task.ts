/**
 * The message a compute-pool worker receives for one chunk of generated stress draws (engine/stress-bootstrap.ts),
 * how the caller splits a model into chunks on random sub-stream boundaries, and how the worker checks and runs one.
 */
import { assertBootstrapModel, BOOT_BLOCK_DRAWS, bootstrapPnLChunk, type BootstrapModel } from '../engine/stress-bootstrap'

export interface StressChunkTask {
  readonly model: BootstrapModel
  readonly from: number
  readonly to: number
}

/**
 * Splits draws [0, draws) into at most `chunks` contiguous ranges whose boundaries are multiples of BOOT_BLOCK_DRAWS
 * (each sub-stream block is drawn by exactly one chunk, so the split never changes a number).
 * @throws RangeError when draws or chunks is not a positive integer
 */
export function planStressChunks(draws: number, chunks: number): { from: number; to: number }[] {
  if (!(Number.isInteger(draws) && draws >= 1 && Number.isInteger(chunks) && chunks >= 1)) throw new RangeError(`planStressChunks: draws (${draws}) and chunks (${chunks}) must be positive integers`)
  const blocks = Math.ceil(draws / BOOT_BLOCK_DRAWS)
  const n = Math.min(chunks, blocks)
  const out: { from: number; to: number }[] = []
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * blocks) / n) * BOOT_BLOCK_DRAWS
    const to = Math.min(draws, Math.floor(((i + 1) * blocks) / n) * BOOT_BLOCK_DRAWS)
    out.push({ from, to })
  }
  return out
}

/**
 * Checks a task received over a thread boundary.
 * @throws RangeError naming the first bad field
 */
export function assertStressChunkTask(task: unknown): asserts task is StressChunkTask {
  if (typeof task !== 'object' || task === null) throw new RangeError('stress worker: invalid task: not an object')
  const t = task as Record<string, unknown>
  const m = t.model as Record<string, unknown> | undefined
  if (!m || typeof m !== 'object') throw new RangeError('stress worker: invalid task: model is missing')
  for (const f of ['pool', 'exposure', 'options'] as const) if (!(m[f] instanceof Float64Array)) throw new RangeError(`stress worker: invalid task: model.${f} is not a Float64Array`)
  if (!(m.segments instanceof Int32Array)) throw new RangeError('stress worker: invalid task: model.segments is not an Int32Array')
  assertBootstrapModel(m as unknown as BootstrapModel)
  if (typeof t.from !== 'number' || typeof t.to !== 'number') throw new RangeError('stress worker: invalid task: from/to are not numbers')
}

/** Runs a chunk: exactly bootstrapPnLChunk(model, from, to). @throws RangeError on an invalid task */
export function runStressChunkTask(task: unknown): Float64Array {
  assertStressChunkTask(task)
  return bootstrapPnLChunk(task.model, task.from, task.to)
}
