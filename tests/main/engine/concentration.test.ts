import { describe, expect, it } from 'vitest'
import { UNCLASSIFIED_SECTOR, exposures, sectorExposure } from '../../../src-main/engine/concentration'
import { expectAllClose, expectClose, f64, loadCases } from './helpers'

/** Sums of at most 12 market values: only summation-order rounding differs from NumPy. */
const REL_TOL = 1e-13

const cases = loadCases()

describe('exposures and sector exposure vs NumPy on real books', () => {
  for (const k of cases) {
    it(`${k.name}`, () => {
      const v = f64(k.values)
      const e = exposures(v)
      expectClose(e.net, k.expected.net, REL_TOL, k.expected.gross, 'net')
      expectClose(e.gross, k.expected.gross, REL_TOL, 0, 'gross')
      expectAllClose(e.weights, k.expected.weights, REL_TOL, 0, 'weights')
      expectClose(e.hhi, k.expected.hhi, REL_TOL, 0, 'hhi')
      expectClose(e.largestWeight, k.expected.largestWeight, REL_TOL, 0, 'largest')
      expect(e.largestIndex).toBe(k.expected.largestIndex)

      const rows = sectorExposure(v, k.sectors)
      expect(rows.map((r) => r.sector)).toEqual(k.expected.sectorExposure.map((r) => r.sector))
      rows.forEach((r, j) => {
        const x = k.expected.sectorExposure[j]!
        expectClose(r.net, x.net, REL_TOL, k.expected.gross, `${r.sector} net`)
        expectClose(r.gross, x.gross, REL_TOL, 0, `${r.sector} gross`)
        expectClose(r.shareOfGross, x.shareOfGross, REL_TOL, 0, `${r.sector} share`)
      })
    })
  }

  it('fixtures exercise the Unclassified bucket', () => {
    expect(cases.some((k) => k.expected.sectorExposure.some((r) => r.sector === UNCLASSIFIED_SECTOR))).toBe(true)
  })
})

describe('exposure edge cases', () => {
  it('empty and all-zero books give zeros and largestIndex -1', () => {
    for (const v of [new Float64Array(0), new Float64Array(3)]) {
      const e = exposures(v)
      expect([e.net, e.gross, e.hhi, e.largestWeight, e.largestIndex]).toEqual([0, 0, 0, 0, -1])
      expect(e.weights.length).toBe(v.length)
    }
    expect(sectorExposure(new Float64Array(2), ['Energy', null]).map((r) => r.shareOfGross)).toEqual([0, 0])
  })

  it('one position has HHI 1; ties keep the first index; shorts count by absolute value', () => {
    expect(exposures(f64([-500])).hhi).toBe(1)
    const e = exposures(f64([-300, 300, 100]))
    expect(e.largestIndex).toBe(0)
    expect(e.net).toBe(100)
    expect(e.gross).toBe(700)
  })

  it('blank sector names count as Unclassified; equal gross sorts by name', () => {
    const rows = sectorExposure(f64([100, -100, 50, 50]), ['Utilities', 'Energy', '  ', null])
    expect(rows.map((r) => [r.sector, r.net, r.gross])).toEqual([
      ['Energy', -100, 100],
      [UNCLASSIFIED_SECTOR, 100, 100],
      ['Utilities', 100, 100],
    ])
  })

  it('rejects mismatched lengths and non-finite values', () => {
    expect(() => sectorExposure(f64([1, 2]), ['Energy'])).toThrow(/sectors.length is 1, expected 2/)
    expect(() => exposures(f64([1, Number.NaN]))).toThrow(/v\[1\]/)
    expect(() => sectorExposure(f64([Infinity]), [null])).toThrow(/v\[0\]/)
  })
})
