/**
 * A book valued at one as-of date: the market window of its risk factors (the stocks it holds and the underlyings of
 * its options), each included position's price, market value, dollar delta and gamma, and the positions left out.
 * Conventions: docs/RISK-CONVENTIONS.md ("Market data", "Exposures"); options: docs/RISK-MEASURES.md, "Options in
 * books".
 */
import type { Book, Position } from '@shared/domain/book'
import type { ExcludedInstrument } from '@shared/domain/risk-report'
import type { BsmInput, BsmResult } from '../engine/black-scholes'
import { ADV_DAYS } from '../engine/liquidity'
import { buildMarketWindow, type MarketWindow } from '../market/history'
import type { MarketContext } from '../market/market-context'
import { optionBsmInput, priceOption, yearFractionAct365 } from './option-pricing'

/** An option position's valuation at the as-of date. */
export interface OptionValuation {
  readonly input: BsmInput
  /** price and Greeks per share of the underlying */
  readonly result: BsmResult
  /** years, ACT/365 */
  readonly timeToExpiry: number
}

/** One included position. */
export interface ValuedPosition {
  readonly position: Position
  /** index of its risk factor in mw.symbols: the stock itself, or the option's underlying */
  readonly factor: number
  /** shares of the factor the position is written on: quantity, or quantity x multiplier for an option */
  readonly units: number
  /** raw close of the factor on the as-of date */
  readonly spot: number
  /** valuation price per share: the raw close, or the option's Black-Scholes-Merton price */
  readonly price: number
  /** units x price (currency) */
  readonly marketValue: number
  /** ∂V/∂r for a unit return r of the factor: the market value, or units x delta x spot for an option */
  readonly dollarDelta: number
  /** ∂²V/∂r²: 0, or units x gamma x spot² for an option */
  readonly dollarGamma: number
  readonly sector: string | null
  /** set for option positions */
  readonly option: OptionValuation | null
}

export interface BookValuation {
  /** the aligned returns of the factors (mw.symbols, in order of first appearance in the book) */
  readonly mw: MarketWindow
  /** included positions in book order */
  readonly positions: readonly ValuedPosition[]
  /** positions left out, in book order, with the reason */
  readonly excluded: ExcludedInstrument[]
  /** number of factors M = mw.symbols.length */
  readonly M: number
  /** per factor: the market value of the linear positions on it (an option-free book: its v) */
  readonly linearExposure: Float64Array
  /** per factor: Σ dollar delta of the positions on it (linear value plus options' units x delta x S) */
  readonly dollarDelta: Float64Array
  /** per factor: Σ dollar gamma of the options on it (the diagonal of the delta-gamma B matrix) */
  readonly dollarGamma: Float64Array
  readonly hasOptions: boolean
}

/** The factor a position is written on: the option's underlying, or the position's own symbol. */
export function factorSymbol(p: Position): string {
  return p.option?.underlying ?? p.symbol
}

/**
 * Values a book at an as-of date.
 * - Factors: the distinct symbols of the linear positions and of the options' underlyings, in order of first
 *   appearance; their market window is buildMarketWindow(…, W) (an option-free book: exactly its own symbols, so
 *   every core figure is unchanged).
 * - Linear position: price = raw close, market value = quantity x close.
 * - Option position: price = Black-Scholes-Merton per share on the underlying's close, T = ACT/365 from the as-of
 *   date used to the expiry; market value = quantity x multiplier x price.
 * - Excluded, in book order: a linear position whose instrument is excluded (the market window's reason, verbatim);
 *   an option whose underlying is excluded ("underlying X: <reason>"); an option expiring on or before the as-of date
 *   used ("expired on <expiry>, on or before <asof>").
 * @param requestedAsof - YYYY-MM-DD; the date used is the last calendar date on or before it
 * @param W - number of daily returns
 * @param extraFactors - symbols carried as factors with no position (the desk's hedge instruments, so that a hedge can
 *   be sized on the window and traded); they add columns to the window, never value
 * @throws RangeError as buildMarketWindow (bad window, duplicate symbols, as-of before any data)
 */
export function valueBook(book: Book, market: MarketContext, requestedAsof: string, W: number, extraFactors: readonly string[] = []): BookValuation {
  const factorsInOrder: string[] = []
  const seen = new Set<string>()
  for (const f of [...book.positions.map(factorSymbol), ...extraFactors]) {
    if (!seen.has(f)) {
      seen.add(f)
      factorsInOrder.push(f)
    }
  }
  const mw = buildMarketWindow(market.store, factorsInOrder, requestedAsof, W, { qualityFlags: market.qualityFlags, advDays: ADV_DAYS })
  const M = mw.symbols.length
  const factorIndex = new Map(mw.symbols.map((s, i) => [s, i]))
  const reasonOf = new Map(mw.excluded.map((e) => [e.symbol, e.reason]))

  const positions: ValuedPosition[] = []
  const excluded: ExcludedInstrument[] = []
  const linearExposure = new Float64Array(M)
  const dollarDelta = new Float64Array(M)
  const dollarGamma = new Float64Array(M)
  let hasOptions = false
  for (const p of book.positions) {
    const under = factorSymbol(p)
    const f = factorIndex.get(under)
    if (f === undefined) {
      const reason = reasonOf.get(under) ?? 'not in the market window'
      excluded.push({ symbol: p.symbol, reason: p.option ? `underlying ${under}: ${reason}` : reason })
      continue
    }
    const spot = mw.close[f]!
    const sector = p.sector ?? market.sectors.get(under) ?? null
    if (p.option === undefined) {
      const v = p.quantity * spot
      linearExposure[f] = linearExposure[f]! + v
      dollarDelta[f] = dollarDelta[f]! + v
      positions.push({ position: p, factor: f, units: p.quantity, spot, price: spot, marketValue: v, dollarDelta: v, dollarGamma: 0, sector, option: null })
      continue
    }
    if (p.option.expiry <= mw.asof) {
      excluded.push({ symbol: p.symbol, reason: `expired on ${p.option.expiry}, on or before ${mw.asof}` })
      continue
    }
    hasOptions = true
    const units = p.quantity * p.option.multiplier
    const input = optionBsmInput(p.option, spot, mw.asof)
    const result = priceOption(p.option, spot, mw.asof)
    const dd = units * result.delta * spot
    const dg = units * result.gamma * spot * spot
    dollarDelta[f] = dollarDelta[f]! + dd
    dollarGamma[f] = dollarGamma[f]! + dg
    positions.push({
      position: p,
      factor: f,
      units,
      spot,
      price: result.price,
      marketValue: units * result.price,
      dollarDelta: dd,
      dollarGamma: dg,
      sector,
      option: { input, result, timeToExpiry: yearFractionAct365(mw.asof, p.option.expiry) },
    })
  }
  return { mw, positions, excluded, M, linearExposure, dollarDelta, dollarGamma, hasOptions }
}
