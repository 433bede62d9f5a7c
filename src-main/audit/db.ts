/**
 * Opening the RiskDesk SQLite database: checks, connection pragmas and migrations, in that order.
 *
 * Pragmas are set once here, at open time, and nowhere else (CODE-ANCHORS practice 8, after Signal Desktop's
 * `ts/sql/Server.node.ts`):
 * - `journal_mode = WAL` (file databases): readers (history, export, `riskdesk audit verify`) never block the desk's
 *   writer, and a commit is one sequential WAL append (https://www.sqlite.org/wal.html). Persistent in the file.
 * - `synchronous = FULL`: the WAL is fsynced at every commit, so an audit event reported as written survives a power
 *   cut (with NORMAL, WAL mode may lose the last commits; https://www.sqlite.org/pragma.html#pragma_synchronous).
 *   A replay of stored history may open with `durability: 'at-checkpoint'` (NORMAL; what that can lose: the option's
 *   comment).
 * - `foreign_keys = ON`: SQLite leaves it off by default, per connection.
 * - busy timeout (better-sqlite3's `timeout` option = `sqlite3_busy_timeout`): wait for another process's write
 *   lock instead of failing at once with SQLITE_BUSY.
 *
 * Evidence is never overwritten: a file that is not SQLite, is corrupt, belongs to another application or was
 * written by a newer RiskDesk is refused with an `AuditDbError` before any statement that writes runs.
 */
import Database from 'better-sqlite3'
import { inspectDbFile } from './db-file-check'
import { AuditDbError, type AuditDbErrorKind } from './errors'
import { MIGRATIONS, RISKDESK_APPLICATION_ID, assertMigrationsOrdered, latestVersion, migrate, type Migration } from './migrations'

/** Default wait for another connection's lock, in milliseconds (better-sqlite3's own default). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000

/** Options of `openDatabase`. */
export interface OpenDatabaseOptions {
  /**
   * Open without write access (for `riskdesk audit verify` / export on evidence that must not change). No pragma
   * that writes is set and no migration runs; a database whose schema is older than this build is refused
   * (`needs-migration`). Default false.
   */
  readonly readonly?: boolean
  /** ms to wait on a locked database before SQLITE_BUSY; default DEFAULT_BUSY_TIMEOUT_MS. */
  readonly busyTimeoutMs?: number
  /**
   * `quick` (default) runs `PRAGMA quick_check` on an existing file before using it, which reads every page once
   * (O(file size); about 0.1 s per 100 MB here) and catches corruption that the header and schema checks miss.
   * `none` skips it, for callers that open the same file repeatedly.
   */
  readonly integrityCheck?: 'quick' | 'none'
  /** The migration list; default this build's MIGRATIONS. Meant for tests of the migration runner. */
  readonly migrations?: readonly Migration[]
  /**
   * When a commit is on disk. `every-commit` (default, the live desk): `synchronous = FULL`, each commit (one desk
   * frame) is fsynced before it returns. `at-checkpoint`, for a replay of stored history that can be run again:
   * `synchronous = NORMAL` in WAL mode, commits are written to the WAL without an fsync each, and the WAL is synced at
   * every checkpoint (about every 1,000 pages) and when the connection closes. What can be lost: nothing on a crash of
   * the process (committed frames are in the operating system's cache); on a power cut or an operating-system crash,
   * the frames committed since the last WAL sync (the trail then ends earlier, with a valid chain; the file is never
   * corrupted). https://www.sqlite.org/pragma.html#pragma_synchronous, https://www.sqlite.org/wal.html
   */
  readonly durability?: 'every-commit' | 'at-checkpoint'
}

/** SQLite result codes that mean "this file is damaged or not a database" (https://www.sqlite.org/rescode.html). */
const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB'])

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function wrap(file: string, err: unknown, doing: string): AuditDbError {
  if (err instanceof AuditDbError) return err
  const code = sqliteCode(err)
  const message = err instanceof Error ? err.message : String(err)
  if (code === 'SQLITE_NOTADB') {
    return new AuditDbError(file, 'not-sqlite', `is not a RiskDesk database: ${message}`, { cause: err })
  }
  if (code !== undefined && CORRUPTION_CODES.has(code)) {
    return new AuditDbError(file, 'corrupt', `is corrupt: ${message} (${code}, while ${doing})`, { cause: err })
  }
  return new AuditDbError(file, 'open-failed', `could not be opened: ${message}${code ? ` (${code})` : ''}, while ${doing}`, { cause: err })
}

