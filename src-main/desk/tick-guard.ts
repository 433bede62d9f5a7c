import type { Tick } from '../market/feeds/feed'
import { storeMove, type ReferenceMove } from '../market/feeds/market-reference'
import {
  DEFAULT_SUSPECT_RULE,
  judgeTick,
  resolveHeld,
  robustScale,
  robustZ,
  type MarketReference,
  type SuspectRuleParams,
} from '../market/feeds/suspect-tick-rule'
import type { PriceStore } from '../market/price-store'
import { REGIME_PROXY } from '../risk/market-regime'

/** The index whose move can confirm an outlier tick (the desk's market proxy, SPY). */
export const CONFIRMING_INDEX = REGIME_PROXY

/** A tick held as suspect: not applied to the book, the risk window, limits or actions until resolved. */
export interface HeldTick {
  /** `SYMBOL@YYYY-MM-DD` (one tick per symbol and market date) */
  readonly id: string
  readonly tick: Tick
  /** the last applied price the suspect return is measured from */
  readonly last: { readonly date: string; readonly close: number; readonly adjClose: number }
  /**
   * the price the suspicion is about: 'adjClose' (the return the risk window would take) or 'close' (the valuation
   * price, compared split-adjusted: a raw close can be wrong while the adjusted close is right)
   */
  readonly basis: 'adjClose' | 'close'
  /** simple return on `basis` against `last` */
  readonly ret: number
  /** robust z-score of ret against the instrument's window */
  readonly z: number
  readonly median: number
  readonly scale: number
  readonly k: number
  readonly references: readonly MarketReference[]
  readonly reason: string
}

/** The book's view the guard reads (BookState satisfies it): last applied prices per factor. */
export interface AppliedPrices {
  readonly lastAdj: ArrayLike<number>
  readonly price: ArrayLike<number>
  readonly lastDate: readonly string[]
}

export type GuardStep =
  /** apply the tick (an ordinary one, an outlier the market confirmed, or a held one the next tick confirmed) */
  | { readonly kind: 'apply'; readonly i: number; readonly tick: Tick; readonly outlier: { readonly z: number; readonly by: MarketReference } | null }
  | { readonly kind: 'hold'; readonly i: number; readonly held: HeldTick }
  /** a held tick resolved by the instrument's next tick; 'confirmed' is followed by its apply step */
  | { readonly kind: 'resolved'; readonly i: number; readonly held: HeldTick; readonly resolution: 'confirmed' | 'reverted'; readonly next: Tick }

export interface TickGuardInit {
  /** the risk factors, index-aligned with BookState and IncrementalRisk */
  readonly symbols: readonly string[]
  /** sector per factor (null when unknown) */
  readonly sectors: readonly (string | null)[]
  /** W x N row-major window of simple returns, t = 0 oldest (copied) */
  readonly returns: Float64Array
  readonly W: number
  /** price history and sector map for the index and sector peers outside the book; null: the batch only */
  readonly market: { readonly store: PriceStore; readonly sectors: ReadonlyMap<string, string> } | null
  readonly params?: SuspectRuleParams
  /**
   * new shares per old share from splits of `symbol` with ex-date in (after, upTo] (1 when none; default: no splits
   * known), so a split's raw-close jump is not taken for a bad print
   */
  readonly splitFactor?: (symbol: string, after: string, upTo: string) => number
}

/**
 * Holds suspect ticks (suspect-tick-rule.ts). Screens each day's validated ticks in feed order and says what to do
 * with each: apply, hold, or resolve a held one with the instrument's next tick (confirmed: the held tick applies,
 * then the new one is judged against it; reverted: the held tick is dropped and the new one judged against the last
 * applied price). Keeps its own copy of the return window (the rows the desk rolls) for the robust scales.
 * Costs: O(W) per tick (the instrument's robust scale, by selection); references only for outliers (O(W) per
 * index or sector peer).
 */
export class TickGuard {
  readonly params: SuspectRuleParams
  private readonly N: number
  private readonly W: number
  /** per factor, a ring of its last W returns */
  private readonly ring: Float64Array
  private head = 0
  private readonly heldBy = new Map<number, HeldTick>()
  /** returns of ticks accepted by hand between frames, folded into the next rolled row */
  private readonly carry = new Map<number, number>()
  private readonly column: Float64Array
  private readonly scratch: Float64Array

