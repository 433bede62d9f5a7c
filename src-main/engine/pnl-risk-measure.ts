/**
 * VaR of a book read from its scenario P&L vector alone, for each of the desk's methods, so that action sizing can
 * try a trade by updating L (O(W)) instead of a covariance form (O(N²)):
 *   historical: VaR = −Q_{1−c}(L), type 7 (historical.ts);
 *   parametric: VaR = z_c σ, σ² = vᵀΣv = Σ_t (L_t − L̄)² / (W − 1) (sample covariance, RISK-CONVENTIONS "Parametric");
 *   EWMA:       VaR = z_c σ, σ² = vᵀΣ_E v = Σ_k ω_k L_{T−k}², ω_k = (1 − λ) λ^k / (1 − λ^W), k = 0 the newest row.
 * The two quadratic forms are the identities of pnl-moments.ts (no approximation). Source: RiskMetrics Technical
 * Document (1996) for the EWMA weights; Jorion, Value at Risk, 3rd ed., ch. 7 for the delta-normal VaR.
 */
import { RISKMETRICS_LAMBDA } from './covariance'
import { historicalVaR } from './historical'
import { normalVaR } from './parametric'

export type PnLVarMethod = 'historical' | 'parametric' | 'ewma'

/**
 * A function from a scenario P&L vector (length W, t = 0 oldest, currency) to the VaR by `method` at confidence c.
 * @throws RangeError for c outside (0, 1) or λ outside (0, 1); the returned function throws for W < 2 (parametric)
 */
export function pnlVaRMeasure(method: PnLVarMethod, c: number, lambda = RISKMETRICS_LAMBDA): (pnl: Float64Array) => number {
  if (!(c > 0 && c < 1)) throw new RangeError(`pnlVaRMeasure: confidence must be in (0, 1), got ${c}`)
  if (method === 'historical') return (L) => historicalVaR(L, c)
  if (method === 'parametric') {
    return (L) => {
      const W = L.length
      if (W < 2) throw new RangeError(`pnlVaRMeasure: parametric VaR needs at least 2 scenarios, got ${W}`)
      let m = 0
      for (let t = 0; t < W; t++) m += L[t]!
      m /= W
      let s = 0
      for (let t = 0; t < W; t++) s += (L[t]! - m) ** 2
      return normalVaR(Math.sqrt(s / (W - 1)), c)
    }
  }
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`pnlVaRMeasure: lambda must be in (0, 1), got ${lambda}`)
  return (L) => {
    const W = L.length
    const norm = (1 - lambda) / (1 - lambda ** W)
    let s = 0
    let w = norm
    for (let k = 0; k < W; k++) {
      s += w * L[W - 1 - k]! ** 2
      w *= lambda
    }
    return normalVaR(Math.sqrt(s), c)
  }
}
