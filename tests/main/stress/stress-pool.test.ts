/**
 * Generated stress draws on the worker pool: bit-identical to one thread whatever the chunking; split-invariant
 * kernel; reproducible by seed; every draw's P&L within the bounds of compounding the pool's extreme days.
 */
import { describe, expect, it } from 'vitest'
import { planStressChunks, runStressChunkTask } from '../../../src-main/compute/stress-task'
import { BOOT_BLOCK_DRAWS, bootstrapPnLChunk, stressTail, type BootstrapModel } from '../../../src-main/engine/stress-bootstrap'
import { subStream, VariateStream } from '../../../src-main/engine/random-variates'
import { useTestPool } from '../compute/build-worker'
import { join } from 'node:path'
import { readBookFile } from '../../../src-main/books/book-file'
import { prepareCrisisBootstrap, prepareFhsStressed, runGeneratedLocal } from '../../../src-main/stress/generated'
import { loadStressMarket } from '../../../src-main/stress/load-stress-market'
import { pooledGeneratedRunner } from '../../../src-main/stress/pooled-generated'
import { prepareStressBook } from '../../../src-main/stress/stress-book'
import { REPO_ROOT } from '../../helpers/shared-data'

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0
}

/** A seeded model: 40 factors, 3 crisis segments of daily returns, long/short exposures, one call and one put. */
function model(draws: number, seed = 7): BootstrapModel {
  const s = new VariateStream(subStream(99, 0))
  const N = 40
  const rows = 120
  const pool = Float64Array.from({ length: rows * N }, () => Math.max(-0.5, 0.03 * s.normal() - 0.004))
  const exposure = Float64Array.from({ length: N }, (_, i) => (i % 5 === 0 ? -1 : 1) * 1e5 * (1 + (i % 7)))
  const options = Float64Array.from([3, 500, 120, 125, 0.5, 0.01, 0.0, 0.3, 1, 9.1, 7, -800, 60, 55, 0.25, 0.01, 0.02, 0.35, 0, 2.2])
  return { pool, rows, N, segments: Int32Array.from([0, 50, 50, 3, 53, 67]), exposure, options, volScale: 1.5, horizon: 10, block: 5, draws, seed }
}

describe('generated stress draws', () => {
  const t = useTestPool(2)

  it('the pool gives bit-identical P&L to one thread, for any chunk count', async () => {
    const m = model(5 * BOOT_BLOCK_DRAWS + 321)
    const one = bootstrapPnLChunk(m, 0, m.draws)
    for (const chunks of [1, 2, 3, 7]) expect(sameBits(await t.pool.stressDraws!(m, { chunks }), one)).toBe(true)
  })

  it('chunks on sub-stream boundaries reproduce the whole run; the same seed gives the same draws, another seed others', () => {
    const m = model(3 * BOOT_BLOCK_DRAWS)
    const whole = bootstrapPnLChunk(m, 0, m.draws)
    const parts = planStressChunks(m.draws, 3).map(({ from, to }) => runStressChunkTask({ model: m, from, to }))
    expect(sameBits(Float64Array.from(parts.flatMap((p) => [...p])), whole)).toBe(true)
    expect(sameBits(bootstrapPnLChunk(m, 0, m.draws), whole)).toBe(true)
    expect(sameBits(bootstrapPnLChunk({ ...m, seed: 8 }, 0, m.draws), whole)).toBe(false)
    expect(() => bootstrapPnLChunk(m, 10, 20)).toThrow(RangeError)
  })

  it('a linear draw lies between the exposures compounded at the pool’s worst and best days', () => {
    const m = { ...model(2000), options: new Float64Array(0) }
    const pnl = bootstrapPnLChunk(m, 0, m.draws)
    let bound = 0
    for (let i = 0; i < m.N; i++) {
      let lo = Infinity
      let hi = -Infinity
      for (let r = 0; r < m.rows; r++) {
        lo = Math.min(lo, m.pool[r * m.N + i]!)
        hi = Math.max(hi, m.pool[r * m.N + i]!)
      }
      bound += Math.abs(m.exposure[i]!) * Math.max(Math.abs((1 + lo) ** m.horizon - 1), Math.abs((1 + hi) ** m.horizon - 1))
    }
    for (const x of pnl) expect(Math.abs(x)).toBeLessThanOrEqual(bound)
    const tail = stressTail(pnl)
    expect(tail.worst).toBeLessThanOrEqual(tail.q01)
    expect(tail.q01).toBeLessThanOrEqual(tail.q05)
  })

  it('generated sets of a real book (options included) give the same result on the pool as on this thread', async () => {
    const sm = loadStressMarket()
    const read = readBookFile(join(REPO_ROOT, 'assets', 'books', 'demo-options.csv'), { knownSymbols: new Set(sm.market.store.symbols()) })
    const book = prepareStressBook(read.book, sm, '2021-04-21')
    const run = pooledGeneratedRunner(t.pool)
    for (const g of [prepareCrisisBootstrap(sm, book, { draws: 2500, seed: 11 }), prepareFhsStressed(sm, book, { draws: 2500, seed: 11 })]) {
      expect(g.model).not.toBeNull()
      expect(await run(g, book)).toEqual(runGeneratedLocal(g, book))
    }
  })

  it('a one-day horizon with blocks of 1 draws exactly the pool’s rows', () => {
    const m = { ...model(500), options: new Float64Array(0), horizon: 1, block: 1 }
    const rowPnL = new Set<number>()
    for (let r = 0; r < m.rows; r++) {
      let s = 0
      for (let i = 0; i < m.N; i++) s += m.exposure[i]! * (1 + m.pool[r * m.N + i]! - 1)
      rowPnL.add(s)
    }
    for (const x of bootstrapPnLChunk(m, 0, m.draws)) expect(rowPnL.has(x)).toBe(true)
  })
})
