/**
 * Historical simulation: scenario P&L of today's book under each of the last W days' returns, and VaR / ES read
 * from that distribution. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Portfolio P&L scenarios".
 */
import { copyToScratch, lerp, minWithCount, selectInPlace } from './quantile'
import { assertConfidence, assertLength, assertMatrix } from './validate'

/** Historical VaR and ES at one confidence level, both positive numbers meaning a loss, in currency. */
export interface VaRES {
  readonly var: number
  readonly es: number
}

/**
 * Scenario P&L L_t = Σ_i v_i R[t, i] (linear revaluation of today's market values under day t's returns).
 * @param R W x N simple returns, row-major R[t*N + i], t = 0 oldest.
 * @param v N signed market values in currency.
 * @param out optional output of length W (reused on the live path).
 * @returns Float64Array(W) of P&L in currency, same day order as R.
 * @throws RangeError on shape mismatch.
 */
export function scenarioPnL(R: Float64Array, W: number, N: number, v: Float64Array, out?: Float64Array): Float64Array {
  assertMatrix('scenarioPnL', 'R', R, W, N)
  assertLength('scenarioPnL', 'v', v, N)
  const L = out ?? new Float64Array(W)
  assertLength('scenarioPnL', 'out', L, W)
  for (let t = 0; t < W; t++) {
    const row = t * N
    let sum = 0
    for (let i = 0; i < N; i++) sum += v[i]! * R[row + i]!
    L[t] = sum
  }
  return L
}

/**
 * Historical VaR and ES in one selection pass (expected O(W)).
 * VaR_c = -Q_{1-c}(L) with Q type 7 (numpy.quantile method='linear'); ES_c = -mean{ L_t : L_t <= Q_{1-c}(L) }
 * (ties at the quantile are included, as in the convention).
 * @param pnl scenario P&L (finite), length >= 1; not modified.
 * @param c confidence in (0, 1), measured from the bottom (0.99 = 99 %).
 * @param scratch optional work array of length >= pnl.length (no allocation when given).
 * @throws RangeError for an empty or non-finite pnl, c outside (0, 1), or a short scratch.
 */
export function historicalVaRES(pnl: Float64Array, c: number, scratch?: Float64Array): VaRES {
  const n = pnl.length
  if (n === 0) throw new RangeError('historicalVaRES: empty P&L vector')
  assertConfidence('historicalVaRES', c)
  const s = copyToScratch('historicalVaRES', pnl, scratch)
  const h = (n - 1) * (1 - c)
  const k = Math.floor(h)
  const t = h - k
  selectInPlace(s, k, 0, n - 1)
  const a = s[k]!
  // s[0..k] are all <= a <= Q, so they are all in the tail.
  let sum = 0
  for (let i = 0; i <= k; i++) sum += s[i]!
  let count = k + 1
  let q = a
  if (k < n - 1) {
    // The upper part is >= a; only entries equal to its minimum b can also be <= Q (when Q === b).
    const upper = minWithCount(s, k + 1, n - 1)
    if (t !== 0) q = lerp(a, upper.min, t)
    if (upper.min <= q) {
      sum += upper.min * upper.count
      count += upper.count
    }
  }
  // 0 - x rather than -x: a zero quantile is reported as +0, not -0.
  return { var: 0 - q, es: 0 - sum / count }
}

/**
 * Historical VaR_c = -Q_{1-c}(L), type 7 quantile, positive = loss. Expected O(W); pnl is not modified.
 * @throws RangeError as {@link historicalVaRES}.
 */
export function historicalVaR(pnl: Float64Array, c: number, scratch?: Float64Array): number {
  return historicalVaRES(pnl, c, scratch).var
}

/**
 * Historical ES_c = -mean{ L_t : L_t <= Q_{1-c}(L) }, positive = loss. Expected O(W); pnl is not modified.
 * @throws RangeError as {@link historicalVaRES}.
 */
export function historicalES(pnl: Float64Array, c: number, scratch?: Float64Array): number {
  return historicalVaRES(pnl, c, scratch).es
}
