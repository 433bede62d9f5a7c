/**
 * Schema migrations of the desk-wide PostgreSQL copy of the workstations' audit trails, as data (the same
 * `{ version, name, up }` shape and rules as the SQLite ones in src-main/audit/migrations.ts: versions step by 10,
 * a released migration is never edited). pg-migrate.ts applies them, each in one transaction.
 *
 * Everything lives in the schema `riskdesk`. Least privilege is enforced by PostgreSQL itself, not by the client:
 *
 * - `riskdesk_workstation` (NOLOGIN group). Each workstation logs in with its OWN login role (e.g. `ws_alice`),
 *   a member of this group, registered against exactly one installation id in `riskdesk.workstations` by an
 *   administrator (`riskdesk.register_workstation`). The group may SELECT and INSERT `riskdesk.events` and SELECT
 *   `riskdesk.conflicts`; no UPDATE, DELETE or TRUNCATE is granted, and triggers refuse them for every role anyway.
 *   Row-level security keys on `session_user`, the role that authenticated: a workstation sees and inserts only rows
 *   of its own installation id. Why a login role per installation rather than a session setting
 *   (`SET riskdesk.installation = ...`): anyone holding the workstation's credentials can change a setting at will,
 *   but cannot change `session_user` (SET SESSION AUTHORIZATION needs a superuser; SET ROLE changes only
 *   `current_user`). So stolen workstation credentials can append to that one workstation's trail and nothing else:
 *   they cannot rewrite or delete what it already replicated, nor write, read or flag another installation's rows.
 *   The insert trigger re-checks the installation before anything else because BEFORE triggers run ahead of the
 *   RLS WITH CHECK (otherwise a forged row of another installation could get a conflict recorded against it).
 * - `riskdesk_desk_head` (NOLOGIN group): reads everything (events, conflicts, workstations, the status view).
 *
 * On arrival (trigger `events_before_insert`, inside the inserting transaction, serialised per installation by an
 * advisory lock):
 * - the row's hash is recomputed in SQL from its columns, exactly as src-main/audit/event-hash.ts does (the payload
 *   is kept verbatim as `payload_json`, the canonical JSON that was hashed; `payload` is its jsonb for queries), and a
 *   mismatch is refused (SQLSTATE RDH01);
 * - same (installation, seq) and same hash: a repeated delivery, silently skipped (at-least-once delivery becomes
 *   exactly-once in effect);
 * - same (installation, seq), another hash: a fork. The offered row is recorded in `riskdesk.conflicts` and skipped;
 *   the replicated row is never overwritten;
 * - a new seq must be 1 (prev_hash = 64 zeros) or follow the server's row seq-1 with prev_hash = its hash, so the
 *   server's copy of each workstation is always a gap-free verified prefix of its chain (a gap: RDG01; a prev_hash
 *   that does not continue the chain: RDL01). The highest seq of an installation is thus its highest contiguous seq.
 * - `session_id`, `market_date` and `alert_ref` are derived from the payload (`sessionId`, `marketDate` or the
 *   frame/alert/action date, the alert an event concerns) as the local history does; `received_at` is the server's
 *   clock: a client cannot set them.
 *
 * Migration 20 adds the indexes of the desk-wide alert history (pg-alert-history.ts; plans checked in
 * tests/main/replication/pg-alert-history.test.ts, times in bench/pg-sync.bench.ts), migration 30 the trigram index
 * of its text filter (extension pg_trgm), migration 40 moves both to the lifecycle payloads and indexes the control
 * changes (limits, override.*) an alert's overrides come from.
 */

/** One PostgreSQL schema step. */
export interface PgMigration {
  /** positive integer, strictly increasing; released versions are multiples of 10. */
  readonly version: number
  /** short kebab-case description. */
  readonly name: string
  /** SQL statements (several allowed); no BEGIN/COMMIT, the runner owns the transaction. */
  readonly up: string
}

/** SQLSTATEs raised by the insert trigger (class RD is unused by PostgreSQL). */
export const PG_ERRORS = {
  /** the row's hash does not match its content. */
  hashMismatch: 'RDH01',
  /** seq n arrives while the server has no seq n-1 for this installation. */
  gap: 'RDG01',
  /** prev_hash of seq n differs from the server's hash of seq n-1: the local chain diverged earlier. */
  brokenLink: 'RDL01',
} as const

