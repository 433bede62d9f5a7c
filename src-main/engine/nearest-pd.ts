/**
 * Repair of a covariance matrix that is not positive definite, by clipping eigenvalues at a small positive floor
 * (RISK-CONVENTIONS "Monte Carlo"), with a report of what was done.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { tryCholesky } from './cholesky'

export interface RepairOptions {
  /**
   * eigenvalue floor; default RELATIVE_EIGEN_FLOOR × the mean diagonal entry (scale-aware, so a covariance in
   * currency² and one in return² are treated alike)
   */
  readonly floor?: number
  /** rescale the repaired matrix so that its diagonal equals the input's (keeps variances); default false */
  readonly preserveDiagonal?: boolean
}

export interface RepairReport {
  /** the matrix to use: the input (symmetrised copy) when no repair was needed, else the repaired one */
  readonly matrix: Float64Array
  /** its Cholesky factor L (row-major, lower) */
  readonly cholesky: Float64Array
  readonly repaired: boolean
  /** smallest eigenvalue of the (symmetrised) input */
  readonly minEigenvalue: number
  /** the floor applied (also reported when no repair was needed) */
  readonly floor: number
  /** number of eigenvalues raised to the floor */
  readonly clipped: number
}

/** Default floor as a fraction of the mean variance: far below estimation noise, far above rounding. */
export const RELATIVE_EIGEN_FLOOR = 1e-10

/**
 * Make a symmetric matrix positive definite by eigenvalue clipping: A = V Λ Vᵀ → V max(Λ, floor) Vᵀ.
 * The input is first symmetrised ((A + Aᵀ)/2). No repair is made when every eigenvalue is >= floor and the
 * Cholesky factorisation succeeds. If rounding makes the rebuilt matrix fail Cholesky, the floor is raised ×10
 * (at most 5 times) and the larger floor reported.
 * @param a - n×n matrix, row-major, finite
 * @param n - dimension
 * @throws RangeError on a shape mismatch, a non-finite entry (named by row/column), a non-positive floor, or a
 *   matrix whose mean diagonal is not > 0 when no floor is given
 * Source: Higham, "Computing the nearest correlation matrix", IMA J. Numer. Anal. 22 (2002), section 2 (the
 * spectral projection step); Rebonato & Jäckel (1999). Eigen-decomposition: ml-matrix EigenvalueDecomposition
 * (JAMA tred2/tql2, assumeSymmetric).
 */
export function repairPositiveDefinite(a: ArrayLike<number>, n: number, options: RepairOptions = {}): RepairReport {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`nearest-pd: n must be a positive integer, got ${n}`)
  if (a.length !== n * n) throw new RangeError(`nearest-pd: expected ${n * n} entries, got ${a.length}`)
  const sym = new Float64Array(n * n)
  let meanDiag = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j]!
      if (!Number.isFinite(x)) throw new RangeError(`nearest-pd: entry (${i}, ${j}) is not finite`)
      sym[i * n + j] = 0.5 * (x + a[j * n + i]!)
    }
    meanDiag += sym[i * n + i]! / n
  }
  let floor = options.floor ?? RELATIVE_EIGEN_FLOOR * meanDiag
  if (!(floor > 0)) throw new RangeError(`nearest-pd: eigenvalue floor must be > 0, got ${floor}`)
  const rows = Array.from({ length: n }, (_, i) => Array.from(sym.subarray(i * n, (i + 1) * n)))
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true })
  const lambda = evd.realEigenvalues
  const minEigenvalue = Math.min(...lambda)
  if (minEigenvalue >= floor) {
    const l = tryCholesky(sym, n)
    if (l instanceof Float64Array) {
      return { matrix: sym, cholesky: l, repaired: false, minEigenvalue, floor, clipped: 0 }
    }
  }
  const v = evd.eigenvectorMatrix
  for (let attempt = 0; attempt < 6; attempt++) {
    let clipped = 0
    const lam = lambda.map((x) => {
      if (x < floor) clipped++
      return Math.max(x, floor)
    })
    const out = new Float64Array(n * n)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0
        for (let k = 0; k < n; k++) s += v.get(i, k) * lam[k]! * v.get(j, k)
        out[i * n + j] = s
        out[j * n + i] = s
      }
    }
    if (options.preserveDiagonal === true) {
      const d = new Float64Array(n)
      for (let i = 0; i < n; i++) d[i] = Math.sqrt(Math.max(sym[i * n + i]!, 0) / out[i * n + i]!)
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! * d[i]! * d[j]!
    }
    const l = tryCholesky(out, n)
    if (l instanceof Float64Array) return { matrix: out, cholesky: l, repaired: true, minEigenvalue, floor, clipped }
    floor *= 10
  }
  throw new RangeError(`nearest-pd: could not repair the matrix to positive definite (min eigenvalue ${minEigenvalue})`)
}
