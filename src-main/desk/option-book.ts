import type { OptionContract, Position } from '@shared/domain/book'
import type { IncrementalRisk } from '../engine/incremental-risk'
import type { BookValuation } from '../risk/book-valuation'
import { priceOption, spotRepricer, optionBsmInput } from '../risk/option-pricing'

/** One live option position of the desk, valued at the last revaluation. */
export interface LiveOption {
  readonly position: Position
  /** the contract terms in force (strike and multiplier are adjusted on a split of the underlying) */
  contract: OptionContract
  /** index of the underlying among the risk engine's factors */
  readonly factor: number
  /** quantity × multiplier: shares of the underlying the position is written on */
  units: number
  /** cost per share of the underlying (the book's cost, adjusted on splits), null when the book gives none */
  cost: number | null
  /** Black-Scholes-Merton price per share at the last revaluation */
  price: number
  /** underlying's raw close at the last revaluation */
  spot: number
  /** ∂V/∂r = units × delta × spot at the last revaluation (currency per unit return) */
  dollarDelta: number
  /** price at the session start: the P&L reference when the book gives no cost */
  startPrice: number
  /** the row's sector, else the underlying's */
  readonly sector: string | null
}

/** An option that reached its expiry date and left the book, settled in cash at intrinsic value. */
export interface OptionSettlement {
  readonly symbol: string
  readonly underlying: string
  readonly optionType: 'call' | 'put'
  readonly strike: number
  readonly expiry: string
  /** market date the settlement is booked on (the first replayed date on or after the expiry) */
  readonly date: string
  readonly quantity: number
  readonly multiplier: number
  /** the underlying's close the intrinsic value is taken on */
  readonly underlyingPrice: number
  /** max(S − K, 0) for a call, max(K − S, 0) for a put, per share */
  readonly intrinsic: number
  /** units × intrinsic: cash received (> 0) or paid (< 0) */
  readonly cash: number
  /** units × (intrinsic − cost, or the session's start price without a cost) */
  readonly realisedPnL: number
}

/**
 * The option positions of a live book, revalued like the full recompute (risk/book-valuation.ts,
 * risk/scenario-pnl.ts): Black-Scholes-Merton on the underlying's raw close, T = ACT/365 from the market date to the
 * expiry, implied vol, r and q from the book row; in each historical scenario t the option is repriced fully at
 * S (1 + r_t) with T and vol held. The risk engine carries, per factor, v = linear value + Σ dollar deltas (the
 * parametric figures and the Euler decomposition, as the full recompute), and per option a scenario overlay
 * units × (P(S (1 + r_t)) − P(S)) − dollarDelta × r_t, so that the historical P&L is exactly the full revaluation.
 * Cost: O(W) per option per revaluation.
 */
export class OptionBook {
  readonly live: LiveOption[] = []
  /** Σ dollar delta of the live options per factor, kept with each revaluation, settlement and split */
  private readonly deltaByFactor: Float64Array

  /** @param val - the book valued at the session's start date (options expiring on or before it are excluded there) */
  constructor(val: BookValuation) {
    this.deltaByFactor = new Float64Array(val.M)
    for (const vp of val.positions) {
      if (vp.option === null || vp.position.option === undefined) continue
      this.live.push({
        position: vp.position,
        contract: vp.position.option,
        factor: vp.factor,
        units: vp.units,
        cost: vp.position.cost ?? null,
        price: vp.price,
        spot: vp.spot,
        dollarDelta: vp.dollarDelta,
        startPrice: vp.price,
        sector: vp.sector,
      })
    }
    this.sumDeltas()
  }

  /** Σ dollar delta of the live options on factor f (O(1): a tick of a linear position stays O(W + N)). */
  dollarDeltaOn(f: number): number {
    return this.deltaByFactor[f] ?? 0
  }

  private sumDeltas(): void {
    this.deltaByFactor.fill(0)
    for (const o of this.live) this.deltaByFactor[o.factor]! += o.dollarDelta
  }

  /** The factors that carry at least one live option. */
  factors(): Set<number> {
    return new Set(this.live.map((o) => o.factor))
  }

