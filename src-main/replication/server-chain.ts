/**
 * What the desk's PostgreSQL holds for one installation, read as that workstation (row-level security shows it only
 * its own rows) or as the desk head. Because the server accepts only gap-free, linked chains (pg-migrations.ts), an
 * installation's highest seq there is its highest contiguous replicated seq.
 */
import type { ClientBase } from 'pg'
import type { ChainHead } from '../audit/event-types'
import type { OutboxRow } from './local-outbox'

const toNumber = (v: string | number): number => (typeof v === 'number' ? v : Number(v))

/** The replicated head of `installationId`: seq 0 and hash null when nothing was replicated yet. */
export async function serverHead(client: ClientBase, installationId: string): Promise<{ seq: number; hash: string | null }> {
  const r = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM riskdesk.events WHERE installation_id = $1 ORDER BY seq DESC LIMIT 1',
    [installationId],
  )
  const row = r.rows[0]
  return row === undefined ? { seq: 0, hash: null } : { seq: toNumber(row.seq), hash: row.hash }
}

/** The replicated hash at `seq`, or undefined when the server has no such row. */
export async function serverHashAt(client: ClientBase, installationId: string, seq: number): Promise<string | undefined> {
  const r = await client.query<{ hash: string }>('SELECT hash FROM riskdesk.events WHERE installation_id = $1 AND seq = $2', [installationId, seq])
  return r.rows[0]?.hash
}

/**
 * The first seq in 1..upTo where the local hash differs from the server's, given that they differ at `upTo`.
 * Binary search, O(log n) round trips: in two hash chains that each link correctly, equal hashes at seq k imply
 * equal rows at every seq <= k (each hash covers the previous one), so "differs" is monotone in seq.
 *
 * @param localHashAt - the local hash at a seq (undefined when missing locally).
 */
export async function firstDivergence(
  client: ClientBase,
  installationId: string,
  upTo: number,
  localHashAt: (seq: number) => string | undefined,
): Promise<number> {
  let lo = 1
  let hi = upTo
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    const same = (await serverHashAt(client, installationId, mid)) === localHashAt(mid)
    if (same) lo = mid + 1
    else hi = mid
  }
  return hi
}

/**
 * Insert a batch in one statement (one round trip; the rows are sent as one JSON array and expanded with
 * json_to_recordset, in seq order, so the server's continuity trigger sees them in chain order). Rows the server already holds with the same hash are
 * skipped by the trigger; a row with another hash becomes a conflict there. ON CONFLICT DO NOTHING only guards
 * against a race the trigger's advisory lock already prevents.
 *
 * @returns the number of rows actually inserted.
 * @throws pg DatabaseError (SQLSTATE in `code`, see PG_ERRORS) when the server refuses the batch; nothing of it is
 *   then stored.
 */
export async function insertBatch(client: ClientBase, installationId: string, rows: readonly OutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0
  // One JSON text parameter: V8's JSON.stringify and PostgreSQL's json parser are both native and fast.
  const json = JSON.stringify(
    rows.map((x) => ({ seq: x.seq, ts: x.ts, type: x.type, actor: x.actor, book: x.book, payload_json: x.payloadJson, prev_hash: x.prevHash, hash: x.hash })),
  )
  const r = await client.query(
    `INSERT INTO riskdesk.events (installation_id, seq, ts, type, actor, book, payload_json, prev_hash, hash)
     SELECT $1::uuid, t.seq, t.ts, t.type, t.actor, t.book, t.payload_json, t.prev_hash, t.hash
     FROM json_to_recordset($2::json) AS t(seq bigint, ts text, type text, actor text, book text, payload_json text, prev_hash text, hash text)
     ORDER BY t.seq
     ON CONFLICT (installation_id, seq) DO NOTHING`,
    [installationId, json],
  )
  return r.rowCount ?? 0
}

/** Every replicated (seq, hash) of `installationId` after `afterSeq`, up to `limit`, in seq order. */
export async function serverHashes(client: ClientBase, installationId: string, afterSeq: number, limit: number): Promise<ChainHead[]> {
  const r = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM riskdesk.events WHERE installation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [installationId, afterSeq, limit],
  )
  return r.rows.map((x) => ({ seq: toNumber(x.seq), hash: x.hash }))
}
