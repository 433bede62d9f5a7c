/**
 * Eigenvalues (only) of a real symmetric matrix: Householder reduction to tridiagonal form, then the implicit QL
 * algorithm with Wilkinson-style shifts, without accumulating eigenvectors. About 4/3 N³ flops for the reduction and
 * O(N²) for the QL sweeps, against ~9 N³ with eigenvectors (EigenvalueDecomposition of ml-matrix, used by
 * correlationSpectrum): the desk's correlation signal needs only λ₁ and the trace, every market day.
 * Source: Wilkinson & Reinsch, Handbook for Automatic Computation II (1971), procedures tred1 and tql1; the same
 * steps as Press et al., Numerical Recipes 3rd ed. §11.3-11.4 (tred2 / tqli with eigenvectors turned off).
 */
import { assertSquare } from './validate'

/** QL iterations allowed per eigenvalue before giving up (convergence is cubic; a few suffice in practice). */
const MAX_QL_ITERATIONS = 60

/**
 * All eigenvalues of the symmetric N x N matrix `a`, in descending order.
 * @param a - N x N row-major; only the lower triangle (j <= i) is read; not modified.
 * @param N - order, >= 1.
 * @returns N eigenvalues, largest first.
 * @throws RangeError on shape mismatch or a non-finite entry; Error when the QL iteration does not converge
 *   (not observed on finite input).
 */
export function symmetricEigenvalues(a: Float64Array, N: number): Float64Array {
  assertSquare('symmetricEigenvalues', 'a', a, N)
  for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k]!)) throw new RangeError(`symmetricEigenvalues: a[${k}] is not finite (${a[k]})`)
  const z = Float64Array.from(a)
  const d = new Float64Array(N)
  const e = new Float64Array(N)
  tridiagonalise(z, N, d, e)
  tridiagonalQL(d, e, N)
  d.sort()
  return d.reverse()
}

/** Householder reduction of the lower triangle of z (overwritten) to a tridiagonal (d diagonal, e[i] sub-diagonal at i). */
function tridiagonalise(z: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1
    const ri = i * n
    let h = 0
    if (l > 0) {
      let scale = 0
      for (let k = 0; k <= l; k++) scale += Math.abs(z[ri + k]!)
      if (scale === 0) e[i] = z[ri + l]!
      else {
        for (let k = 0; k <= l; k++) {
          z[ri + k]! /= scale
          h += z[ri + k]! * z[ri + k]!
        }
        let f = z[ri + l]!
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h)
        e[i] = scale * g
        h -= f * g
        z[ri + l] = f - g
        f = 0
        for (let j = 0; j <= l; j++) {
          const rj = j * n
          g = 0
          for (let k = 0; k <= j; k++) g += z[rj + k]! * z[ri + k]!
          for (let k = j + 1; k <= l; k++) g += z[k * n + j]! * z[ri + k]!
          e[j] = g / h
          f += e[j]! * z[ri + j]!
        }
        const hh = f / (h + h)
        for (let j = 0; j <= l; j++) {
          const rj = j * n
          f = z[ri + j]!
          g = e[j]! - hh * f
          e[j] = g
          for (let k = 0; k <= j; k++) z[rj + k]! -= f * e[k]! + g * z[ri + k]!
        }
      }
    } else e[i] = z[ri + l]!
    d[i] = h
  }
  for (let i = 0; i < n; i++) d[i] = z[i * n + i]!
  // QL takes the sub-diagonal shifted down: e[i] couples d[i] and d[i + 1]
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!
  e[n - 1] = 0
}

/** Implicit QL with shifts on the tridiagonal (d, e); d becomes the eigenvalues (unordered), e is destroyed. */
function tridiagonalQL(d: Float64Array, e: Float64Array, n: number): void {
  for (let l = 0; l < n; l++) {
    let iter = 0
    for (;;) {
      let m = l
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!)
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break
      }
      if (m === l) break
      if (++iter > MAX_QL_ITERATIONS) throw new Error(`symmetricEigenvalues: no convergence after ${MAX_QL_ITERATIONS} QL iterations`)
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!)
      let r = Math.hypot(g, 1)
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)))
      let s = 1
      let c = 1
      let p = 0
      let i = m - 1
      let underflow = false
      for (; i >= l; i--) {
        const f = s * e[i]!
        const b = c * e[i]!
        r = Math.hypot(f, g)
        e[i + 1] = r
        if (r === 0) {
          d[i + 1]! -= p
          e[m] = 0
          underflow = true
          break
        }
        s = f / r
        c = g / r
        g = d[i + 1]! - p
        r = (d[i]! - g) * s + 2 * c * b
        p = s * r
        d[i + 1] = g + p
        g = c * r - b
      }
      if (underflow) continue
      d[l]! -= p
      e[l] = g
      e[m] = 0
    }
  }
}
