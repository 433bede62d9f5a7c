import type { MarketContext } from '../market/market-context'
import { lastIndexOnOrBefore } from '../market/feeds/replay-feed'
import { ADV_DAYS } from '../engine/liquidity'
import type { BookValuation } from '../risk/book-valuation'

/**
 * The mutable per-factor state of a live book (linear quantities, last raw and adjusted closes, recent volumes),
 * index-aligned with the risk engine's factors: the book's stocks and the underlyings of its options, in the order of
 * the full recompute (risk/book-valuation.ts). A factor held only through options has linear quantity 0 and
 * `held[i] = false`. Option positions live in OptionBook. Kept apart from the risk numbers so paper execution, tick
 * application and corporate actions stay simple.
 */
export class BookState {
  readonly symbols: readonly string[]
  readonly index: ReadonlyMap<string, number>
  /** shares of the linear position on each factor (0 when the factor is held only through options) */
  readonly quantity: Float64Array
  /** whether the book holds a linear position on the factor (set by a trade that opens one) */
  readonly held: boolean[]
  /** raw close of the factor's last applied tick */
  readonly price: Float64Array
  readonly lastAdj: Float64Array
  readonly lastDate: string[]
  /** valuation price at the session start: the P&L reference for positions without a cost */
  readonly startPrice: Float64Array
  /** cost per share (null when the book gives none); adjusted with the quantity on a split */
  readonly cost: (number | null)[]
  readonly sector: (string | null)[]
  /** last ADV_DAYS volumes per factor, oldest first; NaN = unknown */
  private readonly volumes: number[][]
  /** cash from paper executions and option settlements (sales and receipts add, buys and payments subtract) */
  cash = 0
  realisedPnL = 0

  /** @param val - the book valued at the day before the session's first market date (valueBook) */
  constructor(val: BookValuation, market: MarketContext) {
    const { mw } = val
    const N = mw.symbols.length
    this.symbols = mw.symbols
    this.index = new Map(mw.symbols.map((s, i) => [s, i]))
    this.quantity = new Float64Array(N)
    const held = new Array<boolean>(N).fill(false)
    this.cost = new Array<number | null>(N).fill(null)
    this.sector = mw.symbols.map((s) => market.sectors.get(s) ?? null)
    for (const vp of val.positions) {
      if (vp.option !== null) continue
      const f = vp.factor
      this.quantity[f] = vp.position.quantity
      held[f] = true
      this.cost[f] = vp.position.cost ?? null
      this.sector[f] = vp.sector
    }
    this.held = held
    this.price = Float64Array.from(mw.close)
    this.startPrice = Float64Array.from(mw.close)
    this.lastAdj = new Float64Array(N)
    this.lastDate = []
    this.volumes = []
    mw.symbols.forEach((s, i) => {
      const series = market.store.get(s)!
      const last = lastIndexOnOrBefore(series.dates, mw.asof)
      this.lastAdj[i] = series.adjClose[last]!
      this.lastDate.push(series.dates[last]!)
      this.volumes.push(Array.from(series.volume.subarray(Math.max(0, last + 1 - ADV_DAYS), last + 1)))
    })
  }

  /** Market value of the linear position on factor i (currency). */
  value(i: number): number {
    return this.quantity[i]! * this.price[i]!
  }

  /** Records one accepted tick; returns the day's simple return of the adjusted close. */
  applyTick(i: number, date: string, close: number, adjClose: number, volume: number): number {
    const r = adjClose / this.lastAdj[i]! - 1
    this.lastAdj[i] = adjClose
    this.price[i] = close
    this.lastDate[i] = date
    const vols = this.volumes[i]!
    vols.push(volume)
    if (vols.length > ADV_DAYS) vols.shift()
    return r
  }

  /**
   * A split of factor i by `ratio` new shares per old share (4 for a 4:1 split): quantity × ratio, cost and the
   * session's start price ÷ ratio, so market value, cost basis and unrealised P&L are unchanged at the pre-split price.
   * The volumes of the ADV look-back are multiplied by the ratio (share counts of the new unit).
   * @throws RangeError when the ratio is not finite and > 0
   */
  applySplit(i: number, ratio: number): { fromQuantity: number; toQuantity: number; fromCost: number | null; toCost: number | null } {
    if (!(Number.isFinite(ratio) && ratio > 0)) throw new RangeError(`split ratio must be a finite number > 0, got ${ratio}`)
    const fromQuantity = this.quantity[i]!
    const fromCost = this.cost[i] ?? null
    this.quantity[i] = fromQuantity * ratio
    this.cost[i] = fromCost === null ? null : fromCost / ratio
    this.startPrice[i] = this.startPrice[i]! / ratio
    const vols = this.volumes[i]!
    for (let k = 0; k < vols.length; k++) vols[k] = vols[k]! * ratio
    return { fromQuantity, toQuantity: this.quantity[i]!, fromCost, toCost: this.cost[i] ?? null }
  }

  /** Mean volume of the last ADV_DAYS observations, NaN when none is known. */
  adv(i: number): number {
    const vols = this.volumes[i]!.filter((x) => Number.isFinite(x))
    return vols.length === 0 ? NaN : vols.reduce((a, b) => a + b, 0) / vols.length
  }

  unrealised(i: number): number {
    const ref = this.cost[i] ?? this.startPrice[i]!
    return this.quantity[i]! * (this.price[i]! - ref)
  }

  /** Paper execution at the current price. Returns the fill. */
  trade(i: number, toQuantity: number): { symbol: string; fromQuantity: number; toQuantity: number; price: number; realisedPnL: number } {
    const from = this.quantity[i]!
    const price = this.price[i]!
    const sold = from - toQuantity
    const ref = this.cost[i] ?? this.startPrice[i]!
    const realised = sold * (price - ref)
    this.cash += sold * price
    this.realisedPnL += realised
    this.quantity[i] = toQuantity
    if (toQuantity !== 0) this.held[i] = true
    return { symbol: this.symbols[i]!, fromQuantity: from, toQuantity, price, realisedPnL: realised }
  }
}
