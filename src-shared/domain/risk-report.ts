/**
 * The risk report of a book at one as-of date: what `riskdesk risk --json` prints and the desk shows.
 * Conventions: docs/RISK-CONVENTIONS.md. Money in the book's currency, VaR/ES as positive losses, one-day horizon.
 * RiskReport holds the core figures (issue #2); ExtendedRiskReport adds the measures of issue #4 (docs/RISK-MEASURES.md,
 * "Risk report fields"), where every figure's horizon and scaling are labelled in `horizon`.
 */

import type { OptionContract } from './book'
import { methodsFor, type MethodsFor } from './risk-methods'

export interface PositionRisk {
  readonly symbol: string
  readonly quantity: number
  /** valuation price: raw close on the as-of date */
  readonly price: number
  readonly marketValue: number
  /** |v_i| / gross */
  readonly weight: number
  readonly marginalVaR: number
  readonly componentVaR: number
  /** null when the instrument has no volume data */
  readonly daysToLiquidate: number | null
  readonly unrealisedPnL: number | null
  readonly sector: string | null
  /** the row's asset class when the book gives one */
  readonly assetClass?: string
  /** the option's terms and valuation inputs; absent for linear positions */
  readonly option?: OptionPositionInfo
  /** the option's Greeks for the whole position; absent for linear positions */
  readonly greeks?: PositionGreeks
}

/**
 * An option position's terms and valuation: price = Black-Scholes-Merton per share of the underlying (quantity is in
 * contracts, market value = quantity x multiplier x price).
 */
export interface OptionPositionInfo extends OptionContract {
  /** raw close of the underlying on the as-of date */
  readonly underlyingPrice: number
  /** years, ACT/365, from the as-of date to the expiry */
  readonly timeToExpiry: number
}

/** Greeks of a whole position (quantity x multiplier options), in the book's currency. */
export interface PositionGreeks {
  /** ∂V/∂S: shares of the underlying the position behaves like */
  readonly delta: number
  /** delta x S: currency per unit (100 %) return of the underlying */
  readonly dollarDelta: number
  /** ∂²V/∂S² (shares per currency unit of the underlying) */
  readonly gamma: number
  /** gamma x S²: currency per unit return squared (P&L ≈ dollarDelta r + ½ dollarGamma r²) */
  readonly dollarGamma: number
  /** currency per vol point (σ 0.20 -> 0.21) */
  readonly vega: number
  /** currency per calendar day */
  readonly theta: number
}

export interface ExcludedInstrument {
  readonly symbol: string
  readonly reason: string
}

export interface DataQualityEntry {
  readonly symbol: string
  /** days in the window whose price was carried forward */
  readonly filledDays: number
  /** vendor-error flags (quality_flags.csv) whose date falls in the window */
  readonly flags: readonly { date: string; issue: string }[]
}

export interface SectorExposure {
  readonly sector: string
  readonly net: number
  readonly gross: number
  readonly shareOfGross: number
}

export interface RiskReport {
  readonly book: string
  readonly asof: string
  readonly window: number
  readonly confidence: number
  readonly marketValue: { readonly net: number; readonly gross: number }
  readonly volatility: { readonly daily: number }
  readonly var: { readonly historical: number; readonly parametric: number; readonly ewma: number }
  readonly es: { readonly historical: number; readonly parametric: number }
  readonly concentration: {
    readonly hhi: number
    readonly largestWeight: number
    readonly largestSymbol: string | null
    readonly sectors: readonly SectorExposure[]
  }
  readonly liquidity: { readonly participation: number; readonly maxDaysToLiquidate: number | null; readonly advDays: number }
  readonly pnl: { readonly unrealised: number }
  readonly positions: readonly PositionRisk[]
  readonly excluded: readonly ExcludedInstrument[]
  readonly dataQuality: readonly DataQualityEntry[]
}

/** The VaR methods the report's headline can show (`--method`), from the risk-method registry. */
export const VAR_METHODS = methodsFor('headline')
export type VaRMethod = MethodsFor<'headline'>

/** How a figure reaches the h-day horizon (h = 1 leaves every figure at its one-day value). */
export type HorizonScaling = 'sqrt-time' | 'overlapping' | 'scaled-covariance'

/**
 * The horizon of every VaR/ES figure of the report (positions' marginal, component and incremental VaR included).
 * volatility.daily stays one-day whatever the horizon.
 */
