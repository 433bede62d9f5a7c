import { describe, expect, it } from 'vitest'
import { ewmaCovariance, ewmaWeights, sampleCovariance } from '../../../src-main/engine/covariance'

/**
 * The covariance kernels run as 4 x 4 register tiles over passes of days. Reference: the plain rank-1 update they
 * replaced (one product added per day, in day order), written out here. Every entry must agree bit for bit, for
 * sizes that are not multiples of the tile (4) or of the pass (256 days).
 */
function rank1Sample(R: Float64Array, W: number, N: number): Float64Array {
  const mean = new Float64Array(N)
  for (let t = 0; t < W; t++) for (let i = 0; i < N; i++) mean[i]! += R[t * N + i]!
  for (let i = 0; i < N; i++) mean[i]! /= W
  const S = new Float64Array(N * N)
  const d = new Float64Array(N)
  for (let t = 0; t < W; t++) {
    for (let i = 0; i < N; i++) d[i] = R[t * N + i]! - mean[i]!
    for (let i = 0; i < N; i++) for (let j = i; j < N; j++) S[i * N + j]! += d[i]! * d[j]!
  }
  for (let i = 0; i < N; i++) for (let j = i; j < N; j++) S[i * N + j]! *= 1 / (W - 1)
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) S[j * N + i] = S[i * N + j]!
  return S
}

function rank1Ewma(R: Float64Array, W: number, N: number, lambda: number): Float64Array {
  const w = ewmaWeights(W, lambda)
  const S = new Float64Array(N * N)
  for (let t = 0; t < W; t++) {
    const wt = w[W - 1 - t]!
    for (let i = 0; i < N; i++) {
      const ri = wt * R[t * N + i]!
      for (let j = i; j < N; j++) S[i * N + j]! += ri * R[t * N + j]!
    }
  }
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) S[j * N + i] = S[i * N + j]!
  return S
}

function returns(W: number, N: number, seed: number): Float64Array {
  let s = seed >>> 0
  const R = new Float64Array(W * N)
  for (let k = 0; k < R.length; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    // fat-ish tails and a common factor, so that rounding differences would show
    R[k] = (s / 2 ** 32 - 0.5) * 0.04 * (k % 7 === 0 ? 5 : 1) + 1e-3 * Math.sin(Math.floor(k / N))
  }
  return R
}

const sameBits = (a: Float64Array, b: Float64Array, what: string): void => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: ${a[i]} vs ${b[i]}`)
}

describe('blocked covariance kernels', () => {
  it('are bit-identical to the rank-1 update, for any N and W', () => {
    for (const [W, N] of [
      [2, 1],
      [3, 5],
      [255, 8],
      [257, 13],
      [600, 30],
      [40, 67],
    ] as const) {
      const R = returns(W, N, W * 31 + N)
      sameBits(sampleCovariance(R, W, N), rank1Sample(R, W, N), `sample ${W}x${N}`)
      sameBits(ewmaCovariance(R, W, N), rank1Ewma(R, W, N, 0.94), `ewma ${W}x${N}`)
      sameBits(ewmaCovariance(R, W, N, 0.97), rank1Ewma(R, W, N, 0.97), `ewma 0.97 ${W}x${N}`)
    }
  })
})
