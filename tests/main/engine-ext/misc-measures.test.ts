import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  concentrationRatio,
  correlationSpectrum,
  diversificationRatio,
  effectiveNumberOfPositions,
  giniOfWeights,
} from '../../../src-main/engine/concentration-ext'
import { historicalHorizonVaRES, overlappingReturns, scaleBySqrtTime } from '../../../src-main/engine/horizon'
import { detectAnomalies } from '../../../src-main/engine/anomaly'
import { loadFixture, relErr } from './fixtures'

interface Ref {
  concentration: {
    cov: number[]
    N: number
    books: { name: string; v: number[]; cr4: number; effectiveN: number; gini: number; diversificationRatio: number }[]
    correlationEigenvalues: number[]
    firstComponentShare: number
  }
  horizon: {
    h: number
    R: number[]
    W: number
    N: number
    v: number[]
    overlapping: number[]
    levels: { confidence: number; var: number; es: number; sqrtVar: number; sqrtEs: number }[]
  }
  anomalies: { name: string; kind: 'difference' | 'relative'; dates: string[]; series: number[]; z: number[]; flagged: number[]; flaggedDates: string[] }[]
}
const ref = loadFixture<Ref>('misc.json')

// Sums of at most N = 10 weights / products of 10 factors: agreement to a few ulps.
const REL_TOL = 1e-12
// Eigenvalues: JAMA tql2 vs LAPACK on a 10x10 correlation matrix, ~1e-14 absolute on values of order 1..10.
const EIG_ABS_TOL = 1e-12

describe('concentration-ext against numpy', () => {
  const c = ref.concentration
  const cov = Float64Array.from(c.cov)
  it.each(c.books)('$name', (b) => {
    const v = Float64Array.from(b.v)
    expect(relErr(concentrationRatio(v, 4), b.cr4)).toBeLessThan(REL_TOL)
    expect(relErr(effectiveNumberOfPositions(v), b.effectiveN)).toBeLessThan(REL_TOL)
    expect(Math.abs(giniOfWeights(v) - b.gini)).toBeLessThan(REL_TOL)
    expect(relErr(diversificationRatio(cov, v, c.N), b.diversificationRatio)).toBeLessThan(1e-10)
  })
  it('correlation eigenvalues and first-component share', () => {
    const s = correlationSpectrum(cov, c.N)
    s.eigenvalues.forEach((x, i) => expect(Math.abs(x - c.correlationEigenvalues[i]!)).toBeLessThan(EIG_ABS_TOL))
    expect(Math.abs(s.firstComponentShare - c.firstComponentShare)).toBeLessThan(EIG_ABS_TOL)
  })
  it('properties: 1 <= 1/HHI <= N, 0 <= Gini < 1, CR4 in [min(4,N)/N, 1], scale invariance', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (xs, k) => {
        fc.pre(xs.some((x) => Math.abs(x) > 1e-3))
        const v = Float64Array.from(xs)
        const n = xs.length
        const en = effectiveNumberOfPositions(v)
        expect(en).toBeGreaterThanOrEqual(1 - 1e-12)
        expect(en).toBeLessThanOrEqual(n * (1 + 1e-12))
        const g = giniOfWeights(v)
        expect(g).toBeGreaterThanOrEqual(-1e-12)
        expect(g).toBeLessThan(1)
        const cr = concentrationRatio(v)
        expect(cr).toBeGreaterThanOrEqual(Math.min(4, n) / n - 1e-12)
        expect(cr).toBeLessThanOrEqual(1 + 1e-12)
        // Gini is a signed sum with cancellation: near 0 (almost equal weights) only an absolute rounding bound holds,
        // so the relative error is taken against max(G, 1e-6), i.e. 1e-15 absolute for tiny G
        expect(relErr(giniOfWeights(v.map((x) => x * k)), g, 1e-6)).toBeLessThan(1e-9)
      }),
    )
  })
})

describe('horizon', () => {
  const hz = ref.horizon
  const R = Float64Array.from(hz.R)
  const v = Float64Array.from(hz.v)
  it('overlapping compounded returns match numpy', () => {
    const o = overlappingReturns(R, hz.W, hz.N, hz.h)
    expect(o.rows).toBe(hz.W - hz.h + 1)
    expect(o.method).toBe('overlapping-compounded')
    o.R.forEach((x, k) => expect(Math.abs(x - hz.overlapping[k]!)).toBeLessThan(1e-15))
  })
  it.each(hz.levels)('h-day historical VaR/ES at c=$confidence, both methods, labelled', (l) => {
    const a = historicalHorizonVaRES(R, hz.W, hz.N, v, hz.h, l.confidence)
    expect(a.method).toBe('overlapping-compounded')
    expect(relErr(a.var, l.var)).toBeLessThan(1e-10)
    expect(relErr(a.es, l.es)).toBeLessThan(1e-10)
    const b = historicalHorizonVaRES(R, hz.W, hz.N, v, hz.h, l.confidence, 'sqrt-of-time')
    expect(b.method).toBe('sqrt-of-time')
    expect(relErr(b.var, l.sqrtVar)).toBeLessThan(1e-10)
    expect(relErr(b.es, l.sqrtEs)).toBeLessThan(1e-10)
  })
  it('sqrt-of-time scaling and bad horizons', () => {
    expect(scaleBySqrtTime(100, 10)).toEqual({ value: 100 * Math.sqrt(10), horizon: 10, method: 'sqrt-of-time' })
    expect(() => scaleBySqrtTime(1, 0)).toThrow(/h/)
    expect(() => overlappingReturns(R, hz.W, hz.N, hz.W + 1)).toThrow(/exceeds/)
  })
})

describe('anomaly flags (Iglewicz-Hoaglin) on vendor-flagged price series', () => {
  it.each(ref.anomalies)('$name', (a) => {
    const r = detectAnomalies(a.series, 3.5, a.kind)
    expect(r.scale).toBe('mad')
    r.z.forEach((z, k) => expect(relErr(z, a.z[k]!, 1)).toBeLessThan(1e-12))
    expect(r.flagged).toEqual(a.flagged)
    expect(r.flagged.map((k) => a.dates[k])).toEqual(a.flaggedDates)
  })
  it('the vendor-flagged dates are caught', () => {
    expect(ref.anomalies[0]!.flaggedDates).toContain('2002-03-18')
    expect(ref.anomalies[1]!.flaggedDates).toContain('2007-02-23')
  })
  it('MAD = 0 falls back to the mean absolute deviation; constant changes flag nothing', () => {
    const r = detectAnomalies([1, 1, 1, 1, 1, 1, 5, 5])
    expect(r.scale).toBe('mean-ad')
    expect(r.flagged).toEqual([6])
    const flat = detectAnomalies([1, 2, 3, 4])
    expect(flat.scale).toBe('none')
    expect(flat.flagged).toEqual([])
    expect(() => detectAnomalies([1, 0, 2], 3.5, 'relative')).toThrow(/series\[1\]/)
  })
})
