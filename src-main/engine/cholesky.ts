/**
 * Cholesky factorisation of a symmetric positive definite matrix stored flat, row-major, in a Float64Array.
 */

/** Thrown when the matrix is not (numerically) positive definite; names the failing pivot. */
export class NotPositiveDefiniteError extends Error {
  constructor(
    readonly pivot: number,
    readonly value: number,
  ) {
    super(`cholesky: matrix is not positive definite (pivot ${pivot} = ${value})`)
    this.name = 'NotPositiveDefiniteError'
  }
}

function checkSquare(a: ArrayLike<number>, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cholesky: n must be a positive integer, got ${n}`)
  if (a.length !== n * n) throw new RangeError(`cholesky: expected ${n}x${n} = ${n * n} entries, got ${a.length}`)
}

/**
 * Lower-triangular L with A = L Lᵀ (Cholesky–Banachiewicz, row by row). Only the lower triangle of A is read, so
 * A is taken as symmetric.
 * @param a - n×n matrix, row-major a[i*n + j]
 * @param n - dimension
 * @returns L, n×n row-major, zeros above the diagonal
 * @throws RangeError on a shape mismatch; NotPositiveDefiniteError when a pivot is <= 0 or not finite
 * Source: Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 4.2.1.
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array {
  const l = tryCholesky(a, n)
  if (l instanceof Float64Array) return l
  throw new NotPositiveDefiniteError(l.pivot, l.value)
}

/**
 * As cholesky(), but returns the failing pivot instead of throwing, for callers that repair on failure.
 * @throws RangeError on a shape mismatch only
 */
export function tryCholesky(a: ArrayLike<number>, n: number): Float64Array | { pivot: number; value: number } {
  checkSquare(a, n)
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    const ri = i * n
    for (let j = 0; j <= i; j++) {
      const rj = j * n
      let s = a[ri + j]!
      for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return { pivot: i, value: s }
        l[ri + i] = Math.sqrt(s)
      } else {
        l[ri + j] = s / l[rj + j]!
      }
    }
  }
  return l
}

/**
 * y = L x for a lower-triangular L (row-major, n×n), written into out (length n); used to correlate i.i.d. draws.
 */
export function lowerTriangularMultiply(l: Float64Array, n: number, x: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n
    let s = 0
    for (let k = 0; k <= i; k++) s += l[ri + k]! * x[k]!
    out[i] = s
  }
  return out
}
