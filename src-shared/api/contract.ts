import { z } from 'zod'
import { LimitsSchema } from '../domain/limits'
import { VAR_METHODS, type ExtendedRiskReport } from '../domain/risk-report'
import type { InvokeChannel, PushChannel } from './channels'

/**
 * The desk API contract: the one typed boundary between the desk service (host, Node side) and any UI.
 * Invoke methods are request -> response; push events go host -> UI. Channel names are `area:verb`.
 * Every payload crossing a transport is parsed with the schema below on the receiving Node side; errors cross as
 * `{ ok: false, error }` values, never as thrown exceptions. Transports (Electron IPC, loopback WebSocket) only carry it.
 */

const Symbol_ = z.string().min(1).max(32)
const Id = z.string().min(1).max(64)
const Reason = z.string().trim().min(3, 'a reason of at least 3 characters is required').max(500)
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')

export const SeveritySchema = z.enum(['MEDIUM', 'HIGH', 'CRITICAL'])
export const LimitKindSchema = z.enum(['var', 'positionLoss', 'positionWeight', 'daysToLiquidate'])
export const FeedHealthSchema = z.enum(['idle', 'active', 'paused', 'stale', 'error', 'finished'])
export const SpeedSchema = z.union([z.number().positive().max(1000), z.literal('max')])

export const AlertSchema = z.object({
  id: Id,
  limit: LimitKindSchema,
  /** position symbol for per-position limits, null for book-level limits */
  symbol: Symbol_.nullable(),
  severity: SeveritySchema,
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
  raisedAt: z.string(),
  /** market date of the frame that raised it */
  date: IsoDate,
  state: z.enum(['open', 'acknowledged', 'cleared']),
  acknowledgedBy: z.string().nullable(),
})
export type Alert = z.infer<typeof AlertSchema>

export const ActionTradeSchema = z.object({
  symbol: Symbol_,
  fromQuantity: z.number(),
  toQuantity: z.number(),
  componentVaR: z.number(),
})
export const ActionSchema = z.object({
  id: Id,
  alertId: Id,
  kind: z.literal('reduce'),
  /** fraction of each selected position sold (or bought back) */
  fraction: z.number().min(0).max(1),
  trades: z.array(ActionTradeSchema),
  varBefore: z.number(),
  varAfterPreview: z.number(),
  limit: z.number(),
  policy: z.enum(['propose', 'auto']),
  state: z.enum(['pending', 'approved', 'rejected', 'applied', 'expired']),
  proposedAt: z.string(),
  /** for the auto policy: when it applies unless rejected (ISO time), else null */
  autoApplyAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
  date: IsoDate,
})
export type Action = z.infer<typeof ActionSchema>

export const PositionRowSchema = z.object({
  symbol: Symbol_,
  quantity: z.number(),
  price: z.number(),
  marketValue: z.number(),
  weight: z.number(),
  unrealisedPnL: z.number().nullable(),
  componentVaR: z.number(),
  daysToLiquidate: z.number().nullable(),
  sector: z.string().nullable(),
  flags: z.array(z.string()),
})
export type PositionRow = z.infer<typeof PositionRowSchema>

/** States of the two-state market regime model (RISK-CONVENTIONS "Desk conventions"). */
export const RegimeStateSchema = z.enum(['low', 'high'])
export type RegimeState = z.infer<typeof RegimeStateSchema>
/** VIX bands: low < 15 <= normal < 20 <= elevated < 30 <= stressed (RISK-CONVENTIONS "Desk conventions"). */
export const VixBandSchema = z.enum(['low', 'normal', 'elevated', 'stressed'])
/** Metrics of the risk stream watched for anomalies: historical VaR, cumulative P&L, correlation first-component share. */
export const AnomalyMetricSchema = z.enum(['var', 'pnl', 'correlation'])

/**
 * The desk's market regime on a frame: the Hamilton-filtered probability of the high-volatility state of a two-state
 * Gaussian HMM fitted at session start on SPY's daily returns ('SPY'), or on the book's scenario P&L when the data has
 * no SPY history ('book'); state 'high' when probabilityHigh >= 0.5.
 */
export const RegimeSchema = z.object({
  probabilityHigh: z.number().min(0).max(1),
  state: RegimeStateSchema,
  source: z.enum(['SPY', 'book-pnl']),
})
export type Regime = z.infer<typeof RegimeSchema>

export const VixReadingSchema = z.object({ level: z.number().positive(), band: VixBandSchema })
export type VixReading = z.infer<typeof VixReadingSchema>

/** A jump in the risk stream: robust z-score of the day's change against the trailing 60 changes (median/MAD). */
export const AnomalySchema = z.object({
  metric: AnomalyMetricSchema,
  z: z.number(),
  message: z.string(),
})
export type Anomaly = z.infer<typeof AnomalySchema>

