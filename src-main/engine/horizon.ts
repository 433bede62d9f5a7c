/**
 * Multi-day horizons: square-root-of-time scaling of one-day figures and overlapping h-day compounded returns for
 * historical h-day VaR/ES. Every result says which method produced it (RISK-CONVENTIONS "Horizon h days").
 */
import { historicalVaRES, scenarioPnL } from './historical'
import { assertMatrix, assertPositiveInt } from './validate'

export type HorizonMethod = 'sqrt-of-time' | 'overlapping-compounded'

/**
 * x · sqrt(h): the h-day figure of a one-day parametric VaR/ES/volatility under i.i.d. zero-mean returns.
 * @throws RangeError when h is not an integer >= 1 or x is not finite
 * Source: RISK-CONVENTIONS; Basel Committee, Amendment to the capital accord to incorporate market risks (1996).
 */
export function scaleBySqrtTime(x: number, h: number): { value: number; horizon: number; method: 'sqrt-of-time' } {
  assertPositiveInt('scaleBySqrtTime', 'h', h)
  if (!Number.isFinite(x)) throw new RangeError(`scaleBySqrtTime: value must be finite, got ${x}`)
  return { value: x * Math.sqrt(h), horizon: h, method: 'sqrt-of-time' }
}

export interface OverlappingReturns {
  /** (W − h + 1) × N row-major: row t holds Π_{j=0}^{h−1} (1 + r_{t+j,i}) − 1 (days t..t+h−1, t = 0 oldest) */
  readonly R: Float64Array
  readonly rows: number
  readonly N: number
  readonly horizon: number
  readonly method: 'overlapping-compounded'
}

/**
 * Overlapping h-day simple returns compounded from daily simple returns. Consecutive rows share h − 1 days, so
 * they are not independent (the effective sample is about W / h).
 * @param R - W×N daily simple returns, row-major, t = 0 oldest
 * @param h - horizon in days, 1 <= h <= W
 * @throws RangeError on a shape mismatch or h outside [1, W]
 */
export function overlappingReturns(R: Float64Array, W: number, N: number, h: number): OverlappingReturns {
  assertMatrix('overlappingReturns', 'R', R, W, N)
  assertPositiveInt('overlappingReturns', 'h', h)
  if (h > W) throw new RangeError(`overlappingReturns: horizon h = ${h} exceeds the ${W} days of returns`)
  const rows = W - h + 1
  const out = new Float64Array(rows * N)
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < N; i++) {
      let g = 1
      for (let j = 0; j < h; j++) g *= 1 + R[(t + j) * N + i]!
      out[t * N + i] = g - 1
    }
  }
  return { R: out, rows, N, horizon: h, method: 'overlapping-compounded' }
}

/**
 * Historical h-day VaR/ES of today's book, labelled with its method:
 * 'overlapping-compounded': the historical estimators on L_t = Σ v_i r^{(h)}_{t,i} over the W − h + 1 overlapping
 * h-day returns; 'sqrt-of-time': the one-day historical figures × sqrt(h).
 * @param v - N market values (currency); @param c - confidence in (0, 1)
 * @throws RangeError as overlappingReturns / historicalVaRES
 */
export function historicalHorizonVaRES(
  R: Float64Array,
  W: number,
  N: number,
  v: Float64Array,
  h: number,
  c: number,
  method: HorizonMethod = 'overlapping-compounded',
): { var: number; es: number; horizon: number; method: HorizonMethod; scenarios: number } {
  if (method === 'sqrt-of-time') {
    assertPositiveInt('historicalHorizonVaRES', 'h', h)
    const one = historicalVaRES(scenarioPnL(R, W, N, v), c)
    const k = Math.sqrt(h)
    return { var: one.var * k, es: one.es * k, horizon: h, method, scenarios: W }
  }
  const o = overlappingReturns(R, W, N, h)
  const r = historicalVaRES(scenarioPnL(o.R, o.rows, N, v), c)
  return { var: r.var, es: r.es, horizon: h, method, scenarios: o.rows }
}
