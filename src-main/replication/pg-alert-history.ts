/**
 * The desk head's alert history across every workstation: the history of src-main/audit/alert-history.ts (one row
 * per alert with its actions, decisions and overrides) read from the desk's PostgreSQL instead of one SQLite file.
 *
 * Same filters (AlertHistoryQuery) plus the workstation, same row shape plus the workstation it came from, same row
 * builder and fold (alertRowFromRaised, foldLifecycle: a new lifecycle event type needs no change here). What differs is only where the rows
 * come from: every chain lives in one table keyed by (installation_id, seq), so each link that the SQLite version
 * makes by seq is made within one installation here, an alert's extent included (it spans the restarts of its desk on
 * that workstation's database, which resume the book, up to the first session that starts its book afresh; see the
 * module header of alert-history.ts). Pages are ordered by market date like the local history, then
 * by wall time, installation and seq across workstations (for one workstation that is the local order), with a
 * keyset cursor on those four. All values are bound parameters.
 *
 * Per page: one query for the alert rows (indexes of migrations 20 and 40), one for all their linked events and one
 * for the control changes (limits, override.*) on their books while each was live, whatever the page size.
 */
import type { ClientBase } from 'pg'
import {
  ALERT_HISTORY_STATES,
  ALERT_INDEX_TYPES,
  ALERT_OPENING_TYPES,
  alertRowFromRaised,
  CONTROL_CHANGE_TYPES,
  DEFAULT_HISTORY_PAGE,
  foldLifecycle,
  LINKED_OVERRIDE_TYPES,
  MAX_HISTORY_PAGE,
  type AlertHistoryQuery,
  type AlertHistoryRow,
} from '../audit/alert-history'
import { isIsoDate, queryBoundsToRange } from '../audit/timestamps'

/** Filters of the desk-wide history: those of the local history (its `after` is this history's cursor) and a workstation. */
export interface PgAlertHistoryQuery extends AlertHistoryQuery {
  /** one workstation: its installation id, login role or label. */
  readonly workstation?: string
}

/** An alert row with the workstation it was raised on. */
export interface PgAlertHistoryRow extends AlertHistoryRow {
  readonly installationId: string
  /** the workstation's label, else its login role. */
  readonly workstation: string
}

/** A page of the desk-wide history. */
export interface PgAlertHistoryPage {
  readonly alerts: PgAlertHistoryRow[]
  /** pass as `after` for the next page; null on the last page. */
  readonly next: string | null
}

interface AlertSqlRow {
  installation_id: string
  seq: string
  ts: string
  type: string
  actor: string
  book: string | null
  payload: Record<string, unknown>
  market_date: string | null
  end_seq: string | null
  trader: string | null
  workstation: string | null
  severity: string | null
}

interface LinkedSqlRow {
  idx: number
  seq: string
  ts: string
  type: string
  actor: string
  book: string | null
  payload: Record<string, unknown>
  market_date: string | null
}

const MAX_SEQ = '9223372036854775807'
const sqlList = (types: readonly string[]): string => types.map((t) => `'${t}'`).join(', ')

/**
 * Whether a text filter can be looked up in the trigram index (pg_trgm extracts trigrams from runs of at least three
 * letters or digits of a LIKE pattern; a text without one would read the whole index).
 */
export function usesTrigramIndex(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text.trim())
}

/** `marketDate|ts|installation|seq`, the position of an alert row in the desk-wide order. */
function cursorOf(r: { market_date: string | null; ts: string; installation_id: string; seq: string }): string {
  return `${r.market_date ?? ''}|${r.ts}|${r.installation_id}|${r.seq}`
}

function parseCursor(after: string): [string, string, string, string] {
  const m = /^(\d{4}-\d{2}-\d{2})\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})\|(\d{1,19})$/.exec(after)
  if (m === null || !isIsoDate(m[1]!)) throw new RangeError(`after: not a history cursor (use the previous page's next), got ${JSON.stringify(after)}`)
  return [m[1]!, m[2]!, m[3]!, m[4]!]
}

/**
 * Build the SQL of one page of alert rows (exported for the plan tests).
 *
 * @param opts.textIndex - false: a text filter is the exact test alone, without the trigram index's candidates (the
 *   plan of a text without a trigram; the tests compare both). Same rows either way.
 * @throws RangeError naming the filter when a bound, state, cursor or page size is malformed.
 */