export const RiskFrameSchema = z.object({
  date: IsoDate,
  seq: z.number().int(),
  net: z.number(),
  gross: z.number(),
  pnl: z.number(),
  volatility: z.number(),
  var: z.object({ historical: z.number(), parametric: z.number(), ewma: z.number() }),
  es: z.object({ historical: z.number(), parametric: z.number() }),
  hhi: z.number(),
  worstSector: z.object({ sector: z.string(), shareOfGross: z.number() }).nullable(),
  /** the VaR limit in force on this frame: limits.highVolatilityVarLimit in the high-volatility regime, else varLimit */
  varLimit: z.number(),
  /** VaR of limits.varMethod > varLimit (the limit in force) */
  breached: z.boolean(),
  /** whether varLimit is the tightened high-volatility limit */
  regimeTightened: z.boolean(),
  /** market regime (null when no model could be fitted) */
  regime: RegimeSchema.nullable(),
  /** VIX close of the frame's date and its band; null when the date has no VIX print or no VIX data is loaded */
  vix: VixReadingSchema.nullable(),
  /** λ₁ / N of the window's correlation matrix; null when not computed (fewer than 2 or more than 100 instruments) */
  correlationShare: z.number().nullable(),
  /** jumps in the risk stream flagged on this frame (not limit breaches); empty on most frames */
  anomalies: z.array(AnomalySchema),
})
export type RiskFrame = z.infer<typeof RiskFrameSchema>

export const FeedStatusSchema = z.object({
  health: FeedHealthSchema,
  date: IsoDate.nullable(),
  speed: SpeedSchema,
  from: IsoDate,
  to: IsoDate,
  rejectedTicks: z.number().int(),
  message: z.string().nullable(),
})
export type FeedStatus = z.infer<typeof FeedStatusSchema>

export const DeskSnapshotSchema = z.object({
  book: z.string(),
  limits: LimitsSchema,
  feed: FeedStatusSchema,
  /** every frame so far (the VaR and P&L history for the charts) */
  frames: z.array(RiskFrameSchema),
  positions: z.array(PositionRowSchema),
  excluded: z.array(z.object({ symbol: z.string(), reason: z.string() })),
  alerts: z.array(AlertSchema),
  actions: z.array(ActionSchema),
  user: z.string(),
})
export type DeskSnapshot = z.infer<typeof DeskSnapshotSchema>

export const AuditEventSchema = z.object({
  seq: z.number().int(),
  ts: z.string(),
  type: z.string(),
  actor: z.string(),
  book: z.string().nullable(),
  payload: z.unknown(),
  hash: z.string(),
})
export type AuditEventView = z.infer<typeof AuditEventSchema>

export const ValidationIssueSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
})

/** VaR methods a backtest can replay (RISK-CONVENTIONS "VaR backtesting"; each method as in the risk report). */
export const BacktestMethodSchema = z.enum(['historical', 'parametric', 'ewma', 'studentT', 'cornishFisher', 'filteredHistorical'])
export type BacktestMethod = z.infer<typeof BacktestMethodSchema>

const LikelihoodRatio = z.object({ lr: z.number().nonnegative(), pValue: z.number().min(0).max(1) })

/**
 * An out-of-sample VaR backtest of one book with one method (RISK-CONVENTIONS "VaR backtesting"): quantities fixed,
 * day t valued at the close of t − 1, VaR_t from the W returns ending on t − 1, exception when L_t < −VaR_t.
 * Money in the book's currency; VaR positive (a loss), P&L signed. What `riskdesk backtest --json` prints.
 */
