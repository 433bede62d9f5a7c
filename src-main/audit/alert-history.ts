/**
 * Desk-head history: the audit trail folded into one row per alert, with its escalations, acknowledgement, snoozes
 * and notes, the actions proposed for it, the decisions on them and the overrides, filtered and paged in SQL over the
 * indices of migrations 40 and 60.
 *
 * The payloads are the lifecycle events of src-shared/domain/audit-events/lifecycle.ts: an alert is opened by
 * `alert.raised` and keeps its id through `alert.escalated` (severity up), `alert.acknowledged`, `alert.snoozed`,
 * `alert.noted` and `alert.resolved`; its actions (`action.*`, each naming `alertId`) go proposed -> resized ->
 * approved | modified | rejected -> applied, or expired.
 *
 * Which events belong to an alert: those whose `alert_ref` (generated column, migration 40: the payload's `alertId`)
 * names it, within its extent. The extent runs from the raising row to the first later `session.started` on the
 * alert's book that did not resume the book's saved desk (no `resumedAfter` in its payload: a desk started afresh,
 * which drops the book's open alerts), else to the end of the trail. A desk reopened on the same database resumes the
 * book (src-main/host/desk-service.ts writes `resumedAfter`) and restores its open alerts under their ids, so an
 * alert's life continues across restarts; sessions on other books leave it alone (the saved desk is per book). Alert
 * and action ids carry the raising session's tag, so within an installation an id names one alert; the extent keeps
 * a repeated id in hand-written or older trails from joining two alerts. Changes to the desk's controls on the alert's
 * book while it was live (after its raise, before it resolved or its extent ended) count as its overrides too: limit
 * changes and the `override.*` events of src-main/desk/overrides.ts. Known limit: a session that neither resumes nor
 * saves the desk (`riskdesk replay` on the same book and database) still ends the extent, so a desk resumed after it
 * no longer adds control changes to the alerts it restored.
 *
 * What each event does to the row is one entry of LIFECYCLE, and which of them are overrides is OVERRIDE_TYPES: a
 * later event type slots in by adding one entry (and, if it is an override, one name), without touching the fold.
 *
 * Vocabulary: an override is a person going against the desk's course: vetoing (`action.rejected`) or changing
 * (`action.modified`) a proposed action, changing the limits, pausing or resuming automation, the kill switch and its
 * re-arm, reduce-only mode and the commitment lock. Refused attempts (`override.refused`) and expiries
 * (`override.expired`, the desk re-arming by itself) are not overrides. Approvals, re-sizes, expiries and executions
 * are listed with each action; an acknowledgement, snooze or note is recorded on the alert.
 */
import type { Database, Statement } from 'better-sqlite3'
import { isAuditTimestamp, isIsoDate, queryBoundsToRange } from './timestamps'

/** Event types that open an alert row. */
export const ALERT_OPENING_TYPES = ['alert.raised'] as const
/**
 * The predicate of the partial index of alert openings (migration 40, written when escalations opened rows). A
 * partial index is usable only when the query repeats its WHERE term, so the history repeats it and adds the type.
 */
export const ALERT_INDEX_TYPES = ['alert.raised', 'alert.escalated'] as const
/** Overrides linked to the alert through their `alertId`. */
export const LINKED_OVERRIDE_TYPES = ['action.rejected', 'action.modified'] as const
/**
 * Changes to the desk's controls of a book, overrides of every alert live on that book at the time. The partial index
 * audit_events_control_changes (migration 60) holds exactly these types, in this order.
 */
export const CONTROL_CHANGE_TYPES = [
  'limits.changed',
  'override.paused',
  'override.resumed',
  'override.killed',
  'override.rearmed',
  'override.reduce-only',
  'override.reduce-only-lifted',
  'override.locked',
  'override.unlocked',
] as const
/** Event types that count as an override (see the module header). */
export const OVERRIDE_TYPES: readonly string[] = [...LINKED_OVERRIDE_TYPES, ...CONTROL_CHANGE_TYPES]
/** The alert events that change its state, and the state each leaves it in. */
const STATE_AFTER = { 'alert.acknowledged': 'acknowledged', 'alert.escalated': 'escalated', 'alert.resolved': 'resolved' } as const
/** Default and largest page. */
export const DEFAULT_HISTORY_PAGE = 100
export const MAX_HISTORY_PAGE = 1_000