/**
 * Open (creating if needed) a RiskDesk database and bring its schema up to date.
 *
 * Order: (1) for an existing file, check the SQLite magic header without opening it; (2) open the connection;
 * (3) read-only checks: `application_id`, `user_version`, the schema list and, by default, `PRAGMA quick_check`;
 * (4) set the pragmas listed in this module's header; (5) run pending migrations (each in one transaction).
 * Steps 1-3 never write, so a refused file is byte-for-byte unchanged.
 *
 * @param file - path of the database file, or `':memory:'` for a private in-memory database (tests; journal mode
 *   then stays `memory`, WAL does not apply).
 * @param opts - see `OpenDatabaseOptions`.
 * @returns a better-sqlite3 connection, migrated to the latest schema (or checked current when read-only). Close it
 *   with `closeDatabase`.
 * @throws AuditDbError whose `kind` says why: `not-sqlite`, `corrupt`, `not-riskdesk` (an SQLite file of another
 *   application), `from-future` (`user_version` above this build's newest migration), `needs-migration`
 *   (read-only and older schema), `open-failed` (missing directory, permissions, failed migration).
 */
export function openDatabase(file: string | ':memory:', opts: OpenDatabaseOptions = {}): Database.Database {
  const migrations = opts.migrations ?? MIGRATIONS
  assertMigrationsOrdered(migrations)
  const memory = file === ':memory:'
  const readonly = opts.readonly === true
  if (memory && readonly) throw new AuditDbError(file, 'open-failed', 'cannot be opened read-only: it is an in-memory database')

  const state = memory ? 'missing' : inspectDbFile(file)
  if (readonly && state === 'missing') throw new AuditDbError(file, 'open-failed', 'could not be opened read-only: the file does not exist')

  let db: Database.Database
  try {
    db = new Database(file, {
      readonly,
      fileMustExist: readonly,
      timeout: opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
    })
  } catch (err) {
    throw wrap(file, err, 'opening')
  }

  try {
    checkIdentity(db, file, state === 'sqlite' && (opts.integrityCheck ?? 'quick') === 'quick', migrations, readonly)
    if (!memory && !readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true })
      if (mode !== 'wal') throw new AuditDbError(file, 'open-failed', `could not be switched to WAL journal mode (got ${String(mode)})`)
    }
    if (!readonly) db.pragma(opts.durability === 'at-checkpoint' && !memory ? 'synchronous = NORMAL' : 'synchronous = FULL')
    db.pragma('foreign_keys = ON')
    if (!readonly) {
      try {
        migrate(db, migrations)
      } catch (err) {
        throw wrap(file, err, 'migrating the schema')
      }
    }
    return db
  } catch (err) {
    db.close()
    throw wrap(file, err, 'checking the database')
  }
}

/** Reads only: refuses files that are damaged, foreign or too new before anything is written. */
function checkIdentity(db: Database.Database, file: string, quickCheck: boolean, migrations: readonly Migration[], readonly: boolean): void {
  const fail = (kind: AuditDbErrorKind, detail: string): never => {
    throw new AuditDbError(file, kind, detail)
  }
  // Reading the schema makes SQLite parse page 1 and the header; a truncated or garbled file fails here.
  const objects = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").all()
  const applicationId = db.pragma('application_id', { simple: true }) as number
  const userVersion = db.pragma('user_version', { simple: true }) as number
  if (quickCheck) {
    const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[]
    const first = problems[0]?.quick_check
    if (first !== 'ok') fail('corrupt', `is corrupt: integrity check failed: ${problems.slice(0, 3).map((p) => p.quick_check).join('; ')}`)
  }
  if (applicationId !== 0 && applicationId !== RISKDESK_APPLICATION_ID) {
    fail('not-riskdesk', `is not a RiskDesk database: it belongs to another application (application_id 0x${(applicationId >>> 0).toString(16)})`)
  }
  if (applicationId === 0 && (userVersion !== 0 || objects.length > 0)) {
    fail('not-riskdesk', `is not a RiskDesk database: it is an SQLite database of another application (${objects.length} tables/indices, user_version ${userVersion})`)
  }
  const latest = latestVersion(migrations)
  if (userVersion > latest) {
    fail(
      'from-future',
      `was written by a newer RiskDesk (schema version ${userVersion}; this build knows up to ${latest}). Update RiskDesk to open it; the file was not changed.`,
    )
  }
  if (readonly && userVersion < latest) {
    fail('needs-migration', `has schema version ${userVersion} but this build needs ${latest}; open it once read-write to upgrade it`)
  }
}

/**
 * Close a connection opened by `openDatabase`, running `PRAGMA optimize` first on a writable one so SQLite can
 * refresh the statistics the query planner uses (https://www.sqlite.org/pragma.html#pragma_optimize).
 * Safe to call twice.
 *
 * @param db - the connection.
 */
export function closeDatabase(db: Database.Database): void {
  if (!db.open) return
  if (!db.readonly) db.pragma('optimize')
  db.close()
}
