/**
 * Horizon labels of the risk report: which scaling reaches the h-day horizon for each figure
 * (docs/RISK-CONVENTIONS.md "Horizon h days"; docs/RISK-MEASURES.md "Risk report fields").
 */
import type { HorizonInfo } from '@shared/domain/risk-report'

/** Horizons the CLI offers (trading days). */
export const REPORT_HORIZONS = [1, 5, 10] as const

/**
 * The horizon block of a report: historical VaR/ES, incremental VaR and component ES on overlapping compounded h-day
 * returns (W − h + 1 scenarios); Monte Carlo and delta-gamma on the covariance h·Σ; every other figure (parametric,
 * EWMA, Student-t, Cornish-Fisher, filtered historical, EVT, marginal and component VaR) is its one-day value x sqrt(h).
 * @param h - horizon in days, integer in [1, W]
 * @param W - window (daily returns)
 * @throws RangeError when h is not an integer in [1, W]
 */
export function horizonInfo(h: number, W: number): HorizonInfo {
  if (!(Number.isInteger(h) && h >= 1 && h <= W)) throw new RangeError(`horizon must be an integer from 1 to the window ${W}, got ${h}`)
  return {
    days: h,
    parametricScaling: 'sqrt-time',
    historical: 'overlapping',
    historicalScenarios: W - h + 1,
    scaling: {
      historical: 'overlapping',
      parametric: 'sqrt-time',
      ewma: 'sqrt-time',
      studentT: 'sqrt-time',
      cornishFisher: 'sqrt-time',
      monteCarlo: 'scaled-covariance',
      filteredHistorical: 'sqrt-time',
      evt: 'sqrt-time',
      deltaGamma: 'scaled-covariance',
      marginalVaR: 'sqrt-time',
      componentVaR: 'sqrt-time',
      incrementalVaR: 'overlapping',
      componentES: 'overlapping',
    },
  }
}