/** Alert state at the end of its history. */
export type AlertHistoryState = 'open' | 'escalated' | 'acknowledged' | 'resolved'
export const ALERT_HISTORY_STATES: readonly AlertHistoryState[] = ['open', 'escalated', 'acknowledged', 'resolved']

/** A step of an action: the desk's (proposed, resized, applied, expired) or a person's decision. */
export interface ActionDecision {
  readonly seq: number
  /** event type without the `action.` prefix: proposed, resized, approved, modified, rejected, applied, expired */
  readonly decision: string
  readonly actor: string
  readonly wallTime: string
  readonly marketDate: string | null
  readonly reason: string | null
  /** what changed: the legs of a modification or re-size, an expiry's cause, an execution's VaR after */
  readonly detail: string | null
}

export interface TradeLeg {
  readonly symbol: string
  readonly fromQuantity: number
  readonly toQuantity: number
}

/** An action proposed for the alert and what became of it (plan fields: the plan in force after its last change). */
export interface ActionHistory {
  readonly id: string
  readonly proposedAt: string
  readonly marketDate: string | null
  readonly kind: string | null
  readonly policy: string | null
  method: string | null
  trades: readonly TradeLeg[]
  turnover: number | null
  readonly varBefore: number | null
  readonly varLimit: number | null
  varAfterPreview: number | null
  /** VaR of the book recomputed after execution (action.applied), null when not executed. */
  varAfter: number | null
  executedDate: string | null
  withinLimit: boolean | null
  /** last known state: proposed, resized, approved, modified, rejected, applied, expired */
  state: string
  readonly decisions: ActionDecision[]
}

/** An override on the alert (see the module header). */
export interface AlertOverride {
  readonly seq: number
  /** the event type, e.g. `action.rejected`, `limits.changed`, `override.killed`. */
  readonly kind: string
  readonly actor: string
  /** trader or desk-head, as the override event records it; null for limit changes and action decisions */
  readonly role: string | null
  readonly wallTime: string
  readonly marketDate: string | null
  readonly reason: string | null
  readonly actionId: string | null
  /** limits.changed: the VaR limit before and after (null when not a limit change). */
  readonly varLimitBefore: number | null
  readonly varLimitAfter: number | null
  /** what it set: a pause's span, a lock's end, a modification's legs */
  readonly detail: string | null
}

export interface AlertEscalation {
  readonly seq: number
  readonly cause: string
  readonly from: string
  readonly to: string
  readonly value: number | null
  readonly wallTime: string
  readonly marketDate: string | null
}

/** One row of the history: an alert and everything done about it. */
export interface AlertHistoryRow {
  readonly id: string
  /** seq of the event that raised it. */
  readonly seq: number
  /** the session that raised it; after a restart its later steps carry the resumed sessions' ids */
  readonly sessionId: string | null
  readonly marketDate: string | null
  readonly wallTime: string
  readonly book: string | null
  /** the trader of the session (actor of its `session.started`), else the actor of the raising row. */
  readonly actor: string
  /** severity at the end of its history (escalations raise it) and when raised */
  severity: string
  readonly raisedSeverity: string
  /** the kind of limit: the rule key before its ':' (var, positionLoss, positionWeight, daysToLiquidate, ...) */
  readonly rule: string
  readonly ruleKey: string
  readonly symbol: string | null
  readonly label: string
  /** the figure when raised and the limit in force */
  readonly value: number | null
  readonly limit: number | null
  state: AlertHistoryState
  readonly escalations: AlertEscalation[]
  acknowledgedBy: string | null
  acknowledgedAt: string | null
  readonly snoozes: { readonly seq: number; readonly actor: string; readonly reason: string | null; readonly span: { readonly updates: number; readonly ms: number } | null; readonly wallTime: string; readonly marketDate: string | null }[]
  readonly notes: { readonly seq: number; readonly actor: string; readonly text: string; readonly wallTime: string; readonly marketDate: string | null }[]
  resolvedAt: string | null
  resolvedDate: string | null
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
  /** the session's trader, or anyone who acted on the alert (acknowledged, snoozed, noted, decided, overrode). */
  readonly actor?: string
  /** severity at the end of the alert's history (after its escalations). */
  readonly severity?: string
  /** a kind of limit (`positionLoss`: every position's) or one rule key (`positionLoss:BA`). */
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

/** A stored row as the history reads it (the payload parsed by the caller). */
export interface LinkedEvent {
  readonly seq: number
  readonly ts: string
  readonly type: string
  readonly actor: string
  readonly book: string | null
  readonly market_date: string | null
}

interface LinkedRow extends LinkedEvent {
  readonly payload: string
}

interface AlertRowSql extends LinkedRow {
  readonly alert_id: string | null
  readonly end_seq: number | null
  readonly trader: string | null
}

type Payload = Record<string, unknown>
type Fold = (row: AlertHistoryRow, e: LinkedEvent, p: Payload) => void

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const obj = (v: unknown): Payload => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Payload) : {})
const arr = (v: unknown): Payload[] => (Array.isArray(v) ? v.map(obj) : [])
const money = (v: number | null): string => (v === null ? '?' : Math.round(v).toLocaleString('en-US'))

