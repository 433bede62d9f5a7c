import type { Position } from '@shared/domain/book'
import type { MarketContext } from '../market/market-context'
import type { MarketWindow } from '../market/history'
import { lastIndexOnOrBefore } from '../market/feeds/replay-feed'
import { ADV_DAYS } from '../engine/liquidity'

/**
 * The mutable per-position state of a live book (quantities, last prices, last adjusted closes, recent volumes),
 * index-aligned with the risk engine's positions. Kept apart from the risk numbers so paper execution and tick
 * application stay simple.
 */
export class BookState {
  readonly symbols: readonly string[]
  readonly index: ReadonlyMap<string, number>
  readonly quantity: Float64Array
  readonly price: Float64Array
  readonly lastAdj: Float64Array
  readonly lastDate: string[]
  /** valuation price at the session start: the P&L reference for positions without a cost */
  readonly startPrice: Float64Array
  readonly cost: (number | null)[]
  readonly sector: (string | null)[]
  /** last ADV_DAYS volumes per position, oldest first; NaN = unknown */
  private readonly volumes: number[][]
  /** cash from paper executions (sales add, buys subtract) */
  cash = 0
  realisedPnL = 0

  constructor(positions: readonly Position[], mw: MarketWindow, market: MarketContext) {
    const bySymbol = new Map(positions.map((p) => [p.symbol, p]))
    this.symbols = mw.symbols
    this.index = new Map(mw.symbols.map((s, i) => [s, i]))
    const N = mw.symbols.length
    this.quantity = Float64Array.from(mw.symbols, (s) => bySymbol.get(s)!.quantity)
    this.price = Float64Array.from(mw.close)
    this.startPrice = Float64Array.from(mw.close)
    this.cost = mw.symbols.map((s) => bySymbol.get(s)!.cost ?? null)
    this.sector = mw.symbols.map((s) => bySymbol.get(s)!.sector ?? market.sectors.get(s) ?? null)
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
    return { symbol: this.symbols[i]!, fromQuantity: from, toQuantity, price, realisedPnL: realised }
  }
}