  constructor(private readonly init: TickGuardInit) {
    const { W, symbols, returns } = init
    this.N = symbols.length
    this.W = W
    this.params = init.params ?? DEFAULT_SUSPECT_RULE
    if (returns.length !== W * this.N) throw new RangeError(`TickGuard: returns has ${returns.length} entries, expected W x N = ${W * this.N}`)
    // column-major copy: factor i's returns at [i*W, (i+1)*W), oldest at `head`
    this.ring = new Float64Array(W * this.N)
    for (let t = 0; t < W; t++) for (let i = 0; i < this.N; i++) this.ring[i * W + t] = returns[t * this.N + i] as number
    this.column = new Float64Array(W)
    this.scratch = new Float64Array(Math.max(W, 1))
  }

  /** Held ticks in the order they were held. */
  held(): HeldTick[] {
    return [...this.heldBy.values()]
  }

  heldFor(i: number): HeldTick | undefined {
    return this.heldBy.get(i)
  }

  /**
   * What to do with one day's validated ticks (feed order). Pure with respect to the book: `book` is read as it was
   * before the day; the caller applies the steps in order.
   * @param ticks - validated ticks with their factor index
   */
  screen(date: string, ticks: readonly { readonly tick: Tick; readonly i: number }[], book: AppliedPrices): GuardStep[] {
    const steps: GuardStep[] = []
    const batch = new Map<string, { tick: Tick; i: number }>(ticks.map((t) => [t.tick.symbol, t]))
    for (const { tick, i } of ticks) {
      let last = { date: book.lastDate[i] as string, close: book.price[i] as number, adjClose: book.lastAdj[i] as number }
      const held = this.heldBy.get(i)
      if (held) {
        this.heldBy.delete(i)
        const resolution =
          held.basis === 'adjClose'
            ? resolveHeld(held.last.adjClose, held.tick.adjClose, tick.adjClose)
            : resolveHeld(held.last.close, this.closeIn(held.last, held.tick), this.closeIn(held.last, tick))
        steps.push({ kind: 'resolved', i, held, resolution, next: tick })
        if (resolution === 'confirmed') {
          steps.push({ kind: 'apply', i, tick: held.tick, outlier: null })
          last = { date: held.tick.date, close: held.tick.close, adjClose: held.tick.adjClose }
        }
      }
      steps.push(this.judge(date, tick, i, last, batch, book))
    }
    return steps
  }

  /**
   * The day's rolled row: folds the returns of ticks accepted by hand since the last roll into it (in place), then
   * records it in the guard's window. Call with the exact row given to IncrementalRisk.rollDay, before that call.
   */
  rollDay(row: Float64Array): void {
    for (const [i, r] of this.carry) row[i] = (1 + (row[i] as number)) * (1 + r) - 1
    this.carry.clear()
    for (let i = 0; i < this.N; i++) this.ring[i * this.W + this.head] = row[i] as number
    this.head = (this.head + 1) % this.W
  }

  /**
   * Removes a held tick decided by hand. For 'accept' the caller applies `held.tick` and reports its return with
   * `carryReturn`, so the next rolled row carries it.
   * @returns the held tick, or undefined when no tick with that id is held
   */
  take(id: string): { i: number; held: HeldTick } | undefined {
    for (const [i, held] of this.heldBy) {
      if (held.id === id) {
        this.heldBy.delete(i)
        return { i, held }
      }
    }
    return undefined
  }

  /** A tick applied between frames (accepted by hand): its return enters the window with the next rolled row. */
  carryReturn(i: number, r: number): void {
    this.carry.set(i, (1 + (this.carry.get(i) ?? 0)) * (1 + r) - 1)
  }

