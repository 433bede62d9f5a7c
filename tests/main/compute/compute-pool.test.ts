import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessageChannel } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createComputePool, type ComputePool } from '../../../src-main/compute/compute-pool'
import { chunkTask, runChunkTask } from '../../../src-main/compute/monte-carlo-task'
import { findWorkerFile } from '../../../src-main/compute/worker-file'
import {
  MC_BLOCK_PATHS,
  monteCarloVaRES,
  prepareMonteCarlo,
  simulatePnLChunk,
  type MonteCarloModel,
} from '../../../src-main/engine/monte-carlo'
import { VariateStream, subStream } from '../../../src-main/engine/random-variates'
import { loadFixture } from '../engine-ext/fixtures'
import { buildWorker, type BuiltWorker } from './build-worker'

// A real covariance (10 ETFs, daily returns; tests/fixtures/engine-ext/make_linalg.py) and a long/short book.
const ref = loadFixture<{ cov: { n: number; matrix: number[] } }>('linalg.json')
const N = ref.cov.n
const cov = Float64Array.from(ref.cov.matrix)
const v = Float64Array.from([2e6, -5e5, 8e5, 3e5, -2e5, 4e5, 6e5, 1.5e6, -1e6, 7e5])

/** Bitwise equality of two Float64Arrays (toEqual would also accept +0 vs −0 and compare NaN loosely). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0
}

/** A seeded positive definite n×n covariance: 5-factor model plus idiosyncratic variance (daily-return scale). */
function factorCovariance(n: number, seed: number): Float64Array {
  const s = new VariateStream(subStream(seed, 0))
  const F = 5
  const b = Float64Array.from({ length: n * F }, () => 0.006 * s.normal())
  const c = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let x = 0
      for (let f = 0; f < F; f++) x += b[i * F + f]! * b[j * F + f]!
      c[i * n + j] = c[j * n + i] = x + (i === j ? 1e-4 * (1 + s.uniform()) : 0)
    }
  }
  return c
}

describe('findWorkerFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-worker-file-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('finds the built worker beside the bundle or one level up (a shared chunk directory), else names where it looked', () => {
    const chunks = join(dir, 'chunks')
    mkdirSync(chunks)
    expect(() => findWorkerFile(chunks)).toThrow(/no built worker entry found.*monte-carlo-worker\.js/)
    writeFileSync(join(dir, 'monte-carlo-worker.cjs'), '')
    expect(findWorkerFile(chunks)).toBe(join(dir, 'monte-carlo-worker.cjs'))
    writeFileSync(join(chunks, 'monte-carlo-worker.js'), '')
    expect(findWorkerFile(chunks)).toBe(join(chunks, 'monte-carlo-worker.js'))
  })
})

describe('chunk tasks', () => {
  const model = prepareMonteCarlo(cov, v, N, { seed: 8, paths: 5000 })

  it('carry their own copy of the exposure, which is moved, not cloned, and leaves the model intact', async () => {
    const { task, transfer } = chunkTask(model, 100, 900)
    expect(transfer).toEqual([task.model.exposure.buffer])
    expect(task.model.exposure.buffer).not.toBe(model.exposure.buffer)
    expect('loadings' in task.model).toBe(false)
    const { port1, port2 } = new MessageChannel()
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve))
    port1.postMessage(task, transfer)
    const got = await received
    port1.close()
    expect(task.model.exposure.byteLength).toBe(0) // detached: the buffer moved to the receiver
    expect(model.exposure.length).toBe(N)
    expect(sameBits(runChunkTask(got), simulatePnLChunk(model, 100, 900))).toBe(true)
  })

  it('are checked on arrival, naming the bad field', () => {
    const { task } = chunkTask(model, 0, 10)
    expect(() => runChunkTask(null)).toThrow(/not an object/)
    expect(() => runChunkTask({ ...task, model: { ...task.model, k: 0 } })).toThrow(/model\.k/)
    expect(() => runChunkTask({ ...task, model: { ...task.model, dist: 't' } })).toThrow(/model\.dist/)
    expect(() => runChunkTask({ ...task, model: { ...task.model, exposure: [1, 2] } })).toThrow(/not a Float64Array/)
    expect(() => runChunkTask({ ...task, model: { ...task.model, exposure: new Float64Array(3) } })).toThrow(/3 values, expected k = 10/)
    expect(() => runChunkTask({ ...task, to: model.paths + 1 })).toThrow(/invalid path range/)
  })
})

// One build of the real worker file for every pool test below (about a second).
let worker: BuiltWorker
beforeAll(async () => {
  worker = await buildWorker()
})
afterAll(() => worker?.remove())

