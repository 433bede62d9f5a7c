import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { correlationSpectrum } from '../../../src-main/engine/concentration-ext'
import { sampleCovariance } from '../../../src-main/engine/covariance'
import { symmetricEigenvalues } from '../../../src-main/engine/symmetric-eigenvalues'
import { loadFixture } from '../engine-ext/fixtures'
import { syntheticReturns } from './helpers'

/**
 * symmetricEigenvalues (Householder + implicit QL, eigenvalues only) against two independent references: NumPy's
 * eigvalsh on the ETF correlation matrix of tests/fixtures/engine-ext/make_misc.py (misc.json), and ml-matrix's
 * EigenvalueDecomposition (through correlationSpectrum) on random correlation and covariance matrices.
 * Eigenvalues are backward-stable to ~N·eps·‖A‖: 1e-12 of the largest eigenvalue leaves two orders of margin at N = 100.
 */
const EIG_REL_TOL = 1e-12

interface Ref {
  concentration: { cov: number[]; N: number; correlationEigenvalues: number[] }
}

function correlationOf(cov: Float64Array, N: number): Float64Array {
  return correlationSpectrum(cov, N).correlation
}

function expectEigenvaluesClose(got: Float64Array, want: ArrayLike<number>, label: string): void {
  expect(got.length, label).toBe(want.length)
  const scale = Math.max(...Array.from(want, Math.abs))
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!), `${label} λ${i}`).toBeLessThanOrEqual(EIG_REL_TOL * scale)
}

describe('symmetricEigenvalues', () => {
  it('equals NumPy eigvalsh on the fixture correlation matrix (descending)', () => {
    const c = loadFixture<Ref>('misc.json').concentration
    const corr = correlationOf(Float64Array.from(c.cov), c.N)
    expectEigenvaluesClose(symmetricEigenvalues(corr, c.N), c.correlationEigenvalues, 'misc.json')
  })

  it('equals ml-matrix on random correlation matrices of return windows (N = 2..100)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (N, seed) => {
        const W = N + 20
        const cov = sampleCovariance(syntheticReturns(W, N, seed), W, N)
        const spectrum = correlationSpectrum(cov, N)
        expectEigenvaluesClose(symmetricEigenvalues(spectrum.correlation, N), spectrum.eigenvalues, `N=${N}`)
      }),
      { numRuns: 40 },
    )
  })

  it('handles diagonal, rank-deficient and 1 x 1 matrices', () => {
    expect(Array.from(symmetricEigenvalues(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 2]), 3))).toEqual([3, 2, -1])
    expect(Array.from(symmetricEigenvalues(Float64Array.from([5]), 1))).toEqual([5])
    // all-ones 4 x 4: eigenvalues 4, 0, 0, 0
    expectEigenvaluesClose(symmetricEigenvalues(new Float64Array(16).fill(1), 4), [4, 0, 0, 0], 'ones')
  })

  it('refuses a wrong shape or a non-finite entry', () => {
    expect(() => symmetricEigenvalues(new Float64Array(5), 2)).toThrow(RangeError)
    expect(() => symmetricEigenvalues(Float64Array.from([1, Number.NaN, Number.NaN, 1]), 2)).toThrow(/not finite/)
  })
})
