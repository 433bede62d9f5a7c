/**
 * Argument checks shared by the engine. Every check throws a RangeError whose message names the function and the
 * argument, so that a bad shape coming from a file or the feed is traced to its source by the caller.
 */

/** Throws unless `W` and `N` are positive integers and `R.length === W * N` (a W x N row-major matrix). */
export function assertMatrix(fn: string, name: string, R: Float64Array, W: number, N: number): void {
  assertPositiveInt(fn, 'W', W)
  assertPositiveInt(fn, 'N', N)
  if (R.length !== W * N) {
    throw new RangeError(`${fn}: ${name}.length is ${R.length}, expected W*N = ${W}*${N} = ${W * N}`)
  }
}

/** Throws unless `S` is an N x N row-major matrix. */
export function assertSquare(fn: string, name: string, S: Float64Array, N: number): void {
  assertPositiveInt(fn, 'N', N)
  if (S.length !== N * N) {
    throw new RangeError(`${fn}: ${name}.length is ${S.length}, expected N*N = ${N}*${N} = ${N * N}`)
  }
}

/** Throws unless `x.length === n`. */
export function assertLength(fn: string, name: string, x: ArrayLike<unknown>, n: number): void {
  if (x.length !== n) {
    throw new RangeError(`${fn}: ${name}.length is ${x.length}, expected ${n}`)
  }
}

/** Throws unless `n` is an integer >= 1. */
export function assertPositiveInt(fn: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${fn}: ${name} must be an integer >= 1, got ${n}`)
  }
}

/** Throws unless `c` is a confidence level strictly inside (0, 1). */
export function assertConfidence(fn: string, c: number): void {
  if (!(c > 0 && c < 1)) {
    throw new RangeError(`${fn}: confidence c must be in the open interval (0, 1), got ${c}`)
  }
}

/** Throws unless `x` is a finite number. */
export function assertFinite(fn: string, name: string, x: number): void {
  if (!Number.isFinite(x)) {
    throw new RangeError(`${fn}: ${name} must be a finite number, got ${x}`)
  }
}

/** Throws unless every entry of `x` is finite; names the first bad index. O(length). */
export function assertAllFinite(fn: string, name: string, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      throw new RangeError(`${fn}: ${name}[${i}] must be finite, got ${x[i]}`)
    }
  }
}
