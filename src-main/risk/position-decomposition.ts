/**
 * Historical-simulation decomposition of a book's VaR and ES by position: exact incremental VaR and component ES.
 * Conventions: docs/RISK-CONVENTIONS.md "Decomposition"; docs/RISK-MEASURES.md "Risk report fields".
 */
import { historicalVaR, historicalVaRES } from '../engine/historical'
import type { BookValuation } from './book-valuation'
import { positionPnL, type ScenarioReturns } from './scenario-pnl'

export interface PositionDecomposition {
  /** per included position: VaR(book) − VaR(book without it), both historical on the same scenarios */
  readonly incrementalVaR: Float64Array
  /** per included position: −mean of its P&L over the ES tail {t : L_t <= Q_{1−c}(L)}; they sum to ES(book) */
  readonly componentES: Float64Array
}

/**
 * Incremental VaR_j = VaR_c(L) − VaR_c(L − L^{(j)}), recomputed (not the marginal approximation), and component
 * ES_j = −mean{ L^{(j)}_t : L_t <= Q_{1−c}(L) }, where L is the book's scenario P&L and L^{(j)} position j's (full
 * revaluation for options, scenario-pnl.ts). Both use the historical estimators (type-7 quantile, tail mean with ties
 * included), so Σ_j componentES_j = ES_c(L) up to rounding.
 * @param pnl - the book's P&L in the same scenarios (bookPnL(val, s))
 * @param c - confidence in (0, 1)
 * @throws RangeError from historicalVaRES (empty or non-finite P&L, bad c)
 * Source: Jorion, Value at Risk, 3rd ed., 7.2 (incremental VaR); Tasche, "Expected shortfall and beyond", J. Banking &
 * Finance 26 (2002) (ES contributions as tail conditional means).
 */
export function decomposeByPosition(val: BookValuation, s: ScenarioReturns, pnl: Float64Array, c: number): PositionDecomposition {
  const P = val.positions.length
  const incrementalVaR = new Float64Array(P)
  const componentES = new Float64Array(P)
  if (P === 0) return { incrementalVaR, componentES }
  const scratch = new Float64Array(s.rows)
  const full = historicalVaRES(pnl, c, scratch)
  const q = -full.var
  const tail: number[] = []
  for (let t = 0; t < s.rows; t++) if (pnl[t]! <= q) tail.push(t)
  const without = new Float64Array(s.rows)
  val.positions.forEach((p, j) => {
    const x = positionPnL(p, s, val.M)
    for (let t = 0; t < s.rows; t++) without[t] = pnl[t]! - x[t]!
    incrementalVaR[j] = full.var - historicalVaR(without, c, scratch)
    let sum = 0
    for (const t of tail) sum += x[t]!
    componentES[j] = -sum / tail.length
  })
  return { incrementalVaR, componentES }
}
