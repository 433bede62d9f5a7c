/**
 * Schema migrations of the RiskDesk database, as data.
 *
 * Each migration is `{ version, name, up }`: `up` is plain SQL run with `db.exec` inside one IMMEDIATE transaction
 * together with `PRAGMA user_version = version`, so a migration is applied completely or not at all, and two
 * processes opening the same file cannot both apply it. Versions strictly increase in steps of 10 (10, 20, ...),
 * leaving room for a hotfix migration between two released ones (the convention of Signal Desktop's
 * `ts/sql/migrations/index.node.ts`). Never edit a released migration: add a new one.
 *
 * Schema (after all migrations):
 * - `audit_events`: the append-only, hash-chained event log (see event-hash.ts for the hash). `seq` is assigned by
 *   the writer as head.seq + 1, never by AUTOINCREMENT, so a deleted row leaves a visible gap. Triggers forbid
 *   UPDATE and DELETE and make every INSERT extend `chain_head`.
 * - `chain_head`: a single row `(seq, hash)` of the newest event, advanced by a trigger in the same statement as the
 *   insert. It anchors the tail: deleting the last rows of `audit_events` is detectable only because this row still
 *   names them (see verify.ts).
 * - indices for the history queries of event-log.ts (see the EXPLAIN QUERY PLAN test in
 *   tests/main/audit/query-plan.test.ts for why these three).
 * - `books`: saved books (positions and limits as JSON), used by books-repository.ts.
 * - `installation`, `installation_keys`: the trail's UUID and the Ed25519 public keys that sign its checkpoints
 *   (installation.ts; the private key is kept outside the database).
 * - generated columns `market_date` and `alert_ref` over the payload, and the indices of the desk-head history
 *   (alert-history.ts; migration 40).
 */
import type { Database } from 'better-sqlite3'
import { GENESIS_HASH } from './event-hash'

/** One schema step: applied when the database's `user_version` is below `version`. */
export interface Migration {
  /** positive integer, strictly increasing along the list; released versions are multiples of 10. */
  readonly version: number
  /** short kebab-case description, shown in logs and errors. */
  readonly name: string
  /** SQL statements; must not contain its own BEGIN/COMMIT (the runner owns the transaction). */
  readonly up: string
}

/**
 * `PRAGMA application_id` of RiskDesk databases: the ASCII bytes 'RDSK' as a big-endian 32-bit integer
 * (0x5244534B). Lets `openDatabase` tell a RiskDesk file from another application's SQLite file
 * (https://www.sqlite.org/pragma.html#pragma_application_id).
 */
export const RISKDESK_APPLICATION_ID = 0x5244534b

const appendOnly = (table: string, verb: 'UPDATE' | 'DELETE'): string =>
  `CREATE TRIGGER ${table}_no_${verb.toLowerCase()} BEFORE ${verb} ON ${table}
BEGIN
  SELECT RAISE(ABORT, '${table} is append-only: ${verb} is forbidden');
END;`

