/**
 * Desk-head history: the audit trail folded into one row per alert, with the actions proposed for it, the decisions
 * on them and the overrides, filtered and paged in SQL over the indices of migration 40.
 *
 * Which events belong to an alert: those whose `alert_ref` (generated column: `supersedes`, `alert.id`,
 * `action.alertId` or `alertId` of the payload) names it, within its session. Alert ids are unique within a session
 * (and, since the typed audit events, carry the session id), so the session bounds the search: from the raising
 * row to the next `session.started`. Limit changes on the alert's book while it was live count as overrides too.
 *
 * What each lifecycle event does to the row is one entry of LIFECYCLE, and which of them are overrides is
 * OVERRIDE_TYPES: a later event type (alert.snoozed, alert.noted, action.modified, ...) slots in by adding one entry
 * (and, if it is an override or decision, one name), without touching the query or the fold.
 *
 * Vocabulary: an override is a person going against the desk's course: vetoing a proposed risk reduction
 * (`action.rejected`) or changing the limits while the alert was live (`limits.changed`). Approvals, expiries and
 * executions are decisions on actions, listed with each action; an acknowledgement is recorded on the alert.
 */
import type { Database, Statement } from 'better-sqlite3'
import { isAuditTimestamp, isIsoDate, queryBoundsToRange } from './timestamps'

/** Event types that open an alert row. */
export const ALERT_OPENING_TYPES = ['alert.raised', 'alert.escalated'] as const
/** Linked event types that count as an override (see the module header). */
export const OVERRIDE_TYPES: readonly string[] = ['action.rejected', 'limits.changed']
/** Default and largest page. */
export const DEFAULT_HISTORY_PAGE = 100
export const MAX_HISTORY_PAGE = 1_000

/** Alert state at the end of its history. */
export type AlertHistoryState = 'open' | 'acknowledged' | 'cleared' | 'superseded'
export const ALERT_HISTORY_STATES: readonly AlertHistoryState[] = ['open', 'acknowledged', 'cleared', 'superseded']

/** A decision on an action (proposal, approval, rejection, execution, expiry, ...). */
export interface ActionDecision {
  readonly seq: number
  /** event type without the `action.` prefix: proposed, approved, rejected, applied, expired, ... */
  readonly decision: string
  readonly actor: string
  readonly wallTime: string
  readonly marketDate: string | null
  readonly reason: string | null
}

/** An action proposed for the alert and what became of it. */
export interface ActionHistory {
  readonly id: string
  readonly proposedAt: string
  readonly marketDate: string | null
  readonly policy: string | null
  readonly fraction: number | null
  readonly trades: readonly { readonly symbol: string; readonly fromQuantity: number; readonly toQuantity: number }[]
  readonly varBefore: number | null
  readonly varAfterPreview: number | null
  /** VaR of the book recomputed after execution (action.applied), null when not executed or not recorded. */
  readonly varAfter: number | null
  /** last known state: pending, approved, rejected, applied, expired, ... */
  state: string
  readonly decisions: ActionDecision[]
}

/** An override on the alert (see the module header). */
export interface AlertOverride {
  readonly seq: number
  /** the event type, e.g. `action.rejected`, `limits.changed`. */
  readonly kind: string
  readonly actor: string
  readonly wallTime: string
  readonly marketDate: string | null
  readonly reason: string | null
  readonly actionId: string | null
  /** limits.changed: the VaR limit before and after (null when not a VaR-limit change). */
  readonly varLimitBefore: number | null
  readonly varLimitAfter: number | null
}

/** One row of the history: an alert and everything decided about it. */
export interface AlertHistoryRow {
  readonly id: string
  /** seq of the event that raised (or escalated into) it. */
  readonly seq: number
  readonly sessionId: string | null
  readonly marketDate: string | null
  readonly wallTime: string
  readonly book: string | null
  /** the trader of the session (actor of its `session.started`), else the actor of the raising row. */
  readonly actor: string
  readonly severity: string
  /** the limit that was breached: var, positionLoss, positionWeight, daysToLiquidate. */
  readonly rule: string
  readonly symbol: string | null
  readonly value: number | null
  readonly limit: number | null
  readonly message: string
  state: AlertHistoryState
  readonly supersedes: string | null
  supersededBy: string | null
  acknowledgedBy: string | null
  acknowledgedAt: string | null
  closedAt: string | null
  readonly actions: ActionHistory[]
  readonly overrides: AlertOverride[]
}