/** The rule key split into its kind and, for a per-position limit, its symbol: 'positionLoss:BA' -> positionLoss, BA. */
export function splitRuleKey(key: string): { rule: string; symbol: string | null } {
  const colon = key.indexOf(':')
  return colon < 0 ? { rule: key, symbol: null } : { rule: key.slice(0, colon), symbol: key.slice(colon + 1) || null }
}

/**
 * The history row of an alert, from its `alert.raised` event, before its lifecycle is folded in. Shared by the
 * local history and the desk-wide one (src-main/replication/pg-alert-history.ts), which read the same payloads.
 *
 * @param raised - the raising row: seq, wall time, actor, book, market date, its session's trader (null when unknown)
 *   and its payload (parsed; malformed fields read as null or empty, never throw).
 * @returns an open row with no escalations, decisions or overrides yet.
 */
export function alertRowFromRaised(raised: LinkedEvent & { readonly trader: string | null; readonly payload: unknown }): AlertHistoryRow {
  const p = obj(raised.payload)
  const ruleKey = str(p.ruleKey) ?? ''
  const { rule, symbol } = splitRuleKey(ruleKey)
  const severity = str(p.severity) ?? ''
  return {
    id: str(p.alertId) ?? `?${raised.seq}`,
    seq: raised.seq,
    sessionId: str(p.sessionId),
    marketDate: raised.market_date,
    wallTime: raised.ts,
    book: raised.book,
    actor: raised.trader ?? raised.actor,
    severity,
    raisedSeverity: severity,
    rule,
    ruleKey,
    symbol,
    label: str(p.label) ?? ruleKey,
    value: num(p.value),
    limit: num(p.limit),
    state: 'open',
    escalations: [],
    acknowledgedBy: null,
    acknowledgedAt: null,
    snoozes: [],
    notes: [],
    resolvedAt: null,
    resolvedDate: null,
    actions: [],
    overrides: [],
  }
}

const legsOf = (plan: Payload): TradeLeg[] =>
  arr(plan.legs).map((t) => ({ symbol: str(t.symbol) ?? '', fromQuantity: num(t.fromQuantity) ?? 0, toQuantity: num(t.toQuantity) ?? 0 }))
const legsText = (legs: readonly TradeLeg[]): string => legs.map((t) => `${t.symbol} ${t.fromQuantity}->${t.toQuantity}`).join(', ')

function actionOf(row: AlertHistoryRow, e: LinkedEvent, p: Payload): ActionHistory {
  const id = str(p.actionId) ?? `?${e.seq}`
  let action = row.actions.find((x) => x.id === id)
  if (action === undefined) {
    const plan = obj(p.plan)
    const basis = obj(p.basis)
    action = {
      id,
      proposedAt: e.ts,
      marketDate: e.market_date,
      kind: str(plan.kind),
      policy: str(p.policy),
      method: str(plan.method),
      trades: legsOf(plan),
      turnover: num(plan.turnover),
      varBefore: num(basis.varBefore),
      varLimit: num(basis.varLimit),
      varAfterPreview: num(plan.varAfter),
      varAfter: null,
      executedDate: null,
      withinLimit: null,
      state: str(p.state) ?? 'proposed',
      decisions: [],
    }
    row.actions.push(action)
  }
  return action
}

