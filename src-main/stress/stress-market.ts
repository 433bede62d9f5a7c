/**
 * The market data of a stress run: the valuation context (as-of closes, sectors, VIX) and one level series per risk
 * factor over all the history there is: the instruments' adjusted closes (the bundled 2005-2021 prices, extended
 * back to 2000 by assets/data/stress when the prices are the bundled ones), the S&P 500 index (`^SPX`, from 1979) and
 * the 10 French industry wealth indices (`FF10:<industry>`, from 1979).
 */
import { join } from 'node:path'
import { assetsDir } from '../market/bundled-data'
import type { MarketContext } from '../market/market-context'
import { PriceStore, type SymbolSeries } from '../market/price-store'
import { loadVix, type VixSeries } from '../market/vix-loader'
import { INDEX_SYMBOL, INDUSTRIES, INDUSTRY_PREFIX } from './sector-industry'
import { loadAdjustedCloses, loadIndexLevels, loadPercentReturnLevels, type LevelSeries } from './stress-files'

export interface StressFiles {
  /** date,close of the S&P 500 index */
  readonly index: string
  /** date + the 10 industries, percent returns */
  readonly industries: string
  /** date,symbol,adj_close before the main prices (bundled prices only) */
  readonly earlyAdjClose?: string | null
  /** date,close of the VIX before the main VIX file (bundled prices only) */
  readonly earlyVix?: string | null
}

/** The files in assets/data/stress. @throws Error when the bundled data cannot be found */
export function bundledStressFiles(resourcesDir?: string): Required<StressFiles> {
  const dir = join(assetsDir(resourcesDir), 'data', 'stress')
  return {
    index: join(dir, 'sp500_index_daily.csv.gz'),
    industries: join(dir, 'industry10_vw_daily.csv.gz'),
    earlyAdjClose: join(dir, 'adj_close_2000_2004.csv.gz'),
    earlyVix: join(dir, 'vix_1990_2004.csv.gz'),
  }
}

export interface StressMarket {
  /** valuation at the as-of date: raw closes, sectors, quality flags */
  readonly market: MarketContext
  /** every factor's level series by factor symbol */
  readonly levels: ReadonlyMap<string, LevelSeries>
  /** the same series as a PriceStore (close = adjClose = level, volume NaN) for aligned return windows (betas) */
  readonly factorStore: PriceStore
  /** the scenario calendar: the S&P 500 index's trading dates */
  readonly calendar: readonly string[]
  /** VIX closes over all the history there is, or null */
  readonly vix: VixSeries | null
  /** which files were used (saved with results) */
  readonly dataVersion: string
}

/** Prepends `early` rows dated before the first date of `main` (one instrument, one adjustment basis). */
function prepend(early: LevelSeries | undefined, main: LevelSeries): LevelSeries {
  if (!early || early.dates.length === 0) return main
  const first = main.dates[0]
  let k = 0
  while (k < early.dates.length && (first === undefined || early.dates[k]! < first)) k++
  if (k === 0) return main
  const level = new Float64Array(k + main.level.length)
  level.set(early.level.subarray(0, k))
  level.set(main.level, k)
  return { dates: [...early.dates.slice(0, k), ...main.dates], level }
}

/**
 * Builds the stress market from a loaded MarketContext and the long-history files.
 * @param files - index and industries always; the early files only when `market` holds the bundled prices (they
 *   continue the same adjustment basis)
 * @throws DataFileError naming file, line and field for a malformed file
 */
export function buildStressMarket(market: MarketContext, files: StressFiles, dataVersion: string): StressMarket {
  const levels = new Map<string, LevelSeries>()
  const early = files.earlyAdjClose ? loadAdjustedCloses(files.earlyAdjClose) : new Map<string, LevelSeries>()
  for (const sym of market.store.symbols()) {
    const s = market.store.get(sym)!
    levels.set(sym, prepend(early.get(sym), { dates: s.dates, level: s.adjClose }))
  }
  const index = loadIndexLevels(files.index)
  levels.set(INDEX_SYMBOL, index)
  for (const [name, series] of loadPercentReturnLevels(files.industries, INDUSTRIES)) levels.set(`${INDUSTRY_PREFIX}${name}`, series)

  let vix: VixSeries | null = market.vix ?? null
  if (files.earlyVix) {
    const e = loadVix(files.earlyVix)
    const merged = prepend({ dates: e.dates, level: e.close }, vix ? { dates: vix.dates, level: vix.close } : { dates: [], level: new Float64Array(0) })
    vix = { dates: merged.dates, close: merged.level }
  }
  const series: SymbolSeries[] = [...levels].map(([symbol, s]) => ({ symbol, dates: s.dates, close: s.level, adjClose: s.level, volume: new Float64Array(s.level.length).fill(NaN) }))
  return { market, levels, factorStore: new PriceStore(series), calendar: index.dates, vix, dataVersion }
}
