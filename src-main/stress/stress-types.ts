/**
 * Result shapes of the Stress Lab (CLI `riskdesk stress --json`, reports, the Stress Lab view). Money in the book's
 * currency, returns and fractions as decimals (−0.2 = −20 %). Conventions: docs/RISK-CONVENTIONS.md "Stress tests".
 */
import type { ExcludedInstrument } from '@shared/domain/risk-report'

export type ScenarioKind = 'historical' | 'hypothetical' | 'generated'

export interface StressPositionResult {
  readonly symbol: string
  readonly sector: string
  /** market value at the as-of date */
  readonly marketValue: number
  /** scenario P&L of the position */
  readonly pnl: number
  /** the return applied to the instrument (an option: its underlying) over the scenario */
  readonly return: number
  /** true when the instrument had no data in the window and moved as β x its proxy */
  readonly proxied: boolean
  /** the proxy factor (SPY, ^SPX or FF10:<industry>) or null */
  readonly proxy: string | null
  /** β to the proxy over the 250 returns before the as-of date, or null when not proxied */
  readonly beta: number | null
}

export interface ValuePath {
  /** base date first, then each trading day of the window */
  readonly dates: readonly string[]
  /** cumulative book P&L, 0 at the base date */
  readonly pnl: readonly number[]
}

export interface ScenarioResult {
  readonly id: string
  readonly name: string
  readonly kind: ScenarioKind
  /** window start (historical) or null */
  readonly start: string | null
  readonly end: string | null
  readonly pnl: number
  /** pnl / net market value of the included positions; null when that value is not > 0 */
  readonly pnlPct: number | null
  readonly worstDay: { readonly date: string; readonly pnl: number } | null
  /** maximum drawdown of the value path as a fraction of its peak (null when not defined: no path, or value <= 0) */
  readonly maxDrawdown: number | null
  /** the same drawdown in money */
  readonly maxDrawdownAmount: number | null
  /** trading days from the trough back to the peak value, searched to the end of the data; null: not recovered */
  readonly timeToRecover: { readonly days: number; readonly date: string } | null
  readonly positions: readonly StressPositionResult[]
  readonly sectors: readonly { readonly sector: string; readonly pnl: number }[]
  readonly path: ValuePath | null
  /** VIX(end)/VIX(base) applied to option implied vols; null when VIX is missing on either date */
  readonly volScale: number | null
  readonly excluded: readonly ExcludedInstrument[]
  /** what was applied and any figure left out, with the reason */
  readonly notes: readonly string[]
  /** extra figures of hypothetical and generated scenarios */
  readonly extra?: Readonly<Record<string, unknown>>
}
