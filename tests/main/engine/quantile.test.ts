import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quantile, quantileSorted, selectInPlace } from '../../../src-main/engine/quantile'
import { f64, loadEdge } from './helpers'

const edge = loadEdge()

describe('quantile (Hyndman-Fan type 7) vs numpy.quantile(method="linear")', () => {
  for (const q of edge.quantiles) {
    it(`${q.name}: sorted and selection agree bit-for-bit with NumPy at every p`, () => {
      const values = f64(q.values)
      const sorted = Float64Array.from(values).sort()
      q.p.forEach((p, j) => {
        // Same order statistics and NumPy's own _lerp, so equality is exact, not approximate.
        expect(quantileSorted(sorted, p), `sorted p=${p}`).toBe(q.expected[j])
        expect(quantile(values, p), `select p=${p}`).toBe(q.expected[j])
      })
    })
  }

  it('selection never reorders the caller array and can reuse a scratch buffer', () => {
    const values = f64([5, -1, 3, 3, 0, 9, -7])
    const before = Array.from(values)
    const scratch = new Float64Array(16)
    const a = quantile(values, 0.3, scratch)
    const b = quantile(values, 0.3)
    expect(a).toBe(b)
    expect(Array.from(values)).toEqual(before)
  })

  it('selection equals sort-then-interpolate on random samples with many ties (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ints, p) => {
          const values = Float64Array.from(ints, (x) => x / 7)
          const sorted = Float64Array.from(values).sort()
          expect(quantile(values, p)).toBe(quantileSorted(sorted, p))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('selectInPlace puts the rank-k value at k with smaller entries before and larger after (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(), (xs, kk) => {
        const a = Float64Array.from(xs)
        const k = kk % a.length
        const sorted = Float64Array.from(a).sort()
        selectInPlace(a, k)
        // === rather than Object.is: -0 and +0 are the same order statistic.
        expect(a[k] === sorted[k], `a[k] = ${a[k]}, sorted[k] = ${sorted[k]}`).toBe(true)
        for (let i = 0; i < k; i++) expect(a[i]! <= a[k]!).toBe(true)
        for (let i = k + 1; i < a.length; i++) expect(a[i]! >= a[k]!).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('stays correct on adversarial inputs (sorted, reversed, all equal, organ pipe)', () => {
    const n = 5001
    const inputs = [
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => n - i),
      new Float64Array(n).fill(3),
      Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    ]
    for (const values of inputs) {
      const sorted = Float64Array.from(values).sort()
      for (const p of [0, 0.01, 0.5, 0.99, 1]) expect(quantile(values, p)).toBe(quantileSorted(sorted, p))
    }
  })

  it('rejects p outside [0, 1], NaN p, empty samples, non-finite values and short scratch', () => {
    const x = f64([1, 2, 3])
    for (const p of [-0.01, 1.01, Number.NaN]) {
      expect(() => quantile(x, p)).toThrow(RangeError)
      expect(() => quantileSorted(x, p)).toThrow(RangeError)
    }
    expect(() => quantile(new Float64Array(0), 0.5)).toThrow(/empty/)
    expect(() => quantileSorted([], 0.5)).toThrow(/empty/)
    expect(() => quantile(f64([1, Number.NaN]), 0.5)).toThrow(/values\[1\]/)
    expect(() => quantile(f64([1, Infinity]), 0.5)).toThrow(RangeError)
    expect(() => quantile(x, 0.5, new Float64Array(2))).toThrow(/scratch/)
    expect(() => quantile(x, 0.5, x)).toThrow(/scratch/)
    expect(() => selectInPlace(x, 3)).toThrow(RangeError)
    expect(() => selectInPlace(x, 0, 1, 2)).toThrow(RangeError)
  })
})