/** A step of an action; a new plan (re-size, approval, modification) becomes the plan in force. */
function step(row: AlertHistoryRow, e: LinkedEvent, p: Payload, detail: string | null = null): ActionHistory {
  const action = actionOf(row, e, p)
  const plan = obj(p.plan)
  if (Array.isArray(plan.legs)) {
    action.trades = legsOf(plan)
    action.method = str(plan.method) ?? action.method
    action.turnover = num(plan.turnover)
    action.varAfterPreview = num(plan.varAfter)
  }
  action.state = str(p.state) ?? e.type.slice('action.'.length)
  action.decisions.push({ seq: e.seq, decision: e.type.slice('action.'.length), actor: e.actor, wallTime: e.ts, marketDate: e.market_date, reason: str(p.reason), detail })
  return action
}

function override(row: AlertHistoryRow, e: LinkedEvent, p: Payload, detail: string | null = null): void {
  const before = obj(p.before)
  const after = obj(p.after)
  const span = obj(p.span)
  const spanText = num(span.updates) !== null ? `for ${num(span.updates)} market updates or ${Math.round((num(span.ms) ?? 0) / 60_000)} min` : null
  row.overrides.push({
    seq: e.seq,
    kind: e.type,
    actor: e.actor,
    role: str(p.role),
    wallTime: e.ts,
    marketDate: e.market_date,
    reason: str(p.reason),
    actionId: str(p.actionId),
    varLimitBefore: num(before.varLimit),
    varLimitAfter: num(after.varLimit),
    detail: detail ?? (str(p.until) !== null ? `until ${str(p.until)}` : spanText),
  })
}

/**
 * What each linked event type does to an alert row. Add an entry to support a new lifecycle event; types without an
 * entry are ignored by the fold (and never break it).
 */
export const LIFECYCLE: Readonly<Record<string, Fold>> = {
  'alert.acknowledged': (row, e) => {
    if (row.state !== 'resolved') row.state = 'acknowledged'
    // after an escalation a new acknowledgement is needed: the latest is the one in force
    row.acknowledgedBy = e.actor
    row.acknowledgedAt = e.ts
  },
  'alert.escalated': (row, e, p) => {
    const to = str(p.severity) ?? row.severity
    row.escalations.push({ seq: e.seq, cause: str(p.cause) ?? '', from: str(p.from) ?? row.severity, to, value: num(p.value), wallTime: e.ts, marketDate: e.market_date })
    row.severity = to
    if (row.state !== 'resolved') row.state = 'escalated'
  },
  'alert.resolved': (row, e) => {
    row.state = 'resolved'
    row.resolvedAt = e.ts
    row.resolvedDate = e.market_date
  },
  'alert.snoozed': (row, e, p) => {
    const span = obj(p.span)
    const updates = num(span.updates)
    const ms = num(span.ms)
    row.snoozes.push({ seq: e.seq, actor: e.actor, reason: str(p.reason), span: updates === null || ms === null ? null : { updates, ms }, wallTime: e.ts, marketDate: e.market_date })
  },
  'alert.noted': (row, e, p) => void row.notes.push({ seq: e.seq, actor: e.actor, text: str(p.text) ?? '', wallTime: e.ts, marketDate: e.market_date }),
  'action.proposed': (row, e, p) => void step(row, e, p, str(p.downgraded)),
  'action.resized': (row, e, p) => {
    const previous = obj(p.previous)
    const plan = obj(p.plan)
    step(row, e, p, `re-sized on current prices: ${legsText(legsOf(previous))} -> ${legsText(legsOf(plan))}; VaR after ${money(num(previous.varAfter))} -> ${money(num(plan.varAfter))}`)
  },
  'action.approved': (row, e, p) => void step(row, e, p, p.automatic === true ? 'automatic' : null),
  'action.modified': (row, e, p) => {
    const detail = `${legsText(legsOf(obj(p.previous)))} -> ${legsText(legsOf(obj(p.plan)))}`
    step(row, e, p, detail)
    override(row, e, p, detail)
  },
  'action.rejected': (row, e, p) => {
    step(row, e, p)
    override(row, e, p)
  },
  'action.applied': (row, e, p) => {
    const limit = num(p.limit)
    const action = step(row, e, p, `executed ${str(p.executedDate) ?? '?'}: VaR after ${money(num(p.varAfter))}${limit === null ? '' : ` ${p.withinLimit === true ? 'within' : 'over'} limit ${money(limit)}`}`)
    action.varAfter = num(p.varAfter)
    action.executedDate = str(p.executedDate)
    action.withinLimit = typeof p.withinLimit === 'boolean' ? p.withinLimit : null
  },
  'action.expired': (row, e, p) => void step(row, e, p, [str(p.cause), str(p.detail)].filter((x) => x !== null).join(': ') || null),
  ...Object.fromEntries(CONTROL_CHANGE_TYPES.map((t): [string, Fold] => [t, (row, e, p) => override(row, e, p)])),
}