/** Filters of `queryAlertHistory`; all optional, combined with AND. */
export interface AlertHistoryQuery {
  /** market dates, inclusive, YYYY-MM-DD. */
  readonly marketFrom?: string
  readonly marketTo?: string
  /** wall time of the raising row, inclusive: a day YYYY-MM-DD (UTC) or an exact audit timestamp. */
  readonly wallFrom?: string
  readonly wallTo?: string
  readonly book?: string
  /** the session's trader, or anyone who acted on the alert (acknowledged, decided, overrode). */
  readonly actor?: string
  readonly severity?: string
  readonly rule?: string
  readonly state?: AlertHistoryState
  /** only alerts with at least one override. */
  readonly overridden?: boolean
  /** case-insensitive substring of a reason or note on the alert, its actions or its overrides. */
  readonly text?: string
  /** page size, 1..MAX_HISTORY_PAGE; default DEFAULT_HISTORY_PAGE. */
  readonly limit?: number
  /** keyset cursor: only alerts after the previous page's last one (pass that page's `next`; opaque). */
  readonly after?: string
}

/** The cursor text of a position in the history order (market date, then seq). */
export function historyCursor(marketDate: string, seq: number): string {
  return `${marketDate}:${seq}`
}

function parseCursor(after: string): { marketDate: string; seq: number } {
  const m = /^(\d{4}-\d{2}-\d{2}):(\d{1,15})$/.exec(after)
  if (m === null || !isIsoDate(m[1] as string)) throw new RangeError(`after: not a history cursor: ${JSON.stringify(after)}`)
  return { marketDate: m[1] as string, seq: Number(m[2]) }
}

/** A page of history. */
export interface AlertHistoryPage {
  readonly alerts: AlertHistoryRow[]
  /** pass as `after` for the next page; null when this page is the last. */
  readonly next: string | null
}

/** A stored row as the history reads it. */
interface LinkedRow {
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  readonly payload: string
  readonly market_date: string | null
}

interface AlertRowSql extends LinkedRow {
  readonly alert_id: string | null
  readonly end_seq: number | null
  readonly trader: string | null
}

type Payload = Record<string, unknown>
type Fold = (row: AlertHistoryRow, e: LinkedRow, p: Payload) => void

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const obj = (v: unknown): Payload => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Payload) : {})

function actionOf(row: AlertHistoryRow, e: LinkedRow, p: Payload): ActionHistory {
  const a = obj(p.action)
  const id = str(a.id) ?? `?${e.seq}`
  let action = row.actions.find((x) => x.id === id)
  if (action === undefined) {
    const trades = Array.isArray(a.trades)
      ? a.trades.map((t) => obj(t)).map((t) => ({ symbol: str(t.symbol) ?? '', fromQuantity: num(t.fromQuantity) ?? 0, toQuantity: num(t.toQuantity) ?? 0 }))
      : []
    action = {
      id,
      proposedAt: str(a.proposedAt) ?? e.ts,
      marketDate: str(a.date) ?? e.market_date,
      policy: str(a.policy),
      fraction: num(a.fraction),
      trades,
      varBefore: num(a.varBefore),
      varAfterPreview: num(a.varAfterPreview),
      varAfter: null,
      state: str(a.state) ?? 'pending',
      decisions: [],
    }
    row.actions.push(action)
  }
  return action
}

function decide(row: AlertHistoryRow, e: LinkedRow, p: Payload): ActionHistory {
  const action = actionOf(row, e, p)
  const a = obj(p.action)
  action.state = str(a.state) ?? e.type.slice('action.'.length)
  action.decisions.push({
    seq: e.seq,
    decision: e.type.slice('action.'.length),
    actor: e.actor,
    wallTime: e.ts,
    marketDate: e.market_date,
    reason: str(p.reason) ?? str(a.reason),
  })
  return action
}

function override(row: AlertHistoryRow, e: LinkedRow, p: Payload): void {
  const before = obj(p.before)
  const after = obj(p.after)
  row.overrides.push({
    seq: e.seq,
    kind: e.type,
    actor: e.actor,
    wallTime: e.ts,
    marketDate: e.market_date,
    reason: str(p.reason) ?? str(p.note) ?? str(obj(p.action).reason),
    actionId: str(obj(p.action).id) ?? str(p.actionId),
    varLimitBefore: num(before.varLimit),
    varLimitAfter: num(after.varLimit),
  })
}

