/**
 * Pre-trade what-if (issue 8 "Pre-trade what-if"): a book and hypothetical trades in, the book's risk before and
 * after, the limits the traded book would breach and the verdict of the desk's controls out. One job, pure: values in,
 * values out (the market data is read, never changed). Used by `riskdesk whatif` and the desk's `desk:whatif` channel.
 *
 * Shapes and units:
 * - trades: `{ symbol, quantity }`, quantity in signed whole shares (contracts for an option row), + buys, - sells;
 *   trades on the same symbol apply in order and make one leg.
 * - before / after: `computeRiskReport` (risk-report.ts) of the book and of the traded book at `asof` with `window` W
 *   daily returns and `confidence` c: money in the book's currency, one-day VaR/ES as positive losses
 *   (docs/RISK-CONVENTIONS.md). `after` is null when the trades close every position (no risk left).
 * - the traded book: the quantity added to the symbol's row (a new linear row when the book has none, its cost the
 *   as-of raw close, its sector from the market's sector map, asset class 'etf' for the ETF sector else 'equity'); a
 *   row traded to 0 leaves the book; the cost of an enlarged row is the quantity-weighted average with the trade at
 *   the close, a reduced row keeps its cost, a row that changes sign starts at the close. An option row keeps its cost
 *   (the report revalues it by Black-Scholes-Merton).
 * - legs: per traded symbol, the quantity before and after, the valuation price of the report (after, else before)
 *   and the notional = traded quantity x price (null when the symbol cannot be valued).
 * - breaches: the desk's limits (desk/limits.ts readLimits) read on a report: the VaR by `limits.varMethod` against
 *   `varLimit` (the normal limit; the high-volatility one applies only in the desk's regime), per position the loss
 *   (-unrealised P&L), the weight |v_i| / gross and the days to liquidate; a null figure (no cost, no volume) is skipped.
 * - check: the desk's controls (desk/overrides.ts checkChange: reduce-only, commitment lock, kill switch) applied to
 *   the legs with the VaR of `limits.varMethod` (historical without limits) before and after.
 *
 * Errors: {@link WhatIfError}, a plain message naming the trade's symbol (the argument), e.g. `trade ZZZZ: no market
 * data for ZZZZ`; RangeError from the report for an invalid window, confidence or as-of date.
 */
import type { Book, Position } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { RiskReport } from '@shared/domain/risk-report'
import { checkChange, type ControlState } from '../desk/overrides'
import type { MarketContext } from '../market/market-context'
import { computeRiskReport } from './risk-report'

export interface TradeInput {
  readonly symbol: string
  readonly quantity: number
}

/** A trade the what-if cannot price or apply; `usage` marks a mistake in the request rather than in the data. */
export class WhatIfError extends Error {
  override readonly name = 'WhatIfError'
  constructor(
    /** the symbol of the trade concerned */
    readonly symbol: string,
    /** what is wrong, without the symbol's prefix */
    readonly detail: string,
    readonly usage: boolean,
  ) {
    super(`trade ${symbol}: ${detail}`)
  }
}

/** One traded position: the book row's quantity before and after (0 when the trade opens or closes it). */
export interface Leg {
  readonly symbol: string
  readonly fromQuantity: number
  readonly toQuantity: number
}

export interface PricedLeg extends Leg {
  /** toQuantity - fromQuantity */
  readonly quantity: number
  readonly price: number | null
  readonly notional: number | null
}

/** One limit exceeded on one report. */
export interface Breach {
  readonly key: string
  readonly limit: 'var' | 'positionLoss' | 'positionWeight' | 'daysToLiquidate'
  readonly symbol: string | null
  readonly value: number
  readonly threshold: number
}

export interface WhatIfInput {
  readonly book: Book
  readonly trades: readonly TradeInput[]
  readonly market: MarketContext
  /** valuation date YYYY-MM-DD (the report resolves it to the last market date on or before it) */
  readonly asof: string
  readonly window: number
  readonly confidence: number
  /** the book's limits; null: no breaches are read and the check uses the historical VaR */
  readonly limits: Limits | null
  /** the controls in force; null: no check */
  readonly controls: ControlState | null
}

