/**
 * The one-day VaR/ES figures that model the P&L distribution beyond the normal, for the risk report: Student-t,
 * Cornish-Fisher, filtered historical simulation, peaks-over-threshold EVT and delta-gamma. Each wraps a tested engine
 * function and reports its parameters. Definitions: docs/RISK-MEASURES.md.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile'
import type { CornishFisherInfo, DeltaGammaInfo, EvtInfo, FilteredHistoricalInfo, StudentTInfo } from '@shared/domain/risk-report'
import { deltaGammaVaR } from '../engine/black-scholes'
import { cornishFisherVaRES } from '../engine/cornish-fisher'
import { RISKMETRICS_LAMBDA } from '../engine/covariance'
import { peaksOverThresholdVaRES, DEFAULT_POT_THRESHOLD_QUANTILE } from '../engine/evt'
import { DEFAULT_FHS_WARMUP, filteredHistoricalVaRES } from '../engine/filtered-hs'
import { DEFAULT_T_NU, fitStudentTNu, studentTLogPdf, studentTVaRES } from '../engine/student-t'
import type { BookValuation } from './book-valuation'

/** The second, deeper EVT level reported beside the report's confidence. */
export const EVT_EXTRA_CONFIDENCE = 0.999
/**
 * A GPD shape at or below this has no maximum-likelihood estimate: for ξ < −1 the likelihood grows without bound as the
 * upper end of the support −β/ξ approaches the largest excess (Smith 1985), so an optimiser's "fit" there is arbitrary.
 */
export const EVT_MIN_XI = -1

/** A VaR/ES pair (positive losses, currency) with the parameters behind it. */
export interface Figures<I> {
  readonly var: number
  readonly es: number
  readonly info: I
}

/**
 * VaR/ES of a location-scale Student-t P&L x = μ + s T, T ~ t_ν (positive losses):
 * VaR_c = s q − μ, ES_c = s f_ν(q) (ν + q²) / ((ν − 1)(1 − c)) − μ, q = t_ν⁻¹(c).
 * @throws RangeError for s < 0, ν <= 1 (no finite ES) or c outside (0, 1)
 * Source: McNeil, Frey, Embrechts, Quantitative Risk Management (2005), Example 2.18.
 */
export function locationScaleTVaRES(mu: number, s: number, nu: number, c: number): { var: number; es: number } {
  if (!(s >= 0 && Number.isFinite(s) && Number.isFinite(mu))) throw new RangeError(`student-t: location ${mu} and scale ${s} must be finite, scale >= 0`)
  if (!(nu > 1 && Number.isFinite(nu))) throw new RangeError(`student-t: nu must be finite and > 1 for a finite ES, got ${nu}`)
  if (!(c > 0 && c < 1)) throw new RangeError(`student-t: confidence must be in (0, 1), got ${c}`)
  const q = tQuantile(c, nu)
  const density = Math.exp(studentTLogPdf(q, nu))
  return { var: s * q - mu, es: (s * density * (nu + q * q)) / ((nu - 1) * (1 - c)) - mu }
}

/**
 * Student-t VaR/ES.
 * - ν given (or the default DEFAULT_T_NU = 5): the unit-variance t of RISK-CONVENTIONS on σ_P,
 *   VaR = σ_P sqrt((ν − 2)/ν) t_ν⁻¹(c) (engine studentTVaRES).
 * - ν = 'fit': a location-scale t fitted to the one-day P&L by maximum likelihood (engine fitStudentTNu), and VaR/ES
 *   of that fitted distribution (locationScaleTVaRES with its μ, s, ν). The fitted ν is not plugged into the
 *   variance-matched formula: on crisis windows the fit drives ν towards 2, where a t held at variance σ_P² puts
 *   its mass at the centre and its 99 % quantile tends to 0.
 * @param sigma - one-day σ_P (currency); @param pnl - one-day P&L series (for 'fit')
 * @throws RangeError for ν <= 2, or from the fit (fewer than 10 points, constant series)
 */
export function studentTFigures(sigma: number, pnl: Float64Array, c: number, nu: number | 'fit' | undefined): Figures<StudentTInfo> {
  if (nu === 'fit') {
    const fit = fitStudentTNu(pnl)
    const r = locationScaleTVaRES(fit.mu, fit.scale, fit.nu, c)
    const info: StudentTInfo = { nu: fit.nu, nuSource: 'fitted', fit: { mu: fit.mu, scale: fit.scale, logLikelihood: fit.logLikelihood, converged: fit.converged } }
    return { var: r.var, es: r.es, info }
  }
  const used = nu ?? DEFAULT_T_NU
  const r = studentTVaRES(sigma, c, used)
  return { var: r.var, es: r.es, info: { nu: used, nuSource: nu === undefined ? 'default' : 'given', fit: null } }
}

