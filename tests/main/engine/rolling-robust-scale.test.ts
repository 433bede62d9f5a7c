import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RollingRobustScales } from '../../../src-main/engine/rolling-robust-scale'
import { MAD_TO_SIGMA, robustScale } from '../../../src-main/market/feeds/suspect-tick-rule'

/**
 * The rolling median and MAD per column against two references after every roll: the textbook definition by sorting
 * (median of the sorted window, median of the sorted distances), and the suspect-tick rule's robustScale (selection)
 * on the same window. Order statistics are exact, so the figures must be equal, not close (=== : a median of tied
 * zeros may be +0 or -0 depending on which of them lands in the middle, which changes no z-score).
 */
function same(got: number, want: number, label: string): void {
  expect(got === want, `${label}: ${got} vs ${want}`).toBe(true)
}

function sortedMedian(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort()
  const n = s.length
  const h = n >>> 1
  return n % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2
}

function reference(column: Float64Array): { median: number; mad: number; meanAd: number } {
  const median = sortedMedian(column)
  const d = column.map((x) => Math.abs(x - median))
  let sum = 0
  for (const x of d) sum += x
  return { median, mad: sortedMedian(d), meanAd: sum / column.length }
}

const valueArb = fc.oneof(fc.constantFrom(-0.02, -0.01, 0, 0.01, 0.02), fc.double({ min: -0.2, max: 0.2, noNaN: true }))

describe('RollingRobustScales', () => {
  it('equals the sorted definition and robustScale on every column after every roll (ties included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(valueArb, { minLength: 160, maxLength: 160 }),
        fc.array(fc.array(valueArb, { minLength: 4, maxLength: 4 }), { minLength: 0, maxLength: 60 }),
        (W, N, pool, rolls) => {
          const init = Float64Array.from({ length: W * N }, (_, k) => pool[k % pool.length]!)
          const rows: Float64Array[] = []
          for (let t = 0; t < W; t++) rows.push(init.slice(t * N, (t + 1) * N))
          const r = new RollingRobustScales(init, W, N)
          const check = (): void => {
            for (let i = 0; i < N; i++) {
              const column = Float64Array.from(rows.slice(-W), (row) => row[i]!)
              expect(Array.from(r.column(i))).toEqual(Array.from(column))
              const got = r.reading(i)
              const want = reference(column)
              same(got.median, want.median, 'median')
              same(got.mad, want.mad, 'MAD')
              same(r.meanAbsDeviation(i, got.median), want.meanAd, 'mean |r - median|')
              const rs = robustScale(column)
              same(got.median, rs.median, 'median vs robustScale')
              if (rs.source === 'mad') same(MAD_TO_SIGMA * got.mad, rs.scale, 'scale vs robustScale')
            }
          }
          check()
          for (const values of rolls) {
            const row = Float64Array.from(values.slice(0, N))
            rows.push(row)
            r.roll(row)
            check()
          }
        },
      ),
      { numRuns: 120 },
    )
  })

  it('refuses bad shapes and non-finite returns, changing nothing', () => {
    expect(() => new RollingRobustScales(new Float64Array(5), 2, 2)).toThrow(/expected W x N = 4/)
    expect(() => new RollingRobustScales(Float64Array.from([0, Number.NaN]), 2, 1)).toThrow(/not finite/)
    const r = new RollingRobustScales(Float64Array.from([0.01, 0.02, 0.03]), 3, 1)
    expect(() => r.roll(Float64Array.from([Number.POSITIVE_INFINITY]))).toThrow(/not finite/)
    expect(() => r.roll(Float64Array.from([0, 0]))).toThrow(/expected 1/)
    const want = reference(Float64Array.from([0.01, 0.02, 0.03]))
    expect(r.reading(0)).toEqual({ median: want.median, mad: want.mad })
    expect(() => r.reading(1)).toThrow(/outside/)
  })
})
