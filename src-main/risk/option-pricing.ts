/**
 * Valuation of the option rows of a book: Black-Scholes-Merton on the underlying's raw close with the row's implied
 * volatility, time to expiry in years ACT/365 from the as-of date. Conventions: docs/RISK-MEASURES.md, "Options in
 * books".
 */
import type { OptionContract } from '@shared/domain/book'
import { blackScholes, type BsmInput, type BsmResult } from '../engine/black-scholes'
import { standardNormalCdf } from '../engine/distributions'

/** Day-count denominator of ACT/365 (Fixed). */
export const DAYS_PER_YEAR = 365
const MS_PER_DAY = 86_400_000

/** Days from `from` to `to` (both YYYY-MM-DD, calendar days, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY)
}

/**
 * Year fraction ACT/365 Fixed: actual calendar days from `from` to `to`, divided by 365.
 * @throws RangeError when a date does not parse as YYYY-MM-DD
 * Source: ISDA 2006 Definitions, section 4.16(d) (Actual/365 (Fixed)).
 */
export function yearFractionAct365(from: string, to: string): number {
  const days = daysBetween(from, to)
  if (!Number.isFinite(days)) throw new RangeError(`yearFractionAct365: invalid date ${from} or ${to}`)
  return days / DAYS_PER_YEAR
}

/** The Black-Scholes-Merton input of an option at one as-of date on the underlying's close `spot`. */
export function optionBsmInput(contract: OptionContract, spot: number, asof: string): BsmInput {
  return {
    type: contract.optionType,
    spot,
    strike: contract.strike,
    expiry: yearFractionAct365(asof, contract.expiry),
    rate: contract.rate,
    dividendYield: contract.dividendYield,
    vol: contract.impliedVol,
  }
}

/**
 * Price and Greeks (per share of the underlying) of an option at the as-of date: engine/black-scholes.ts on
 * optionBsmInput(contract, spot, asof).
 * @throws RangeError from blackScholes (spot <= 0, an expiry before the as-of date, ...)
 */
export function priceOption(contract: OptionContract, spot: number, asof: string): BsmResult {
  return blackScholes(optionBsmInput(contract, spot, asof))
}

/**
 * A price-only Black-Scholes-Merton function of the spot for one option, every other input fixed (time to expiry,
 * implied vol, r, q): the scenario repricer of historical and Monte Carlo full revaluation, where Greeks are not needed
 * and the constants are computed once. Same formula as engine blackScholes (call = S e^{−qT} N(d1) − K e^{−rT} N(d2),
 * put = K e^{−rT} N(−d2) − S e^{−qT} N(−d1)); at S <= 0 (a return of −100 % or worse) it returns the S → 0 limit
 * (call 0, put K e^{−rT}).
 * @param input - the option at the as-of date; expiry > 0 and vol > 0 (a live option)
 * @throws RangeError when expiry or vol is not > 0
 * Source: Black & Scholes (1973); Merton (1973).
 */
export function spotRepricer(input: BsmInput): (spot: number) => number {
  const { strike: K, expiry: T, rate: r, dividendYield: q, vol } = input
  if (!(T > 0 && vol > 0)) throw new RangeError(`spotRepricer: expiry (${T}) and vol (${vol}) must be > 0`)
  const sst = vol * Math.sqrt(T)
  const drift = (r - q + 0.5 * vol * vol) * T
  const dq = Math.exp(-q * T)
  const kdr = K * Math.exp(-r * T)
  if (input.type === 'call') {
    return (S) => {
      if (!(S > 0)) return 0
      const d1 = (Math.log(S / K) + drift) / sst
      return S * dq * standardNormalCdf(d1) - kdr * standardNormalCdf(d1 - sst)
    }
  }
  return (S) => {
    if (!(S > 0)) return kdr
    const d1 = (Math.log(S / K) + drift) / sst
    return kdr * standardNormalCdf(sst - d1) - S * dq * standardNormalCdf(-d1)
  }
}