/** Escape LIKE wildcards; the pattern uses ESCAPE '\'. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const MAX_SEQ = '9223372036854775807'
const sqlList = (types: readonly string[]): string => types.map((t) => `'${t}'`).join(', ')
/**
 * The SQL of the seq where the extent of the alert raised by row `alias` ends (see the module header): the first later
 * `session.started` on its book without `resumedAfter`, else NULL. Walks the partial index of session starts
 * (migration 40) from the raise and stops at the first match. A payload that is not JSON (the trail can hold one, see
 * migration 40) reads as a fresh start rather than failing the query.
 */
function extentEnd(alias: string): string {
  return (
    `(SELECT s.seq FROM audit_events s WHERE s.type = 'session.started' AND s.seq > ${alias}.seq AND s.book IS ${alias}.book ` +
    `AND (CASE WHEN json_valid(s.payload) THEN json_extract(s.payload, '$.resumedAfter') END) IS NULL ORDER BY s.seq LIMIT 1)`
  )
}
const ALERT_ID = `json_extract(a.payload, '$.alertId')`
/** The SQL that bounds an alert's own events: after its raising row, within its extent. */
const LINKED = `o.alert_ref = ${ALERT_ID} AND o.seq > a.seq AND o.seq < coalesce(${extentEnd('a')}, ${MAX_SEQ})`
/** seq of the row that resolved the alert, else none. */
const RESOLVED = `(SELECT min(c.seq) FROM audit_events c WHERE c.alert_ref = ${ALERT_ID} AND c.seq > a.seq AND c.type = 'alert.resolved')`
/**
 * Control changes on the alert's book while it was live: after its raise, before it resolved or its extent ended.
 * The type list repeats the partial index's predicate (migration 60) so the lookup seeks it.
 */
