import { z } from 'zod'
import { ActionSchema, SpanSchema } from '../domain/action'
import { AlertSchema } from '../domain/alert'
import { ControlsSchema, OVERRIDE_KINDS } from '../domain/controls'
import { AlertExplanationSchema } from '../domain/alert-explanation'
import { AlertHistoryFilterSchema, AlertHistoryPageSchema, AlertHistoryRequestSchema, AlertTimelineSchema, HistorySourceSchema, HistoryStatusSchema } from '../domain/alert-history-view'
import { AuditEventSchema } from '../domain/audit-event-view'
import { BacktestMethodSchema, BacktestResultSchema } from '../domain/backtest-result'
import { DeskSnapshotSchema } from '../domain/desk-snapshot'
import { FeedStatusSchema, SpeedSchema } from '../domain/feed'
import { DecideTickRequestSchema, HeldTickSchema } from '../domain/feed-checks'
import { LimitsSchema } from '../domain/limits'
import { PositionRowSchema } from '../domain/position-row'
import { IdSchema, IsoDateSchema, ReasonSchema, SymbolSchema } from '../domain/primitives'
import { RiskFrameSchema } from '../domain/risk-frame'
import { RiskReportRequestSchema, RiskReportSchema } from '../domain/risk-report-view'
import { StressLibraryEntrySchema, StressReportFileSchema, StressRunRequestSchema, StressRunResultSchema } from '../domain/stress-result'
import { SyncStatusSchema } from '../domain/sync-status'
import { ValidationIssueSchema } from '../domain/validation-issue'
import { WhatIfRequestSchema, WhatIfResultSchema } from '../domain/what-if'
import type { InvokeChannel, PushChannel } from './channels'

/**
 * The desk API contract: the one typed boundary between the desk service (host, Node side) and any UI.
 * Invoke methods are request -> response; push events go host -> UI. Channel names are `area:verb`.
 * Every payload crossing a transport is parsed with the schema below on the receiving Node side; errors cross as
 * `{ ok: false, error }` values, never as thrown exceptions. Transports (Electron IPC, loopback WebSocket) only carry it.
 */

/** A desk head acting: the profile's name and the passphrase checked for this act (scrypt, src-main/desk/roles.ts). */
const DeskHeadSchema = z.object({ name: z.string().trim().min(1).max(64), passphrase: z.string().min(1).max(256) }).strict()

