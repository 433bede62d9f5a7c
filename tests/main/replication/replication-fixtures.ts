/** Shared set-up of the replication tests: a migrated server, workstation roles, hash-chained rows. */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { canonicalJson } from '../../../src-main/audit/canonical-json'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import type { AuditEventInput } from '../../../src-main/audit/event-types'
import { installationIdentity } from '../../../src-main/audit/installation'
import { computeEventHash, GENESIS_HASH } from '../../../src-main/audit/event-hash'
import { migratePg } from '../../../src-main/replication/pg-migrate'
import type { PgTestServer } from '../../helpers/postgres'

/** A row as the syncer sends it. */
export interface ChainRow {
  seq: number
  ts: string
  type: string
  actor: string
  book: string | null
  payloadJson: string
  prevHash: string
  hash: string
}

/** `n` events chained from `prev` (genesis by default), seqs from `firstSeq`. */
export function makeChain(n: number, opts: { firstSeq?: number; prevHash?: string; salt?: string; session?: string } = {}): ChainRow[] {
  const rows: ChainRow[] = []
  let prevHash = opts.prevHash ?? GENESIS_HASH
  const first = opts.firstSeq ?? 1
  for (let i = 0; i < n; i++) {
    const seq = first + i
    const day = 1 + (seq % 28)
    const payloadJson = canonicalJson({ sessionId: opts.session ?? 's-1', marketDate: `2020-03-${String(day).padStart(2, '0')}`, i: seq, salt: opts.salt ?? '' })
    const row = { seq, ts: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(), type: seq % 3 === 0 ? 'alert.raised' : 'risk.snapshot', actor: 'desk', book: seq % 2 ? 'Macro' : null, payloadJson, prevHash }
    const hash = computeEventHash(row)
    rows.push({ ...row, hash })
    prevHash = hash
  }
  return rows
}

/** A connected client; remember to `end()` it. */
export async function connect(url: string): Promise<pg.Client> {
  // bounded: a test that loses its server fails with the reason instead of waiting out the test timeout
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 20_000, query_timeout: 120_000 })
  await c.connect()
  return c
}

/** Migrate the server's `riskdesk` database as the admin. */
export async function migrateServer(server: PgTestServer): Promise<void> {
  const admin = await connect(server.url())
  try {
    await migratePg(admin)
  } finally {
    await admin.end()
  }
}

/** A registered workstation: its installation id, login role and URL. */
export interface Workstation {
  installationId: string
  role: string
  password: string
  url: string
}

/** Create a login role in riskdesk_workstation and register it for a new (or given) installation id. */
export async function addWorkstation(server: PgTestServer, role: string, installationId: string = randomUUID()): Promise<Workstation> {
  const admin = await connect(server.url())
  const password = `pw-${randomUUID()}`
  try {
    // Role names and passwords cannot be bound parameters in CREATE ROLE; these are test constants, quoted.
    await admin.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)} IN ROLE riskdesk_workstation`)
    await admin.query('SELECT riskdesk.register_workstation($1, $2, $3)', [installationId, role, `${role}'s desk`])
  } finally {
    await admin.end()
  }
  return { installationId, role, password, url: server.url(role, password) }
}

/** A desk-head login. */
export async function addDeskHead(server: PgTestServer, role: string): Promise<string> {
  const admin = await connect(server.url())
  const password = `pw-${randomUUID()}`
  try {
    await admin.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)} IN ROLE riskdesk_desk_head`)
  } finally {
    await admin.end()
  }
  return server.url(role, password)
}

/** Insert rows as `client` exactly as the syncer does (one multi-row INSERT); the number of rows inserted. */
export async function insertRows(client: pg.ClientBase, installationId: string, rows: readonly ChainRow[]): Promise<number> {
  const r = await client.query(
    `INSERT INTO riskdesk.events (installation_id, seq, ts, type, actor, book, payload_json, prev_hash, hash)
     SELECT $1::uuid, t.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS t(seq, ts, type, actor, book, payload_json, prev_hash, hash) ORDER BY t.seq`,
    [
      installationId,
      rows.map((r) => r.seq),
      rows.map((r) => r.ts),
      rows.map((r) => r.type),
      rows.map((r) => r.actor),
      rows.map((r) => r.book),
      rows.map((r) => r.payloadJson),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
    ],
  )
  return r.rowCount ?? 0
}

/** Payloads like the desk's: every one carries sessionId and marketDate. */
export function deskEvents(n: number, opts: { from?: number; session?: string; actor?: string; tag?: string } = {}): AuditEventInput[] {
  const out: AuditEventInput[] = []
  const from = opts.from ?? 0
  for (let i = from; i < from + n; i++) {
    const marketDate = new Date(Date.UTC(2020, 1, 3) + Math.floor(i / 40) * 86_400_000).toISOString().slice(0, 10)
    const type = i % 10 === 0 ? 'alert.raised' : i % 10 === 5 ? 'action.approved' : 'risk.snapshot'
    out.push({
      type,
      actor: type === 'action.approved' ? (opts.actor ?? 'alice') : 'desk',
      book: i % 2 === 0 ? 'Macro' : null,
      ts: new Date(Date.UTC(2026, 2, 1) + i * 250).toISOString(),
      payload: { sessionId: opts.session ?? 'session-1', marketDate, var99: 1_000_000 + i, note: i % 7 === 0 ? 'quote " and \\ and é' : null, ...(opts.tag === undefined ? {} : { ws: opts.tag }) },
    })
  }
  return out
}

/**
 * A local RiskDesk database with an installation id and `n` desk events written by the real AuditLog (real hash
 * chain) in ONE transaction; returns its installation id. `tag` goes into every payload so chains differ.
 */
export function makeLocalDb(file: string, n: number, keyDir: string, tag?: string): string {
  const db = openDatabase(file)
  try {
    const id = installationIdentity(db, { keyDir }).id
    new AuditLog(db).appendMany(deskEvents(n, tag === undefined ? {} : { tag }))
    return id
  } finally {
    closeDatabase(db)
  }
}

/** Append `n` more desk events to an existing database. */
export function appendLocal(file: string, n: number): void {
  const db = openDatabase(file)
  try {
    const log = new AuditLog(db)
    log.appendMany(deskEvents(n, { from: log.head().seq }))
  } finally {
    closeDatabase(db)
  }
}