export interface WhatIfOutcome {
  readonly before: RiskReport
  /** null when the traded book is flat */
  readonly after: RiskReport | null
  readonly traded: Book
  readonly legs: readonly PricedLeg[]
  /** limits.varMethod, historical without limits */
  readonly varMethod: Limits['varMethod']
  /** null without limits */
  readonly breachesBefore: readonly Breach[] | null
  /** null without limits; [] for a flat book */
  readonly breachesAfter: readonly Breach[] | null
  /** breachesAfter whose key was not breached before; null without limits */
  readonly newBreaches: readonly Breach[] | null
  /** null without controls */
  readonly check: { readonly allowed: true } | { readonly allowed: false; readonly reason: string } | null
}

/**
 * Runs the what-if (see the module comment for shapes and units).
 * @throws WhatIfError naming the trade's symbol: no market data for a symbol the book does not hold (usage false), the
 *   book has several rows for it (usage true), no price on or before `asof`, or it cannot be valued at `asof` so the
 *   after-figures would leave it out
 * @throws RangeError from computeRiskReport for an invalid window, confidence or date
 */
export function runWhatIfTrade(input: WhatIfInput): WhatIfOutcome {
  const { book, trades, market, asof } = input
  const known = new Set(market.store.symbols())
  for (const t of trades) if (!known.has(t.symbol) && !book.positions.some((p) => p.symbol === t.symbol)) throw new WhatIfError(t.symbol, `no market data for ${t.symbol}`, false)
  const { traded, legs } = tradedBook(book, trades, market, asof)
  const opts = { asof, window: input.window, confidence: input.confidence }
  const before = computeRiskReport(book, market, opts)
  const after = traded.positions.length === 0 ? null : computeRiskReport(traded, market, opts)
  for (const l of legs) {
    const ex = after?.excluded.find((e) => e.symbol === l.symbol)
    if (ex && l.toQuantity !== 0) throw new WhatIfError(l.symbol, `${l.symbol} cannot be valued on ${before.asof} (${ex.reason}); the after-figures would leave it out`, false)
  }
  const varMethod = input.limits?.varMethod ?? 'historical'
  const varAfter = after === null ? 0 : after.var[varMethod]
  const priced = legs.map((l): PricedLeg => {
    const price = (after?.positions.find((p) => p.symbol === l.symbol) ?? before.positions.find((p) => p.symbol === l.symbol))?.price ?? null
    return { ...l, quantity: l.toQuantity - l.fromQuantity, price, notional: price === null ? null : (l.toQuantity - l.fromQuantity) * price }
  })
  let check: WhatIfOutcome['check'] = null
  if (input.controls !== null) {
    const verdict = checkChange(input.controls, { legs, varBefore: before.var[varMethod], varAfter })
    check = verdict.allowed ? { allowed: true } : { allowed: false, reason: verdict.reason }
  }
  const limits = input.limits
  const breachesBefore = limits === null ? null : breachesOf(before, limits)
  const breachesAfter = limits === null ? null : after === null ? [] : breachesOf(after, limits)
  const beforeKeys = new Set(breachesBefore?.map((b) => b.key) ?? [])
  const newBreaches = breachesAfter === null ? null : breachesAfter.filter((b) => !beforeKeys.has(b.key))
  return { before, after, traded, legs: priced, varMethod, breachesBefore, breachesAfter, newBreaches, check }
}

/**
 * The book after the trades (module comment) and one leg per traded symbol.
 * @throws WhatIfError when the book has several rows for a traded symbol, or a linear one has no price on or before asof
 */