/**
 * What each linked event type does to an alert row. Add an entry to support a new lifecycle event; types without an
 * entry are ignored by the fold (and never break it).
 */
export const LIFECYCLE: Readonly<Record<string, Fold>> = {
  'alert.acknowledged': (row, e) => {
    if (row.state === 'open') row.state = 'acknowledged'
    row.acknowledgedBy ??= e.actor
    row.acknowledgedAt ??= e.ts
  },
  'alert.cleared': (row, e) => {
    row.state = 'cleared'
    row.closedAt = e.ts
  },
  // linked through `supersedes`: a higher severity replaced this alert
  'alert.escalated': (row, e, p) => {
    row.state = 'superseded'
    row.supersededBy = str(obj(p.alert).id)
    row.closedAt = e.ts
  },
  'action.proposed': (row, e, p) => {
    actionOf(row, e, p).decisions.push({ seq: e.seq, decision: 'proposed', actor: e.actor, wallTime: e.ts, marketDate: e.market_date, reason: null })
  },
  'action.approved': (row, e, p) => void decide(row, e, p),
  'action.rejected': (row, e, p) => {
    decide(row, e, p)
    override(row, e, p)
  },
  'action.applied': (row, e, p) => {
    const action = decide(row, e, p) as { varAfter: number | null }
    action.varAfter = num(p.varAfter)
  },
  'action.expired': (row, e, p) => void decide(row, e, p),
  'limits.changed': (row, e, p) => override(row, e, p),
}

/** Escape LIKE wildcards; the pattern uses ESCAPE '\'. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The SQL that bounds an alert's own events: after its raising row, before the next session start. */
const LINKED = `o.alert_ref = json_extract(a.payload, '$.alert.id') AND o.seq > a.seq AND o.seq < coalesce(${nextSession('a')}, 9223372036854775807)`
function nextSession(alias: string): string {
  return `(SELECT min(s.seq) FROM audit_events s WHERE s.type = 'session.started' AND s.seq > ${alias}.seq)`
}
const MAX_SEQ = '9223372036854775807'
/** seq of the row that closed the alert (cleared, or superseded by an escalation), else none. */
const CLOSED = `(SELECT min(c.seq) FROM audit_events c WHERE c.alert_ref = json_extract(a.payload, '$.alert.id') AND c.seq > a.seq AND c.type IN ('alert.cleared', 'alert.escalated'))`
/** Limit changes on the alert's book while it was live: after its raise, before it closed or its session ended. */
const LIMIT_CHANGES = `l.type = 'limits.changed' AND l.book IS a.book AND l.seq > a.seq AND l.seq < min(coalesce(${CLOSED}, ${MAX_SEQ}), coalesce(${nextSession('a')}, ${MAX_SEQ}))`

/**
 * Build the SQL for a page of alert rows (exported for the query-plan tests).
 *
 * @throws RangeError naming the filter when a bound, state or page size is malformed.
 */
