/**
 * Worker-thread entry of the compute pool (a separately built file; see compute-pool.ts). Tinypool calls the
 * default export with each task; the P&L comes back as a moved buffer (Tinypool.move puts it in the transfer
 * list), so no copy of the result is made. A thrown error reaches the caller's promise with its message.
 */
import { Tinypool } from 'tinypool'
import { runChunkTask } from './monte-carlo-task'
import { runRiskStateTask, type RiskStateResult } from './risk-state-task'
import { runStressChunkTask } from './stress-task'

/**
 * @param task - a MonteCarloChunkTask (checked, since it crossed a thread boundary)
 * @returns the chunk's P&L (Float64Array, currency), wrapped for transfer
 * @throws RangeError on an invalid task
 */
export default function monteCarloChunk(task: unknown): ReturnType<typeof Tinypool.move> {
  return Tinypool.move(runChunkTask(task))
}

/**
 * Named task `stressChunk` (pool.run(task, { name: 'stressChunk' })): one chunk of generated stress draws
 * (compute/stress-task.ts), P&L moved back like the Monte Carlo chunks.
 * @throws RangeError on an invalid task
 */
export function stressChunk(task: unknown): ReturnType<typeof Tinypool.move> {
  return Tinypool.move(runStressChunkTask(task))
}

/**
 * Named task `initialRiskState` (pool.run(task, { name: 'initialRiskState' })): a desk's initial risk state and
 * regime fit (compute/risk-state-task.ts); the window is shared memory, the result small (cloned).
 * @throws RangeError on an invalid task
 */
export function initialRiskState(task: unknown): RiskStateResult {
  return runRiskStateTask(task)
}