/**
 * Cornish-Fisher (modified) VaR and operational ES of the one-day P&L series, sample σ (RISK-CONVENTIONS).
 * @throws RangeError for a constant or too short series
 */
export function cornishFisherFigures(pnl: Float64Array, c: number): Figures<CornishFisherInfo> {
  const r = cornishFisherVaRES(pnl, c, 'sample')
  return { var: r.var, es: r.es, info: { mean: r.mean, sd: r.sd, skewness: r.skewness, excessKurtosis: r.excessKurtosis, floored: r.floored } }
}

/**
 * Filtered historical VaR/ES of the one-day P&L series: EWMA (λ = 0.94) volatility of the P&L itself, the first
 * DEFAULT_FHS_WARMUP = 20 days of the window only seeding it, so W − 20 rescaled scenarios.
 * @throws RangeError for W <= 20 or a P&L that starts with 20 zeros
 */
export function filteredHistoricalFigures(pnl: Float64Array, c: number): Figures<FilteredHistoricalInfo> {
  const r = filteredHistoricalVaRES(pnl, c, RISKMETRICS_LAMBDA, DEFAULT_FHS_WARMUP)
  return {
    var: r.var,
    es: r.es,
    info: { lambda: RISKMETRICS_LAMBDA, warmup: DEFAULT_FHS_WARMUP, scenarios: r.scenarios, forecastVolatility: r.forecastVolatility },
  }
}

/**
 * Peaks-over-threshold EVT VaR/ES of the one-day P&L series at c (the returned pair) and at EVT_EXTRA_CONFIDENCE,
 * threshold at the 95 % loss quantile; the levels are multiplied by `scale` (sqrt(h) for an h-day report).
 * @throws RangeError for fewer than 10 exceedances, c not beyond the threshold, ξ >= 1 (infinite ES), or a fitted
 *   ξ <= EVT_MIN_XI (no maximum-likelihood estimate: the losses look bounded, as for a book hedged with options)
 * Source: R. Smith, "Maximum likelihood estimation in a class of nonregular cases", Biometrika 72 (1985).
 */
export function evtFigures(pnl: Float64Array, c: number, scale: number): Figures<EvtInfo> {
  const levels = c === EVT_EXTRA_CONFIDENCE ? [c] : [c, EVT_EXTRA_CONFIDENCE]
  const r = peaksOverThresholdVaRES(pnl, levels, DEFAULT_POT_THRESHOLD_QUANTILE)
  if (!(r.xi > EVT_MIN_XI)) {
    throw new RangeError(`GPD shape xi = ${r.xi.toPrecision(4)} <= ${EVT_MIN_XI}: the likelihood of the ${r.exceedances} exceedances is unbounded (bounded losses), no EVT estimate`)
  }
  const scaled = r.levels.map((l) => ({ confidence: l.confidence, var: l.var * scale, es: l.es * scale }))
  return {
    var: scaled[0]!.var,
    es: scaled[0]!.es,
    info: {
      threshold: r.threshold,
      thresholdQuantile: r.thresholdQuantile,
      observations: r.n,
      exceedances: r.exceedances,
      xi: r.xi,
      beta: r.beta,
      logLikelihood: r.logLikelihood,
      converged: r.converged,
      levels: scaled,
    },
  }
}

/**
 * Delta-gamma VaR/ES (Cornish-Fisher on the four cumulants of aᵀr + ½ rᵀBr, r ~ N(0, hΣ)), a = the factors' dollar
 * deltas, B = diag(dollar gammas) (each option has one underlying). For an option-free book B = 0 and the figure is
 * the delta-normal VaR.
 * @throws RangeError when the P&L has zero variance (an empty or fully hedged book)
 */
export function deltaGammaFigures(val: BookValuation, cov: Float64Array, c: number, h: number): Figures<DeltaGammaInfo> {
  const M = val.M
  const B = new Float64Array(M * M)
  for (let f = 0; f < M; f++) B[f * M + f] = val.dollarGamma[f]!
  const scaled = h === 1 ? cov : cov.map((x) => x * h)
  const r = deltaGammaVaR(val.dollarDelta, B, scaled, M, c, 'cornish-fisher')
  const m = r.moments
  return { var: r.var, es: r.es, info: { mean: m.mean, variance: m.variance, skewness: m.skewness, excessKurtosis: m.excessKurtosis, method: 'cornish-fisher' } }
}