/** The migrations of this build, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'audit-events',
    up: `
PRAGMA application_id = ${RISKDESK_APPLICATION_ID};

CREATE TABLE audit_events (
  seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
  ts        TEXT NOT NULL CHECK (length(ts) = 24),
  type      TEXT NOT NULL CHECK (length(type) > 0),
  actor     TEXT NOT NULL CHECK (length(actor) > 0),
  book      TEXT,
  payload   TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash      TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE TABLE chain_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL CHECK (seq >= 0),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');

${appendOnly('audit_events', 'UPDATE')}
${appendOnly('audit_events', 'DELETE')}

-- An insert must extend the chain (next seq, previous hash), and the head then moves to it in the same statement,
-- hence the same transaction. Guards against any writer other than AuditLog; RAISE in an AFTER trigger undoes the
-- insert too.
CREATE TRIGGER audit_events_extend_chain AFTER INSERT ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events insert must extend chain_head (seq = head.seq + 1, prev_hash = head.hash)')
    FROM chain_head WHERE id = 1 AND (seq IS NOT NEW.seq - 1 OR hash IS NOT NEW.prev_hash);
  UPDATE chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;

${appendOnly('chain_head', 'DELETE')}
CREATE TRIGGER chain_head_only_advances BEFORE UPDATE ON chain_head
WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1
BEGIN
  SELECT RAISE(ABORT, 'chain_head only advances by one event at a time');
END;

-- History queries filter on a time range, alone or with one type or one book; see query-plan.test.ts.
CREATE INDEX audit_events_by_ts ON audit_events (ts);
CREATE INDEX audit_events_by_type_ts ON audit_events (type, ts);
CREATE INDEX audit_events_by_book_ts ON audit_events (book, ts);
`,
  },
  {
    version: 20,
    name: 'books',
    up: `
CREATE TABLE books (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  source_file    TEXT NOT NULL,
  created_at     TEXT NOT NULL CHECK (length(created_at) = 24),
  updated_at     TEXT NOT NULL CHECK (length(updated_at) = 24),
  positions_json TEXT NOT NULL,
  limits_json    TEXT
) STRICT;
`,
  },
  {
    version: 30,
    name: 'installation',
    // The trail's identity and the public halves of the keys that sign its checkpoints (installation.ts). Both
    // tables only grow: a replaced key is added beside the old one so earlier checkpoints still verify.
    up: `
CREATE TABLE installation (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  installation_id TEXT NOT NULL CHECK (length(installation_id) = 36),
  created_at      TEXT NOT NULL CHECK (length(created_at) = 24)
) STRICT;

CREATE TABLE installation_keys (
  key_id         TEXT PRIMARY KEY CHECK (length(key_id) = 64),
  public_key_pem TEXT NOT NULL,
  created_at     TEXT NOT NULL CHECK (length(created_at) = 24)
) STRICT;

${appendOnly('installation', 'UPDATE')}
${appendOnly('installation', 'DELETE')}
${appendOnly('installation_keys', 'UPDATE')}
${appendOnly('installation_keys', 'DELETE')}
`,
  },
  {
    version: 40,
    name: 'history-indexes',
    // Desk-head history (alert-history.ts) filters on the market date, which lives in the payload: `marketDate`
    // (every desk payload since the typed audit events), else the date of the risk frame, alert or action the
    // payload carries (rows written before that), else `date`. VIRTUAL generated columns are computed on read and
    // cost nothing to store; their indexes hold the value. `alert_ref` links an event to the alert it concerns
    // (an escalation to the alert it supersedes). A payload that is not JSON (only after tampering) yields NULL
    // rather than an error, so such a row can still be written, read and reported by verify. The plans are asserted
    // in tests/main/audit/history-plan.test.ts.
    up: `
ALTER TABLE audit_events ADD COLUMN market_date TEXT GENERATED ALWAYS AS (CASE WHEN json_valid(payload) THEN CAST(coalesce(
  json_extract(payload, '$.marketDate'), json_extract(payload, '$.frame.date'), json_extract(payload, '$.alert.date'),
  json_extract(payload, '$.action.date'), json_extract(payload, '$.date')) AS TEXT) END) VIRTUAL;
ALTER TABLE audit_events ADD COLUMN alert_ref TEXT GENERATED ALWAYS AS (CASE WHEN json_valid(payload) THEN CAST(coalesce(
  json_extract(payload, '$.supersedes'), json_extract(payload, '$.alert.id'), json_extract(payload, '$.action.alertId'),
  json_extract(payload, '$.alertId')) AS TEXT) END) VIRTUAL;

CREATE INDEX audit_events_alerts_by_market_date ON audit_events (market_date) WHERE type IN ('alert.raised', 'alert.escalated');
CREATE INDEX audit_events_by_type_market_date ON audit_events (type, market_date);
CREATE INDEX audit_events_by_market_date ON audit_events (market_date);
CREATE INDEX audit_events_by_actor_ts ON audit_events (actor, ts);
CREATE INDEX audit_events_by_alert_ref ON audit_events (alert_ref) WHERE alert_ref IS NOT NULL;
CREATE INDEX audit_events_session_starts ON audit_events (type) WHERE type = 'session.started';
CREATE INDEX audit_events_limit_changes ON audit_events (book) WHERE type = 'limits.changed';
`,
  },
  {
    version: 50,
    name: 'stress-lab',
    // Stress Lab (src-main/stress/stress-repository.ts): hypothetical scenarios and named sets as canonical JSON, and
    // runs saved with their inputs (book snapshot, request with every scenario definition, data version) and the
    // SHA-256 of their results, so that a re-run can be checked against them.
    up: `
CREATE TABLE stress_scenarios (
  id INTEGER PRIMARY KEY, scenario_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, definition TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE stress_sets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, scenario_ids TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE stress_runs (
  id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, book_name TEXT NOT NULL, asof TEXT NOT NULL, data_version TEXT NOT NULL,
  inputs TEXT NOT NULL, result TEXT NOT NULL, result_hash TEXT NOT NULL
);
CREATE INDEX stress_runs_by_book ON stress_runs (book_name, created_at);
`,
  },
  {
    version: 60,
    name: 'history-control-changes',
    // Desk-head history (alert-history.ts, CONTROL_CHANGE_TYPES): the overrides of an alert include every change to
    // its book's controls while it was live: limit changes and the issue-8 overrides (pause, resume, kill switch,
    // re-arm, reduce-only, commitment lock). One partial index per book over exactly those types, the list repeated
    // verbatim by the history's queries (a partial index is used only when the query repeats its predicate).
    up: `
CREATE INDEX audit_events_control_changes ON audit_events (book) WHERE type IN ('limits.changed', 'override.paused', 'override.resumed', 'override.killed', 'override.rearmed', 'override.reduce-only', 'override.reduce-only-lifted', 'override.locked', 'override.unlocked');
`,
  },
]

/**
 * Check a migration list: versions are positive integers strictly increasing and names are non-empty and unique.
 *
 * @param migrations - the list to check.
 * @throws Error naming the offending migration.
 */
