/**
 * A book prepared for stress tests: each included position valued at the as-of date (market value, option terms,
 * sector, ADV), and β estimates to proxies on demand (cached). Conventions: docs/RISK-CONVENTIONS.md "Stress tests".
 */
import type { Book } from '@shared/domain/book'
import type { ExcludedInstrument } from '@shared/domain/risk-report'
import type { BsmInput } from '../engine/black-scholes'
import { olsBeta } from '../engine/stress-beta'
import { buildMarketWindow } from '../market/history'
import { factorSymbol, valueBook } from '../risk/book-valuation'
import type { StressMarket } from './stress-market'

/** Number of daily returns before the as-of date over which proxy betas are estimated. */
export const BETA_WINDOW = 250

export interface StressPosition {
  readonly symbol: string
  /** the instrument whose return moves the position: itself, or an option's underlying */
  readonly factor: string
  readonly sector: string | null
  readonly assetClass: string
  readonly quantity: number
  /** shares of the factor: quantity, or quantity x multiplier */
  readonly units: number
  /** raw close of the factor on the as-of date */
  readonly spot: number
  readonly marketValue: number
  /** as-of BSM input and price per share for an option, else null */
  readonly option: { readonly input: BsmInput; readonly price: number } | null
  /** average daily volume of the factor (shares), NaN when unknown */
  readonly adv: number
}

export interface StressBook {
  readonly name: string
  readonly asof: string
  readonly positions: readonly StressPosition[]
  readonly excluded: readonly ExcludedInstrument[]
  /** Σ market values of the included positions */
  readonly netValue: number
  /** Σ |market value| */
  readonly grossValue: number
  /** β of `factor` to `proxy` over the BETA_WINDOW returns before asof, or the reason it cannot be estimated */
  beta(factor: string, proxy: string): { beta: number } | { reason: string }
}

/**
 * Values `book` at `asof` (the last trading date on or before it) with the valuation of `riskdesk risk`
 * (risk/book-valuation.ts): linear positions at the raw close, options by Black-Scholes-Merton. Positions that cannot
 * be valued are excluded with the reason.
 * @throws RangeError when asof precedes all market data
 */
export function prepareStressBook(book: Book, sm: StressMarket, asof: string): StressBook {
  // W = 2 only needs a price on the as-of date and two returns before it: stress tests do not need a risk window.
  const val = valueBook(book, sm.market, asof, 2)
  const positions: StressPosition[] = val.positions.map((p) => ({
    symbol: p.position.symbol,
    factor: factorSymbol(p.position),
    sector: p.sector,
    assetClass: p.position.assetClass ?? (p.option ? 'option' : 'equity'),
    quantity: p.position.quantity,
    units: p.units,
    spot: p.spot,
    marketValue: p.marketValue,
    option: p.option ? { input: p.option.input, price: p.price } : null,
    adv: val.mw.adv[p.factor]!,
  }))
  const cache = new Map<string, { beta: number } | { reason: string }>()
  const asofUsed = val.mw.asof
  const beta = (factor: string, proxy: string): { beta: number } | { reason: string } => {
    const key = `${factor}\u0000${proxy}`
    let hit = cache.get(key)
    if (hit) return hit
    if (factor === proxy) hit = { beta: 1 }
    else {
      const mw = buildMarketWindow(sm.factorStore, [proxy, factor], asofUsed, BETA_WINDOW)
      const ex = mw.excluded[0]
      if (ex) hit = { reason: `no beta of ${factor} to ${proxy}: ${ex.symbol} ${ex.reason}` }
      else {
        const b = olsBeta(mw.returns, BETA_WINDOW, 2, 0, 1)
        hit = b === null ? { reason: `no beta of ${factor} to ${proxy}: the proxy did not move in the ${BETA_WINDOW} days before ${asofUsed}` } : { beta: b }
      }
    }
    cache.set(key, hit)
    return hit
  }
  let netValue = 0
  let grossValue = 0
  for (const p of positions) {
    netValue += p.marketValue
    grossValue += Math.abs(p.marketValue)
  }
  return { name: book.name, asof: asofUsed, positions, excluded: val.excluded, netValue, grossValue, beta }
}