const CONTROL_CHANGES = `l.type IN (${sqlList(CONTROL_CHANGE_TYPES)}) AND l.book IS a.book AND l.seq > a.seq AND l.seq < min(coalesce(${RESOLVED}, ${MAX_SEQ}), coalesce(${extentEnd('a')}, ${MAX_SEQ}))`
/** Severity at the end of the alert's history: its last escalation's, else the raised one. */
const SEVERITY = `coalesce((SELECT json_extract(o.payload, '$.severity') FROM audit_events o WHERE ${LINKED} AND o.type = 'alert.escalated' ORDER BY o.seq DESC LIMIT 1), json_extract(a.payload, '$.severity'))`
/** State at the end of the alert's history: set by its last acknowledgement, escalation or resolution, else open. */
const STATE = `CASE (SELECT o.type FROM audit_events o WHERE ${LINKED} AND o.type IN (${sqlList(Object.keys(STATE_AFTER))}) ORDER BY o.seq DESC LIMIT 1) ${Object.entries(STATE_AFTER)
  .map(([type, state]) => `WHEN '${type}' THEN '${state}'`)
  .join(' ')} ELSE 'open' END`

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
  // the hint SQLite prefers (type, market_date) plus a sort on a database that was never ANALYZEd. The index's type
  // list is written as literals because a partial index is usable only when the query repeats its WHERE term; the
  // escalations it also holds (few) are dropped by the second type term.
  const where: string[] = [`a.type IN (${sqlList(ALERT_INDEX_TYPES)})`, `a.type IN (${sqlList(ALERT_OPENING_TYPES)})`, 'a.market_date IS NOT NULL']
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
  if (q.rule !== undefined) {
    // a kind of limit matches each of its instances: 'positionLoss' matches 'positionLoss:BA'
    where.push(`(json_extract(a.payload, '$.ruleKey') = ? OR substr(json_extract(a.payload, '$.ruleKey'), 1, ?) = ?)`)
    args.push(q.rule, q.rule.length + 1, `${q.rule}:`)
  }
  if (after !== undefined) {
    where.push('(a.market_date, a.seq) > (?, ?)')
    args.push(after.marketDate, after.seq)
  }
  if (q.severity !== undefined) {
    where.push(`${SEVERITY} = ?`)
    args.push(q.severity)
  }
  if (q.actor !== undefined) {
    where.push(`(trader = ? OR EXISTS (SELECT 1 FROM audit_events o WHERE ${LINKED} AND o.actor = ?) OR EXISTS (SELECT 1 FROM audit_events l WHERE ${CONTROL_CHANGES} AND l.actor = ?))`)
    args.push(q.actor, q.actor, q.actor)
  }
  if (q.state !== undefined) {
    where.push(`${STATE} = ?`)
    args.push(q.state)
  }
  if (q.overridden === true) {
    where.push(`(EXISTS (SELECT 1 FROM audit_events o WHERE ${LINKED} AND o.type IN (${sqlList(LINKED_OVERRIDE_TYPES)})) OR EXISTS (SELECT 1 FROM audit_events l WHERE ${CONTROL_CHANGES}))`)
  }
  if (q.text !== undefined && q.text.trim().length > 0) {
    const pattern = likeContains(q.text.trim().toLowerCase())
    // reasons of decisions and overrides, snoozes' reasons, notes' text
    const textOf = (alias: string): string =>
      `lower(coalesce(json_extract(${alias}.payload, '$.reason'), '') || ' ' || coalesce(json_extract(${alias}.payload, '$.text'), '')) LIKE ? ESCAPE '\\'`
    where.push(`(EXISTS (SELECT 1 FROM audit_events o WHERE ${LINKED} AND ${textOf('o')}) OR EXISTS (SELECT 1 FROM audit_events l WHERE ${CONTROL_CHANGES} AND ${textOf('l')}))`)
    args.push(pattern, pattern)
  }
  // the session's trader: actor of the latest session.started before the alert (partial index, one seek)
  const trader = `(SELECT t.actor FROM audit_events t WHERE t.type = 'session.started' AND t.seq < a.seq ORDER BY t.seq DESC LIMIT 1)`
  const sql =
    `SELECT a.seq, a.ts, a.type, a.actor, a.book, a.payload, a.market_date, ${ALERT_ID} AS alert_id, ${extentEnd('a')} AS end_seq, ${trader} AS trader, ${SEVERITY} AS severity ` +
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
  private readonly windowStatements = new Map<string, Statement<unknown[], LinkedRow & { idx: number }>>()

  /** @param db - a connection from `openDatabase` (read-only is fine), schema 60 or later. */
  constructor(private readonly db: Database) {}

  /**
   * Rows in one seq window per alert of a page: one statement per page instead of one per alert, a UNION ALL of one
   * index seek per window (the key, then the rowid range inside the index), each row tagged with its window's index.
   * Prepared once per kind and page size (at most MAX_HISTORY_PAGE / CHUNK sizes).
   *
   * @param kind - `linked`: the events naming the alert (key: its id; partial index audit_events_by_alert_ref);
   *   `controls`: control changes on its book (key: the book, null for none; partial index audit_events_control_changes,
   *   whose type list the term repeats).
   * @param windows - per alert the key and the exclusive seq bounds.
   */
  private inWindows(kind: 'linked' | 'controls', windows: readonly { key: string | null; from: number; to: number }[]): (LinkedRow & { idx: number })[] {
    const out: (LinkedRow & { idx: number })[] = []
    // SQLite caps a compound SELECT at 500 terms (SQLITE_MAX_COMPOUND_SELECT)
    const CHUNK = 250
    for (let i = 0; i < windows.length; i += CHUNK) {
      const part = windows.slice(i, i + CHUNK)
      const name = `${kind}:${part.length}`
      let stmt = this.windowStatements.get(name)
      if (stmt === undefined) {
        const where = kind === 'linked' ? 'alert_ref = ?' : `type IN (${sqlList(CONTROL_CHANGE_TYPES)}) AND book IS ?`
        // the window's index is bound too, so one statement serves every chunk of this size
        const one = `SELECT ? AS idx, seq, ts, type, actor, book, payload, market_date FROM audit_events WHERE ${where} AND seq > ? AND seq < ?`
        stmt = this.db.prepare<unknown[], LinkedRow & { idx: number }>(part.map(() => one).join(' UNION ALL '))
        this.windowStatements.set(name, stmt)
      }
      out.push(...stmt.all(...part.flatMap((w, k) => [i + k, w.key, w.from, w.to])))
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
    // severity: the alert's at the end of its history, as the rows and the severity filter have it
    const sql = `SELECT market_date AS marketDate, severity, count(*) AS count FROM (${inner}) GROUP BY market_date, severity ORDER BY market_date, severity`
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

  /**
   * Fold a page: two reads for the whole page, the events naming each alert within its extent, then the control
   * changes on each alert's book while it was live (up to its resolution among those events, else its extent's end).
   */
  private foldPage(page: readonly AlertRowSql[]): AlertHistoryRow[] {
    if (page.length === 0) return []
    const ends = page.map((r) => r.end_seq ?? Number.MAX_SAFE_INTEGER)
    const linked = groupByWindow(page.length, this.inWindows('linked', page.map((r, k) => ({ key: alertIdOf(r), from: r.seq, to: ends[k]! }))))
    const live = page.map((r, k) => {
      let until = ends[k]!
      for (const e of linked[k]!) if (e.type === 'alert.resolved' && e.seq < until) until = e.seq
      return { key: r.book, from: r.seq, to: until }
    })
    const controls = groupByWindow(page.length, this.inWindows('controls', live))
    return page.map((r, k) => {
      const row = alertRowFromRaised({ ...r, payload: parse(r.payload) })
      foldLifecycle(row, ends[k]!, linked[k]!.map(withPayload), controls[k]!.map(withPayload))
      return row
    })
  }
}

/** A window's row with its payload parsed (the window tag dropped). */
function withPayload(e: LinkedRow): LinkedEvent & { payload: Payload } {
  return { seq: e.seq, ts: e.ts, type: e.type, actor: e.actor, book: e.book, market_date: e.market_date, payload: parse(e.payload) }
}

/** Rows tagged with their window's index, as one list per window. */
function groupByWindow<T extends { readonly idx: number }>(windows: number, rows: readonly T[]): T[][] {
  const out: T[][] = Array.from({ length: windows }, () => [])
  for (const e of rows) out[e.idx]!.push(e)
  return out
}

/**
 * Fold an alert's lifecycle into its row (shared with the desk-wide history, which reads the same payloads).
 *
 * The events need not come from the session that raised the alert: a desk resumed after a restart writes the restored
 * alert's later steps (acknowledgements, decisions, its resolution) under its new session id and the same alert id.
 * Which events are the alert's is decided by its id and its extent (see the module header), not by session.
 *
 * @param row - from alertRowFromRaised; changed in place.
 * @param endSeq - seq where the alert's extent ends (the first later `session.started` on its book without
 *   `resumedAfter`), else Number.MAX_SAFE_INTEGER; events at or after it are left out.
 * @param linked - the events naming the alert (its `alert_ref`), any order.
 * @param controls - control changes on its book after its raise (limits, override.*), any order; those after it
 *   resolved or after its extent ended are left out here.
 */
export function foldLifecycle(
  row: AlertHistoryRow,
  endSeq: number,
  linked: readonly (LinkedEvent & { readonly payload: unknown })[],
  controls: readonly (LinkedEvent & { readonly payload: unknown })[],
): void {
  const events = linked.filter((e) => e.seq > row.seq && e.seq < endSeq)
  let closedSeq = endSeq
  for (const e of events) if (e.type === 'alert.resolved') closedSeq = Math.min(closedSeq, e.seq)
  events.push(...controls.filter((l) => l.seq > row.seq && l.seq < closedSeq))
  events.sort((x, y) => x.seq - y.seq)
  for (const e of events) LIFECYCLE[e.type]?.(row, e, obj(e.payload))
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