/** Invoke methods: channel -> request and response schemas. */
export const invokeSchemas = {
  'desk:snapshot': { req: z.object({}).strict(), res: DeskSnapshotSchema },
  'book:list': { req: z.object({}).strict(), res: z.array(z.object({ name: z.string(), positions: z.number().int(), savedAt: z.string() })) },
  'book:open': { req: z.object({ name: z.string().min(1).max(200) }).strict(), res: DeskSnapshotSchema },
  'book:import': {
    req: z.object({ fileName: z.string().min(1).max(260), content: z.string().max(5_000_000), save: z.boolean() }).strict(),
    res: z.object({
      rows: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      issues: z.array(ValidationIssueSchema),
      saved: z.boolean(),
      name: z.string(),
    }),
  },
  'limits:update': { req: z.object({ limits: LimitsSchema, reason: ReasonSchema }).strict(), res: LimitsSchema },
  'feed:play': { req: z.object({}).strict(), res: FeedStatusSchema },
  'feed:pause': { req: z.object({}).strict(), res: FeedStatusSchema },
  'feed:speed': { req: z.object({ speed: SpeedSchema }).strict(), res: FeedStatusSchema },
  /**
   * play until the first market day on or after `date`, then pause there; a date before the desk's current one seeks
   * back: the replay starts over (as `feed:restart`) and runs to it
   */
  'feed:runTo': { req: z.object({ date: IsoDateSchema }).strict(), res: FeedStatusSchema },
  /**
   * start the replay over from its first date on the book as opened (its own quantities); the current session ends
   * in the trail with who restarted it, and its open alerts and pending actions are not carried over
   */
  'feed:restart': { req: z.object({}).strict(), res: DeskSnapshotSchema },
  /** accept (apply now) or drop a tick held as suspect, with a reason (RISK-CONVENTIONS "Feed checks") */
  'feed:decideTick': { req: DecideTickRequestSchema, res: HeldTickSchema },
  'alert:acknowledge': { req: z.object({ alertId: IdSchema }).strict(), res: AlertSchema },
  /** no escalation by time for a period (market updates in replay, ms live), with a reason */
  'alert:snooze': { req: z.object({ alertId: IdSchema, reason: ReasonSchema, span: SpanSchema }).strict(), res: AlertSchema },
  'alert:note': { req: z.object({ alertId: IdSchema, text: ReasonSchema }).strict(), res: AlertSchema },
  /** approve the open action; re-sized on current prices first (beyond the tolerance it comes back 'resized' to confirm) */
  'action:approve': { req: z.object({ actionId: IdSchema, reason: ReasonSchema, deskHead: DeskHeadSchema.optional() }).strict(), res: ActionSchema },
  'action:reject': { req: z.object({ actionId: IdSchema, reason: ReasonSchema, deskHead: DeskHeadSchema.optional() }).strict(), res: ActionSchema },
  /**
   * the trader's own plan instead of the proposal: another kind (sized by the desk) or other target quantities per
   * symbol (whole shares); decided and executed at once
   */
  'action:modify': {
    req: z
      .object({
        actionId: IdSchema,
        reason: ReasonSchema,
        kind: z.enum(['reduce', 'hedge']).optional(),
        legs: z.array(z.object({ symbol: SymbolSchema, toQuantity: z.number().int().min(-1e12).max(1e12) }).strict()).min(1).max(1000).optional(),
        deskHead: DeskHeadSchema.optional(),
      })
      .strict()
      .refine((r) => (r.kind === undefined) !== (r.legs === undefined), { message: 'give either a kind or legs' }),
    res: ActionSchema,
  },
  /** the action's legs as an order ticket (CSV) for a trader who executes elsewhere */
  'action:ticket': { req: z.object({ actionId: IdSchema }).strict(), res: z.object({ fileName: z.string(), csv: z.string() }) },
  /**
   * pause / resume automation, kill switch (typed confirmation: the book's name), re-arm (desk head), reduce-only,
   * commitment lock; a reason always; a desk head acts with the passphrase of the named profile
   */
  'controls:override': {
    req: z
      .object({
        kind: z.enum(OVERRIDE_KINDS),
        reason: ReasonSchema,
        span: SpanSchema.optional(),
        confirmation: z.string().max(200).optional(),
        /** with the kill switch: also close every tradable position at once (a flatten action on the paper venue) */
        flatten: z.boolean().optional(),
        deskHead: DeskHeadSchema.optional(),
      })
      .strict(),
    res: ControlsSchema,
  },
  'audit:query': {
    req: z
      .object({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional(), type: z.string().max(64).optional(), limit: z.number().int().min(1).max(10_000).optional() })
      .strict(),
    res: z.array(AuditEventSchema),
  },
  'audit:verify': {
    req: z.object({}).strict(),
    res: z.object({ ok: z.boolean(), rows: z.number().int(), firstBadSeq: z.number().int().nullable(), reason: z.string().nullable() }),
  },
  /** desk-head history: one page of alerts with their actions, decisions and overrides (market dates) */
  'history:query': { req: AlertHistoryRequestSchema, res: AlertHistoryPageSchema },
  /** alerts per market day and severity under the same filters, for the timeline */
  'history:timeline': { req: AlertHistoryFilterSchema, res: AlertTimelineSchema },
  /** the trail's verification status and newest signed checkpoint */
  'history:status': { req: z.object({}).strict(), res: HistoryStatusSchema },
  /** where the history is read: the local trail, or the desk's PostgreSQL with its workstations (`--history-pg`) */
  'history:source': { req: z.object({}).strict(), res: HistorySourceSchema },
  /** the filtered set as an XLSX workbook (alerts with the CSV's flat cells, decisions with reasons), base64 */
  'history:exportXlsx': { req: AlertHistoryFilterSchema, res: z.object({ fileName: z.string(), base64: z.string() }) },
  /** an alert's figure recomputed from the inputs its risk snapshot stored (the local trail), with the top contributors */
  'history:explain': { req: z.object({ alertId: IdSchema }).strict(), res: AlertExplanationSchema },
  /** backtest of the current book; dates default to the 250 market days before the replay start */
  'risk:backtest': {
    req: z.object({ method: BacktestMethodSchema.optional(), from: IsoDateSchema.optional(), to: IsoDateSchema.optional() }).strict(),
    res: BacktestResultSchema,
  },
  /**
   * extended risk report of the current book (its live quantities) at the desk's last market date: the newest frame's
   * date, or before the first frame the last market date before the replay start; Monte Carlo on the worker pool
   */
  'risk:report': { req: RiskReportRequestSchema, res: RiskReportSchema },
  /** the historical stress scenario library (stable ids, windows) */
  'stress:library': { req: z.object({}).strict(), res: z.array(StressLibraryEntrySchema) },
  /** stress test of the live book (held quantities) or a saved book at the desk's last market date; saved as a run */
  'stress:run': { req: StressRunRequestSchema, res: StressRunResultSchema },
  /** the HTML report of a saved stress run (as `riskdesk stress --out report.html`) */
  'stress:report': { req: z.object({ runId: z.number().int().positive() }).strict(), res: StressReportFileSchema },
  /** the desk's background replication to PostgreSQL (`--sync-pg`): last replicated seq, lag, last error; null when off */
  'sync:status': { req: z.object({}).strict(), res: SyncStatusSchema.nullable() },
  /** pre-trade what-if on the held book at the desk's last market date: risk before/after, breaches, reduce-only verdict */
  'desk:whatif': { req: WhatIfRequestSchema, res: WhatIfResultSchema },
} as const

