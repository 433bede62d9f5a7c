/**
 * The risk report of a book at one as-of date: what `riskdesk risk --json` prints and the desk shows.
 * Conventions: docs/RISK-CONVENTIONS.md. Money in the book's currency, VaR/ES as positive losses, one-day horizon.
 */

export interface PositionRisk {
  readonly symbol: string
  readonly quantity: number
  /** valuation price: raw close on the as-of date */
  readonly price: number
  readonly marketValue: number
  /** |v_i| / gross */
  readonly weight: number
  readonly marginalVaR: number
  readonly componentVaR: number
  /** null when the instrument has no volume data */
  readonly daysToLiquidate: number | null
  readonly unrealisedPnL: number | null
  readonly sector: string | null
}

export interface ExcludedInstrument {
  readonly symbol: string
  readonly reason: string
}

export interface DataQualityEntry {
  readonly symbol: string
  /** days in the window whose price was carried forward */
  readonly filledDays: number
  /** vendor-error flags (quality_flags.csv) whose date falls in the window */
  readonly flags: readonly { date: string; issue: string }[]
}

export interface SectorExposure {
  readonly sector: string
  readonly net: number
  readonly gross: number
  readonly shareOfGross: number
}

export interface RiskReport {
  readonly book: string
  readonly asof: string
  readonly window: number
  readonly confidence: number
  readonly marketValue: { readonly net: number; readonly gross: number }
  readonly volatility: { readonly daily: number }
  readonly var: { readonly historical: number; readonly parametric: number; readonly ewma: number }
  readonly es: { readonly historical: number; readonly parametric: number }
  readonly concentration: {
    readonly hhi: number
    readonly largestWeight: number
    readonly largestSymbol: string | null
    readonly sectors: readonly SectorExposure[]
  }
  readonly liquidity: { readonly participation: number; readonly maxDaysToLiquidate: number | null; readonly advDays: number }
  readonly pnl: { readonly unrealised: number }
  readonly positions: readonly PositionRisk[]
  readonly excluded: readonly ExcludedInstrument[]
  readonly dataQuality: readonly DataQualityEntry[]
}
