import { ewmaCovariance, sampleCovariance } from '../engine/covariance'
import { historicalVaR } from '../engine/historical'
import type { IncrementalRisk } from '../engine/incremental-risk'
import { normalVaR, portfolioSigma } from '../engine/parametric'

export type VarMethod = 'historical' | 'parametric' | 'ewma'

/** A change of one position's market value (currency), e.g. from a proposed trade. */
export interface ValueChange {
  readonly index: number
  readonly deltaValue: number
}

/**
 * Exact VaR of the live book after hypothetical value changes, by the desk's VaR method, without touching the live
 * state. Takes one copy of the window (and, for the parametric methods, one covariance) when created, so sizing an
 * action by bisection costs O(W) per evaluation for historical VaR.
 */
export function whatIfVaR(risk: IncrementalRisk, method: VarMethod, c: number): (changes: readonly ValueChange[]) => number {
  const { W, N } = risk
  const R = risk.window()
  const v = risk.values()
  if (method === 'historical') {
    const L0 = risk.scenarioPnL()
    const L = new Float64Array(W)
    return (changes) => {
      L.set(L0)
      for (const { index, deltaValue } of changes) {
        for (let t = 0; t < W; t++) L[t]! += deltaValue * R[t * N + index]!
      }
      return historicalVaR(L, c)
    }
  }
  const cov = method === 'parametric' ? sampleCovariance(R, W, N) : ewmaCovariance(R, W, N, risk.lambda)
  const v2 = new Float64Array(N)
  return (changes) => {
    v2.set(v)
    for (const { index, deltaValue } of changes) v2[index]! += deltaValue
    return normalVaR(portfolioSigma(cov, v2, N), c)
  }
}
