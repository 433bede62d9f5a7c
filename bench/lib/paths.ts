/**
 * Where the benchmarks read data and write results. The bundles run from bench/.out/, so the project root is two
 * levels up; the real market data is the shared read-only copy beside the project (../shared/data), overridable
 * with RISKDESK_SHARED_DATA.
 */
import { resolve } from 'node:path'

export const PROJECT_ROOT = resolve(__dirname, '..', '..')
export const SHARED_DATA = process.env.RISKDESK_SHARED_DATA ?? resolve(PROJECT_ROOT, '..', 'shared', 'data')
export const PRICES_FILE = resolve(SHARED_DATA, 'sp500-daily-equities', 'prices_daily.csv.gz')
export const SECTORS_FILE = resolve(SHARED_DATA, 'sp500-gics-sectors', 'sectors.csv')
export const FLAGS_FILE = resolve(SHARED_DATA, 'sp500-daily-equities', 'quality_flags.csv')
/** Scratch output of the bench run (gitignored): matrices exported for the NumPy reference, per-bench JSON. */
export const OUT_DIR = resolve(PROJECT_ROOT, 'bench', '.out')
