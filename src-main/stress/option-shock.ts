/**
 * Full revaluation of an option position under a move of its underlying and a scale of its implied volatility, time
 * to expiry held at the as-of date (an instantaneous shock). Black-Scholes-Merton as risk/option-pricing.ts.
 */
import type { BsmInput } from '../engine/black-scholes'
import { spotRepricer } from '../risk/option-pricing'

/**
 * P&L per share of the underlying: BSM(S0 (1 + r), σ k) − BSM(S0, σ). At 1 + r <= 0 the spot limit S -> 0 is used.
 * @param input - the option at the as-of date (spot S0, implied vol σ)
 * @param price0 - its as-of price
 * @param r - the underlying's return; k - the implied-vol multiplier (> 0)
 */
export function optionShockPnL(input: BsmInput, price0: number, r: number, k: number): number {
  const reprice = spotRepricer(k === 1 ? input : { ...input, vol: input.vol * k })
  return reprice(input.spot * (1 + r)) - price0
}
