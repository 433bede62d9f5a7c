/**
 * The desk's view of a book's risk after one frame (one market day in replay, one coalesced batch live).
 * Money in the book's currency; VaR/ES positive one-day losses at the session's confidence.
 */
export interface PositionState {
  readonly symbol: string
  readonly quantity: number
  /** raw close (linear), or the Black-Scholes-Merton price per share (option) */
  readonly price: number
  readonly value: number
  readonly weight: number
  /** Euler component of the delta-normal VaR: dollar delta × marginal VaR of the factor */
  readonly componentVaR: number
  readonly daysToLiquidate: number | null
  /** units (P - cost), or against the session's first price when the book gives no cost */
  readonly unrealisedPnL: number
  readonly sector: string | null
  /** 'option' for an option row; absent for a linear position */
  readonly kind?: 'linear' | 'option'
}

/** A position of the book left out of the figures, with the reason (never valued as 0). */
export interface ExcludedPosition {
  readonly symbol: string
  readonly reason: string
}

export interface RiskState {
  readonly date: string
  readonly net: number
  readonly gross: number
  readonly sigma: number
  readonly var: { readonly historical: number; readonly parametric: number; readonly ewma: number }
  readonly es: { readonly historical: number; readonly parametric: number }
  readonly hhi: number
  /**
   * The linear holdings per risk factor, index-aligned with BookState and IncrementalRisk (what the action planner
   * cuts and the per-position limits read). A factor held only through options has a zero row.
   */
  readonly positions: readonly PositionState[]
  /**
   * every valued position in book order: linear positions and option rows (the positions table, the frame); absent
   * in hand-made states, where `positions` are the rows
   */
  readonly rows?: readonly PositionState[]
  /** positions of the book the figures leave out, with the reason (absent: none) */
  readonly excluded?: readonly ExcludedPosition[]
  /** true when any position of the book is excluded: the figures cover part of the book (absent: false) */
  readonly partial?: boolean
}