export function buildAlertHistorySql(q: AlertHistoryQuery): { sql: string; args: unknown[]; limit: number } {
  const limit = q.limit ?? DEFAULT_HISTORY_PAGE
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) throw new RangeError(`limit must be an integer in 1..${MAX_HISTORY_PAGE}, got ${limit}`)
  for (const [name, v] of [['marketFrom', q.marketFrom], ['marketTo', q.marketTo]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new RangeError(`${name}: expected a market date YYYY-MM-DD, got ${JSON.stringify(v)}`)
  }
  if (q.marketFrom !== undefined && q.marketTo !== undefined && q.marketFrom > q.marketTo) throw new RangeError(`marketFrom (${q.marketFrom}) is after marketTo (${q.marketTo})`)
  if (q.state !== undefined && !ALERT_HISTORY_STATES.includes(q.state)) throw new RangeError(`state must be one of ${ALERT_HISTORY_STATES.join(', ')}, got ${JSON.stringify(q.state)}`)
  const after = q.after === undefined ? undefined : parseCursor(q.after)

  // The alert rows come from the partial index audit_events_alerts_by_market_date (INDEXED BY: SQLite refuses the
  // query rather than fall back to another plan). Its entries run in (market_date, seq) order, the order of the
  // result, so a page is read straight off the index and stops at the limit, with no sort of every alert; without
  // the hint SQLite prefers (type, market_date) plus a sort on a database that was never ANALYZEd. The type list
  // is written as literals because a partial index is usable only when the query repeats its WHERE term.
  const where: string[] = [`a.type IN (${ALERT_OPENING_TYPES.map((t) => `'${t}'`).join(', ')})`, 'a.market_date IS NOT NULL']
  const args: unknown[] = []
  if (q.marketFrom !== undefined) {
    where.push('a.market_date >= ?')
    args.push(q.marketFrom)
  }
  if (q.marketTo !== undefined) {
    where.push('a.market_date <= ?')
    args.push(q.marketTo)
  }
  const wall = queryBoundsToRange(q.wallFrom, q.wallTo)
  if (wall.fromTs !== undefined) {
    where.push('a.ts >= ?')
    args.push(wall.fromTs)
  }
  if (wall.toTsExclusive !== undefined) {
    where.push('a.ts < ?')
    args.push(wall.toTsExclusive)
  }
  if (q.book !== undefined) {
    // unary + keeps the planner off (book, ts): a book holds a large share of all events, its alerts few
    where.push('+a.book = ?')
    args.push(q.book)
  }
  if (q.severity !== undefined) {
    where.push("json_extract(a.payload, '$.alert.severity') = ?")
    args.push(q.severity)
  }
  if (q.rule !== undefined) {
    where.push("json_extract(a.payload, '$.alert.limit') = ?")
    args.push(q.rule)
  }
  if (after !== undefined) {
    where.push('(a.market_date, a.seq) > (?, ?)')
    args.push(after.marketDate, after.seq)
  }
  if (q.actor !== undefined) {
    where.push(`(trader = ? OR EXISTS (SELECT 1 FROM audit_events o WHERE ${LINKED} AND o.actor = ?))`)
    args.push(q.actor, q.actor)
  }
  const has = (types: readonly string[]): string => {
    args.push(...types)
    return `EXISTS (SELECT 1 FROM audit_events o WHERE ${LINKED} AND o.type IN (${types.map(() => '?').join(', ')}))`
  }
  if (q.state === 'cleared') where.push(has(['alert.cleared']))
  else if (q.state === 'superseded') where.push(has(['alert.escalated']))
  else if (q.state === 'acknowledged') where.push(`${has(['alert.acknowledged'])} AND NOT ${has(['alert.cleared', 'alert.escalated'])}`)
  else if (q.state === 'open') where.push(`NOT ${has(['alert.acknowledged', 'alert.cleared', 'alert.escalated'])}`)
  if (q.overridden === true) {
    const linked = OVERRIDE_TYPES.filter((t) => t !== 'limits.changed')
    where.push(`(${has(linked)} OR EXISTS (SELECT 1 FROM audit_events l WHERE ${LIMIT_CHANGES}))`)
  }
  if (q.text !== undefined && q.text.trim().length > 0) {
    const pattern = likeContains(q.text.trim().toLowerCase())
    const textOf = (alias: string): string =>
      `lower(coalesce(json_extract(${alias}.payload, '$.reason'), '') || ' ' || coalesce(json_extract(${alias}.payload, '$.note'), '') || ' ' || coalesce(json_extract(${alias}.payload, '$.action.reason'), '')) LIKE ? ESCAPE '\\'`
    where.push(`(EXISTS (SELECT 1 FROM audit_events o WHERE ${LINKED} AND ${textOf('o')}) OR EXISTS (SELECT 1 FROM audit_events l WHERE ${LIMIT_CHANGES} AND ${textOf('l')}))`)
    args.push(pattern, pattern)
  }
  // the session's trader: actor of the latest session.started before the alert (partial index, one seek)
  const trader = `(SELECT t.actor FROM audit_events t WHERE t.type = 'session.started' AND t.seq < a.seq ORDER BY t.seq DESC LIMIT 1)`
  const sql =
    `SELECT a.seq, a.ts, a.type, a.actor, a.book, a.payload, a.market_date, json_extract(a.payload, '$.alert.id') AS alert_id, ${nextSession('a')} AS end_seq, ${trader} AS trader ` +
    `FROM audit_events a INDEXED BY ${alertIndexFor(q)} WHERE ${where.join(' AND ')} ORDER BY a.market_date, a.seq LIMIT ?`
  // `trader` in WHERE refers to the output column: SQLite resolves it as the alias (a documented extension)
  args.push(limit + 1)
  return { sql, args, limit }
}

