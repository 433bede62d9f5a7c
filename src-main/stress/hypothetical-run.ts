/**
 * A hypothetical scenario on a prepared book: shocks to the whole market (β-scaled), sectors, single names and asset
 * classes; options revalued fully with the underlying moved and implied vol x the vol multiplier; a liquidity
 * haircut growing with days to liquidate; and the parametric (delta-normal) VaR with volatilities x the multiplier and
 * correlations set to one when asked. Conventions: docs/RISK-CONVENTIONS.md "Stress tests".
 */
import { blackScholes } from '../engine/black-scholes'
import { sampleCovariance } from '../engine/covariance'
import { daysToLiquidate } from '../engine/liquidity'
import { normalVaR } from '../engine/parametric'
import { stressedSigma } from '../engine/stress-parametric'
import { buildMarketWindow } from '../market/history'
import { optionShockPnL } from './option-shock'
import type { HypotheticalScenario, Shock } from './scenario-file'
import { INDEX_SYMBOL, MARKET_PROXY } from './sector-industry'
import { sectorTotals, UNCLASSIFIED } from './sector-totals'
import type { StressBook, StressPosition } from './stress-book'
import type { StressMarket } from './stress-market'
import type { ScenarioResult, StressPositionResult } from './stress-types'

/** Window and confidence of the parametric figures (RISK-CONVENTIONS defaults). */
export const PARAMETRIC_WINDOW = 250
export const PARAMETRIC_CONFIDENCE = 0.99

/** The return a position's factor takes: the most specific shock (symbol > sector > asset class > market). */
function shockFor(sm: StressMarket, book: StressBook, p: StressPosition, shocks: readonly Shock[]): { r: number; beta: number | null; proxy: string | null } | { reason: string } | null {
  const bySymbol = shocks.find((s) => s.type === 'symbol' && (s.symbol === p.factor || s.symbol === p.symbol))
  if (bySymbol) return { r: bySymbol.return, beta: null, proxy: null }
  const bySector = shocks.find((s) => s.type === 'sector' && s.sector === (p.sector ?? UNCLASSIFIED))
  if (bySector && bySector.type === 'sector') return { r: bySector.return, beta: null, proxy: null }
  const byClass = shocks.find((s) => s.type === 'assetClass' && s.assetClass === p.assetClass)
  if (byClass && byClass.type === 'assetClass') return { r: byClass.return, beta: null, proxy: null }
  const market = shocks.find((s) => s.type === 'market')
  if (market && market.type === 'market') {
    if (!market.beta) return { r: market.return, beta: null, proxy: null }
    const proxy = sm.levels.has(MARKET_PROXY) ? MARKET_PROXY : INDEX_SYMBOL
    const b = book.beta(p.factor, proxy)
    if ('reason' in b) return { reason: `market shock: ${b.reason}` }
    return { r: b.beta * market.return, beta: b.beta, proxy }
  }
  return null
}

/** Delta-normal VaR before and after the vol multiplier / correlations-to-one, on the included positions. */
function parametricFigures(sm: StressMarket, book: StressBook, m: number, toOne: boolean): { base: number; stressed: number; positions: number } | { reason: string } {
  const factors = [...new Set(book.positions.map((p) => p.factor))]
  const mw = buildMarketWindow(sm.market.store, factors, book.asof, PARAMETRIC_WINDOW)
  const index = new Map(mw.symbols.map((s, i) => [s, i]))
  const N = mw.symbols.length
  if (N === 0) return { reason: `no instrument has ${PARAMETRIC_WINDOW} returns before ${book.asof}` }
  const d = new Float64Array(N)
  let used = 0
  for (const p of book.positions) {
    const i = index.get(p.factor)
    if (i === undefined) continue
    used++
    d[i] = d[i]! + (p.option ? p.units * blackScholes(p.option.input).delta * p.spot : p.marketValue)
  }
  const cov = sampleCovariance(mw.returns, mw.window, N)
  return {
    base: normalVaR(stressedSigma(cov, d, N, 1, false), PARAMETRIC_CONFIDENCE),
    stressed: normalVaR(stressedSigma(cov, d, N, m, toOne), PARAMETRIC_CONFIDENCE),
    positions: used,
  }
}

