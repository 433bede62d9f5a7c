/**
 * The benchmark market: the full S&P 500 daily history (../shared/data/sp500-daily-equities/prices_daily.csv.gz,
 * 2.4 M rows, 504 symbols, 1999-11-01 .. 2021-04-21) with GICS sectors and vendor-error flags, loaded with the
 * app's own loaders.
 */
import { loadPriceFiles } from '../../src-main/market/prices-loader'
import { loadQualityFlags } from '../../src-main/market/quality-flags'
import { loadSectors } from '../../src-main/market/sectors-loader'
import type { MarketContext } from '../../src-main/market/market-context'
import { FLAGS_FILE, PRICES_FILE, SECTORS_FILE } from './paths'
import { nowMs } from './stats'

/**
 * Loads the benchmark market once.
 * @returns the context and the price-load time in ms (cold: the first load of the process).
 * @throws DataFileError / Error from the loaders when the shared data is missing or malformed.
 */
export function loadBenchMarket(): { market: MarketContext; loadMs: number } {
  const t0 = nowMs()
  const store = loadPriceFiles([PRICES_FILE])
  const loadMs = nowMs() - t0
  return { market: { store, sectors: loadSectors(SECTORS_FILE), qualityFlags: loadQualityFlags(FLAGS_FILE) }, loadMs }
}