/** Group roles created by migration 10 (cluster-wide in PostgreSQL: shared by every database of the server). */
export const PG_ROLES = { workstation: 'riskdesk_workstation', deskHead: 'riskdesk_desk_head' } as const

const noChange = (table: string): string => `
CREATE FUNCTION riskdesk.${table}_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'riskdesk.${table} is append-only: % is forbidden', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON riskdesk.${table}
  FOR EACH ROW EXECUTE FUNCTION riskdesk.${table}_append_only();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON riskdesk.${table}
  FOR EACH STATEMENT EXECUTE FUNCTION riskdesk.${table}_append_only();`

/** The migrations of this build, oldest first. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 10,
    name: 'workstation-events',
    up: `
DO $$
BEGIN
  IF pg_char_to_encoding('UTF8') <> (SELECT encoding FROM pg_database WHERE datname = current_database()) THEN
    RAISE EXCEPTION 'the RiskDesk database must use the UTF8 encoding (hashes are over UTF-8 bytes)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riskdesk_workstation') THEN
    CREATE ROLE riskdesk_workstation NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'riskdesk_desk_head') THEN
    CREATE ROLE riskdesk_desk_head NOLOGIN;
  END IF;
END $$;

REVOKE ALL ON SCHEMA riskdesk FROM PUBLIC;
GRANT USAGE ON SCHEMA riskdesk TO riskdesk_workstation, riskdesk_desk_head;

-- Which login role speaks for which installation. Written only by an administrator.
CREATE TABLE riskdesk.workstations (
  installation_id uuid PRIMARY KEY,
  role_name       name NOT NULL UNIQUE,
  label           text,
  registered_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE riskdesk.events (
  installation_id uuid NOT NULL,
  seq             bigint NOT NULL CHECK (seq >= 1),
  session_id      text,
  ts              text NOT NULL CHECK (ts ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$'),
  market_date     date,
  alert_ref       text,
  type            text NOT NULL CHECK (length(type) > 0),
  actor           text NOT NULL CHECK (length(actor) > 0),
  book            text,
  payload_json    text NOT NULL,
  payload         jsonb NOT NULL,
  prev_hash       text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash            text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, seq)
);

CREATE TABLE riskdesk.conflicts (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  installation_id   uuid NOT NULL,
  seq               bigint NOT NULL,
  server_hash       text NOT NULL,
  offered_hash      text NOT NULL,
  offered_prev_hash text NOT NULL,
  -- the offered row as it arrived (ts, type, actor, book, payload_json), for the desk head's investigation
  offered           jsonb NOT NULL,
  detected_at       timestamptz NOT NULL DEFAULT now(),
  detected_by       name NOT NULL DEFAULT session_user,
  UNIQUE (installation_id, seq, offered_hash)
);
CREATE INDEX conflicts_by_installation ON riskdesk.conflicts (installation_id, seq);

-- The hash of src-main/audit/event-hash.ts: SHA-256 of the canonical JSON of
-- {actor, book, payload, prevHash, seq, ts, type} with the stored payload text spliced in. to_json(text) escapes
-- exactly as JSON.stringify does for UTF-8 text (\\" \\\\ \\b \\f \\n \\r \\t, other controls as lowercase \\u00xx);
-- tests/main/replication/pg-schema.test.ts checks that against computeEventHash.
CREATE FUNCTION riskdesk.event_hash(p_seq bigint, p_ts text, p_type text, p_actor text, p_book text, p_payload_json text, p_prev_hash text)
  RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to(
    '{"actor":' || to_json(p_actor)::text || ',"book":' || coalesce(to_json(p_book)::text, 'null') ||
    ',"payload":' || p_payload_json || ',"prevHash":' || to_json(p_prev_hash)::text || ',"seq":' || p_seq::text ||
    ',"ts":' || to_json(p_ts)::text || ',"type":' || to_json(p_type)::text || '}', 'UTF8')), 'hex')
$$;

-- A real calendar date YYYY-MM-DD, or NULL (never an error: a bad marketDate must not block the trail). Plain SQL,
-- so the planner inlines it into the trigger's expression.
CREATE FUNCTION riskdesk.iso_date_or_null(p text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p IS NULL OR p !~ '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' OR substr(p, 1, 4) = '0000' THEN NULL
    WHEN substr(p, 9, 2)::int > extract(day FROM (make_date(substr(p, 1, 4)::int, substr(p, 6, 2)::int, 1) + interval '1 month - 1 day'))::int THEN NULL
    ELSE make_date(substr(p, 1, 4)::int, substr(p, 6, 2)::int, substr(p, 9, 2)::int)
  END
$$;

-- The installation the logged-in role speaks for (NULL for a role that is not a registered workstation).
CREATE FUNCTION riskdesk.session_installation() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp AS $$
  SELECT installation_id FROM riskdesk.workstations WHERE role_name = session_user
$$;
REVOKE ALL ON FUNCTION riskdesk.session_installation() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION riskdesk.session_installation() TO riskdesk_workstation;

CREATE FUNCTION riskdesk.events_before_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  mine uuid;
  existing text;
  expected_prev text;
BEGIN
  -- Who is inserting, and (same query, to save a round through the executor per row) one writer per installation
  -- at a time: a restarted syncer may overlap its killed predecessor's last transaction. The lock is taken before the
  -- lookup below, which therefore sees every row the other writer committed.
  SELECT w.installation_id INTO mine
    FROM riskdesk.workstations w, LATERAL (SELECT pg_advisory_xact_lock(1380205387, hashtext(w.installation_id::text))) l
    WHERE w.role_name = session_user;
  IF mine IS NULL OR NEW.installation_id IS DISTINCT FROM mine THEN
    RAISE EXCEPTION 'role % may insert only events of its own installation (%), not of %',
      session_user, coalesce(mine::text, 'none registered'), NEW.installation_id USING ERRCODE = '42501';
  END IF;
  -- riskdesk.event_hash, written out: a call per row would cost a function invocation the planner cannot inline.
  IF NEW.hash IS DISTINCT FROM encode(sha256(convert_to(
       '{"actor":' || to_json(NEW.actor)::text || ',"book":' || coalesce(to_json(NEW.book)::text, 'null') ||
       ',"payload":' || NEW.payload_json || ',"prevHash":' || to_json(NEW.prev_hash)::text || ',"seq":' || NEW.seq::text ||
       ',"ts":' || to_json(NEW.ts)::text || ',"type":' || to_json(NEW.type)::text || '}', 'UTF8')), 'hex') THEN
    RAISE EXCEPTION 'event % of installation %: its hash does not match its content', NEW.seq, NEW.installation_id
      USING ERRCODE = 'RDH01';
  END IF;
  -- One index probe for both the row itself (a repeat or a fork) and its predecessor (continuity).
  SELECT max(hash) FILTER (WHERE seq = NEW.seq), max(hash) FILTER (WHERE seq = NEW.seq - 1)
    INTO existing, expected_prev
    FROM riskdesk.events WHERE installation_id = NEW.installation_id AND seq BETWEEN NEW.seq - 1 AND NEW.seq;
  IF existing IS NOT NULL THEN
    IF existing <> NEW.hash THEN
      INSERT INTO riskdesk.conflicts (installation_id, seq, server_hash, offered_hash, offered_prev_hash, offered)
      VALUES (NEW.installation_id, NEW.seq, existing, NEW.hash, NEW.prev_hash,
              jsonb_build_object('ts', NEW.ts, 'type', NEW.type, 'actor', NEW.actor, 'book', NEW.book, 'payload_json', NEW.payload_json))
      ON CONFLICT (installation_id, seq, offered_hash) DO NOTHING;
    END IF;
    RETURN NULL;
  END IF;
  IF NEW.seq = 1 THEN
    expected_prev := repeat('0', 64);
  ELSE
    IF expected_prev IS NULL THEN
      RAISE EXCEPTION 'event % of installation % arrives before event %: the replicated chain has no gaps',
        NEW.seq, NEW.installation_id, NEW.seq - 1 USING ERRCODE = 'RDG01';
    END IF;
  END IF;
  IF NEW.prev_hash <> expected_prev THEN
    RAISE EXCEPTION 'event % of installation % does not continue the replicated chain: its prev_hash is not the hash of event %',
      NEW.seq, NEW.installation_id, NEW.seq - 1 USING ERRCODE = 'RDL01';
  END IF;
  NEW.payload := NEW.payload_json::jsonb;
  NEW.session_id := NEW.payload ->> 'sessionId';
  -- The same derivations as the SQLite generated columns of the local history (src-main/audit migration 40).
  NEW.market_date := riskdesk.iso_date_or_null(coalesce(NEW.payload ->> 'marketDate', NEW.payload #>> '{frame,date}',
    NEW.payload #>> '{alert,date}', NEW.payload #>> '{action,date}', NEW.payload ->> 'date'));
  NEW.alert_ref := coalesce(NEW.payload ->> 'supersedes', NEW.payload #>> '{alert,id}', NEW.payload #>> '{action,alertId}',
    NEW.payload ->> 'alertId');
  NEW.received_at := now();
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION riskdesk.events_before_insert() FROM PUBLIC;
CREATE TRIGGER events_before_insert BEFORE INSERT ON riskdesk.events
  FOR EACH ROW EXECUTE FUNCTION riskdesk.events_before_insert();
${noChange('events')}
${noChange('conflicts')}
${noChange('workstations').replace('BEFORE UPDATE OR DELETE', 'BEFORE DELETE')}

-- An administrator maps a login role (a member of riskdesk_workstation) to the installation id it speaks for.
CREATE FUNCTION riskdesk.register_workstation(p_installation uuid, p_role name, p_label text DEFAULT NULL) RETURNS void
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    RAISE EXCEPTION 'role % does not exist (CREATE ROLE % LOGIN PASSWORD ... IN ROLE riskdesk_workstation)', p_role, p_role;
  END IF;
  IF NOT pg_has_role(p_role, 'riskdesk_workstation', 'MEMBER') THEN
    RAISE EXCEPTION 'role % is not a member of riskdesk_workstation', p_role;
  END IF;
  INSERT INTO riskdesk.workstations (installation_id, role_name, label) VALUES (p_installation, p_role, p_label);
END $$;
REVOKE ALL ON FUNCTION riskdesk.register_workstation(uuid, name, text) FROM PUBLIC;

ALTER TABLE riskdesk.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE riskdesk.conflicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY workstation_inserts_own ON riskdesk.events FOR INSERT TO riskdesk_workstation
  WITH CHECK (installation_id = (SELECT riskdesk.session_installation()));
CREATE POLICY workstation_reads_own ON riskdesk.events FOR SELECT TO riskdesk_workstation
  USING (installation_id = (SELECT riskdesk.session_installation()));
CREATE POLICY desk_head_reads_all ON riskdesk.events FOR SELECT TO riskdesk_desk_head USING (true);
CREATE POLICY workstation_reads_own ON riskdesk.conflicts FOR SELECT TO riskdesk_workstation
  USING (installation_id = (SELECT riskdesk.session_installation()));
CREATE POLICY desk_head_reads_all ON riskdesk.conflicts FOR SELECT TO riskdesk_desk_head USING (true);

GRANT SELECT, INSERT ON riskdesk.events TO riskdesk_workstation;
GRANT SELECT ON riskdesk.conflicts TO riskdesk_workstation;
GRANT SELECT ON riskdesk.events, riskdesk.conflicts, riskdesk.workstations TO riskdesk_desk_head;

-- One row per workstation for the desk head: replicated head, last arrival, conflicts (a fork flags it).
CREATE VIEW riskdesk.workstation_status AS
SELECT w.installation_id, w.role_name, w.label,
       coalesce(h.seq, 0) AS replicated_seq, h.hash AS replicated_hash, h.received_at AS last_received_at,
       (SELECT count(*) FROM riskdesk.conflicts c WHERE c.installation_id = w.installation_id) AS conflicts
FROM riskdesk.workstations w
LEFT JOIN LATERAL (
  SELECT e.seq, e.hash, e.received_at FROM riskdesk.events e
  WHERE e.installation_id = w.installation_id ORDER BY e.seq DESC LIMIT 1
) h ON true;
GRANT SELECT ON riskdesk.workstation_status TO riskdesk_desk_head;
`,
  },
  {
    version: 20,
    name: 'history-indexes',
    up: `
-- Alerts in the history's order (market date, wall time, installation, seq: also its keyset cursor), and by wall time.
CREATE INDEX events_alerts_by_market_date ON riskdesk.events (market_date, ts, installation_id, seq)
  WHERE type IN ('alert.raised', 'alert.escalated') AND market_date IS NOT NULL;
CREATE INDEX events_alerts_by_ts ON riskdesk.events (ts) WHERE type IN ('alert.raised', 'alert.escalated');
-- An alert's own events, within its workstation's chain.
CREATE INDEX events_by_alert_ref ON riskdesk.events (installation_id, alert_ref, seq) WHERE alert_ref IS NOT NULL;
-- Session boundaries (the trader of a session, where an alert's session ends) and limit changes per book.
CREATE INDEX events_session_starts ON riskdesk.events (installation_id, seq) WHERE type = 'session.started';
CREATE INDEX events_limit_changes ON riskdesk.events (installation_id, book, seq) WHERE type = 'limits.changed';
-- All partial: the bulk of the trail (risk snapshots) pays for none of them on insert.
`,
  },
  {
    version: 30,
    name: 'history-text-search',
    up: `
-- The history's "text in reasons" filter is a case-insensitive substring match (LIKE '%text%' on lower-cased text),
-- which no B-tree serves: a trigram GIN index (pg_trgm, shipped with PostgreSQL's contrib modules) finds the
-- matching events without reading every alert's events. pg_trgm is a trusted extension (PostgreSQL 13+): the
-- database owner may create it; on PostgreSQL 12 a superuser must, once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    RAISE EXCEPTION 'the pg_trgm extension is not installed on this PostgreSQL server (it ships with the contrib modules: Debian''s postgresql-<version> package, postgresql<version>-contrib elsewhere); RiskDesk''s history text search needs it';
  END IF;
END $$;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text an event's reasons are searched in: reason, note and an action's reason, lower-cased, joined by spaces
-- (the query in pg-alert-history.ts lower-cases the searched text the same way). Plain SQL without SET, so the
-- planner inlines it and matches the index expression.
CREATE FUNCTION riskdesk.reason_text(p jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(coalesce(p ->> 'reason', '') || ' ' || coalesce(p ->> 'note', '') || ' ' || coalesce(p #>> '{action,reason}', ''))
$$;

-- Only the events whose text a history row can show (an alert's own events, limit changes): not the feed's notes,
-- which are most of a trail. The operator class is named in the schema the extension lives in (public by default, or
-- wherever an administrator created it before).
DO $$
DECLARE
  ext_schema name;
BEGIN
  SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX events_reason_text_trgm ON riskdesk.events USING gin (riskdesk.reason_text(payload) %I.gin_trgm_ops) WHERE alert_ref IS NOT NULL OR type = %L',
    ext_schema, 'limits.changed');
END $$;
`,
  },
  {
    version: 40,
    name: 'history-lifecycle-events',
    up: `
-- The issue-8 lifecycle payloads (src-shared/domain/audit-events/lifecycle.ts): reasons at the payload's top level,
-- a note's words in 'text'; an alert's overrides include every change to its book's controls while it was live
-- (pg-alert-history.ts CONTROL_CHANGE_TYPES: limit changes and override.*). The searched text becomes reason and
-- text, its trigram index covers the control changes too, and the control changes get the per-book index that limit
-- changes had (the type list is repeated verbatim by the queries, as a partial index needs).
CREATE OR REPLACE FUNCTION riskdesk.reason_text(p jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(coalesce(p ->> 'reason', '') || ' ' || coalesce(p ->> 'text', ''))
$$;
DROP INDEX riskdesk.events_reason_text_trgm;
DO $$
DECLARE
  ext_schema name;
BEGIN
  SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX events_reason_text_trgm ON riskdesk.events USING gin (riskdesk.reason_text(payload) %I.gin_trgm_ops) WHERE alert_ref IS NOT NULL OR type IN (''limits.changed'', ''override.paused'', ''override.resumed'', ''override.killed'', ''override.rearmed'', ''override.reduce-only'', ''override.reduce-only-lifted'', ''override.locked'', ''override.unlocked'')',
    ext_schema);
END $$;
CREATE INDEX events_control_changes ON riskdesk.events (installation_id, book, seq)
  WHERE type IN ('limits.changed', 'override.paused', 'override.resumed', 'override.killed', 'override.rearmed', 'override.reduce-only', 'override.reduce-only-lifted', 'override.locked', 'override.unlocked');
`,
  },
]
