import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { MarketFiles } from '../market/market-context'

/**
 * The data RiskDesk ships in assets/ (a compact real S&P 500 subset with its PROVENANCE.md). Found relative to the
 * running code: out/main/*.js and src-main/cli/*.ts both sit two levels below the project root; a packaged app
 * passes its resources directory.
 */
export function assetsDir(resourcesDir?: string): string {
  const candidates = [resourcesDir && join(resourcesDir, 'assets'), resolve(__dirname, '../../assets'), resolve(process.cwd(), 'assets')]
  for (const c of candidates) if (c && existsSync(join(c, 'data', 'prices_daily.csv.gz'))) return c
  throw new Error('bundled market data not found (assets/data/prices_daily.csv.gz)')
}

export function bundledMarketFiles(resourcesDir?: string): Required<MarketFiles> {
  const dir = join(assetsDir(resourcesDir), 'data')
  return {
    prices: [join(dir, 'prices_daily.csv.gz')],
    sectors: join(dir, 'sectors.csv'),
    qualityFlags: join(dir, 'quality_flags.csv'),
  }
}
