/**
 * `riskdesk risk --json`: the core risk report (risk-report.ts) plus every measure of issue #4 at one horizon:
 * Student-t, Cornish-Fisher, Monte Carlo, filtered historical, EVT and delta-gamma VaR/ES, exact incremental VaR and
 * component ES per position, the market regime and the book's Greeks. Field by field: docs/RISK-MEASURES.md, "Risk
 * report fields".
 */
import type { Book } from '@shared/domain/book'
import type {
  BookGreeks,
  ExtendedPositionRisk,
  ExtendedRiskReport,
  RegimeInfo,
  UnavailableFigure,
  VaRMethod,
} from '@shared/domain/risk-report'
import { normalES } from '../engine/parametric'
import { DEFAULT_MC_PATHS, type McDistribution, type MonteCarloModel } from '../engine/monte-carlo'
import type { MarketContext } from '../market/market-context'
import type { BookValuation } from './book-valuation'
import { bookMonteCarlo, monteCarloModelFor } from './book-monte-carlo'
import { bookProfile } from './book-profile'
import {
  cornishFisherFigures,
  deltaGammaFigures,
  evtFigures,
  filteredHistoricalFigures,
  studentTFigures,
  type Figures,
} from './distribution-measures'
import { proxyReturns, regimeOf } from './market-regime'
import { decomposeByPosition } from './position-decomposition'
import { horizonInfo } from './report-horizon'
import { coreRiskReport, prepareRiskRun, type RiskOptions } from './risk-report'
import { bookPnL, horizonReturns } from './scenario-pnl'

/** Default Monte Carlo seed (always reported). */
export const DEFAULT_MC_SEED = 1

export interface ExtendedRiskOptions extends RiskOptions {
  /** horizon in trading days (default 1) */
  readonly horizon?: number
  /** the VaR method of the headline (default 'historical') */
  readonly method?: VaRMethod
  /** Monte Carlo paths (default 100,000) */
  readonly paths?: number
  /** Monte Carlo seed, integer in [0, 2^32 − 1] (default 1) */
  readonly seed?: number
  /** Student-t degrees of freedom (> 2), or 'fit' for maximum likelihood on the one-day P&L (default 5) */
  readonly nu?: number | 'fit'
  /** Monte Carlo distribution (default 'normal', RISK-CONVENTIONS) */
  readonly mcDistribution?: McDistribution
}

/**
 * Computes the extended risk report. With the defaults (horizon 1) every core field is exactly computeRiskReport's.
 * A figure that cannot be computed for this book (e.g. EVT with fewer than 10 tail points, Cornish-Fisher of a constant
 * P&L) is null and listed under `unavailable` with the reason; nothing is silently dropped.
 * @throws RangeError for invalid options (window, confidence, horizon outside [1, W], paths, seed, ν <= 2) or an as-of
 *   date before any data
 */
export function computeExtendedRiskReport(book: Book, market: MarketContext, opts: ExtendedRiskOptions = {}): ExtendedRiskReport {
  return planExtendedRiskReport(book, market, opts).finish()
}

/** The report in two steps, so the Monte Carlo paths of a linear book can be simulated elsewhere (a worker pool). */
export interface ExtendedRiskPlan {
  /** the simulation model when the paths may be simulated outside (linear book), else null (done in finish) */
  readonly monteCarloModel: MonteCarloModel | null
  /** completes the report; `pnl` is simulatePnLChunk(monteCarloModel, 0, paths) computed anywhere (same numbers) */
  finish(pnl?: Float64Array): ExtendedRiskReport
}

/**
 * Everything of computeExtendedRiskReport up to the Monte Carlo simulation. Throws as computeExtendedRiskReport.
 */