  private judge(
    date: string,
    tick: Tick,
    i: number,
    last: HeldTick['last'],
    batch: ReadonlyMap<string, { tick: Tick; i: number }>,
    book: AppliedPrices,
  ): GuardStep {
    // both the return the window takes (adjusted close) and the valuation price's move (raw close, split-adjusted)
    const adjRet = tick.adjClose / last.adjClose - 1
    const closeRet = this.closeIn(last, tick) / last.close - 1
    const scale = robustScale(this.columnOf(i), this.scratch)
    const zAdj = robustZ(adjRet, scale)
    const zClose = robustZ(closeRet, scale)
    const basis = Math.abs(zClose) > Math.abs(zAdj) ? 'close' : 'adjClose'
    const [ret, z] = basis === 'close' ? [closeRet, zClose] : [adjRet, zAdj]
    if (Math.abs(z) <= this.params.k) return { kind: 'apply', i, tick, outlier: null }
    const references = this.references(date, tick.symbol, i, batch, book)
    const verdict = judgeTick(z, references, this.params)
    if (verdict.kind === 'confirmed') return { kind: 'apply', i, tick, outlier: { z, by: verdict.by } }
    const reason = verdict.kind === 'suspect' ? verdict.reason : ''
    const held: HeldTick = {
      id: `${tick.symbol}@${tick.date}`,
      tick,
      last,
      basis,
      ret,
      z,
      median: scale.median,
      scale: scale.scale,
      k: this.params.k,
      references,
      reason,
    }
    this.heldBy.set(i, held)
    return { kind: 'hold', i, held }
  }

  /**
   * The index, the sector's median z and the market's median z (every other instrument priced on `date`: the book's
   * that ticked and the price history's), each when available, never counting the instrument itself. The market
   * reference is what confirms the index itself, and a move of the whole market that the index understates.
   */
  private references(
    date: string,
    symbol: string,
    i: number,
    batch: ReadonlyMap<string, { tick: Tick; i: number }>,
    book: AppliedPrices,
  ): MarketReference[] {
    const refs: MarketReference[] = []
    const moves = new Map<string, number | null>()
    const zOf = (s: string): number | null => {
      if (!moves.has(s)) moves.set(s, this.moveOf(s, date, batch, book)?.z ?? null)
      return moves.get(s) ?? null
    }
    const medianOf = (symbols: Iterable<string>): { z: number; n: number } | null => {
      const zs: number[] = []
      for (const s of symbols) {
        const z = s === symbol ? null : zOf(s)
        if (z !== null) zs.push(z)
      }
      return zs.length === 0 ? null : { z: median(zs), n: zs.length }
    }
    if (symbol !== CONFIRMING_INDEX) {
      const index = zOf(CONFIRMING_INDEX)
      if (index !== null) refs.push({ label: `index ${CONFIRMING_INDEX}`, z: index })
    }
    const sector = this.init.sectors[i] ?? this.init.market?.sectors.get(symbol) ?? null
    if (sector !== null) {
      const peers = new Set<string>()
      this.init.symbols.forEach((s, j) => {
        if (j !== i && this.init.sectors[j] === sector) peers.add(s)
      })
      for (const [s, sec] of this.init.market?.sectors ?? []) if (sec === sector && s !== symbol) peers.add(s)
      const m = medianOf(peers)
      if (m) refs.push({ label: `sector ${sector} (median of ${m.n})`, z: m.z })
    }
    const market = medianOf(new Set([...batch.keys(), ...(this.init.market?.store.symbols() ?? [])]))
    if (market) refs.push({ label: `market (median of ${market.n})`, z: market.z })
    return refs
  }

  /** A reference's move on `date`: from this batch when it is a book factor that ticked, else from the price history. */
  private moveOf(symbol: string, date: string, batch: ReadonlyMap<string, { tick: Tick; i: number }>, book: AppliedPrices): Pick<ReferenceMove, 'z'> | null {
    const inBatch = batch.get(symbol)
    if (inBatch) {
      const ret = inBatch.tick.adjClose / (book.lastAdj[inBatch.i] as number) - 1
      return { z: robustZ(ret, robustScale(this.columnOf(inBatch.i), this.scratch)) }
    }
    const store = this.init.market?.store
    return store ? storeMove(store, symbol, date, this.W, this.scratch) : null
  }

  /** A tick's raw close in the share basis of `last` (times the splits since last.date). */
  private closeIn(last: HeldTick['last'], tick: Tick): number {
    return tick.close * (this.init.splitFactor?.(tick.symbol, last.date, tick.date) ?? 1)
  }

  /** Factor i's window, oldest first (copied into a work array). */
  private columnOf(i: number): Float64Array {
    const { W, head, ring, column } = this
    const base = i * W
    column.set(ring.subarray(base + head, base + W), 0)
    column.set(ring.subarray(base, base + head), W - head)
    return column
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >>> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
