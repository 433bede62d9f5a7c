import { loadCorporateActions } from './corporate-actions'
import { loadPriceFiles } from './prices-loader'
import { loadQualityFlags } from './quality-flags'
import { loadSectors } from './sectors-loader'
import type { MarketContext, MarketFiles } from './market-context'
import { loadVix } from './vix-loader'

/**
 * Loads prices, sectors, quality flags and (when given) the VIX history into one MarketContext.
 * @throws DataFileError naming file, line and field for malformed input; Error for unreadable files.
 */
export function loadMarket(files: MarketFiles): MarketContext {
  return {
    store: loadPriceFiles(files.prices),
    sectors: files.sectors ? loadSectors(files.sectors) : new Map(),
    qualityFlags: files.qualityFlags ? loadQualityFlags(files.qualityFlags) : new Map(),
    vix: files.vix ? loadVix(files.vix) : null,
    corporateActions: files.corporateActions ? loadCorporateActions(files.corporateActions) : null,
  }
}