export interface HorizonInfo {
  readonly days: number
  /** parametric, ewma, studentT, cornishFisher, filteredHistorical, evt, marginal/component VaR: one-day x sqrt(h) */
  readonly parametricScaling: 'sqrt-time'
  /** historical VaR/ES, incremental VaR, component ES: the historical estimators on overlapping compounded h-day returns */
  readonly historical: 'overlapping'
  /** scenarios behind the historical figures: W − h + 1 */
  readonly historicalScenarios: number
  /** per figure, the scaling used */
  readonly scaling: Readonly<Record<VaRMethod | 'deltaGamma' | 'marginalVaR' | 'componentVaR' | 'incrementalVaR' | 'componentES', HorizonScaling>>
}

export interface ExtendedPositionRisk extends PositionRisk {
  /** VaR(book) − VaR(book without this position), historical method at the report's horizon, recomputed */
  readonly incrementalVaR: number
  /** −mean of this position's P&L over the historical ES tail scenarios; Σ componentES = es.historical */
  readonly componentES: number
}

/** Monte Carlo run behind var.monteCarlo / es.monteCarlo. */
export interface MonteCarloInfo {
  readonly paths: number
  readonly seed: number
  readonly distribution: 'normal' | 'student-t'
  /** degrees of freedom of the multivariate t; null for the normal */
  readonly nu: number | null
  readonly varStdError: number
  readonly esStdError: number
  /** simulated P&L values in the ES tail */
  readonly tailCount: number
  /** true when the covariance was not positive definite and its eigenvalues were clipped (repair below) */
  readonly repaired: boolean
  readonly repair: { readonly minEigenvalue: number; readonly floor: number; readonly clipped: number }
  /** 'full' when option positions were repriced on every path, 'linear' otherwise */
  readonly revaluation: 'linear' | 'full'
}

export interface StudentTInfo {
  /** degrees of freedom used by var.studentT (and a Student-t Monte Carlo) */
  readonly nu: number
  readonly nuSource: 'default' | 'given' | 'fitted'
  /**
   * the maximum-likelihood fit of a location-scale t to the one-day P&L (when `--nu fit`); var/es.studentT are then
   * the fitted distribution's quantile and tail mean rather than the variance-matched formula on σ_P
   */
  readonly fit: { readonly mu: number; readonly scale: number; readonly logLikelihood: number; readonly converged: boolean } | null
}

export interface CornishFisherInfo {
  /** moments of the one-day P&L series of the window (sample sd, population skewness and excess kurtosis) */
  readonly mean: number
  readonly sd: number
  readonly skewness: number
  readonly excessKurtosis: number
  /** true when the operational ES was floored at the modified VaR */
  readonly floored: boolean
}

export interface FilteredHistoricalInfo {
  readonly lambda: number
  /** first days of the window that only seed the EWMA volatility */
  readonly warmup: number
  readonly scenarios: number
  /** next-day EWMA volatility of the P&L (currency) */
  readonly forecastVolatility: number
}

export interface EvtInfo {
  /** loss threshold u (currency, one-day) and the quantile of the losses it sits at */
  readonly threshold: number
  readonly thresholdQuantile: number
  readonly observations: number
  readonly exceedances: number
  /** generalised Pareto shape ξ and scale β (currency) */
  readonly xi: number
  readonly beta: number
  /** GPD log-likelihood of the excesses at the fit (currency units) */
  readonly logLikelihood: number
  readonly converged: boolean
  /** VaR/ES at the report's confidence and at 99.9 %, at the report's horizon */
  readonly levels: readonly { readonly confidence: number; readonly var: number; readonly es: number }[]
}

export interface DeltaGammaInfo {
  /** moments of the delta-gamma P&L under N(0, hΣ), h the report's horizon */
  readonly mean: number
  readonly variance: number
  readonly skewness: number
  readonly excessKurtosis: number
  readonly method: 'cornish-fisher'
}

export interface RegimeInfo {
  readonly state: 'low' | 'high'
  /** Hamilton-filtered P(high-volatility state) on the last observation */
  readonly probabilityHigh: number
  /** what the model was fitted to: SPY daily returns, or the book's one-day P&L when SPY is not available */
  readonly source: 'SPY' | 'book-pnl'
  readonly observations: number
  readonly from: string
  readonly to: string
  /** daily standard deviations of the two states (units of the source: return or currency) */
  readonly lowVolatility: number
  readonly highVolatility: number
  /** P(stay in the state) per day */
  readonly persistenceLow: number
  readonly persistenceHigh: number
  /** log-likelihood of the fitted model, in the units of the source */
  readonly logLikelihood: number
  readonly converged: boolean
}

