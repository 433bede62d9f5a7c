import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { historicalES, historicalVaR, historicalVaRES, scenarioPnL } from '../../../src-main/engine/historical'
import { quantileSorted } from '../../../src-main/engine/quantile'
import { expectAllClose, expectClose, f64, loadCases, loadEdge, maxAbs } from './helpers'

/**
 * Scenario P&L is a W-term dot product per day; NumPy's BLAS sums in a different order, so results differ by a few
 * ulps of the largest term. 1e-10 relative leaves ample room for that and still catches any real error.
 */
const REL_TOL = 1e-10
/** The hand-checkable edge cases involve at most 10 small numbers: only summation-order rounding can differ. */
const EDGE_TOL = 1e-14

const cases = loadCases()
const edge = loadEdge()

describe('historical VaR / ES vs NumPy on real S&P 500 data', () => {
  for (const k of cases) {
    it(`${k.name} (W=${k.W}, N=${k.N}, as of ${k.asof})`, () => {
      const R = f64(k.returns)
      const v = f64(k.values)
      const L = scenarioPnL(R, k.W, k.N, v)
      const scale = maxAbs(k.expected.scenarioPnL)
      expectAllClose(L, k.expected.scenarioPnL, REL_TOL, scale, 'L')
      const before = Array.from(L)
      for (const e of k.expected.byConfidence) {
        const both = historicalVaRES(L, e.c)
        expectClose(both.var, e.historicalVaR, REL_TOL, 0, `VaR ${e.c}`)
        expectClose(both.es, e.historicalES, REL_TOL, 0, `ES ${e.c}`)
        expect(historicalVaR(L, e.c)).toBe(both.var)
        expect(historicalES(L, e.c)).toBe(both.es)
      }
      expect(Array.from(L)).toEqual(before)
    })
  }
})

describe('historical VaR / ES edge cases (n = 1, ties in the tail, all equal, all gains)', () => {
  for (const h of edge.historical) {
    it(h.name, () => {
      const L = f64(h.pnl)
      const scratch = new Float64Array(L.length + 3)
      for (const e of h.expected) {
        const r = historicalVaRES(L, e.c, scratch)
        expectClose(r.var, e.var, EDGE_TOL, 1, `${h.name} VaR ${e.c}`)
        expectClose(r.es, e.es, EDGE_TOL, 1, `${h.name} ES ${e.c}`)
      }
    })
  }

  it('scenarioPnL on a 3 x 2 matrix', () => {
    const s = edge.small
    expectAllClose(scenarioPnL(f64(s.returns), s.W, s.N, f64(s.values)), s.scenarioPnL, EDGE_TOL, 1, 'L')
  })

  it('a zero quantile is reported as +0, not -0', () => {
    expect(Object.is(historicalVaR(f64([0, 0, 5]), 0.9), 0)).toBe(true)
  })

  it('writes into a caller-supplied output', () => {
    const s = edge.small
    const out = new Float64Array(s.W)
    expect(scenarioPnL(f64(s.returns), s.W, s.N, f64(s.values), out)).toBe(out)
  })
})

describe('historical properties', () => {
  const pnlArb = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 400 }).map((xs) => Float64Array.from(xs, (x) => x * 13.7))
  const cArb = fc.double({ min: 0.5, max: 0.999, noNaN: true })

  it('equals the definition computed naively: sort, type 7 quantile, mean of everything <= Q', () => {
    fc.assert(
      fc.property(pnlArb, cArb, (L, c) => {
        const sorted = Float64Array.from(L).sort()
        const q = quantileSorted(sorted, 1 - c)
        const tail = sorted.filter((x) => x <= q)
        const r = historicalVaRES(L, c)
        expect(r.var === -q, `VaR ${r.var} vs ${-q}`).toBe(true) // === : +0 and -0 are the same loss
        // Same members, summed in another order: a few ulps.
        expectClose(r.es, -tail.reduce((a, b) => a + b, 0) / tail.length, 1e-13, maxAbs(L), 'ES')
      }),
      { numRuns: 300 },
    )
  })

  it('VaR is non-decreasing in c', () => {
    fc.assert(
      fc.property(pnlArb, cArb, cArb, (L, c1, c2) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1]
        expect(historicalVaR(L, lo)).toBeLessThanOrEqual(historicalVaR(L, hi))
      }),
      { numRuns: 300 },
    )
  })

  it('ES >= VaR (up to the rounding of one mean)', () => {
    fc.assert(
      fc.property(pnlArb, cArb, (L, c) => {
        const r = historicalVaRES(L, c)
        // The mean of m values all <= Q can exceed Q by a few ulps (sum then divide); 1e-12 relative covers that.
        expect(r.es).toBeGreaterThanOrEqual(r.var - 1e-12 * Math.abs(r.var))
      }),
      { numRuns: 300 },
    )
  })

  it('scaling the book by k > 0 scales VaR and ES by k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.01, max: 100, noNaN: true }), cArb, (seed, k, c) => {
        const W = 40
        const N = 3
        const R = Float64Array.from({ length: W * N }, (_, i) => Math.sin(seed + i * 1.7) * 0.03)
        const v = f64([1e5, -4e4, 7e4])
        const vk = v.map((x) => k * x)
        const base = historicalVaRES(scenarioPnL(R, W, N, v), c)
        const scaled = historicalVaRES(scenarioPnL(R, W, N, vk), c)
        const scale = k * maxAbs(scenarioPnL(R, W, N, v))
        // k v_i rounds differently from k (v_i r): a few ulps of the P&L scale.
        expectClose(scaled.var, k * base.var, 1e-12, scale, 'VaR')
        expectClose(scaled.es, k * base.es, 1e-12, scale, 'ES')
      }),
      { numRuns: 200 },
    )
  })
})

describe('historical errors', () => {
  const R = new Float64Array(6)
  const v = new Float64Array(2)
  it('rejects bad shapes', () => {
    expect(() => scenarioPnL(R, 4, 2, v)).toThrow(/R.length is 6, expected W\*N/)
    expect(() => scenarioPnL(R, 3, 2, new Float64Array(3))).toThrow(/v.length/)
    expect(() => scenarioPnL(R, 3, 2, v, new Float64Array(2))).toThrow(/out.length/)
    expect(() => scenarioPnL(R, 0, 2, v)).toThrow(/W must be an integer >= 1/)
    expect(() => scenarioPnL(R, 1.5, 4, new Float64Array(4))).toThrow(RangeError)
  })
  it('rejects c outside (0, 1), empty and non-finite P&L', () => {
    const L = f64([1, -2, 3])
    for (const c of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => historicalVaRES(L, c)).toThrow(/confidence/)
      expect(() => historicalVaR(L, c)).toThrow(RangeError)
      expect(() => historicalES(L, c)).toThrow(RangeError)
    }
    expect(() => historicalVaRES(new Float64Array(0), 0.99)).toThrow(/empty/)
    expect(() => historicalVaRES(f64([1, Number.NaN]), 0.99)).toThrow(/values\[1\]/)
    expect(() => historicalVaRES(L, 0.99, new Float64Array(1))).toThrow(/scratch/)
  })
})
