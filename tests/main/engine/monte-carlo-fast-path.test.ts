import { describe, expect, it } from 'vitest'
import { MC_BLOCK_PATHS, prepareMonteCarlo, simulatePnLChunk, type MonteCarloModel } from '../../../src-main/engine/monte-carlo'
import { subStream, VariateStream } from '../../../src-main/engine/random-variates'

/**
 * The paths draw their normals in batches from PolarNormalStream (monte-carlo-normals.ts), the normal model several
 * paths per batch with four paths summed at once. Reference: the generic loop it replaced, written here from the
 * public VariateStream (pure-rand's xoroshiro128+ and uniformFloat64, polar normals): every P&L must agree bit for bit.
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

/** The generic loop for any model (the engine's loop before the batched draws): Student-t scale and revaluation. */
function referenceGeneric(m: MonteCarloModel, from: number, to: number, revalue?: (r: Float64Array) => number): Float64Array {
  const out = new Float64Array(to - from)
  const z = new Float64Array(m.k)
  const r = new Float64Array(m.N)
  const gen = subStream(m.seed, Math.floor(from / MC_BLOCK_PATHS))
  for (let b = Math.floor(from / MC_BLOCK_PATHS); b <= Math.floor((to - 1) / MC_BLOCK_PATHS); b++) {
    const stream = new VariateStream(gen.clone())
    gen.jump()
    for (let p = b * MC_BLOCK_PATHS; p < Math.min((b + 1) * MC_BLOCK_PATHS, to); p++) {
      for (let j = 0; j < m.k; j++) z[j] = stream.normal()
      const scale = m.dist === 'student-t' ? Math.sqrt((m.nu - 2) / stream.chiSquare(m.nu)) : 1
      if (p < from) continue
      if (revalue) {
        for (let i = 0; i < m.N; i++) {
          let s = 0
          for (let j = 0; j < m.k; j++) s += m.loadings[i * m.k + j]! * z[j]!
          r[i] = s * scale
        }
        out[p - from] = revalue(r)
      } else {
        let s = 0
        for (let j = 0; j < m.k; j++) s += m.exposure[j]! * z[j]!
        out[p - from] = s * scale
      }
    }
  }
  return out
}

describe('Monte Carlo Student-t and revalued paths on the batched draws', () => {
  it('give bit for bit the P&L of the generic VariateStream loop', () => {
    const quadratic = (r: Float64Array): number => {
      let s = 0
      for (let i = 0; i < r.length; i++) s += (i + 1) * r[i]! + 50 * r[i]! * r[i]!
      return s
    }
    for (const [N, seed] of [
      [5, 3],
      [12, 20260422],
    ] as const) {
      const base = model(N, seed, 2 * MC_BLOCK_PATHS + 77)
      const t = { ...base, dist: 'student-t' as const, nu: 4.5 }
      for (const [from, to] of [
        [0, base.paths],
        [MC_BLOCK_PATHS - 3, MC_BLOCK_PATHS + 40],
      ] as const) {
        sameBits(simulatePnLChunk(t, from, to), referenceGeneric(t, from, to))
        sameBits(simulatePnLChunk(base, from, to, quadratic), referenceGeneric(base, from, to, quadratic))
        sameBits(simulatePnLChunk(t, from, to, quadratic), referenceGeneric(t, from, to, quadratic))
      }
    }
  })
})