  /**
   * Options whose expiry is on or before `date` leave the book, settled at intrinsic value: on the underlying's close
   * of `date` when `date` is the expiry, else (the expiry fell on a day the feed did not deliver) on the last close
   * seen before `date`. Their scenario overlays are removed from the risk engine.
   * @param spotNow - the factor's raw close after today's ticks
   */
  settleExpired(date: string, spotNow: (f: number) => number, risk: IncrementalRisk): OptionSettlement[] {
    const out: OptionSettlement[] = []
    for (let k = this.live.length - 1; k >= 0; k--) {
      const o = this.live[k]!
      if (o.contract.expiry > date) continue
      const S = o.contract.expiry === date ? spotNow(o.factor) : o.spot
      const K = o.contract.strike
      const intrinsic = o.contract.optionType === 'call' ? Math.max(S - K, 0) : Math.max(K - S, 0)
      const ref = o.cost ?? o.startPrice
      out.unshift({
        symbol: o.position.symbol,
        underlying: o.contract.underlying,
        optionType: o.contract.optionType,
        strike: K,
        expiry: o.contract.expiry,
        date,
        quantity: o.position.quantity,
        multiplier: o.contract.multiplier,
        underlyingPrice: S,
        intrinsic,
        cash: o.units * intrinsic,
        realisedPnL: o.units * (intrinsic - ref),
      })
      this.live.splice(k, 1)
      risk.removeScenarioOverlay(o.position.symbol)
    }
    if (out.length > 0) this.sumDeltas()
    return out
  }

  /**
   * Revalues every live option at `date` on its underlying's close and sets its scenario overlay in the risk engine
   * (the window's factor returns as they stand, so call it after rollDay). O(W) per option. With `onlyFactor`, only
   * the options on that factor (an underlying's tick between frames).
   * @throws RangeError from Black-Scholes-Merton for an option at or past its expiry (settle those first)
   */
  revalue(date: string, spotOf: (f: number) => number, risk: IncrementalRisk, onlyFactor?: number): void {
    const returns = new Map<number, Float64Array>()
    for (const o of this.live) {
      if (onlyFactor !== undefined && o.factor !== onlyFactor) continue
      const S = spotOf(o.factor)
      const res = priceOption(o.contract, S, date)
      o.spot = S
      o.price = res.price
      o.dollarDelta = o.units * res.delta * S
      let r = returns.get(o.factor)
      if (r === undefined) {
        r = risk.factorReturns(o.factor)
        returns.set(o.factor, r)
      }
      const P = spotRepricer(optionBsmInput(o.contract, S, date))
      const base = P(S)
      const col = new Float64Array(r.length)
      for (let t = 0; t < r.length; t++) col[t] = o.units * (P(S * (1 + r[t]!)) - base) - o.dollarDelta * r[t]!
      risk.setScenarioOverlay(o.position.symbol, col)
    }
    this.sumDeltas()
  }

  /** Unrealised P&L of a live option: units × (price − cost, or the session's start price without a cost). */
  unrealised(o: LiveOption): number {
    return o.units * (o.price - (o.cost ?? o.startPrice))
  }

  /**
   * A split of factor f by `ratio` (4 for 4:1): each option on it is adjusted as the OCC adjusts listed contracts,
   * strike ÷ ratio and deliverable (multiplier) × ratio, so the position's value is unchanged at the pre-split price;
   * cost and start price per share ÷ ratio. Values are revalued at the end of the day.
   * @returns the symbols adjusted
   */
  applySplit(f: number, ratio: number): string[] {
    const out: string[] = []
    for (const o of this.live) {
      if (o.factor !== f) continue
      o.contract = { ...o.contract, strike: o.contract.strike / ratio, multiplier: o.contract.multiplier * ratio }
      o.units *= ratio
      o.cost = o.cost === null ? null : o.cost / ratio
      o.startPrice /= ratio
      o.price /= ratio
      o.spot /= ratio
      out.push(o.position.symbol)
    }
    return out
  }
}
