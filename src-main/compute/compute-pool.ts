/**
 * A worker-thread pool for heavy risk computations, so that the thread hosting the desk (Electron main, a utility
 * process or `riskdesk web`) keeps serving ticks and UI requests while a Monte Carlo run is in flight.
 *
 * Monte Carlo: the paths [0, paths) of a prepared model are split into chunks (chunk-plan.ts), each chunk is
 * simulated on a worker (tinypool, worker_threads) from its own random sub-streams, the P&L buffers are moved back
 * (transfer list, no copy), concatenated in path order and summarised here. Because simulatePnLChunk is
 * split-invariant, the result is bit-identical to monteCarloVaRES for the same model, whatever the number of
 * threads or chunks.
 *
 * The worker runs a separately built file, monte-carlo-worker.ts. The app build must list it as an input of the
 * main bundle (electron.vite.config.ts, main.build.rollupOptions.input):
 *   'monte-carlo-worker': resolve(__dirname, 'src-main/compute/monte-carlo-worker.ts'),
 * tinypool must stay external (it is a runtime dependency): the worker returns results through Tinypool.move,
 * which only tinypool's own module instance recognises, and tinypool starts its own dist/entry/worker.js.
 */
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Tinypool } from 'tinypool'
import { monteCarloResult, type MonteCarloModel, type MonteCarloResult } from '../engine/monte-carlo'
import { planChunks } from './chunk-plan'
import { chunkTask } from './monte-carlo-task'
import { planStressChunks } from './stress-task'
import type { RiskStateResult, RiskStateTask } from './risk-state-task'
import type { BootstrapModel } from '../engine/stress-bootstrap'
import { findWorkerFile } from './worker-file'

export interface ComputePoolOptions {
  /**
   * worker threads, integer >= 1; default availableParallelism() − 1 (at least 1), which leaves one core to the
   * thread that hosts the desk
   */
  readonly threads?: number
  /** the built monte-carlo-worker file; default: found next to this bundle (worker-file.ts) */
  readonly workerFile?: string
  /** called when an idle worker dies (tinypool replaces it); default: logged with console.error */
  readonly onWorkerError?: (error: Error) => void
}

export interface PoolMonteCarloOptions {
  /** number of chunks the paths are split into, integer >= 1; default 2 × threads (evens out a busy core) */
  readonly chunks?: number
  /** confidence levels, each in (0, 1); default [0.99] as monteCarloVaRES */
  readonly confidences?: readonly number[]
}

export interface ComputePool {
  /** number of worker threads */
  readonly threads: number
  /**
   * Simulated P&L of every path of a linear model, in path order: exactly simulatePnLChunk(model, 0, model.paths).
   * @throws (rejects) RangeError on a bad chunk count; an Error carrying the worker's message when a chunk fails;
   *   Error when the pool is closed
   */
  simulatePnL(model: MonteCarloModel, options?: Pick<PoolMonteCarloOptions, 'chunks'>): Promise<Float64Array>
  /**
   * Monte Carlo VaR/ES of a linear model: the same result as monteCarloVaRES(cov, v, N, options, confidences) for
   * the model prepareMonteCarlo(cov, v, N, options) gives, bit for bit.
   * @throws (rejects) as simulatePnL, and RangeError from summarizeMonteCarlo on a bad confidence
   */
  monteCarlo(model: MonteCarloModel, options?: PoolMonteCarloOptions): Promise<MonteCarloResult>
  /**
   * P&L of every draw of a generated stress model (engine/stress-bootstrap.ts), in draw order: exactly
   * bootstrapPnLChunk(model, 0, model.draws), split on random sub-stream blocks across the workers.
   * @throws (rejects) an Error carrying the worker's message when a chunk fails; Error when the pool is closed
   * Optional so that test doubles of the Monte Carlo pool need not provide it; createComputePool always does.
   */
  stressDraws?(model: BootstrapModel, options?: Pick<PoolMonteCarloOptions, 'chunks'>): Promise<Float64Array>
  /**
   * A desk's initial risk state and regime fit on a worker (compute/risk-state-task.ts; used by
   * buildRiskStateOnPool). Optional so that test doubles need not provide it; createComputePool always does.
   * @throws (rejects) an Error carrying the worker's message; Error when the pool is closed
   */
  initialRiskState?(task: RiskStateTask): Promise<RiskStateResult>
  /** Stops the workers; chunks still running reject. Later calls reject. Idempotent. */
  close(): Promise<void>
}

