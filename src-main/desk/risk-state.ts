/**
 * The desk's view of a book's risk after one frame (one market day in replay, one coalesced batch live).
 * Money in the book's currency; VaR/ES positive one-day losses at the session's confidence.
 */
export interface PositionState {
  readonly symbol: string
  readonly quantity: number
  readonly price: number
  readonly value: number
  readonly weight: number
  readonly componentVaR: number
  readonly daysToLiquidate: number | null
  /** q (P - cost), or against the session's first price when the book gives no cost */
  readonly unrealisedPnL: number
  readonly sector: string | null
}

export interface RiskState {
  readonly date: string
  readonly net: number
  readonly gross: number
  readonly sigma: number
  readonly var: { readonly historical: number; readonly parametric: number; readonly ewma: number }
  readonly es: { readonly historical: number; readonly parametric: number }
  readonly hhi: number
  readonly positions: readonly PositionState[]
}