export const BacktestResultSchema = z.object({
  book: z.string(),
  method: BacktestMethodSchema,
  /** first and last backtest day actually used (market dates) */
  from: IsoDate,
  to: IsoDate,
  window: z.number().int(),
  confidence: z.number(),
  /** EWMA decay (ewma, filteredHistorical), else null */
  lambda: z.number().nullable(),
  /** Student-t degrees of freedom (studentT), else null */
  nu: z.number().nullable(),
  observations: z.number().int(),
  exceptions: z.number().int(),
  /** n (1 − c) */
  expectedExceptions: z.number(),
  exceptionDates: z.array(IsoDate),
  /** one row per backtest day: the VaR forecast for that day and the realised P&L */
  series: z.array(z.object({ date: IsoDate, var: z.number(), pnl: z.number() })),
  /** Kupiec (1995) proportion of failures, chi2(1) */
  kupiec: LikelihoodRatio,
  /** Christoffersen (1998) independence, chi2(1), with the transition counts of the exception indicator */
  christoffersen: z.object({
    lrInd: z.number().nonnegative(),
    pValue: z.number().min(0).max(1),
    n00: z.number().int(),
    n01: z.number().int(),
    n10: z.number().int(),
    n11: z.number().int(),
  }),
  /** LR_POF + LR_ind, chi2(2) */
  conditionalCoverage: LikelihoodRatio,
  /** Basel (1996) zone for n observations at c: green 0..greenMax, yellow greenMax+1..yellowMax, red above */
  trafficLight: z.object({
    zone: z.enum(['green', 'yellow', 'red']),
    greenMax: z.number().int(),
    yellowMax: z.number().int(),
    /** P(X <= exceptions), X ~ Bin(n, 1 − c) */
    cumulativeProbability: z.number().min(0).max(1),
  }),
  /** instruments in the backtest, book order */
  symbols: z.array(z.string()),
  /** instruments excluded at the start (and therefore throughout), with the reason */
  excluded: z.array(z.object({ symbol: z.string(), reason: z.string() })),
  /** carried-forward prices and vendor flags over the first window and the backtest days */
  dataQuality: z.array(
    z.object({ symbol: z.string(), filledDays: z.number().int(), flags: z.array(z.object({ date: z.string(), issue: z.string() })) }),
  ),
})
export type BacktestResult = z.infer<typeof BacktestResultSchema>

/** Horizons the desk's risk report offers, in trading days (RISK-MEASURES "Horizons"). */
export const REPORT_HORIZONS = [1, 5, 10] as const
export type ReportHorizon = (typeof REPORT_HORIZONS)[number]
/** Monte Carlo paths a desk report may ask for: enough for a usable tail, few enough to answer within seconds. */
export const REPORT_PATHS = { min: 1_000, max: 1_000_000 } as const

/**
 * `risk:report` request: the extended risk report (`riskdesk risk --json`) of the desk's current book. Every field is
 * optional and defaults as the CLI does: headline method historical, horizon 1, 100,000 paths, seed 1, ν = 5.
 */
export const RiskReportRequestSchema = z
  .object({
    method: z.enum(VAR_METHODS).optional(),
    horizon: z.union([z.literal(1), z.literal(5), z.literal(10)]).optional(),
    paths: z.number().int().min(REPORT_PATHS.min).max(REPORT_PATHS.max).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    nu: z.union([z.number().gt(2).max(1_000_000), z.literal('fit')]).optional(),
  })
  .strict()

const Nullable = z.number().nullable()
/** loose: the report's other fields cross unchecked (`riskdesk risk --json` documents them); these are what UIs read */
const ReportVaRSchema = z.looseObject({
  historical: z.number(),
  parametric: z.number(),
  ewma: z.number(),
  studentT: z.number(),
  cornishFisher: Nullable,
  monteCarlo: z.number(),
  filteredHistorical: Nullable,
  evt: Nullable,
  deltaGamma: Nullable,
})
const ForecastLossSchema = z.looseObject({ n: z.number().int(), mse: z.number(), qlike: z.number() })

/**
 * `risk:report` response: the ExtendedRiskReport of src-shared/domain/risk-report.ts (docs/RISK-MEASURES.md, "Risk
 * report fields"). Money in the book's currency, VaR/ES positive losses at `horizon.days`; a figure the report could not
 * compute is null and named in `unavailable`. The fields below are checked (by the host before sending, and they are
 * all a UI may rely on); the objects are loose, so the rest of the report crosses as it is.
 */
