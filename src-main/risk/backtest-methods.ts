/**
 * One-day VaR forecasts of every backtest method from the rolling window state (engine/incremental-risk.ts), so that
 * each backtest day costs O(W + N) per method instead of a rebuild of the window.
 * Conventions: RISK-CONVENTIONS.md "Portfolio P&L scenarios", "Parametric"; docs/RISK-MEASURES.md.
 */
import type { BacktestMethod } from '@shared/domain/backtest-result'
import { BacktestMethodSchema } from '@shared/domain/backtest-result'
import { RISK_METHODS } from '@shared/domain/risk-methods'
import { RISKMETRICS_LAMBDA } from '../engine/covariance'
import { cornishFisherVaRES } from '../engine/cornish-fisher'
import { DEFAULT_FHS_WARMUP, filteredHistoricalVaRES } from '../engine/filtered-hs'
import type { IncrementalRisk } from '../engine/incremental-risk'
import { DEFAULT_T_NU, studentTVaR } from '../engine/student-t'

/** Every method, in the order of the comparison table. */
export const BACKTEST_METHODS: readonly BacktestMethod[] = BacktestMethodSchema.options

/** Model parameters shared by the methods. */
export interface BacktestModel {
  /** c in (0, 1), measured from the bottom */
  readonly confidence: number
  /** Student-t degrees of freedom, > 2 (default 5) */
  readonly nu: number
  /** EWMA decay for ewma and the FHS volatility filter (default 0.94); the rolling state must use the same λ */
  readonly lambda: number
  /** days of the window that only seed the FHS volatility (default 20) */
  readonly fhsWarmup: number
}

export const DEFAULT_BACKTEST_MODEL: Omit<BacktestModel, 'confidence'> = {
  nu: DEFAULT_T_NU,
  lambda: RISKMETRICS_LAMBDA,
  fhsWarmup: DEFAULT_FHS_WARMUP,
}

/** What each method's figure is, for tables and docs: the registry's description. */
export const METHOD_LABELS: Readonly<Record<BacktestMethod, string>> = Object.fromEntries(
  BACKTEST_METHODS.map((m) => [m, RISK_METHODS[m].description]),
) as Record<BacktestMethod, string>

/**
 * VaR_c of the book held in `risk` (its values and window) for each method in `methods`, as positive losses in
 * currency, written into `out` in the order of `methods`:
 * - historical: −Q_{1−c}(L), L = R v the W scenario P&L, Hyndman–Fan type 7;
 * - parametric: z_c σ_P with the sample covariance (n − 1);
 * - ewma: z_c sqrt(vᵀ Σ_EWMA v), λ normalised over the window, zero mean;
 * - studentT: σ_P sqrt((ν − 2)/ν) t_ν⁻¹(c) with the sample σ_P;
 * - cornishFisher: −(μ + z_cf σ) of L (sample σ, population skewness and excess kurtosis);
 * - filteredHistorical: the historical estimator on L*_t = L_t σ_{T+1}/σ_t, σ the EWMA volatility of L itself
 *   (λ), the first `fhsWarmup` days of the window only seeding σ, so W − fhsWarmup scenarios.
 * @throws RangeError from the engine functions (e.g. a constant P&L for Cornish–Fisher, W <= fhsWarmup for FHS)
 */
export function forecastVaR(risk: IncrementalRisk, methods: readonly BacktestMethod[], model: BacktestModel, out: Float64Array): void {
  const c = model.confidence
  const snap = risk.snapshot(c)
  let pnl: Float64Array | null = null
  const scenarios = (): Float64Array => (pnl ??= risk.scenarioPnL())
  methods.forEach((m, k) => {
    switch (m) {
      case 'historical':
        out[k] = snap.historicalVaR
        break
      case 'parametric':
        out[k] = snap.parametricVaR
        break
      case 'ewma':
        out[k] = snap.ewmaVaR
        break
      case 'studentT':
        out[k] = studentTVaR(snap.sigma, c, model.nu)
        break
      case 'cornishFisher':
        out[k] = cornishFisherVaRES(scenarios(), c, 'sample').var
        break
      case 'filteredHistorical':
        out[k] = filteredHistoricalVaRES(scenarios(), c, model.lambda, model.fhsWarmup).var
        break
    }
  })
}