/**
 * The index the alert rows are read from: the market-date one (in result order, see buildAlertHistorySql), except
 * for a wall-time range without market dates, which seeks (type, ts) to the range and sorts only the alerts in it
 * (market dates and wall times need not follow each other: a replay writes old market dates today).
 */
function alertIndexFor(q: AlertHistoryQuery): string {
  const wallOnly = (q.wallFrom !== undefined || q.wallTo !== undefined) && q.marketFrom === undefined && q.marketTo === undefined
  return wallOnly ? 'audit_events_by_type_ts' : 'audit_events_alerts_by_market_date'
}

/** Reads alert history from one connection; statements are prepared once per filter shape. */
export class AlertHistory {
  private readonly statements = new Map<string, Statement<unknown[], AlertRowSql>>()
  private readonly linkedStatements = new Map<number, Statement<unknown[], LinkedRow & { alert_ref: string }>>()
  private readonly limitChanges: Statement<[number, number], LinkedRow>

  /** @param db - a connection from `openDatabase` (read-only is fine), schema 40 or later. */
  constructor(private readonly db: Database) {
    this.limitChanges = db.prepare<[number, number], LinkedRow>(
      "SELECT seq, ts, type, actor, book, payload, market_date FROM audit_events WHERE type = 'limits.changed' AND seq > ? AND seq < ? ORDER BY seq",
    )
  }

  /**
   * The events linked to each alert of a page within its own seq window (after its raise, before its session
   * ended): one statement per page instead of one per alert, a UNION ALL of one index seek per alert (alert_ref =
   * ? with the rowid range inside the index). Prepared once per page size (at most MAX_HISTORY_PAGE / CHUNK).
   */
  private linkedTo(windows: readonly { id: string; from: number; to: number }[]): (LinkedRow & { alert_ref: string })[] {
    const out: (LinkedRow & { alert_ref: string })[] = []
    // SQLite caps a compound SELECT at 500 terms (SQLITE_MAX_COMPOUND_SELECT)
    const CHUNK = 250
    for (let i = 0; i < windows.length; i += CHUNK) {
      const part = windows.slice(i, i + CHUNK)
      let stmt = this.linkedStatements.get(part.length)
      if (stmt === undefined) {
        const one = 'SELECT seq, ts, type, actor, book, payload, market_date, alert_ref FROM audit_events WHERE alert_ref = ? AND seq > ? AND seq < ?'
        stmt = this.db.prepare<unknown[], LinkedRow & { alert_ref: string }>(part.map(() => one).join(' UNION ALL '))
        this.linkedStatements.set(part.length, stmt)
      }
      out.push(...stmt.all(...part.flatMap((w) => [w.id, w.from, w.to])))
    }
    return out
  }

  /**
   * One page of alerts matching `q`, by market date then seq, each folded with its lifecycle.
   *
   * @param q - see AlertHistoryQuery.
   * @returns the alerts and the cursor of the next page.
   * @throws RangeError for a malformed filter (named).
   */
  query(q: AlertHistoryQuery = {}): AlertHistoryPage {
    const built = buildAlertHistorySql(q)
    let stmt = this.statements.get(built.sql)
    if (stmt === undefined) {
      stmt = this.db.prepare<unknown[], AlertRowSql>(built.sql)
      this.statements.set(built.sql, stmt)
    }
    return this.db.transaction(() => {
      const rows = stmt.all(...built.args)
      const more = rows.length > built.limit
      const page = more ? rows.slice(0, built.limit) : rows
      const alerts = this.foldPage(page)
      const last = page.at(-1)
      return { alerts, next: more && last !== undefined && last.market_date !== null ? historyCursor(last.market_date, last.seq) : null }
    })()
  }

  /**
   * Alerts per market day and severity for the same filters (the history view's timeline), in date order. Reads
   * the same index as `query`, with the whole filtered range rather than one page.
   *
   * @param q - filters (page and cursor ignored).
   * @returns one entry per (market date, severity) that has alerts.
   */
  timeline(q: Omit<AlertHistoryQuery, 'limit' | 'after'> = {}): { marketDate: string; severity: string; count: number }[] {
    const built = buildAlertHistorySql({ ...q, limit: 1 })
    // the page query without its LIMIT, grouped: same WHERE, same index
    const inner = built.sql.slice(0, built.sql.lastIndexOf(' LIMIT ?'))
    const sql = `SELECT market_date AS marketDate, json_extract(payload, '$.alert.severity') AS severity, count(*) AS count FROM (${inner}) GROUP BY market_date, severity ORDER BY market_date, severity`
    return this.db.prepare<unknown[], { marketDate: string; severity: string; count: number }>(sql).all(...built.args.slice(0, -1))
  }

