import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { NotPositiveDefiniteError, cholesky, lowerTriangularMultiply, tryCholesky } from '../../../src-main/engine/cholesky'
import { repairPositiveDefinite } from '../../../src-main/engine/nearest-pd'
import { loadFixture, relErr } from './fixtures'

interface Ref {
  cov: { n: number; matrix: number[]; cholesky: number[]; minEigenvalue: number }
  repairs: { name: string; n: number; matrix: number[]; repaired: number[]; minEigenvalue: number; floor: number; clipped: number }[]
}
const ref = loadFixture<Ref>('linalg.json')

// Cholesky of a well-conditioned 10x10 covariance: LAPACK and the row-wise loop differ by summation order only.
const CHOL_REL_TOL = 1e-12
// A rebuilt V max(L, floor) V^T depends on the eigen-solver only through rounding: ~1e-14 of the largest entry.
const REPAIR_REL_TOL = 1e-11

function maxAbs(a: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!))
  return m
}

function minEig(a: ArrayLike<number>, n: number): number {
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]!))
  return Math.min(...new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues)
}

describe('cholesky', () => {
  it('matches numpy on a real 10-ETF covariance', () => {
    const { n, matrix, cholesky: want } = ref.cov
    const l = cholesky(matrix, n)
    const scale = maxAbs(want)
    l.forEach((x, k) => expect(Math.abs(x - want[k]!)).toBeLessThanOrEqual(CHOL_REL_TOL * scale))
    const x = Float64Array.from({ length: n }, (_, i) => i + 1)
    const y = lowerTriangularMultiply(l, n, x, new Float64Array(n))
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let k = 0; k <= i; k++) s += want[i * n + k]! * x[k]!
      expect(relErr(y[i]!, s)).toBeLessThan(1e-12)
    }
  })

  it('names the failing pivot of an indefinite matrix', () => {
    const a = [1, 2, 2, 1]
    expect(() => cholesky(a, 2)).toThrow(NotPositiveDefiniteError)
    expect(tryCholesky(a, 2)).toEqual({ pivot: 1, value: -3 })
    expect(() => cholesky([1, 2, 3], 2)).toThrow(/expected 2x2/)
  })
})

describe('repairPositiveDefinite', () => {
  it('leaves a positive definite covariance alone and reports its min eigenvalue', () => {
    const r = repairPositiveDefinite(ref.cov.matrix, ref.cov.n)
    expect(r.repaired).toBe(false)
    expect(r.clipped).toBe(0)
    expect(relErr(r.minEigenvalue, ref.cov.minEigenvalue)).toBeLessThan(1e-9)
    expect(Array.from(r.matrix)).toEqual(ref.cov.matrix)
  })

  it.each(ref.repairs)('repairs $name as numpy eigh clipping does', (c) => {
    expect(tryCholesky(c.matrix, c.n)).not.toBeInstanceOf(Float64Array)
    const r = repairPositiveDefinite(c.matrix, c.n)
    expect(r.repaired).toBe(true)
    expect(r.clipped).toBe(c.clipped)
    expect(relErr(r.floor, c.floor)).toBeLessThan(1e-12)
    const scale = maxAbs(c.matrix)
    // Eigenvalues of a singular matrix are rounding noise around 0; compare on the matrix's scale.
    expect(Math.abs(r.minEigenvalue - c.minEigenvalue)).toBeLessThanOrEqual(1e-12 * scale)
    r.matrix.forEach((x, k) => expect(Math.abs(x - c.repaired[k]!)).toBeLessThanOrEqual(REPAIR_REL_TOL * scale))
    expect(minEig(r.matrix, c.n)).toBeGreaterThan(0)
  })

  it('property: the repaired matrix is positive definite (Cholesky succeeds, eigenvalues > 0)', () => {
    const arb = fc.integer({ min: 2, max: 8 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n })),
    )
    fc.assert(
      fc.property(arb, fc.boolean(), ([n, xs], keepDiag) => {
        // A symmetric matrix with a unit diagonal: usually indefinite, like a hand-edited correlation matrix.
        const a = new Float64Array(n * n)
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = i === j ? 1 : xs[Math.min(i, j) * n + Math.max(i, j)]!
        const r = repairPositiveDefinite(a, n, { preserveDiagonal: keepDiag })
        expect(tryCholesky(r.matrix, n)).toBeInstanceOf(Float64Array)
        expect(minEig(r.matrix, n)).toBeGreaterThan(0)
        if (keepDiag) for (let i = 0; i < n; i++) expect(Math.abs(r.matrix[i * n + i]! - 1)).toBeLessThan(1e-12)
        if (!r.repaired) expect(Array.from(r.matrix)).toEqual(Array.from(a))
      }),
    )
  })

  it('rejects non-finite entries by position', () => {
    expect(() => repairPositiveDefinite([1, NaN, 0, 1], 2)).toThrow(/\(0, 1\)/)
  })
})
