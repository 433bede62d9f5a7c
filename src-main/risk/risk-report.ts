/**
 * The core risk report of a book (issue #2, docs/RISK-CONVENTIONS.md), now over valued books that may hold options,
 * and at any horizon for the extended report (extended-risk-report.ts).
 */
import type { Book } from '@shared/domain/book'
import type { PositionRisk, RiskReport } from '@shared/domain/risk-report'
import { sampleCovariance, RISKMETRICS_LAMBDA } from '../engine/covariance'
import { exposures, sectorExposure } from '../engine/concentration'
import { decomposeFromSigmaV } from '../engine/decomposition'
import { historicalVaRES, scenarioPnL } from '../engine/historical'
import { daysToLiquidate, ADV_DAYS, DEFAULT_PARTICIPATION } from '../engine/liquidity'
import { normalES, normalVaR } from '../engine/parametric'
import { ewmaMomentsFromPnL, sampleMomentsFromPnL } from '../engine/pnl-moments'
import { unrealisedPnL } from '../engine/pnl'
import type { MarketContext } from '../market/market-context'
import { valueBook, type BookValuation, type ValuedPosition } from './book-valuation'
import { bookPnL, horizonReturns, type ScenarioReturns } from './scenario-pnl'

export interface RiskOptions {
  /** requested as-of date (YYYY-MM-DD); default: the last date of the market data */
  readonly asof?: string
  /** W, number of daily returns (default 250) */
  readonly window?: number
  /** c, measured from the bottom (default 0.99) */
  readonly confidence?: number
  /** ρ for days to liquidate (default 0.2) */
  readonly participation?: number
}

export const DEFAULT_WINDOW = 250
export const DEFAULT_CONFIDENCE = 0.99

/** A book valued for one risk run, with the run's parameters checked. */
export interface RiskRun {
  readonly book: Book
  readonly market: MarketContext
  readonly W: number
  readonly c: number
  readonly participation: number
  readonly val: BookValuation
}

/**
 * Checks the options and values the book (book-valuation.ts valueBook).
 * @throws RangeError for an invalid window/confidence, or an as-of date before any data.
 */