  /**
   * Every alert matching `q` (pages through `query`), for exports.
   *
   * @param q - filters; `limit`/`after` are managed here.
   */
  *all(q: Omit<AlertHistoryQuery, 'limit' | 'after'> = {}): Generator<AlertHistoryRow> {
    let after: string | undefined
    for (;;) {
      const page = this.query({ ...q, limit: MAX_HISTORY_PAGE, ...(after === undefined ? {} : { after }) })
      yield* page.alerts
      if (page.next === null) return
      after = page.next
    }
  }

  /** Fold a page: two reads for the whole page (linked events, limit changes), then each alert's own window. */
  private foldPage(page: readonly AlertRowSql[]): AlertHistoryRow[] {
    if (page.length === 0) return []
    const from = Math.min(...page.map((r) => r.seq))
    const to = Math.max(...page.map((r) => r.end_seq ?? Number.MAX_SAFE_INTEGER))
    const byRef = new Map<string, (LinkedRow & { alert_ref: string })[]>()
    for (const e of this.linkedTo(page.map((r) => ({ id: alertIdOf(r), from: r.seq, to: r.end_seq ?? Number.MAX_SAFE_INTEGER })))) {
      const list = byRef.get(e.alert_ref)
      if (list === undefined) byRef.set(e.alert_ref, [e])
      else list.push(e)
    }
    const limitChanges = this.limitChanges.all(from, to)
    return page.map((r) => this.fold(r, byRef.get(alertIdOf(r)) ?? [], limitChanges))
  }

  private fold(r: AlertRowSql, linked: readonly LinkedRow[], limitChanges: readonly LinkedRow[]): AlertHistoryRow {
    const p = parse(r.payload)
    const alert = obj(p.alert)
    const id = alertIdOf(r)
    const row: AlertHistoryRow = {
      id,
      seq: r.seq,
      sessionId: str(p.sessionId),
      marketDate: r.market_date,
      wallTime: r.ts,
      book: r.book,
      actor: r.trader ?? r.actor,
      severity: str(alert.severity) ?? '',
      rule: str(alert.limit) ?? '',
      symbol: str(alert.symbol),
      value: num(alert.value),
      limit: num(alert.threshold),
      message: str(alert.message) ?? '',
      state: 'open',
      supersedes: r.type === 'alert.escalated' ? str(p.supersedes) : null,
      supersededBy: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      closedAt: null,
      actions: [],
      overrides: [],
    }
    const end = r.end_seq ?? Number.MAX_SAFE_INTEGER
    const events: LinkedRow[] = linked.filter((e) => e.seq > r.seq && e.seq < end)
    let closedSeq = end
    for (const e of events) if (e.type === 'alert.cleared' || e.type === 'alert.escalated') closedSeq = Math.min(closedSeq, e.seq)
    for (const l of limitChanges) if (l.book === r.book && l.seq > r.seq && l.seq < closedSeq) events.push(l)
    events.sort((x, y) => x.seq - y.seq)
    for (const e of events) {
      const ep = parse(e.payload)
      // the same alert id in another session (rows written before ids carried the session) is not this alert
      if (row.sessionId !== null && str(ep.sessionId) !== null && str(ep.sessionId) !== row.sessionId) continue
      LIFECYCLE[e.type]?.(row, e, ep)
    }
    return row
  }
}

/** The alert id of an opening row, read by SQLite's JSON parser in the same way as `alert_ref` (no JS parse). */
function alertIdOf(r: AlertRowSql): string {
  return r.alert_id ?? `?${r.seq}`
}

function parse(text: string): Payload {
  try {
    return obj(JSON.parse(text))
  } catch {
    return {}
  }
}

// the flat columns live with the view schema so the window's CSV and the CLI's are one definition
export { HISTORY_COLUMNS, historyCells } from '@shared/domain/alert-history-view'

/** Is `v` usable as a wall-time bound (a day or an audit timestamp)? For argument checks before a query. */
export function isWallBound(v: string): boolean {
  return isIsoDate(v) || isAuditTimestamp(v)
}