describe('createComputePool on the built worker', () => {
  let pool: ComputePool
  beforeAll(() => {
    pool = createComputePool({ threads: 2, workerFile: worker.file })
  })
  afterAll(() => pool?.close())

  it('gives monteCarloVaRES exactly, for normal, Student-t and PCA models and any number of chunks', async () => {
    const paths = 3 * MC_BLOCK_PATHS + 1234
    const cases = [
      { seed: 20240611, paths },
      { seed: 7, paths, dist: 'student-t' as const, nu: 5 },
      { seed: 11, paths, factors: 'pca' as const },
    ]
    for (const opts of cases) {
      const single = monteCarloVaRES(cov, v, N, opts, [0.975, 0.99])
      const model = prepareMonteCarlo(cov, v, N, opts)
      const whole = simulatePnLChunk(model, 0, paths)
      // 1 and 4 chunks cut on block boundaries; 7 and 13 (more chunks than the 4 blocks) cut inside blocks.
      for (const chunks of [1, 4, 7, 13]) {
        expect(await pool.monteCarlo(model, { chunks, confidences: [0.975, 0.99] })).toStrictEqual(single)
        expect(sameBits(await pool.simulatePnL(model, { chunks }), whole)).toBe(true)
      }
      // The caller's model is untouched by the transfers and can be run again.
      expect(sameBits(await pool.simulatePnL(model), whole)).toBe(true)
    }
  })

  it('rejects with the worker error message when a chunk throws, and keeps working afterwards', async () => {
    const good = prepareMonteCarlo(cov, v, N, { seed: 3, paths: 2 * MC_BLOCK_PATHS })
    const bad: MonteCarloModel = { ...good, exposure: good.exposure.subarray(0, 3) }
    await expect(pool.monteCarlo(bad)).rejects.toThrow(/paths \[\d+, \d+\) failed: .*model\.exposure has 3 values, expected k = 10/)
    const nan = Float64Array.from(good.exposure)
    nan[4] = Number.NaN
    await expect(pool.simulatePnL({ ...good, exposure: nan }, { chunks: 3 })).rejects.toThrow(/model\.exposure\[4\] is not finite/)
    expect(await pool.monteCarlo(good)).toStrictEqual(monteCarloVaRES(cov, v, N, { seed: 3, paths: 2 * MC_BLOCK_PATHS }))
  })

  it('rejects a bad chunk count or confidence in the caller', async () => {
    const model = prepareMonteCarlo(cov, v, N, { seed: 1, paths: 100 })
    await expect(pool.simulatePnL(model, { chunks: 0 })).rejects.toThrow(/chunks must be an integer/)
    await expect(pool.monteCarlo(model, { confidences: [1.5] })).rejects.toThrow(RangeError)
  })

  it('keeps the event loop responsive while 100,000 paths x 200 instruments run (a synchronous run starves it)', async () => {
    const n = 200
    const book = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -4e5 : 1e6) * (1 + (i % 7) / 7))
    const model = prepareMonteCarlo(factorCovariance(n, 42), book, n, { seed: 2024, paths: 100_000 })
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    try {
      // Behavioural, not a timing check: the same work run synchronously lets no interval callback run at all ...
      const whole = simulatePnLChunk(model, 0, model.paths)
      await Promise.resolve()
      expect(ticks).toBe(0)
      // ... while on the pool the interval keeps firing until the result arrives.
      const pending = pool.simulatePnL(model)
      let done = false
      let ticksWhileRunning = 0
      void pending.then(() => (done = true))
      await new Promise<void>((resolve) => {
        const watch = setInterval(() => {
          if (done) {
            clearInterval(watch)
            resolve()
          } else ticksWhileRunning = ticks
        }, 5)
      })
      expect(ticksWhileRunning).toBeGreaterThanOrEqual(3)
      expect(sameBits(await pending, whole)).toBe(true)
    } finally {
      clearInterval(timer)
    }
  })
})

describe('createComputePool lifecycle', () => {
  it('rejects a bad thread count and a missing worker file', () => {
    expect(() => createComputePool({ threads: 0, workerFile: worker.file })).toThrow(/threads must be an integer/)
    expect(() => createComputePool({ threads: 1.5, workerFile: worker.file })).toThrow(/threads/)
    expect(() => createComputePool({ threads: 1, workerFile: join(worker.dir, 'missing.js') })).toThrow(/worker file not found/)
  })

  it('rejects calls after close(); close() is idempotent', async () => {
    const pool = createComputePool({ threads: 1, workerFile: worker.file })
    const model = prepareMonteCarlo(cov, v, N, { seed: 1, paths: 100 })
    expect((await pool.simulatePnL(model)).length).toBe(100)
    await pool.close()
    await pool.close()
    await expect(pool.monteCarlo(model)).rejects.toThrow(/closed/)
  })
})