export function prepareRiskRun(book: Book, market: MarketContext, opts: RiskOptions = {}): RiskRun {
  const W = opts.window ?? DEFAULT_WINDOW
  const c = opts.confidence ?? DEFAULT_CONFIDENCE
  const participation = opts.participation ?? DEFAULT_PARTICIPATION
  if (!Number.isInteger(W) || W < 2) throw new RangeError(`window must be an integer >= 2, got ${W}`)
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be in (0, 1), got ${c}`)
  const requested = opts.asof ?? market.store.lastDate()
  if (requested === undefined) throw new RangeError('no market data loaded')
  return { book, market, W, c, participation, val: valueBook(book, market, requested, W) }
}

/** The core report at one horizon plus the intermediate results the extended report reuses. */
export interface CoreRiskResult {
  readonly report: RiskReport
  /** sample covariance of the factors' daily returns (M x M) */
  readonly cov: Float64Array
  /** σ_P = sqrt(aᵀΣa) of the factors' dollar deltas, one day (currency) */
  readonly sigma: number
  /** σ with the EWMA covariance, one day */
  readonly ewmaSigma: number
  /** the scenarios of the historical figures at the horizon, and the book's P&L in each */
  readonly scenarios: ScenarioReturns
  readonly pnl: Float64Array
}

/**
 * The full risk report of a book at one as-of date, by full recompute (docs/RISK-CONVENTIONS.md throughout):
 * valuation at the raw close, historical simulation on W simple returns of the adjusted close, delta-normal and
 * EWMA (λ = 0.94) VaR, Euler decomposition, concentration, liquidity and data quality. Instruments without a price on
 * the as-of date or with fewer than W returns are excluded and listed, never dropped silently. Option rows are valued
 * with Black-Scholes-Merton and revalued fully in the historical scenarios; the parametric figures and the Euler
 * decomposition use their dollar deltas (docs/RISK-MEASURES.md, "Options in books").
 *
 * @throws RangeError for an invalid window/confidence, or an as-of date before any data.
 */
export function computeRiskReport(book: Book, market: MarketContext, opts: RiskOptions = {}): RiskReport {
  return coreRiskReport(prepareRiskRun(book, market, opts), 1).report
}

/**
 * The core figures at horizon h: historical VaR/ES on the overlapping h-day scenarios (the daily ones for h = 1),
 * parametric and EWMA VaR/ES and marginal/component VaR scaled by sqrt(h). Everything else is as of the as-of date.
 * @throws RangeError when h is not an integer in [1, W]
 */
export function coreRiskReport(run: RiskRun, h: number): CoreRiskResult {
  const { book, W, c, participation, val } = run
  const { mw, M } = val
  const scale = Math.sqrt(h)
  // A book whose every instrument is excluded has no factors: its figures are 0 (the engine needs N >= 1).
  const empty = M === 0
  const scenarios = empty ? emptyScenarios(W, h) : horizonReturns(val, h)
  const pnl = empty ? new Float64Array(scenarios.rows) : bookPnL(val, scenarios)
  const hist = empty ? { var: 0, es: 0 } : historicalVaRES(pnl, c)
  // σ_P, σ_EWMA and Σa come from the one-day delta P&L in O(W·M) (pnl-moments.ts); the M x M covariance is built only
  // when a caller asks for it (Monte Carlo, delta-gamma, the book profile), once.
  const deltaPnL = empty ? new Float64Array(0) : scenarioPnL(mw.returns, W, M, val.dollarDelta)
  const sample = empty ? null : sampleMomentsFromPnL(mw.returns, W, M, deltaPnL)
  const sigma = sample === null ? 0 : Math.sqrt(Math.max(0, sample.variance))
  const ewmaSigma = empty ? 0 : Math.sqrt(Math.max(0, ewmaMomentsFromPnL(mw.returns, W, M, deltaPnL, RISKMETRICS_LAMBDA).variance))
  const euler = sample === null ? null : decomposeFromSigmaV(sigma, val.dollarDelta, sample.sigmaV, M, c)
  let covCache: Float64Array | null = null
  const covariance = (): Float64Array => (covCache ??= empty ? new Float64Array(0) : sampleCovariance(mw.returns, W, M))
  const values = Float64Array.from(val.positions, (p) => p.marketValue)
  const exp = exposures(values)
  const sectors = sectorExposure(values, val.positions.map((p) => p.sector))

  let unrealised = 0
  let maxDays: number | null = null
  const positions: PositionRisk[] = val.positions.map((vp, j) => {
    const p = vp.position
    const days = vp.option === null ? daysToLiquidate(p.quantity, mw.adv[vp.factor]!, participation) : null
    if (days !== null) maxDays = maxDays === null ? days : Math.max(maxDays, days)
    const upl = unrealisedPnL(vp.units, vp.price, p.cost)
    if (upl !== null) unrealised += upl
    const marginal = euler!.marginal[vp.factor]! * scale
    const row: PositionRisk = {
      symbol: p.symbol,
      quantity: p.quantity,
      price: vp.price,
      marketValue: vp.marketValue,
      weight: exp.weights[j] ?? 0,
      marginalVaR: marginal,
      componentVaR: vp.dollarDelta * marginal,
      daysToLiquidate: days,
      unrealisedPnL: upl,
      sector: vp.sector,
      ...(p.assetClass !== undefined ? { assetClass: p.assetClass } : {}),
      ...optionFields(vp),
    }
    return row
  })

  const report: RiskReport = {
    book: book.name,
    asof: mw.asof,
    window: W,
    confidence: c,
    marketValue: { net: exp.net, gross: exp.gross },
    volatility: { daily: sigma },
    var: { historical: hist.var, parametric: normalVaR(sigma, c) * scale, ewma: normalVaR(ewmaSigma, c) * scale },
    es: { historical: hist.es, parametric: normalES(sigma, c) * scale },
    concentration: {
      hhi: exp.hhi,
      largestWeight: exp.largestWeight,
      largestSymbol: exp.largestIndex >= 0 ? (val.positions[exp.largestIndex]?.position.symbol ?? null) : null,
      sectors,
    },
    liquidity: { participation, maxDaysToLiquidate: maxDays, advDays: ADV_DAYS },
    pnl: { unrealised },
    positions,
    excluded: val.excluded,
    dataQuality: mw.dataQuality,
  }
  return {
    report,
    get cov() {
      return covariance()
    },
    sigma,
    ewmaSigma,
    scenarios,
    pnl,
  }
}

function emptyScenarios(W: number, h: number): ScenarioReturns {
  if (!(Number.isInteger(h) && h >= 1 && h <= W)) throw new RangeError(`horizon must be an integer from 1 to the window ${W}, got ${h}`)
  return { R: new Float64Array(0), rows: W - h + 1, horizon: h }
}

/** The option and greeks fields of an option position (empty for a linear one). */
function optionFields(vp: ValuedPosition): Pick<PositionRisk, 'option' | 'greeks'> {
  const o = vp.option
  const terms = vp.position.option
  if (o === null || terms === undefined) return {}
  const g = o.result
  return {
    option: {
      ...terms,
      underlyingPrice: vp.spot,
      timeToExpiry: o.timeToExpiry,
    },
    greeks: {
      delta: vp.units * g.delta,
      dollarDelta: vp.dollarDelta,
      gamma: vp.units * g.gamma,
      dollarGamma: vp.dollarGamma,
      vega: vp.units * g.vega,
      theta: vp.units * g.thetaPerDay,
    },
  }
}
