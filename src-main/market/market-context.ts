import type { CorporateActions } from './corporate-actions'
import type { PriceStore } from './price-store'
import type { VixSeries } from './vix-loader'

/** Everything the risk figures need from market data: prices, the sector map and known vendor-error flags. */
export interface MarketContext {
  readonly store: PriceStore
  /** symbol -> GICS sector */
  readonly sectors: ReadonlyMap<string, string>
  /** symbol -> flagged dates (quality_flags.csv) */
  readonly qualityFlags: ReadonlyMap<string, readonly { date: string; issue: string }[]>
  /** the VIX closes (desk regime display); absent or null when no VIX file was given */
  readonly vix?: VixSeries | null
  /** splits by symbol and ex-date (corporate_actions.csv); absent or null when no file was given */
  readonly corporateActions?: CorporateActions | null
}

export interface MarketFiles {
  /** long-format price files (date,symbol,close,adj_close,volume), plain or .gz */
  readonly prices: readonly string[]
  /** sectors.csv (symbol -> gics_sector); optional */
  readonly sectors?: string | null
  /** quality_flags.csv; optional */
  readonly qualityFlags?: string | null
  /** vix_daily.csv (date,close at least); optional */
  readonly vix?: string | null
  /** corporate_actions.csv (date,symbol,split_coefficient at least); optional */
  readonly corporateActions?: string | null
}
