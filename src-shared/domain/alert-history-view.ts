import { z } from 'zod'
import { SeveritySchema } from './alert'
import { IsoDateSchema } from './primitives'

/**
 * The desk-head history as the desk API carries it (src-main/audit/alert-history.ts builds it): filters, one row per
 * alert with its actions, decisions and overrides, counts per market day and severity for the timeline, and the
 * trail's verification status.
 */

const Nullable = <T extends z.ZodType>(s: T) => s.nullable()
const Text = z.string().max(500)

/** The alert's state at the end of its history (the lifecycle of src-main/desk/lifecycle/alert-lifecycle.ts). */
export const AlertHistoryStateSchema = z.enum(['open', 'escalated', 'acknowledged', 'resolved'])

/** Filters of a history page; all optional, combined with AND. Dates are market dates. */
export const AlertHistoryFilterSchema = z
  .object({
    marketFrom: IsoDateSchema.optional(),
    marketTo: IsoDateSchema.optional(),
    /** wall time of the raise: a UTC day or an audit timestamp */
    wallFrom: z.string().max(24).optional(),
    wallTo: z.string().max(24).optional(),
    book: z.string().min(1).max(200).optional(),
    actor: z.string().min(1).max(200).optional(),
    severity: SeveritySchema.optional(),
    rule: z.string().min(1).max(64).optional(),
    state: AlertHistoryStateSchema.optional(),
    overridden: z.boolean().optional(),
    text: z.string().max(200).optional(),
    /**
     * one workstation of the desk-wide history (`--history-pg`): its installation id, login role or label. The local
     * history (one SQLite trail, one workstation) refuses it.
     */
    workstation: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
export type AlertHistoryFilter = z.infer<typeof AlertHistoryFilterSchema>

/**
 * Where the History tab reads from: the local trail (one workstation) or the desk's PostgreSQL, with the
 * workstations registered there (installation id, and the name the rows carry: label, else login role).
 */
export const HistorySourceSchema = z.object({
  deskWide: z.boolean(),
  workstations: z.array(z.object({ installationId: z.string(), name: z.string() })),
})
export type HistorySource = z.infer<typeof HistorySourceSchema>

export const AlertHistoryRequestSchema = AlertHistoryFilterSchema.extend({
  limit: z.number().int().min(1).max(1000).optional(),
  /** the previous page's `next` */
  after: z.string().max(40).optional(),
}).strict()

const DecisionSchema = z.object({
  seq: z.number().int(),
  /** the action event without its prefix: proposed, resized, approved, modified, rejected, applied, expired */
  decision: z.string(),
  actor: z.string(),
  wallTime: z.string(),
  marketDate: Nullable(z.string()),
  reason: Nullable(Text),
  /** what changed: the legs of a modification or re-size, an expiry's cause, an execution's VaR after */
  detail: Nullable(z.string()),
})

/** A span as the desk counts it: market updates in replay, wall milliseconds live. */
const SpanViewSchema = z.object({ updates: z.number(), ms: z.number() })

export const AlertHistoryRowSchema = z.object({
  id: z.string(),
  /** the workstation that raised it, when the history is read desk-wide from PostgreSQL (label, else login role) */
  workstation: z.string().optional(),
  seq: z.number().int(),
  sessionId: Nullable(z.string()),
  marketDate: Nullable(z.string()),
  wallTime: z.string(),
  book: Nullable(z.string()),
  actor: z.string(),
  /** severity at the end of its history (escalations raise it; it never falls while the alert is live) */
  severity: z.string(),
  raisedSeverity: z.string(),
  /** the kind of limit: var, positionLoss, positionWeight, daysToLiquidate, ... (the rule key before its ':') */
  rule: z.string(),
  /** the limit instance: 'var', 'positionLoss:BA', ... */
  ruleKey: z.string(),
  symbol: Nullable(z.string()),
  /** plain label of the figure: "VaR (historical)", "BA loss" */
  label: z.string(),
  /** the figure when raised, and the limit in force (same unit) */
  value: Nullable(z.number()),
  limit: Nullable(z.number()),
  state: AlertHistoryStateSchema,
  escalations: z.array(
    z.object({
      seq: z.number().int(),
      /** 'metric': the figure reached a higher rung; 'unacknowledged': left unacknowledged too long */
      cause: z.string(),
      from: z.string(),
      to: z.string(),
      value: Nullable(z.number()),
      wallTime: z.string(),
      marketDate: Nullable(z.string()),
    }),
  ),
  acknowledgedBy: Nullable(z.string()),
  acknowledgedAt: Nullable(z.string()),
  snoozes: z.array(z.object({ seq: z.number().int(), actor: z.string(), reason: Nullable(Text), span: Nullable(SpanViewSchema), wallTime: z.string(), marketDate: Nullable(z.string()) })),
  notes: z.array(z.object({ seq: z.number().int(), actor: z.string(), text: Text, wallTime: z.string(), marketDate: Nullable(z.string()) })),
  /** wall time and market date of the resolution (the figure back below the clear level), else null */
  resolvedAt: Nullable(z.string()),
  resolvedDate: Nullable(z.string()),
  actions: z.array(
    z.object({
      id: z.string(),
      proposedAt: z.string(),
      marketDate: Nullable(z.string()),
      /** reduce, hedge, flatten */
      kind: Nullable(z.string()),
      policy: Nullable(z.string()),
      /** the sizing of the plan in force: least-turnover, pro-rata, min-variance, flatten, manual, ... */
      method: Nullable(z.string()),
      /** the legs of the plan in force (after a re-size or modification) */
      trades: z.array(z.object({ symbol: z.string(), fromQuantity: z.number(), toQuantity: z.number() })),
      turnover: Nullable(z.number()),
      /** VaR on the book it was sized on, the limit then, and the preview of the plan in force */
      varBefore: Nullable(z.number()),
      varLimit: Nullable(z.number()),
      varAfterPreview: Nullable(z.number()),
      /** VaR recomputed on the traded book after execution (action.applied), and its market date */
      varAfter: Nullable(z.number()),
      executedDate: Nullable(z.string()),
      withinLimit: Nullable(z.boolean()),
      state: z.string(),
      decisions: z.array(DecisionSchema),
    }),
  ),
  /**
   * people going against the desk's course while the alert was live: a vetoed or modified action, limits changed,
   * automation paused or resumed, kill switch, re-arm, reduce-only, commitment lock (who, in which role, why)
   */
  overrides: z.array(
    z.object({
      seq: z.number().int(),
      /** the event type: action.rejected, action.modified, limits.changed, override.killed, ... */
      kind: z.string(),
      actor: z.string(),
      /** trader or desk-head (override.* events), else null */
      role: Nullable(z.string()),
      wallTime: z.string(),
      marketDate: Nullable(z.string()),
      reason: Nullable(Text),
      actionId: Nullable(z.string()),
      varLimitBefore: Nullable(z.number()),
      varLimitAfter: Nullable(z.number()),
      /** what it set: a pause's span, a lock's end, a modification's legs */
      detail: Nullable(z.string()),
    }),
  ),
})
export type AlertHistoryRowView = z.infer<typeof AlertHistoryRowSchema>

export const AlertHistoryPageSchema = z.object({ alerts: z.array(AlertHistoryRowSchema), next: Nullable(z.string()) })

/** Alerts per market day and severity, for the timeline chart. */
export const AlertTimelineSchema = z.array(z.object({ marketDate: z.string(), severity: z.string(), count: z.number().int().nonnegative() }))

/** The trail's verification status and its newest signed checkpoint (the last anchor the desk itself holds). */
export const HistoryStatusSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  headSeq: z.number().int(),
  headHash: z.string(),
  problem: Nullable(z.string()),
  installationId: Nullable(z.string()),
  lastCheckpoint: Nullable(z.object({ seq: z.number().int(), coveredSeq: z.number().int(), coveredHash: z.string(), keyId: z.string(), ts: z.string() })),
  checkedAt: z.string(),
})

