/**
 * Applying the PostgreSQL migrations (pg-migrations.ts). Each pending migration runs in its own transaction together
 * with its row in `riskdesk.schema_migrations`, under a transaction-scoped advisory lock, so a migration is applied
 * completely or not at all and two administrators (or two desks starting) cannot apply it twice. Must run as a role
 * that may create roles and schemas (the database owner with CREATEROLE, or a superuser): workstations never
 * migrate.
 */
import type { ClientBase } from 'pg'
import { assertMigrationsOrdered } from '../audit/migrations'
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations'

/** Outcome of `migratePg`. */
export interface PgMigrationResult {
  readonly fromVersion: number
  readonly toVersion: number
  /** `<version>-<name>` of each migration applied by this call. */
  readonly applied: readonly string[]
}

// Arbitrary constant key ('RDSK' as an int32), shared by every RiskDesk migrator of this database.
const MIGRATION_LOCK = 0x5244534b

/** The newest version of a PostgreSQL migration list (0 for an empty one). */
export function latestPgVersion(migrations: readonly PgMigration[] = PG_MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0
}

/**
 * The schema version of the connected database (0 when RiskDesk's schema is absent).
 *
 * @param client - any connection to the database.
 */
export async function pgSchemaVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('riskdesk.schema_migrations')::text AS t")
  if ((exists.rows[0]?.t ?? null) === null) return 0
  const r = await client.query<{ v: number | null }>('SELECT max(version)::int AS v FROM riskdesk.schema_migrations')
  return r.rows[0]?.v ?? 0
}

/**
 * Bring the database's RiskDesk schema up to date.
 *
 * @param client - a connected client with no transaction open, as an administrator (see the module header).
 * @param migrations - default this build's PG_MIGRATIONS.
 * @returns versions before and after and the migrations applied (none when already current).
 * @throws Error `the PostgreSQL schema is at version V, newer than this build (N)` when a newer RiskDesk migrated it
 *   (nothing is changed); Error `PostgreSQL migration V (name) failed: <message>` (that migration rolled back,
 *   earlier ones stay committed, the server error as `cause`).
 */
export async function migratePg(client: ClientBase, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<PgMigrationResult> {
  assertMigrationsOrdered(migrations)
  const latest = latestPgVersion(migrations)
  const fromVersion = await pgSchemaVersion(client)
  if (fromVersion > latest) throw new Error(`the PostgreSQL schema is at version ${fromVersion}, newer than this build (${latest}): update RiskDesk`)
  const applied: string[] = []
  for (const m of migrations) {
    if (m.version <= fromVersion) continue
    await client.query('BEGIN')
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      await client.query('CREATE SCHEMA IF NOT EXISTS riskdesk')
      await client.query(
        'CREATE TABLE IF NOT EXISTS riskdesk.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      )
      // Another migrator may have applied it while we waited for the lock.
      if ((await pgSchemaVersion(client)) < m.version) {
        await client.query(m.up)
        await client.query('INSERT INTO riskdesk.schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
        applied.push(`${m.version}-${m.name}`)
      }
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw new Error(`PostgreSQL migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
  }
  return { fromVersion, toVersion: await pgSchemaVersion(client), applied }
}
