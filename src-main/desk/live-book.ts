import type { Book } from '@shared/domain/book'
import { IncrementalRisk } from '../engine/incremental-risk'
import type { MarketContext } from '../market/market-context'
import { factorSymbol, valueBook, type BookValuation } from '../risk/book-valuation'
import { BookState } from './book-state'
import { OptionBook, type OptionSettlement } from './option-book'
import type { BookLayout } from './risk-state-builder'
import type { ExcludedPosition } from './risk-state'

/**
 * The symbols a live feed must deliver for a book: its stocks and the underlyings of its options, each once, in
 * order of first appearance (option rows have no prices of their own).
 */
export function feedSymbols(book: Book, hedgeFactors: readonly string[] = []): string[] {
  return [...new Set([...book.positions.map(factorSymbol), ...hedgeFactors])]
}

/** The index ETFs a hedge may use (issue 8: SPY; QQQ where it fits better), when the market has them. */
export const HEDGE_ETFS = ['SPY', 'QQQ'] as const

/** Everything the desk keeps about its book: linear factors, options, the live risk engine and the layout. */
export interface LiveBook {
  readonly val: BookValuation
  readonly state: BookState
  readonly options: OptionBook
  readonly risk: IncrementalRisk
  readonly layout: BookLayout
  readonly excluded: readonly ExcludedPosition[]
}

/**
 * Opens a live book at `asof` (the last market date before the session's first one) exactly as the full recompute
 * values it (risk/book-valuation.ts valueBook): the same factors, exclusions and option valuations, so the first
 * frame equals `riskdesk risk --asof` that day. The risk engine carries per factor v = linear value + options' dollar
 * deltas, and one scenario overlay per option (option-book.ts).
 * @param start - the session's first market date, named in the error (default: the day after `asof`)
 * @param hedgeFactors - index ETFs carried in the window with no position, so a hedge can be sized and traded
 * @throws RangeError when no factor of the book has W returns before the start (message names the book and the
 *   start), or as valueBook
 */
export function openLiveBook(book: Book, market: MarketContext, asof: string, W: number, start?: string, hedgeFactors: readonly string[] = []): LiveBook {
  const val = valueBook(book, market, asof, W, hedgeFactors)
  if (val.M === 0) throw new RangeError(`no instrument of book ${book.name} has ${W} returns ${start === undefined ? `up to ${asof}` : `before ${start}`}`)
  const state = new BookState(val, market)
  const options = new OptionBook(val)
  const values = Float64Array.from(val.dollarDelta)
  const risk = new IncrementalRisk({ returns: val.mw.returns, W, N: val.M, values })
  options.revalue(val.mw.asof, (f) => state.price[f]!, risk)
  const excluded = val.excluded.map((e) => ({ symbol: e.symbol, reason: e.reason }))
  const order = new Map(book.positions.map((p, k) => [p.symbol, k]))
  return { val, state, options, risk, layout: { options, order, excluded }, excluded }
}

/** Risk engine value of factor i: the linear position's market value plus the dollar deltas of its live options. */
export function factorExposure(live: LiveBook, i: number): number {
  return live.state.value(i) + live.options.dollarDeltaOn(i)
}

/**
 * The options' end of a market day, after the day's ticks and rollDay: options expiring on or before `date` settle at
 * intrinsic value (cash and realised P&L booked in the book state) and leave the book; the others are revalued at
 * `date` (new spot and time to expiry; scenario overlays O(W) each) and their factors' values are set again.
 * @returns the settlements, in book order
 */
export function closeOptionsDay(live: LiveBook, date: string): OptionSettlement[] {
  const { options, state, risk } = live
  const touched = options.factors()
  const settled = options.settleExpired(date, (f) => state.price[f]!, risk)
  for (const s of settled) {
    state.cash += s.cash
    state.realisedPnL += s.realisedPnL
  }
  options.revalue(date, (f) => state.price[f]!, risk)
  for (const f of touched) risk.setValue(f, factorExposure(live, f))
  return settled
}

/**
 * An underlying's price changed between frames (e.g. a held suspect tick accepted by hand): its options are revalued
 * at `date` on the new price (O(W) each) and the factor's value is set again. No-op when no option is written on it.
 */
export function revalueOptionsOn(live: LiveBook, f: number, date: string): void {
  if (!live.options.factors().has(f)) return
  live.options.revalue(date, (k) => live.state.price[k]!, live.risk, f)
  live.risk.setValue(f, factorExposure(live, f))
}

/**
 * The book as the desk holds it now, for a full recompute of the live holdings: the opened book in its order, each
 * linear position with its live quantity and cost (after trades and splits), each live option with its live terms
 * (strike and multiplier adjusted on splits) and cost; settled options are left out; excluded positions are kept as
 * opened (the recompute excludes them again, with its reason); a linear position a trade opened on an options-only
 * underlying is appended.
 */
export function heldBook(live: LiveBook, book: Book): Book {
  const { state, options } = live
  const optionBySymbol = new Map(options.live.map((o) => [o.position.symbol, o]))
  const excluded = new Set(live.excluded.map((e) => e.symbol))
  const positions = book.positions.flatMap((p) => {
    if (excluded.has(p.symbol)) return [p]
    if (p.option !== undefined) {
      const o = optionBySymbol.get(p.symbol)
      if (o === undefined) return []
      const { cost: _cost, ...rest } = p
      return [{ ...rest, option: o.contract, ...(o.cost !== null ? { cost: o.cost } : {}) }]
    }
    const i = state.index.get(p.symbol)
    if (i === undefined) return [p]
    const { cost: _cost, ...rest } = p
    const cost = state.cost[i] ?? null
    return [{ ...rest, quantity: state.quantity[i]!, ...(cost !== null ? { cost } : {}) }]
  })
  // linear positions a trade opened on a factor the book held only through options
  const inBook = new Set(book.positions.map((p) => p.symbol))
  state.symbols.forEach((symbol, i) => {
    if (state.held[i] && !inBook.has(symbol)) positions.push({ symbol, quantity: state.quantity[i]! })
  })
  return { name: book.name, positions }
}