/**
 * Runs one hypothetical scenario. A position no shock reaches has P&L 0 and is listed in `notes` ("unshocked"), so a
 * zero is never silent; a position whose market shock needs a β that cannot be estimated is excluded with the reason.
 */
export function runHypothetical(sm: StressMarket, book: StressBook, sc: HypotheticalScenario): ScenarioResult {
  const positions: StressPositionResult[] = []
  const excluded = [...book.excluded]
  const notes: string[] = []
  const unshocked: string[] = []
  const noAdv: string[] = []
  let liquidityCost = 0
  let netValue = 0
  for (const p of book.positions) {
    const s = shockFor(sm, book, p, sc.shocks)
    if (s && 'reason' in s) {
      excluded.push({ symbol: p.symbol, reason: s.reason })
      continue
    }
    const r = s ? s.r : 0
    if (!s) unshocked.push(p.symbol)
    let pnl = p.option ? p.units * optionShockPnL(p.option.input, p.option.price, r, sc.volMultiplier) : p.marketValue * r
    if (sc.liquidity) {
      const days = daysToLiquidate(p.units, p.adv, sc.liquidity.participation)
      if (days === null) noAdv.push(p.symbol)
      else {
        const cost = Math.abs(p.marketValue) * Math.min(sc.liquidity.maxHaircut, sc.liquidity.haircutPerDay * days)
        liquidityCost += cost
        pnl -= cost
      }
    }
    netValue += p.marketValue
    positions.push({ symbol: p.symbol, sector: p.sector ?? UNCLASSIFIED, marketValue: p.marketValue, pnl, return: r, proxied: false, proxy: s?.proxy ?? null, beta: s?.beta ?? null })
  }
  for (const s of sc.shocks) notes.push(`shock: ${s.type}${s.type === 'sector' ? ` ${s.sector}` : s.type === 'symbol' ? ` ${s.symbol}` : s.type === 'assetClass' ? ` ${s.assetClass}` : s.beta ? ' (β-scaled)' : ''} ${(s.return * 100).toFixed(2)} %`)
  if (sc.volMultiplier !== 1) notes.push(`volatility x ${sc.volMultiplier} (option implied vols and the parametric VaR)`)
  if (sc.correlationsToOne) notes.push('correlations set to 1 (parametric VaR)')
  if (unshocked.length) notes.push(`no shock applies to: ${unshocked.join(', ')} (P&L 0 from price moves)`)
  if (sc.liquidity) notes.push(`liquidity haircut ${(sc.liquidity.haircutPerDay * 100).toFixed(2)} % per day to liquidate (participation ${sc.liquidity.participation}), at most ${(sc.liquidity.maxHaircut * 100).toFixed(1)} %`)
  if (noAdv.length) notes.push(`no volume data, no liquidity haircut for: ${noAdv.join(', ')}`)
  const par = parametricFigures(sm, book, sc.volMultiplier, sc.correlationsToOne)
  if ('reason' in par) notes.push(`parametric VaR unavailable: ${par.reason}`)
  const pnl = positions.reduce((a, p) => a + p.pnl, 0)
  return {
    id: sc.id,
    name: sc.name,
    kind: 'hypothetical',
    start: null,
    end: null,
    pnl,
    pnlPct: netValue > 0 ? pnl / netValue : null,
    worstDay: null,
    maxDrawdown: null,
    maxDrawdownAmount: null,
    timeToRecover: null,
    positions,
    sectors: sectorTotals(positions),
    path: null,
    volScale: sc.volMultiplier,
    excluded,
    notes,
    extra: {
      liquidityCost: sc.liquidity ? liquidityCost : null,
      parametricVaR99: 'reason' in par ? null : { base: par.base, stressed: par.stressed, volMultiplier: sc.volMultiplier, correlationsToOne: sc.correlationsToOne },
      definition: sc,
    },
  }
}
