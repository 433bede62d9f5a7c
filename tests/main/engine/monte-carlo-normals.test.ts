import { describe, expect, it } from 'vitest'
import { PolarNormalStream } from '../../../src-main/engine/monte-carlo-normals'
import { subStream, VariateStream } from '../../../src-main/engine/random-variates'

/**
 * PolarNormalStream must draw exactly the numbers of the generic VariateStream (pure-rand xoroshiro128+,
 * uniformFloat64, polar normals, Marsaglia–Tsang gamma) for the same sequence of calls, bit for bit: it only holds
 * the generator in locals and draws normals in batches.
 */
const same = (a: number, b: number, what: string): void => {
  if (!Object.is(a, b)) throw new Error(`${what}: ${a} vs ${b}`)
}

describe('PolarNormalStream', () => {
  it('fillNormals gives the values of as many VariateStream.normal() calls (odd counts carry the second normal over)', () => {
    for (const seed of [0, 7, 20260422, 0xffffffff]) {
      const ref = new VariateStream(subStream(seed, 3))
      const fast = new PolarNormalStream(subStream(seed, 3))
      const z = new Float64Array(1200)
      let n = 0
      for (const count of [1, 2, 3, 0, 7, 500, 501, 1, 1, 1000, 33, 2]) {
        const offset = count % 5
        z.fill(NaN)
        fast.fillNormals(z, offset, count)
        for (let j = 0; j < count; j++) same(z[offset + j]!, ref.normal(), `seed ${seed}, normal ${n + j}`)
        expect(Number.isNaN(z[offset + count] ?? NaN)).toBe(true)
        n += count
      }
    }
  })

  it('interleaved normal, fillNormals, uniformOpen, gamma and chiSquare draws follow VariateStream draw for draw', () => {
    const ref = new VariateStream(subStream(11, 0))
    const fast = new PolarNormalStream(subStream(11, 0))
    const z = new Float64Array(9)
    for (let round = 0; round < 2000; round++) {
      const count = round % 10
      fast.fillNormals(z, 0, count)
      for (let j = 0; j < count; j++) same(z[j]!, ref.normal(), `round ${round} normal ${j}`)
      same(fast.chiSquare(5), ref.chiSquare(5), `round ${round} chi-square(5)`)
      same(fast.normal(), ref.normal(), `round ${round} normal()`)
      same(fast.gamma(0.6), ref.gamma(0.6), `round ${round} gamma(0.6)`)
      same(fast.chiSquare(2.5), ref.chiSquare(2.5), `round ${round} chi-square(2.5)`)
      same(fast.uniformOpen(), ref.uniformOpen(), `round ${round} uniformOpen`)
      same(fast.chiSquare(40), ref.chiSquare(40), `round ${round} chi-square(40)`)
    }
  })

  it('copies the generator state (the generator is not advanced) and refuses a range outside z', () => {
    const g = subStream(5, 2)
    const before = g.getState!()
    const fast = new PolarNormalStream(g)
    fast.fillNormals(new Float64Array(10), 0, 10)
    expect(g.getState!()).toEqual(before)
    expect(() => fast.fillNormals(new Float64Array(4), 2, 3)).toThrow(RangeError)
    expect(() => fast.gamma(0)).toThrow(RangeError)
  })
})
