import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { MarketFiles } from './market-context'

/**
 * The first of `start` and its ancestors (at most `levels` up) that contains `relative`, or null. Bundled code may
 * run from out/main or out/main/chunks, and tests from src-main/*, so paths are found rather than assumed.
 */
export function findInAncestors(start: string, relative: string, levels = 5): string | null {
  let dir = start
  for (let k = 0; k <= levels; k++) {
    if (existsSync(join(dir, relative))) return dir
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return null
}

/**
 * The folder of the data RiskDesk ships (assets/: a compact real S&P 500 subset with its PROVENANCE.md, the demo
 * book). A packaged app passes its resources directory; otherwise it is found above the running code.
 * @throws Error when the bundled data cannot be found
 */
export function assetsDir(resourcesDir?: string): string {
  const marker = join('assets', 'data', 'prices_daily.csv.gz')
  const root = (resourcesDir && findInAncestors(resourcesDir, marker, 0)) || findInAncestors(__dirname, marker) || findInAncestors(process.cwd(), marker, 0)
  if (!root) throw new Error('bundled market data not found (assets/data/prices_daily.csv.gz)')
  return join(root, 'assets')
}

export function bundledMarketFiles(resourcesDir?: string): Required<MarketFiles> {
  const dir = join(assetsDir(resourcesDir), 'data')
  return {
    prices: [join(dir, 'prices_daily.csv.gz')],
    sectors: join(dir, 'sectors.csv'),
    qualityFlags: join(dir, 'quality_flags.csv'),
    vix: join(dir, 'vix_daily.csv'),
    corporateActions: join(dir, 'corporate_actions.csv'),
  }
}
