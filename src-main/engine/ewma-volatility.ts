/**
 * Univariate RiskMetrics EWMA variance of a return or P&L series, with the finite-window normalisation of
 * RISK-CONVENTIONS ("EWMA"): after observing x_0..x_t the forecast for day t + 1 is
 *   σ²_{t+1} = Σ_{k=0}^{t} ω_k x²_{t−k},  ω_k = (1 − λ) λ^k / (1 − λ^{t+1})   (zero mean).
 * Over a full window this is the diagonal of the desk's Σ_EWMA, so the next-day forecast agrees with EWMA VaR.
 */
import { RISKMETRICS_LAMBDA, assertLambda } from './covariance'

/**
 * One-step-ahead EWMA variance forecasts, out[t] = σ²_{t+1} (the forecast for day t + 1 made after day t), by the
 * recursion s_{t} = λ s_{t−1} + (1 − λ) x_t², s_{−1} = 0, out[t] = s_t / (1 − λ^{t+1}) (equal to the normalised
 * weighted sum above, in O(n)).
 * @param x - series in time order (oldest first), finite, length >= 1 (units u; output in u²)
 * @param lambda - decay in (0, 1), default 0.94 (RiskMetrics daily)
 * @throws RangeError on an empty series, a non-finite value (named by index) or λ outside (0, 1)
 * Source: J.P. Morgan/Reuters, RiskMetrics Technical Document, 4th ed. (1996), section 5.2.
 */
export function ewmaVarianceForecasts(x: ArrayLike<number>, lambda: number = RISKMETRICS_LAMBDA): Float64Array {
  assertLambda('ewmaVarianceForecasts', lambda)
  const n = x.length
  if (n === 0) throw new RangeError('ewmaVarianceForecasts: empty series')
  const out = new Float64Array(n)
  let s = 0
  let lp = 1
  for (let t = 0; t < n; t++) {
    const v = x[t]!
    if (!Number.isFinite(v)) throw new RangeError(`ewmaVarianceForecasts: x[${t}] must be finite, got ${v}`)
    s = lambda * s + (1 - lambda) * v * v
    lp *= lambda
    out[t] = s / (1 - lp)
  }
  return out
}

/**
 * Next-day EWMA volatility forecast σ_{T+1} = sqrt(Σ_k ω_k x²_{T−k}) (same units as x).
 * @throws RangeError as ewmaVarianceForecasts
 */
export function ewmaVolatilityForecast(x: ArrayLike<number>, lambda: number = RISKMETRICS_LAMBDA): number {
  const f = ewmaVarianceForecasts(x, lambda)
  return Math.sqrt(f[f.length - 1]!)
}
