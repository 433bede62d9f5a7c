/**
 * Where the benchmarks read data and write results. The bundles run from out/bench/ (shared code from
 * out/bench/chunks/), so the project root is found by walking up to the directory holding package.json; the real
 * market data is the shared read-only copy beside the project (../shared/data), overridable with RISKDESK_SHARED_DATA.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

function findProjectRoot(from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`bench: no package.json above ${from}`)
    dir = up
  }
  return dir
}

export const PROJECT_ROOT = findProjectRoot(__dirname)
export const SHARED_DATA = process.env.RISKDESK_SHARED_DATA ?? resolve(PROJECT_ROOT, '..', 'shared', 'data')
export const PRICES_FILE = resolve(SHARED_DATA, 'sp500-daily-equities', 'prices_daily.csv.gz')
export const SECTORS_FILE = resolve(SHARED_DATA, 'sp500-gics-sectors', 'sectors.csv')
export const FLAGS_FILE = resolve(SHARED_DATA, 'sp500-daily-equities', 'quality_flags.csv')
/** Scratch output of the bench run (under out/, gitignored): bundles, per-bench JSON, matrices for the NumPy reference. */
export const OUT_DIR = resolve(PROJECT_ROOT, 'out', 'bench')
