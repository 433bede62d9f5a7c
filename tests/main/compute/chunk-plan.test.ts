import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planChunks } from '../../../src-main/compute/chunk-plan'
import { MC_BLOCK_PATHS } from '../../../src-main/engine/monte-carlo'

describe('planChunks', () => {
  it('covers [0, paths) once, in order, with non-empty ranges, for any paths and chunk count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300_000 }), fc.integer({ min: 1, max: 200 }), (paths, chunks) => {
        const r = planChunks(paths, chunks)
        expect(r.length).toBe(Math.min(paths, chunks))
        expect(r[0]!.from).toBe(0)
        expect(r[r.length - 1]!.to).toBe(paths)
        r.forEach((c, i) => {
          expect(c.to).toBeGreaterThan(c.from)
          if (i > 0) expect(c.from).toBe(r[i - 1]!.to)
        })
      }),
    )
  })

  it('cuts on random sub-stream block boundaries when there are at least as many blocks as chunks', () => {
    const paths = 100_000 // 25 blocks, the last one partial
    for (const chunks of [1, 2, 3, 4, 7, 25]) {
      const r = planChunks(paths, chunks)
      for (const c of r.slice(1)) expect(c.from % MC_BLOCK_PATHS).toBe(0)
      // Balanced to within one block.
      const sizes = r.map((c) => c.to - c.from)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(MC_BLOCK_PATHS)
    }
  })

  it('splits evenly inside blocks when there are more chunks than blocks', () => {
    const r = planChunks(10_000, 7) // 3 blocks
    const sizes = r.map((c) => c.to - c.from)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(r.some((c) => c.from % MC_BLOCK_PATHS !== 0)).toBe(true)
  })

  it('rejects a bad path or chunk count', () => {
    expect(() => planChunks(0, 2)).toThrow(/paths/)
    expect(() => planChunks(10, 0)).toThrow(/chunks/)
    expect(() => planChunks(10, 1.5)).toThrow(/chunks/)
  })
})