export function tradedBook(book: Book, trades: readonly TradeInput[], market: MarketContext, asof: string): { traded: Book; legs: Leg[] } {
  const positions: (Position | null)[] = [...book.positions]
  const legs = new Map<string, Leg>()
  for (const t of trades) {
    const rows = positions.flatMap((p, i) => (p !== null && p.symbol === t.symbol ? [i] : []))
    if (rows.length > 1) throw new WhatIfError(t.symbol, `the book has ${rows.length} rows for ${t.symbol}; trade one row at a time by editing the book`, true)
    const i = rows[0]
    const prev = i === undefined ? null : positions[i]!
    // an option row is revalued by the risk report (Black-Scholes-Merton); its cost stays that of the row
    const price = prev?.option !== undefined ? prev.cost ?? null : closeAt(market, t.symbol, asof)
    if (price === null && prev?.option === undefined) throw new WhatIfError(t.symbol, `no price for ${t.symbol} on or before ${asof} in the market data`, false)
    const from = prev?.quantity ?? 0
    const to = from + t.quantity
    const cost = price === null ? prev?.cost : costAfter(prev, from, to, t.quantity, price)
    const sector = market.sectors.get(t.symbol)
    const next: Position | null =
      to === 0
        ? null
        : prev !== null
          ? { ...prev, quantity: to, ...(cost !== undefined ? { cost } : {}) }
          : { symbol: t.symbol, quantity: to, ...(price !== null ? { cost: price } : {}), ...(sector !== undefined ? { sector } : {}), assetClass: sector === 'ETF' ? 'etf' : 'equity' }
    if (i === undefined) positions.push(next)
    else positions[i] = next
    const first = legs.get(t.symbol)?.fromQuantity ?? from
    legs.set(t.symbol, { symbol: t.symbol, fromQuantity: first, toQuantity: to })
  }
  return { traded: { ...book, positions: positions.filter((p): p is Position => p !== null) }, legs: [...legs.values()] }
}

/** Cost per share of the row after the trade: average when enlarged, unchanged when reduced, the price when it flips or is new. */
function costAfter(prev: Position | null, from: number, to: number, dq: number, price: number): number | undefined {
  if (prev === null) return price
  if (prev.cost === undefined) return undefined
  if (from === 0 || Math.sign(to) !== Math.sign(from)) return price
  return Math.abs(to) > Math.abs(from) ? (from * prev.cost + dq * price) / to : prev.cost
}

/** Raw close of `symbol` on the last date <= asof, or null. */
function closeAt(market: MarketContext, symbol: string, asof: string): number | null {
  const series = market.store.get(symbol)
  if (!series) return null
  let k = -1
  for (let j = 0; j < series.dates.length && series.dates[j]! <= asof; j++) k = j
  return k < 0 ? null : series.close[k]!
}

/**
 * Every limit a report exceeds, as the desk reads them (module comment, "breaches").
 * @returns the breaches in report order: VaR first, then per position loss, weight, days to liquidate
 */
export function breachesOf(r: RiskReport, limits: Limits): Breach[] {
  const out: Breach[] = []
  const v = r.var[limits.varMethod]
  if (v > limits.varLimit) out.push({ key: 'var', limit: 'var', symbol: null, value: v, threshold: limits.varLimit })
  for (const p of r.positions) {
    if (p.unrealisedPnL !== null && -p.unrealisedPnL > limits.maxLossPerPosition) out.push({ key: `positionLoss:${p.symbol}`, limit: 'positionLoss', symbol: p.symbol, value: -p.unrealisedPnL, threshold: limits.maxLossPerPosition })
    if (p.weight > limits.maxPositionWeight) out.push({ key: `positionWeight:${p.symbol}`, limit: 'positionWeight', symbol: p.symbol, value: p.weight, threshold: limits.maxPositionWeight })
    if (p.daysToLiquidate !== null && p.daysToLiquidate > limits.maxDaysToLiquidate) out.push({ key: `daysToLiquidate:${p.symbol}`, limit: 'daysToLiquidate', symbol: p.symbol, value: p.daysToLiquidate, threshold: limits.maxDaysToLiquidate })
  }
  return out
}
