import { basename } from 'node:path'
import { bundledMarketFiles } from '../market/bundled-data'
import { loadMarket } from '../market/load-market'
import { bundledStressFiles, buildStressMarket, type StressMarket } from './stress-market'

export interface StressMarketArgs {
  /** price files (date,symbol,close,adj_close,volume); the bundled prices when absent */
  readonly prices?: readonly string[]
  /** sectors file; the bundled sectors when the prices are bundled */
  readonly sectors?: string
  /** a packaged app's resources directory */
  readonly resourcesDir?: string
}

/**
 * The stress market of a CLI run or a host request: the given or bundled prices, the bundled VIX (a market-wide series,
 * kept with any prices), and assets/data/stress. The pre-2005 adjusted closes are added only to the bundled prices
 * (they continue that adjustment basis).
 * @throws DataFileError naming file, line and field for a malformed file; Error when the bundled data are missing
 */
export function loadStressMarket(args: StressMarketArgs = {}): StressMarket {
  const bundled = bundledMarketFiles(args.resourcesDir)
  const files = bundledStressFiles(args.resourcesDir)
  const custom = args.prices !== undefined && args.prices.length > 0
  const market = loadMarket({
    prices: custom ? args.prices! : bundled.prices,
    sectors: args.sectors ?? (custom ? null : bundled.sectors),
    qualityFlags: custom ? null : bundled.qualityFlags,
    vix: bundled.vix,
  })
  const version = [...(custom ? args.prices!.map((p) => basename(p)) : ['assets/data (bundled)']), 'assets/data/stress'].join(' + ')
  return buildStressMarket(market, { ...files, earlyAdjClose: custom ? null : files.earlyAdjClose }, version)
}
