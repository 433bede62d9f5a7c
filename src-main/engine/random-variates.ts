/**
 * Seeded random variates for the Monte Carlo engine: a xoroshiro128+ stream (pure-rand) with jump-ahead for
 * independent sub-streams, standard normals by Marsaglia's polar method and gamma / chi-square variates by
 * Marsaglia–Tsang. Deterministic: the same seed and the same sequence of calls give the same numbers.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator'

/**
 * Checks a seed: an integer in [0, 2^32 − 1] (the whole seed is used; nothing is silently truncated).
 * @throws RangeError otherwise
 */
export function assertSeed(fn: string, seed: number): void {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new RangeError(`${fn}: seed must be an integer in [0, 2^32 - 1], got ${seed}`)
  }
}

/** SplitMix32 step (the 32-bit variant of Vigna's SplitMix64 seeder): spreads a small seed over all state bits. */
function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) | 0
}

/**
 * The base xoroshiro128+ generator for a seed. The 128-bit state is filled by SplitMix32 from the seed, as the
 * xoroshiro authors recommend, because pure-rand's xoroshiro128plus(seed) starts from a sparse state whose first
 * outputs are poorly mixed.
 * @throws RangeError on an invalid seed (see assertSeed)
 * Source: Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47 (2021).
 */
export function baseGenerator(seed: number): JumpableRandomGenerator {
  assertSeed('baseGenerator', seed)
  const st = { s: seed | 0 }
  const words = [splitMix32(st), splitMix32(st), splitMix32(st), splitMix32(st)]
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1
  return xoroshiro128plusFromState(words)
}

/**
 * Sub-stream `index` of a seed: the base generator jumped `index` times (2^64 steps each), so sub-streams never
 * overlap for any practical number of draws. Cost O(index) jumps.
 * @throws RangeError on an invalid seed or a negative / non-integer index
 */
export function subStream(seed: number, index: number): JumpableRandomGenerator {
  if (!(Number.isInteger(index) && index >= 0)) throw new RangeError(`subStream: index must be an integer >= 0, got ${index}`)
  const g = baseGenerator(seed)
  for (let k = 0; k < index; k++) g.jump()
  return g
}

/**
 * Normal and gamma variates from one generator. Stateful (it caches the second polar normal), so one instance
 * must be consumed in a fixed order for reproducibility.
 */
export class VariateStream {
  private spare = 0
  private hasSpare = false

  constructor(private readonly rng: JumpableRandomGenerator) {}

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.rng)
  }

  /** Uniform on (0, 1): redraws the (2^-53 likely) exact 0 so that logs and powers stay finite. */
  uniformOpen(): number {
    let u = uniformFloat64(this.rng)
    while (u === 0) u = uniformFloat64(this.rng)
    return u
  }

  /**
   * Standard normal by Marsaglia's polar method: (u, v) uniform on the unit disc, s = u² + v²,
   * z1,2 = u, v · sqrt(−2 ln s / s). Both values are used (the second is returned by the next call).
   * Source: G. Marsaglia & T. Bray, "A convenient method for generating normal variables", SIAM Review 6 (1964).
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    let u: number
    let v: number
    let s: number
    do {
      u = 2 * uniformFloat64(this.rng) - 1
      v = 2 * uniformFloat64(this.rng) - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.spare = v * f
    this.hasSpare = true
    return u * f
  }

  /**
   * Gamma(shape, 1) variate by Marsaglia–Tsang (squeeze + log test); for shape < 1 uses
   * Gamma(shape) = Gamma(shape + 1) · U^{1/shape}.
   * @throws RangeError when shape is not finite and > 0
   * Source: G. Marsaglia & W. Tsang, "A simple method for generating gamma variables", ACM TOMS 26 (2000).
   */
  gamma(shape: number): number {
    if (!(shape > 0 && Number.isFinite(shape))) throw new RangeError(`VariateStream.gamma: shape must be > 0, got ${shape}`)
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniformOpen(), 1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x: number
      let v: number
      do {
        x = this.normal()
        v = 1 + c * x
      } while (v <= 0)
      v = v * v * v
      const u = this.uniformOpen()
      const x2 = x * x
      if (u < 1 - 0.0331 * x2 * x2) return d * v
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
    }
  }

  /** Chi-square(ν) = 2 · Gamma(ν/2) variate. */
  chiSquare(nu: number): number {
    return 2 * this.gamma(nu / 2)
  }
}