export function assertMigrationsOrdered(migrations: readonly Migration[]): void {
  let previous = 0
  const names = new Set<string>()
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new Error(`migration ${m.name}: version ${m.version} must be an integer above ${previous}`)
    }
    if (!m.name || names.has(m.name)) throw new Error(`migration ${m.version}: name ${JSON.stringify(m.name)} is empty or repeated`)
    previous = m.version
    names.add(m.name)
  }
}

/** The schema version a database has once every migration of `migrations` is applied (0 for an empty list). */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0
}

/** The schema version of this build. */
export const LATEST_SCHEMA_VERSION = latestVersion(MIGRATIONS)

/** What `migrate` did. */
export interface MigrationResult {
  readonly fromVersion: number
  readonly toVersion: number
  /** `version-name` of each migration applied, in order (empty when the database was current). */
  readonly applied: readonly string[]
}

/**
 * Apply every migration whose version is above the database's `user_version`, each in its own IMMEDIATE
 * transaction together with the `user_version` bump. Idempotent: a current database is left untouched.
 *
 * The caller (`openDatabase`) has already refused a database from a newer build; this function re-checks
 * `user_version` inside each transaction so a concurrent opener that migrated first is not migrated twice.
 *
 * @param db - an open, writable connection.
 * @param migrations - the list (default: this build's MIGRATIONS); checked with `assertMigrationsOrdered`.
 * @returns the versions before and after and the migrations applied.
 * @throws Error `migration <version> (<name>) failed: <SQLite message>` (the SqliteError as `cause`); that
 *   migration's transaction is rolled back, earlier ones stay committed.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  assertMigrationsOrdered(migrations)
  const userVersion = (): number => db.pragma('user_version', { simple: true }) as number
  const fromVersion = userVersion()
  const applied: string[] = []
  for (const m of migrations) {
    if (m.version <= fromVersion) continue
    try {
      db.transaction(() => {
        if (userVersion() >= m.version) return
        db.exec(m.up)
        // PRAGMA takes no bound parameters; version is a checked safe integer from this module, not input.
        db.pragma(`user_version = ${m.version}`)
        applied.push(`${m.version}-${m.name}`)
      }).immediate()
    } catch (err) {
      throw new Error(`migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
  }
  return { fromVersion, toVersion: userVersion(), applied }
}
