/**
 * The gate of tests that need a real PostgreSQL (started by postgres-server.ts): they register through
 * `postgres.describe` / `postgres.it`. Without the binaries they SKIP with a one-line reason, and FAIL when
 * RISKDESK_REQUIRE_POSTGRES=1 (.ci/run sets it), so they cannot vanish silently in CI.
 */
import { describe as vDescribe, it as vIt, type TestFunction } from 'vitest'
import { POSTGRES_AVAILABLE, postgresMissingReason } from './postgres-server'

export { findPgBin, PG_ADMIN_USER, POSTGRES_AVAILABLE, postgresMissingReason, startPostgres, type PgTestServer } from './postgres-server'

/** True when missing PostgreSQL binaries must fail the tests that need them (CI). */
export const REQUIRE_POSTGRES = process.env.RISKDESK_REQUIRE_POSTGRES === '1'

function standIn(title: string): void {
  const reason = postgresMissingReason()
  if (REQUIRE_POSTGRES) {
    vIt(title, () => {
      throw new Error(`${reason} (RISKDESK_REQUIRE_POSTGRES=1)`)
    })
  } else vIt(title, (ctx) => ctx.skip(reason))
}

/** Registers tests that need a PostgreSQL server: run them, skip them with the reason, or fail them in CI. */
export const postgres = {
  describe(title: string, fn: () => void): void {
    if (POSTGRES_AVAILABLE) vDescribe(title, fn)
    else vDescribe(title, () => standIn('needs PostgreSQL'))
  },
  it(title: string, fn: TestFunction, timeout?: number): void {
    if (POSTGRES_AVAILABLE) vIt(title, fn, timeout)
    else standIn(title)
  },
}
