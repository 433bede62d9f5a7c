/**
 * Filtered historical simulation (FHS): past P&L rescaled to today's volatility, L*_t = L_t · σ_{T+1} / σ_t, with
 * σ the RiskMetrics EWMA volatility (λ = 0.94), then VaR/ES by the historical estimators.
 * Definitions: docs/RISK-MEASURES.md.
 */
import { historicalVaRES, type VaRES } from './historical'
import { RISKMETRICS_LAMBDA } from './covariance'
import { ewmaVarianceForecasts } from './ewma-volatility'

/** Days at the start of the series that only build the volatility estimate (σ_t from fewer days is too noisy). */
export const DEFAULT_FHS_WARMUP = 20

export interface FilteredScenarios {
  /** rescaled scenarios L*_t for t = warmup..n−1, in time order (currency) */
  readonly scenarios: Float64Array
  /** σ_{T+1}, the next-day EWMA volatility of the series (currency) */
  readonly forecastVolatility: number
  /** σ_t for the same days as the scenarios (the forecast made the day before) */
  readonly volatility: Float64Array
  readonly lambda: number
  readonly warmup: number
}

/**
 * Rescale a P&L series to the current volatility: L*_t = L_t · σ_{T+1} / σ_t, where σ²_t is the normalised EWMA
 * variance of L_0..L_{t−1} (ewmaVarianceForecasts) and σ²_{T+1} that of the whole series. The first `warmup` days
 * only seed σ; pass warmup more days of history than the scenario window you want.
 * @param pnl - P&L series in time order (oldest first), finite, length > warmup
 * @param lambda - EWMA decay in (0, 1), default 0.94
 * @param warmup - integer >= 1, default 20
 * @throws RangeError on a short series, a non-finite value, bad λ or warmup, or σ_t = 0 for a scenario day
 *   (every earlier P&L zero), named by index
 * Source: Barone-Adesi, Giannopoulos, Vosper, "VaR without correlations for portfolios of derivative securities",
 * J. Futures Markets 19 (1999); Hull & White, "Incorporating volatility updating into the historical simulation
 * method for value-at-risk", J. Risk 1 (1998).
 */
export function filteredScenarios(
  pnl: ArrayLike<number>,
  lambda: number = RISKMETRICS_LAMBDA,
  warmup: number = DEFAULT_FHS_WARMUP,
): FilteredScenarios {
  if (!(Number.isInteger(warmup) && warmup >= 1)) throw new RangeError(`filteredScenarios: warmup must be an integer >= 1, got ${warmup}`)
  const n = pnl.length
  if (n <= warmup) throw new RangeError(`filteredScenarios: need more than warmup = ${warmup} days, got ${n}`)
  const f = ewmaVarianceForecasts(pnl, lambda)
  const sigmaNext = Math.sqrt(f[n - 1]!)
  const m = n - warmup
  const scenarios = new Float64Array(m)
  const volatility = new Float64Array(m)
  for (let t = warmup; t < n; t++) {
    const s = Math.sqrt(f[t - 1]!)
    if (!(s > 0)) throw new RangeError(`filteredScenarios: EWMA volatility before day ${t} is zero (all earlier P&L are 0)`)
    volatility[t - warmup] = s
    scenarios[t - warmup] = (pnl[t]! * sigmaNext) / s
  }
  return { scenarios, forecastVolatility: sigmaNext, volatility, lambda, warmup }
}

/**
 * Filtered historical VaR and ES: the historical estimators (type-7 quantile, tail mean) applied to
 * filteredScenarios(pnl, λ, warmup). Positive losses in currency.
 * @param c - confidence in (0, 1)
 * @throws RangeError as filteredScenarios and historicalVaRES
 */
export function filteredHistoricalVaRES(
  pnl: ArrayLike<number>,
  c: number,
  lambda: number = RISKMETRICS_LAMBDA,
  warmup: number = DEFAULT_FHS_WARMUP,
): VaRES & { readonly scenarios: number; readonly forecastVolatility: number } {
  const f = filteredScenarios(pnl, lambda, warmup)
  const r = historicalVaRES(f.scenarios, c)
  return { var: r.var, es: r.es, scenarios: f.scenarios.length, forecastVolatility: f.forecastVolatility }
}
