import type { PriceStore } from './price-store'

/** Everything the risk figures need from market data: prices, the sector map and known vendor-error flags. */
export interface MarketContext {
  readonly store: PriceStore
  /** symbol -> GICS sector */
  readonly sectors: ReadonlyMap<string, string>
  /** symbol -> flagged dates (quality_flags.csv) */
  readonly qualityFlags: ReadonlyMap<string, readonly { date: string; issue: string }[]>
}

export interface MarketFiles {
  /** long-format price files (date,symbol,close,adj_close,volume), plain or .gz */
  readonly prices: readonly string[]
  /** sectors.csv (symbol -> gics_sector); optional */
  readonly sectors?: string | null
  /** quality_flags.csv; optional */
  readonly qualityFlags?: string | null
}