/**
 * Starts a compute pool. The workers start at once (so the first run does not pay for their start-up) and do not
 * keep the process alive when idle; call close() when done.
 * @throws RangeError when threads is not a positive integer; Error when the worker file is missing
 * Source: tinypool 2.2 (a piscina fork), https://github.com/tinylibs/tinypool; Node worker_threads transfer lists.
 */
export function createComputePool(options: ComputePoolOptions = {}): ComputePool {
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1)
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`createComputePool: threads must be an integer >= 1, got ${threads}`)
  const filename = options.workerFile ?? findWorkerFile(__dirname)
  // Checked here because tinypool would only report it later, as an error event of a worker that failed to start.
  if (!existsSync(filename)) throw new Error(`createComputePool: worker file not found: ${filename}`)
  const pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads, idleTimeout: 0 })
  const onWorkerError = options.onWorkerError ?? ((e: Error) => console.error(`compute pool: worker error: ${e.message}`))
  // Without a listener, an idle worker's crash would be an unhandled 'error' event and take the process down.
  pool.on('error', onWorkerError)
  let closed: Promise<void> | null = null

  async function simulatePnL(model: MonteCarloModel, opts: Pick<PoolMonteCarloOptions, 'chunks'> = {}): Promise<Float64Array> {
    if (closed) throw new Error('compute pool: closed')
    const ranges = planChunks(model.paths, opts.chunks ?? 2 * threads)
    const pnl = new Float64Array(model.paths)
    await Promise.all(
      ranges.map(async ({ from, to }) => {
        const { task, transfer } = chunkTask(model, from, to)
        let part: unknown
        try {
          part = await pool.run(task, { transferList: transfer })
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e)
          throw new Error(`compute pool: Monte Carlo paths [${from}, ${to}) failed: ${message}`, { cause: e })
        }
        if (!(part instanceof Float64Array) || part.length !== to - from) {
          throw new Error(`compute pool: worker returned ${describe(part)} for paths [${from}, ${to}), expected Float64Array(${to - from})`)
        }
        pnl.set(part, from)
      }),
    )
    return pnl
  }

  return {
    threads,
    simulatePnL,
    async monteCarlo(model, opts = {}) {
      return monteCarloResult(model, await simulatePnL(model, opts), opts.confidences)
    },
    async stressDraws(model, opts = {}) {
      if (closed) throw new Error('compute pool: closed')
      const pnl = new Float64Array(model.draws)
      // The crisis-day pool (megabytes) goes to the workers once, in shared memory, instead of a structured clone per
      // chunk; the workers only read it.
      const shared = new Float64Array(new SharedArrayBuffer(model.pool.byteLength))
      shared.set(model.pool)
      const sharedModel = { ...model, pool: shared }
      await Promise.all(
        planStressChunks(model.draws, opts.chunks ?? threads).map(async ({ from, to }) => {
          let part: unknown
          try {
            part = await pool.run({ model: sharedModel, from, to }, { name: 'stressChunk' })
          } catch (e) {
            throw new Error(`compute pool: stress draws [${from}, ${to}) failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
          }
          if (!(part instanceof Float64Array) || part.length !== to - from) throw new Error(`compute pool: worker returned ${describe(part)} for stress draws [${from}, ${to})`)
          pnl.set(part, from)
        }),
      )
      return pnl
    },
    async initialRiskState(task) {
      if (closed) throw new Error('compute pool: closed')
      try {
        return (await pool.run(task, { name: 'initialRiskState' })) as RiskStateResult
      } catch (e) {
        throw new Error(`compute pool: initial risk state failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
      }
    },
    close() {
      closed ??= pool.destroy()
      return closed
    },
  }
}

function describe(x: unknown): string {
  if (x === null || typeof x !== 'object') return String(x)
  const name = x.constructor?.name ?? 'object'
  return 'length' in x ? `${name}(${String(x.length)})` : name
}
