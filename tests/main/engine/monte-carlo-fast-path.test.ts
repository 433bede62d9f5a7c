import { describe, expect, it } from 'vitest'
import { MC_BLOCK_PATHS, prepareMonteCarlo, simulatePnLChunk, type MonteCarloModel } from '../../../src-main/engine/monte-carlo'
import { subStream, VariateStream } from '../../../src-main/engine/random-variates'

/**
 * The linear normal model runs through a hand-inlined generator loop. Reference: the generic loop it replaced,
 * written here from the public VariateStream (pure-rand's xoroshiro128+ and uniformFloat64, polar normals): every
 * P&L must agree bit for bit.
 */
function referencePnL(model: MonteCarloModel, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from)
  const z = new Float64Array(model.k)
  const firstBlock = Math.floor(from / MC_BLOCK_PATHS)
  const lastBlock = Math.floor((to - 1) / MC_BLOCK_PATHS)
  const gen = subStream(model.seed, firstBlock)
  for (let b = firstBlock; b <= lastBlock; b++) {
    const stream = new VariateStream(gen.clone())
    gen.jump()
    const start = b * MC_BLOCK_PATHS
    const end = Math.min(start + MC_BLOCK_PATHS, to)
    for (let p = start; p < end; p++) {
      for (let j = 0; j < model.k; j++) z[j] = stream.normal()
      if (p < from) continue
      let s = 0
      for (let j = 0; j < model.k; j++) s += model.exposure[j]! * z[j]!
      out[p - from] = s * 1
    }
  }
  return out
}

function model(N: number, seed: number, paths: number): MonteCarloModel {
  // A well-conditioned covariance with correlation: Σ = D (0.3 J + 0.7 I) D
  const cov = new Float64Array(N * N)
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) cov[i * N + j] = (i === j ? 1 : 0.3) * (0.01 + 0.001 * i) * (0.01 + 0.001 * j)
  }
  const v = Float64Array.from({ length: N }, (_, i) => (i % 3 === 0 ? -1 : 1) * (1000 + 37 * i))
  return prepareMonteCarlo(cov, v, N, { seed, paths })
}

const sameBits = (a: Float64Array, b: Float64Array): void => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`P&L ${i}: ${a[i]} vs ${b[i]}`)
}

describe('Monte Carlo linear normal fast path', () => {
  it('gives bit for bit the P&L of the generic VariateStream loop (odd and even k, chunks inside blocks)', () => {
    for (const [N, seed] of [
      [7, 1],
      [8, 20260422],
      [33, 0xffffffff],
    ] as const) {
      const m = model(N, seed, 3 * MC_BLOCK_PATHS + 123)
      sameBits(simulatePnLChunk(m, 0, m.paths), referencePnL(m, 0, m.paths))
      for (const [from, to] of [
        [1, 2],
        [MC_BLOCK_PATHS - 5, MC_BLOCK_PATHS + 9],
        [2 * MC_BLOCK_PATHS + 17, m.paths],
      ] as const) {
        sameBits(simulatePnLChunk(m, from, to), referencePnL(m, from, to))
      }
    }
  })
})
