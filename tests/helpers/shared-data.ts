/**
 * The one way a test reaches the real market data in ../shared/data (beside the repository, read-only; overridable
 * with RISKDESK_SHARED_DATA, as in bench/lib/paths.ts).
 *
 * A fresh clone has no ../shared: every test that needs it is then SKIPPED with a one-line reason naming the missing
 * path, so `npm test` passes anywhere. CI sets RISKDESK_REQUIRE_SHARED_DATA=1 (.ci/run): a missing path then FAILS the
 * test instead, so the real-data checks can never vanish silently.
 *
 * Usage (resolve once at the top of the file; nothing is read until a gated test runs):
 *   const shared = sharedData({ prices: 'sp500-daily-equities/prices_daily.csv.gz' })
 *   shared.describe('the full file', () => { ... shared.paths.prices ... })   // or shared.it(...)
 */
import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { describe as vDescribe, it as vIt, type TestFunction } from 'vitest'

/** The repository root (tests/helpers/ is two levels down). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..')
/** ../shared/data relative to the repository root, unless RISKDESK_SHARED_DATA names another directory. */
export const SHARED_DATA_DIR = process.env.RISKDESK_SHARED_DATA ? resolve(process.env.RISKDESK_SHARED_DATA) : resolve(REPO_ROOT, '..', 'shared', 'data')
/** True when a missing shared file must fail the test rather than skip it (CI). */
export const REQUIRE_SHARED_DATA = process.env.RISKDESK_REQUIRE_SHARED_DATA === '1'

/** Resolved shared files, whether all exist, and how to register tests that need them. */
export interface SharedData<K extends string> {
  /** absolute paths, one per requested key */
  readonly paths: Readonly<Record<K, string>>
  /** the paths (as given, under the shared data directory) that do not exist */
  readonly missing: readonly string[]
  readonly available: boolean
  /** one line naming the first missing path and where it was looked for; '' when available */
  readonly reason: string
  /** `describe(title, fn)` when available; otherwise one test that skips (or fails under REQUIRE) with `reason`. */
  describe(title: string, fn: () => void): void
  /** `it(title, fn)` when available; otherwise a test that skips (or fails under REQUIRE) with `reason`. */
  it(title: string, fn: TestFunction, timeout?: number): void
}

/**
 * Resolves `files` (paths relative to the shared data directory, e.g. 'multi-asset-daily/vix_daily.csv') and checks
 * that each exists. Never throws; the gated tests do the reporting.
 */
export function sharedData<K extends string>(files: Readonly<Record<K, string>>): SharedData<K> {
  const paths = Object.fromEntries(Object.entries<string>(files).map(([k, rel]) => [k, resolve(SHARED_DATA_DIR, rel)])) as Record<K, string>
  const missing = Object.values<string>(files).filter((rel) => !existsSync(resolve(SHARED_DATA_DIR, rel)))
  const available = missing.length === 0
  const reason = available ? '' : missingReason(missing)

  // A stand-in test keeps the skip (or the failure) visible in the report with its reason, and never runs the real
  // body, whose collection may already read the data (describe.each bodies, module-level loads inside the describe).
  const standIn = (title: string): void => {
    if (REQUIRE_SHARED_DATA) {
      vIt(title, () => {
        throw new Error(`${reason} (RISKDESK_REQUIRE_SHARED_DATA=1)`)
      })
    } else vIt(title, (ctx) => ctx.skip(reason))
  }

  return {
    paths,
    missing,
    available,
    reason,
    describe(title, fn) {
      if (available) vDescribe(title, fn)
      else vDescribe(title, () => standIn('needs ../shared/data'))
    },
    it(title, fn, timeout) {
      if (available) vIt(title, fn, timeout)
      else standIn(title)
    },
  }
}

function missingReason(missing: readonly string[]): string {
  const first = resolve(SHARED_DATA_DIR, missing[0]!)
  const shown = relative(REPO_ROOT, first)
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''
  return `shared data missing: ${shown} not found at ${first}${more}`
}