export function planExtendedRiskReport(book: Book, market: MarketContext, opts: ExtendedRiskOptions = {}): ExtendedRiskPlan {
  const run = prepareRiskRun(book, market, opts)
  const { val, c, W } = run
  const h = opts.horizon ?? 1
  const horizon = horizonInfo(h, W)
  const scale = Math.sqrt(h)
  const nu = opts.nu
  if (typeof nu === 'number' && !(nu > 2 && Number.isFinite(nu))) throw new RangeError(`nu must be a number > 2 or 'fit', got ${nu}`)
  const core = coreRiskReport(run, h)
  const daily = h === 1 || val.M === 0 ? core.pnl : bookPnL(val, horizonReturns(val, 1))
  const unavailable: UnavailableFigure[] = []
  const attempt = <T>(figure: string, f: () => T): T | null => {
    try {
      return f()
    } catch (e) {
      unavailable.push({ figure, reason: e instanceof Error ? e.message : String(e) })
      return null
    }
  }
  const empty = val.M === 0
  if (empty) {
    for (const figure of ['cornishFisher', 'filteredHistorical', 'evt', 'deltaGamma']) unavailable.push({ figure, reason: 'no position is included in the risk figures' })
  }
  const scaled = <I>(x: Figures<I> | null): Figures<I> | null => (x === null ? null : { var: x.var * scale, es: x.es * scale, info: x.info })

  // A failed ν fit (e.g. a constant P&L) falls back to the default ν, and says so under `unavailable`.
  const studentT = scaled(attempt('studentT.nu', () => studentTFigures(core.sigma, daily, c, nu)) ?? studentTFigures(core.sigma, daily, c, undefined))!
  const cf = empty ? null : scaled(attempt('cornishFisher', () => cornishFisherFigures(daily, c)))
  const fhs = empty ? null : scaled(attempt('filteredHistorical', () => filteredHistoricalFigures(daily, c)))
  const evt = empty ? null : attempt('evt', () => evtFigures(daily, c, scale))
  const dg = empty ? null : attempt('deltaGamma', () => deltaGammaFigures(val, core.cov, c, h))
  const mcOptions = {
    paths: opts.paths ?? DEFAULT_MC_PATHS,
    seed: opts.seed ?? DEFAULT_MC_SEED,
    distribution: opts.mcDistribution ?? 'normal',
    nu: studentT.info.nu,
    horizon: h,
    confidence: c,
  } as const
  const model = val.hasOptions ? null : monteCarloModelFor(val, core.cov, mcOptions)
  return {
    monteCarloModel: model,
    finish: (pnl?: Float64Array): ExtendedRiskReport => {
      const mc = bookMonteCarlo(val, core.cov, mcOptions, model !== null && pnl !== undefined ? { model, pnl } : undefined)
      return assemble(mc)
    },
  }

  function assemble(mc: ReturnType<typeof bookMonteCarlo>): ExtendedRiskReport {
    const regime = regimeFor(market, core.report.asof, daily, val, unavailable)
    const decomposition = decomposeByPosition(val, core.scenarios, core.pnl, c)

    const base = core.report
    const varFigures = {
      ...base.var,
      studentT: studentT.var,
      cornishFisher: cf?.var ?? null,
      monteCarlo: mc.var,
      filteredHistorical: fhs?.var ?? null,
      evt: evt?.var ?? null,
      deltaGamma: dg?.var ?? null,
    }
    const esFigures = {
      ...base.es,
      ewma: normalES(core.ewmaSigma, c) * scale,
      studentT: studentT.es,
      cornishFisher: cf?.es ?? null,
      monteCarlo: mc.es,
      filteredHistorical: fhs?.es ?? null,
      evt: evt?.es ?? null,
      deltaGamma: dg?.es ?? null,
    }
    const method = opts.method ?? 'historical'
    const positions: ExtendedPositionRisk[] = base.positions.map((p, j) => ({
      ...p,
      incrementalVaR: decomposition.incrementalVaR[j]!,
      componentES: decomposition.componentES[j]!,
    }))
    return {
      ...base,
      horizon,
      headline: { method, var: varFigures[method], es: esFigures[method] },
      var: varFigures,
      es: esFigures,
      monteCarlo: mc.info,
      studentT: studentT.info,
      cornishFisher: cf?.info ?? null,
      filteredHistorical: fhs?.info ?? null,
      evt: evt?.info ?? null,
      deltaGamma: dg?.info ?? null,
      regime,
      greeks: bookGreeks(val),
      profile: bookProfile(val, core.cov, daily),
      positions,
      unavailable,
    }
  }
}

/** The regime on SPY when the data has enough of it, else on the book's one-day P&L (labelled by `source`). */
function regimeFor(market: MarketContext, asof: string, daily: Float64Array, val: BookValuation, unavailable: UnavailableFigure[]): RegimeInfo | null {
  const spy = proxyReturns(market.store, asof)
  const dates = val.mw.dates
  const series = spy ?? (val.M > 0 ? { x: daily, source: 'book-pnl' as const, from: dates[1] ?? asof, to: dates[dates.length - 1] ?? asof } : null)
  if (series === null) {
    unavailable.push({ figure: 'regime', reason: 'no SPY history and an empty book' })
    return null
  }
  try {
    return regimeOf(series)
  } catch (e) {
    unavailable.push({ figure: 'regime', reason: e instanceof Error ? e.message : String(e) })
    return null
  }
}

/** Σ over the option positions of their Greeks (zero without options), plus the book's total dollar delta. */
function bookGreeks(val: BookValuation): BookGreeks {
  let delta = 0
  let gamma = 0
  let vega = 0
  let theta = 0
  let linear = 0
  for (const p of val.positions) {
    if (p.option === null) {
      linear += p.marketValue
      continue
    }
    delta += p.dollarDelta
    gamma += p.dollarGamma
    vega += p.units * p.option.result.vega
    theta += p.units * p.option.result.thetaPerDay
  }
  return { delta, gamma, vega, theta, totalDollarDelta: delta + linear }
}