export function buildPgAlertHistorySql(q: PgAlertHistoryQuery, opts: { readonly textIndex?: boolean } = {}): { sql: string; args: unknown[]; limit: number } {
  const limit = q.limit ?? DEFAULT_HISTORY_PAGE
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) throw new RangeError(`limit must be an integer in 1..${MAX_HISTORY_PAGE}, got ${limit}`)
  for (const [name, v] of [['marketFrom', q.marketFrom], ['marketTo', q.marketTo]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new RangeError(`${name}: expected a market date YYYY-MM-DD, got ${JSON.stringify(v)}`)
  }
  if (q.marketFrom !== undefined && q.marketTo !== undefined && q.marketFrom > q.marketTo) throw new RangeError(`marketFrom (${q.marketFrom}) is after marketTo (${q.marketTo})`)
  if (q.state !== undefined && !ALERT_HISTORY_STATES.includes(q.state)) throw new RangeError(`state must be one of ${ALERT_HISTORY_STATES.join(', ')}, got ${JSON.stringify(q.state)}`)

  const args: unknown[] = []
  const p = (v: unknown): string => {
    args.push(v)
    return `$${args.length}`
  }
  // Alerts without a market date cannot be placed on the review's calendar; the local history leaves them out too.
  // the partial indexes of migration 20 hold escalations too (they opened rows before the lifecycle events)
  const where: string[] = [`a.type IN (${sqlList(ALERT_INDEX_TYPES)})`, `a.type IN (${sqlList(ALERT_OPENING_TYPES)})`, 'a.market_date IS NOT NULL']
  if (q.marketFrom !== undefined) where.push(`a.market_date >= ${p(q.marketFrom)}::date`)
  if (q.marketTo !== undefined) where.push(`a.market_date <= ${p(q.marketTo)}::date`)
  const wall = queryBoundsToRange(q.wallFrom, q.wallTo)
  if (wall.fromTs !== undefined) where.push(`a.ts >= ${p(wall.fromTs)}`)
  if (wall.toTsExclusive !== undefined) where.push(`a.ts < ${p(wall.toTsExclusive)}`)
  if (q.book !== undefined) where.push(`a.book = ${p(q.book)}`)
  if (q.rule !== undefined) {
    // a kind of limit matches each of its instances: 'positionLoss' matches 'positionLoss:BA'
    where.push(`(a.payload ->> 'ruleKey' = ${p(q.rule)} OR left(a.payload ->> 'ruleKey', ${p(q.rule.length + 1)}::int) = ${p(`${q.rule}:`)})`)
  }
  if (q.workstation !== undefined) {
    const w = p(q.workstation)
    where.push(`(a.installation_id::text = ${w} OR w.role_name::text = ${w} OR w.label = ${w})`)
  }
  if (q.after !== undefined) {
    const [date, ts, id, seq] = parseCursor(q.after)
    where.push(`(a.market_date, a.ts, a.installation_id, a.seq) > (${p(date)}::date, ${p(ts)}, ${p(id)}::uuid, ${p(seq)}::bigint)`)
  }
  // the alert's id as its events name it (their alert_ref)
  const alertId = `(a.payload ->> 'alertId')`
  const linked = `o.installation_id = a.installation_id AND o.alert_ref = ${alertId} AND o.seq > a.seq AND o.seq < coalesce(se.end_seq, ${MAX_SEQ})`
  const resolved = `(SELECT min(c.seq) FROM riskdesk.events c WHERE c.installation_id = a.installation_id AND c.alert_ref = ${alertId} AND c.seq > a.seq AND c.type = 'alert.resolved')`
  // the type list repeats the partial index's predicate (migration 40)
  const controlChanges = `l.installation_id = a.installation_id AND l.type IN (${sqlList(CONTROL_CHANGE_TYPES)}) AND l.book IS NOT DISTINCT FROM a.book AND l.seq > a.seq AND l.seq < least(coalesce(${resolved}, ${MAX_SEQ}), coalesce(se.end_seq, ${MAX_SEQ}))`
  // severity and state at the end of the alert's history, as alert-history.ts computes them
  const severity = `coalesce((SELECT o.payload ->> 'severity' FROM riskdesk.events o WHERE ${linked} AND o.type = 'alert.escalated' ORDER BY o.seq DESC LIMIT 1), a.payload ->> 'severity')`
  const state = `CASE (SELECT o.type FROM riskdesk.events o WHERE ${linked} AND o.type IN ('alert.acknowledged', 'alert.escalated', 'alert.resolved') ORDER BY o.seq DESC LIMIT 1) WHEN 'alert.acknowledged' THEN 'acknowledged' WHEN 'alert.escalated' THEN 'escalated' WHEN 'alert.resolved' THEN 'resolved' ELSE 'open' END`
  if (q.severity !== undefined) where.push(`${severity} = ${p(q.severity)}`)
  // the session's trader: actor of the latest session.started before the alert. A scalar subquery, so it is computed
  // for the rows returned (and, with an actor filter, for the candidates), not for every candidate as a join would.
  const trader = `(SELECT t.actor FROM riskdesk.events t WHERE t.installation_id = a.installation_id AND t.type = 'session.started' AND t.seq < a.seq ORDER BY t.seq DESC LIMIT 1)`
  if (q.actor !== undefined) {
    const actor = p(q.actor)
    where.push(
      `(${trader} = ${actor} OR EXISTS (SELECT 1 FROM riskdesk.events o WHERE ${linked} AND o.actor = ${actor}) OR EXISTS (SELECT 1 FROM riskdesk.events l WHERE ${controlChanges} AND l.actor = ${actor}))`,
    )
  }
  // one probe of the alert's events: the last that changed its state
  if (q.state !== undefined) where.push(`${state} = ${p(q.state)}`)
  if (q.overridden === true) {
    where.push(
      `(EXISTS (SELECT 1 FROM riskdesk.events o WHERE ${linked} AND o.type IN (${sqlList(LINKED_OVERRIDE_TYPES)})) OR EXISTS (SELECT 1 FROM riskdesk.events l WHERE ${controlChanges}))`,
    )
  }
  if (q.text !== undefined && q.text.trim().length > 0) {
    const pattern = p(`%${q.text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    const textOf = (alias: string): string => `riskdesk.reason_text(${alias}.payload) LIKE ${pattern}`
    const exactLinked = `EXISTS (SELECT 1 FROM riskdesk.events o WHERE ${linked} AND ${textOf('o')})`
    const exactLimits = `EXISTS (SELECT 1 FROM riskdesk.events l WHERE ${controlChanges} AND ${textOf('l')})`
    if (opts.textIndex !== false && usesTrigramIndex(q.text)) {
      // The events whose text matches are read once from the trigram index of migration 30 (its events: those an
      // alert's text can come from), and an alert is a candidate only if one of them names it (same workstation and
      // alert id) or is a control change (limits, override.*) of its workstation and book: a hashed lookup per alert
      // instead of reading each alert's events. Candidates then get the exact test (the event is the alert's own, in
      // its extent; the control change came while it was live), so the rows are those of the exact test alone.
      const named = `(a.installation_id, ${alertId}) IN (SELECT h.installation_id, h.alert_ref FROM riskdesk.events h WHERE h.alert_ref IS NOT NULL AND ${textOf('h')})`
      const sameBook = `(a.installation_id, coalesce(a.book, '')) IN (SELECT h.installation_id, coalesce(h.book, '') FROM riskdesk.events h WHERE h.type IN (${sqlList(CONTROL_CHANGE_TYPES)}) AND ${textOf('h')})`
      where.push(`(${named} OR ${sameBook})`, `((${named} AND ${exactLinked}) OR (${sameBook} AND ${exactLimits}))`)
    } else {
      // no trigram to look up (fewer than 3 letters or digits in a row): such a text matches densely, so walking the
      // alerts in page order and testing each finds a page soonest
      where.push(`(${exactLinked} OR ${exactLimits})`)
    }
  }
  // se.end_seq: where the alert's extent ends, as alert-history.ts's extentEnd (the first later session start on its
  // book, same workstation, that did not resume the book's desk), walking events_session_starts from the raise
  const sql = `SELECT a.installation_id::text AS installation_id, a.seq::text AS seq, a.ts, a.type, a.actor, a.book, a.payload,
  a.market_date::text AS market_date, se.end_seq::text AS end_seq, ${trader} AS trader, coalesce(w.label, w.role_name::text) AS workstation,
  ${severity} AS severity
FROM riskdesk.events a
LEFT JOIN riskdesk.workstations w ON w.installation_id = a.installation_id
LEFT JOIN LATERAL (SELECT s.seq AS end_seq FROM riskdesk.events s
  WHERE s.installation_id = a.installation_id AND s.type = 'session.started' AND s.seq > a.seq
    AND s.book IS NOT DISTINCT FROM a.book AND s.payload ->> 'resumedAfter' IS NULL
  ORDER BY s.seq LIMIT 1) se ON true
WHERE ${where.join('\n  AND ')}
ORDER BY a.market_date, a.ts, a.installation_id, a.seq
LIMIT ${p(limit + 1)}`
  return { sql, args, limit }
}

/**
 * One page of the desk-wide alert history.
 *
 * @param client - a connection as the desk head (a workstation role sees only its own rows, by row-level security).
 * @param q - filters (see PgAlertHistoryQuery).
 * @returns alerts in market-date then wall-time order across workstations, each folded with its lifecycle, and the next cursor.
 * @throws RangeError for a malformed filter (named); pg errors when the server cannot be read.
 */
export async function queryPgAlertHistory(client: ClientBase, q: PgAlertHistoryQuery = {}): Promise<PgAlertHistoryPage> {
  const built = buildPgAlertHistorySql(q)
  const rows = (await client.query<AlertSqlRow>(built.sql, built.args)).rows
  const more = rows.length > built.limit
  const page = more ? rows.slice(0, built.limit) : rows
  const alerts = page.map(newRow)
  if (alerts.length > 0) await foldLifecycles(client, page, alerts)
  const last = page.at(-1)
  return { alerts, next: more && last !== undefined ? cursorOf(last) : null }
}

/**
 * Every alert matching `q` (pages through queryPgAlertHistory), for exports and the CLI.
 */
export async function* allPgAlertHistory(client: ClientBase, q: Omit<PgAlertHistoryQuery, 'limit' | 'after'> = {}): AsyncGenerator<PgAlertHistoryRow> {
  let after: string | undefined
  for (;;) {
    const page = await queryPgAlertHistory(client, { ...q, limit: MAX_HISTORY_PAGE, ...(after === undefined ? {} : { after }) })
    yield* page.alerts
    if (page.next === null) return
    after = page.next
  }
}

function newRow(r: AlertSqlRow): PgAlertHistoryRow {
  const row = alertRowFromRaised({ seq: Number(r.seq), ts: r.ts, type: r.type, actor: r.actor, book: r.book, market_date: r.market_date, trader: r.trader, payload: r.payload })
  return { installationId: r.installation_id, workstation: r.workstation ?? r.installation_id, ...row }
}

/** Linked events of every alert of the page (one query), then control changes while each was live (one query). */
async function foldLifecycles(client: ClientBase, page: readonly AlertSqlRow[], alerts: PgAlertHistoryRow[]): Promise<void> {
  const spans = page.map((r, idx) => ({ idx, installation_id: r.installation_id, alert_id: alerts[idx]!.id, from_seq: r.seq, to_seq: r.end_seq ?? MAX_SEQ, book: r.book }))
  const linked = await client.query<LinkedSqlRow>(
    `SELECT p.idx, o.seq::text AS seq, o.ts, o.type, o.actor, o.book, o.payload, o.market_date::text AS market_date
     FROM json_to_recordset($1::json) AS p(idx int, installation_id uuid, alert_id text, from_seq bigint, to_seq bigint)
     JOIN riskdesk.events o ON o.installation_id = p.installation_id AND o.alert_ref = p.alert_id AND o.seq > p.from_seq AND o.seq < p.to_seq
     ORDER BY p.idx, o.seq`,
    [JSON.stringify(spans)],
  )
  const byAlert = new Map<number, LinkedSqlRow[]>()
  for (const e of linked.rows) {
    const list = byAlert.get(e.idx) ?? []
    list.push(e)
    byAlert.set(e.idx, list)
  }
  // control changes up to the resolution (or the extent's end); the fold bounds them the same way
  const live = spans.map((s) => {
    let until = s.to_seq
    for (const e of byAlert.get(s.idx) ?? []) if (e.type === 'alert.resolved' && BigInt(e.seq) < BigInt(until)) until = e.seq
    return { ...s, to_seq: until }
  })
  const controls = await client.query<LinkedSqlRow>(
    `SELECT p.idx, l.seq::text AS seq, l.ts, l.type, l.actor, l.book, l.payload, l.market_date::text AS market_date
     FROM json_to_recordset($1::json) AS p(idx int, installation_id uuid, book text, from_seq bigint, to_seq bigint)
     JOIN riskdesk.events l ON l.installation_id = p.installation_id AND l.type IN (${sqlList(CONTROL_CHANGE_TYPES)}) AND l.book IS NOT DISTINCT FROM p.book
       AND l.seq > p.from_seq AND l.seq < p.to_seq
     ORDER BY p.idx, l.seq`,
    [JSON.stringify(live)],
  )
  const controlsOf = new Map<number, LinkedSqlRow[]>()
  for (const e of controls.rows) {
    const list = controlsOf.get(e.idx) ?? []
    list.push(e)
    controlsOf.set(e.idx, list)
  }
  const event = (e: LinkedSqlRow) => ({ seq: Number(e.seq), ts: e.ts, type: e.type, actor: e.actor, book: e.book, market_date: e.market_date, payload: e.payload })
  alerts.forEach((row, idx) => {
    const end = page[idx]!.end_seq
    foldLifecycle(row, end === null ? Number.MAX_SAFE_INTEGER : Number(end), (byAlert.get(idx) ?? []).map(event), (controlsOf.get(idx) ?? []).map(event))
  })
}
