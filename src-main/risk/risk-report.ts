import type { Book } from '@shared/domain/book'
import type { PositionRisk, RiskReport } from '@shared/domain/risk-report'
import { ewmaCovariance, sampleCovariance, RISKMETRICS_LAMBDA } from '../engine/covariance'
import { exposures, sectorExposure } from '../engine/concentration'
import { eulerDecomposition } from '../engine/decomposition'
import { historicalVaRES, scenarioPnL } from '../engine/historical'
import { daysToLiquidate, ADV_DAYS, DEFAULT_PARTICIPATION } from '../engine/liquidity'
import { normalES, normalVaR, portfolioSigma } from '../engine/parametric'
import { unrealisedPnL } from '../engine/pnl'
import { buildMarketWindow } from '../market/history'
import type { MarketContext } from '../market/market-context'

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

/**
 * The full risk report of a book at one as-of date, by full recompute (docs/RISK-CONVENTIONS.md throughout):
 * valuation at the raw close, historical simulation on W simple returns of the adjusted close, delta-normal and
 * EWMA (λ = 0.94) VaR, Euler decomposition, concentration, liquidity and data quality. Instruments without a price on
 * the as-of date or with fewer than W returns are excluded and listed, never dropped silently.
 *
 * @throws RangeError for an invalid window/confidence, or an as-of date before any data.
 */
export function computeRiskReport(book: Book, market: MarketContext, opts: RiskOptions = {}): RiskReport {
  const W = opts.window ?? DEFAULT_WINDOW
  const c = opts.confidence ?? DEFAULT_CONFIDENCE
  const participation = opts.participation ?? DEFAULT_PARTICIPATION
  if (!Number.isInteger(W) || W < 2) throw new RangeError(`window must be an integer >= 2, got ${W}`)
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be in (0, 1), got ${c}`)
  const requested = opts.asof ?? market.store.lastDate()
  if (requested === undefined) throw new RangeError('no market data loaded')

  const bySymbol = new Map(book.positions.map((p) => [p.symbol, p]))
  const mw = buildMarketWindow(
    market.store,
    book.positions.map((p) => p.symbol),
    requested,
    W,
    { qualityFlags: market.qualityFlags, advDays: ADV_DAYS },
  )
  const N = mw.symbols.length
  const positionsIn = mw.symbols.map((s) => bySymbol.get(s)!)
  const v = new Float64Array(N)
  for (let i = 0; i < N; i++) v[i] = positionsIn[i]!.quantity * mw.close[i]!

  const pnl = scenarioPnL(mw.returns, W, N, v)
  const hist = N > 0 ? historicalVaRES(pnl, c) : { var: 0, es: 0 }
  const cov = sampleCovariance(mw.returns, W, N)
  const sigma = portfolioSigma(cov, v, N)
  const ewmaSigma = portfolioSigma(ewmaCovariance(mw.returns, W, N, RISKMETRICS_LAMBDA), v, N)
  const euler = eulerDecomposition(cov, v, N, c)
  const exp = exposures(v)
  const sectorOf = (s: string): string | null => positionsIn.find((p) => p.symbol === s)?.sector ?? market.sectors.get(s) ?? null
  const sectors = sectorExposure(v, mw.symbols.map(sectorOf))

  let unrealised = 0
  let maxDays: number | null = null
  const positions: PositionRisk[] = mw.symbols.map((symbol, i) => {
    const p = positionsIn[i]!
    const days = daysToLiquidate(p.quantity, mw.adv[i]!, participation)
    if (days !== null) maxDays = maxDays === null ? days : Math.max(maxDays, days)
    const upl = unrealisedPnL(p.quantity, mw.close[i]!, p.cost)
    if (upl !== null) unrealised += upl
    return {
      symbol,
      quantity: p.quantity,
      price: mw.close[i]!,
      marketValue: v[i]!,
      weight: exp.weights[i] ?? 0,
      marginalVaR: euler.marginal[i]!,
      componentVaR: euler.component[i]!,
      daysToLiquidate: days,
      unrealisedPnL: upl,
      sector: sectorOf(symbol),
    }
  })

  return {
    book: book.name,
    asof: mw.asof,
    window: W,
    confidence: c,
    marketValue: { net: exp.net, gross: exp.gross },
    volatility: { daily: sigma },
    var: { historical: hist.var, parametric: normalVaR(sigma, c), ewma: normalVaR(ewmaSigma, c) },
    es: { historical: hist.es, parametric: normalES(sigma, c) },
    concentration: {
      hhi: exp.hhi,
      largestWeight: exp.largestWeight,
      largestSymbol: exp.largestIndex >= 0 ? (mw.symbols[exp.largestIndex] ?? null) : null,
      sectors,
    },
    liquidity: { participation, maxDaysToLiquidate: maxDays, advDays: ADV_DAYS },
    pnl: { unrealised },
    positions,
    excluded: mw.excluded,
    dataQuality: mw.dataQuality,
  }
}