/** Flat columns of the history CSV / XLSX export, one line per alert. */
export const HISTORY_COLUMNS = [
  'alert_id',
  'market_date',
  'wall_time',
  'book',
  'actor',
  'severity',
  'rule',
  'label',
  'symbol',
  'value',
  'limit',
  'state',
  'acknowledged_by',
  'actions',
  'decision',
  'decided_by',
  'reason',
  'var_after',
  'overrides',
  'override_reasons',
  'notes',
] as const

/** What `historyCells` reads of a row (the main process's AlertHistoryRow and the API's row both fit). */
export interface HistoryCellSource {
  readonly id: string
  readonly marketDate: string | null
  readonly wallTime: string
  readonly book: string | null
  readonly actor: string
  readonly severity: string
  readonly rule: string
  readonly label: string
  readonly symbol: string | null
  readonly value: number | null
  readonly limit: number | null
  readonly state: string
  readonly acknowledgedBy: string | null
  readonly actions: readonly { readonly varAfter: number | null; readonly decisions: readonly { readonly decision: string; readonly actor: string; readonly reason: string | null }[] }[]
  readonly overrides: readonly { readonly kind: string; readonly actor: string; readonly wallTime: string; readonly reason: string | null }[]
  readonly notes: readonly { readonly actor: string; readonly text: string }[]
}

/** One alert as flat cells (no JSON): the last decision on its latest action; overrides and notes joined by ` | `. */
export function historyCells(a: HistoryCellSource): Record<(typeof HISTORY_COLUMNS)[number], string | number | null> {
  const lastAction = a.actions.at(-1)
  // the desk's own steps (proposal, re-size at decision time) are not decisions
  const lastDecision = lastAction?.decisions.filter((d) => d.decision !== 'proposed' && d.decision !== 'resized').at(-1)
  return {
    alert_id: a.id,
    market_date: a.marketDate,
    wall_time: a.wallTime,
    book: a.book,
    actor: a.actor,
    severity: a.severity,
    rule: a.rule,
    label: a.label,
    symbol: a.symbol,
    value: a.value,
    limit: a.limit,
    state: a.state,
    acknowledged_by: a.acknowledgedBy,
    actions: a.actions.length,
    decision: lastDecision?.decision ?? (lastAction ? 'pending' : null),
    decided_by: lastDecision?.actor ?? null,
    reason: lastDecision?.reason ?? null,
    var_after: lastAction?.varAfter ?? null,
    overrides: a.overrides.map((o) => `${o.kind} by ${o.actor} at ${o.wallTime}`).join(' | ') || null,
    override_reasons: a.overrides.map((o) => o.reason ?? '').join(' | ') || null,
    notes: a.notes.map((n) => `${n.actor}: ${n.text}`).join(' | ') || null,
  }
}