/** Push events: channel -> payload schema (host -> UI). Updates are coalesced by the host to at most ~20 per second. */
export const pushSchemas = {
  /** the newest frame, with any frames coalesced since the previous push in `earlier` (oldest first) */
  'desk:frame': z.object({ frame: RiskFrameSchema, earlier: z.array(RiskFrameSchema), positions: z.array(PositionRowSchema) }),
  'feed:status': FeedStatusSchema,
  'alert:raised': AlertSchema,
  'alert:updated': AlertSchema,
  'action:proposed': ActionSchema,
  'action:updated': ActionSchema,
  'controls:updated': ControlsSchema,
  'desk:reset': DeskSnapshotSchema,
  /** the desktop shell asks the page to select an alert (a notification was clicked); never sent by the host */
  'alert:focus': z.object({ alertId: IdSchema }).strict(),
} as const

export type { InvokeChannel, PushChannel } from './channels'
export { INVOKE_CHANNELS, PUSH_CHANNELS, methodNameOf, pushNameOf } from './channels'
export { buildDeskApi, type DeskApi } from './desk-api'

// The zod-free channel lists in channels.ts must name exactly the channels that have schemas here.
type SameKeys<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never
const invokeChannelsMatch: SameKeys<keyof typeof invokeSchemas, InvokeChannel> = true
const pushChannelsMatch: SameKeys<keyof typeof pushSchemas, PushChannel> = true
void invokeChannelsMatch
void pushChannelsMatch

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]['req']>
export type InvokeResponse<C extends InvokeChannel> = z.infer<(typeof invokeSchemas)[C]['res']>
export type PushPayload<C extends PushChannel> = z.infer<(typeof pushSchemas)[C]>

/** Errors cross transports as values. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