export const RiskReportSchema = z.looseObject({
  book: z.string(),
  asof: IsoDate,
  window: z.number().int(),
  confidence: z.number().gt(0).lt(1),
  horizon: z.looseObject({ days: z.number().int().min(1), historicalScenarios: z.number().int() }),
  headline: z.looseObject({ method: z.enum(VAR_METHODS), var: Nullable, es: Nullable }),
  marketValue: z.looseObject({ net: z.number(), gross: z.number() }),
  volatility: z.looseObject({ daily: z.number() }),
  var: ReportVaRSchema,
  es: ReportVaRSchema,
  monteCarlo: z.looseObject({
    paths: z.number().int(),
    seed: z.number().int(),
    distribution: z.enum(['normal', 'student-t']),
    nu: Nullable,
    varStdError: z.number(),
    esStdError: z.number(),
    tailCount: z.number().int(),
    repaired: z.boolean(),
    revaluation: z.enum(['linear', 'full']),
  }),
  studentT: z.looseObject({ nu: z.number(), nuSource: z.enum(['default', 'given', 'fitted']) }),
  cornishFisher: z.looseObject({ skewness: z.number(), excessKurtosis: z.number(), floored: z.boolean() }).nullable(),
  filteredHistorical: z.looseObject({ lambda: z.number(), scenarios: z.number().int() }).nullable(),
  evt: z.looseObject({ xi: z.number(), exceedances: z.number().int(), thresholdQuantile: z.number() }).nullable(),
  deltaGamma: z.looseObject({ skewness: z.number(), excessKurtosis: z.number() }).nullable(),
  regime: z
    .looseObject({
      state: RegimeStateSchema,
      probabilityHigh: z.number().min(0).max(1),
      source: z.enum(['SPY', 'book-pnl']),
      from: IsoDate,
      to: IsoDate,
      lowVolatility: z.number(),
      highVolatility: z.number(),
    })
    .nullable(),
  greeks: z.looseObject({ delta: z.number(), gamma: z.number(), vega: z.number(), theta: z.number(), totalDollarDelta: z.number() }),
  profile: z.looseObject({
    concentration: z
      .looseObject({ cr4: z.number(), effectiveN: z.number(), gini: z.number(), diversificationRatio: z.number(), firstComponentShare: z.number() })
      .nullable(),
    drawdown: z
      .looseObject({
        maxDrawdown: z.number(),
        currentDrawdown: z.number(),
        peakDate: IsoDate.nullable(),
        troughDate: IsoDate.nullable(),
        currentUnderwaterDays: z.number().int(),
      })
      .nullable(),
    volatilityModels: z
      .looseObject({
        ewma: z.looseObject({ forecast: z.number(), lambda: z.number(), accuracy: ForecastLossSchema }),
        garch: z.looseObject({ forecast: z.number(), persistence: z.number(), converged: z.boolean(), accuracy: ForecastLossSchema }),
      })
      .nullable(),
    reasons: z.array(z.looseObject({ figure: z.string(), reason: z.string() })),
  }),
  positions: z.array(
    z.looseObject({ symbol: z.string(), quantity: z.number(), componentVaR: z.number(), incrementalVaR: z.number(), componentES: z.number() }),
  ),
  excluded: z.array(z.looseObject({ symbol: z.string(), reason: z.string() })),
  unavailable: z.array(z.looseObject({ figure: z.string(), reason: z.string() })),
})
export type RiskReportView = z.infer<typeof RiskReportSchema>

// Every field the schema names must exist in the computed report with a compatible type (index signatures of the
// loose objects aside), so the domain type and the wire schema cannot drift apart unnoticed.
type KnownKeys<T> = { [K in keyof T as string extends K ? never : K]: T[K] }
type Declared<T> = T extends readonly (infer U)[] ? readonly Declared<U>[] : T extends object ? { readonly [K in keyof KnownKeys<T>]: Declared<KnownKeys<T>[K]> } : T
const reportMatchesSchema: ExtendedRiskReport extends Declared<z.input<typeof RiskReportSchema>> ? true : never = true
void reportMatchesSchema

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
  'limits:update': { req: z.object({ limits: LimitsSchema, reason: Reason }).strict(), res: LimitsSchema },
  'feed:play': { req: z.object({}).strict(), res: FeedStatusSchema },
  'feed:pause': { req: z.object({}).strict(), res: FeedStatusSchema },
  'feed:speed': { req: z.object({ speed: SpeedSchema }).strict(), res: FeedStatusSchema },
  'alert:acknowledge': { req: z.object({ alertId: Id }).strict(), res: AlertSchema },
  'action:approve': { req: z.object({ actionId: Id, reason: z.string().trim().max(500).optional() }).strict(), res: ActionSchema },
  'action:reject': { req: z.object({ actionId: Id, reason: Reason }).strict(), res: ActionSchema },
  'audit:query': {
    req: z
      .object({ from: IsoDate.optional(), to: IsoDate.optional(), type: z.string().max(64).optional(), limit: z.number().int().min(1).max(10_000).optional() })
      .strict(),
    res: z.array(AuditEventSchema),
  },
  'audit:verify': {
    req: z.object({}).strict(),
    res: z.object({ ok: z.boolean(), rows: z.number().int(), firstBadSeq: z.number().int().nullable(), reason: z.string().nullable() }),
  },
  /** backtest of the current book; dates default to the 250 market days before the replay start */
  'risk:backtest': {
    req: z.object({ method: BacktestMethodSchema.optional(), from: IsoDate.optional(), to: IsoDate.optional() }).strict(),
    res: BacktestResultSchema,
  },
  /**
   * extended risk report of the current book (its live quantities) at the desk's last market date: the newest frame's
   * date, or before the first frame the last market date before the replay start; Monte Carlo on the worker pool
   */
  'risk:report': { req: RiskReportRequestSchema, res: RiskReportSchema },
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
  'desk:reset': DeskSnapshotSchema,
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
