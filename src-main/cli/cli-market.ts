import { bundledMarketFiles } from '../market/bundled-data'
import { loadMarket } from '../market/load-market'
import type { MarketContext } from '../market/market-context'

/**
 * Market data for a CLI command: the files the user named, or the bundled data. Sectors, quality flags and VIX come
 * from the bundle only when the prices do too (bundled sectors do not describe someone else's price file).
 * @throws DataFileError naming file, line and field for malformed input
 */
export function loadCliMarket(args: { readonly prices?: readonly string[]; readonly sectors?: string; readonly flags?: string }): MarketContext {
  const bundled = bundledMarketFiles()
  const custom = args.prices !== undefined
  return loadMarket({
    prices: args.prices ?? bundled.prices,
    sectors: args.sectors ?? (custom ? null : bundled.sectors),
    qualityFlags: args.flags ?? (custom ? null : bundled.qualityFlags),
    vix: custom ? null : bundled.vix,
    corporateActions: custom ? null : bundled.corporateActions,
  })
}