/** Greeks of the option positions together (zero when the book holds no options), in the book's currency. */
export interface BookGreeks {
  /** Σ dollar delta of the options: currency per unit return of their underlyings */
  readonly delta: number
  /** Σ dollar gamma of the options: currency per unit return squared */
  readonly gamma: number
  /** currency per vol point, all options' implied vols up by 0.01 */
  readonly vega: number
  /** currency per calendar day */
  readonly theta: number
  /** the options' dollar delta plus the linear positions' market values: the book's delta-equivalent exposure */
  readonly totalDollarDelta: number
}

/** A figure the report could not compute, and why (e.g. too few tail points for EVT). Its value is null. */
export interface UnavailableFigure {
  readonly figure: string
  readonly reason: string
}

/** `riskdesk risk --json`: the core report plus the measures of issue #4, all at horizon.days. */
/** One-step-ahead forecast losses over the window (lower is better; QLIKE = mean(ln h + r²/h), Patton 2011). */
export interface ForecastLoss {
  readonly n: number
  readonly mse: number
  readonly qlike: number
}

/** Concentration, drawdown and volatility models of the book (docs/RISK-MEASURES.md, "Book profile"). */
export interface BookProfile {
  readonly concentration: {
    readonly cr4: number
    readonly effectiveN: number
    readonly gini: number
    readonly diversificationRatio: number
    /** variance share of the first principal component of the correlation matrix */
    readonly firstComponentShare: number
    /** largest eigenvalues of the correlation matrix, descending */
    readonly eigenvalues: readonly number[]
  } | null
  readonly drawdown: {
    readonly maxDrawdown: number
    readonly currentDrawdown: number
    readonly peakDate: string | null
    readonly troughDate: string | null
    readonly recoveryDate: string | null
    /** trading days from peak to recovery (or to the as-of date when not recovered) */
    readonly durationDays: number
    readonly timeToRecoveryDays: number | null
    readonly currentUnderwaterDays: number
  } | null
  readonly volatilityModels: {
    /** next-day σ of the book's P&L (currency) */
    readonly ewma: { readonly forecast: number; readonly lambda: number; readonly accuracy: ForecastLoss }
    readonly garch: {
      readonly forecast: number
      readonly omega: number
      readonly alpha: number
      readonly beta: number
      readonly persistence: number
      readonly converged: boolean
      readonly accuracy: ForecastLoss
    }
  } | null
  /**
   * per instrument: next-day σ of its daily return (fraction) by EWMA and GARCH(1,1); null for large books. One
   * instrument's model failure nulls that row's figures only, with `unavailable` saying why (absent when computed).
   */
  readonly instrumentVolatility: readonly {
    readonly symbol: string
    readonly ewmaForecast: number | null
    readonly ewmaAccuracy: ForecastLoss | null
    readonly garch: { readonly forecast: number; readonly persistence: number; readonly accuracy: ForecastLoss } | null
    readonly unavailable?: string
  }[] | null
  readonly reasons: readonly { readonly figure: string; readonly reason: string }[]
}

export interface ExtendedRiskReport extends RiskReport {
  readonly profile: BookProfile
  readonly horizon: HorizonInfo
  /** the method whose VaR/ES the table headline shows */
  readonly headline: { readonly method: VaRMethod; readonly var: number | null; readonly es: number | null }
  readonly var: RiskReport['var'] & {
    readonly studentT: number
    readonly cornishFisher: number | null
    readonly monteCarlo: number
    readonly filteredHistorical: number | null
    readonly evt: number | null
    readonly deltaGamma: number | null
  }
  readonly es: RiskReport['es'] & {
    readonly ewma: number
    readonly studentT: number
    readonly cornishFisher: number | null
    readonly monteCarlo: number
    readonly filteredHistorical: number | null
    readonly evt: number | null
    readonly deltaGamma: number | null
  }
  readonly monteCarlo: MonteCarloInfo
  readonly studentT: StudentTInfo
  readonly cornishFisher: CornishFisherInfo | null
  readonly filteredHistorical: FilteredHistoricalInfo | null
  readonly evt: EvtInfo | null
  readonly deltaGamma: DeltaGammaInfo | null
  readonly regime: RegimeInfo | null
  readonly greeks: BookGreeks
  readonly positions: readonly ExtendedPositionRisk[]
  readonly unavailable: readonly UnavailableFigure[]
}
