import { z } from 'zod'
import { RegimeStateSchema } from './market-state'
import { IsoDateSchema } from './primitives'
import { VAR_METHODS, type ExtendedRiskReport } from './risk-report'

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
  asof: IsoDateSchema,
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
      from: IsoDateSchema,
      to: IsoDateSchema,
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
        peakDate: IsoDateSchema.nullable(),
        troughDate: IsoDateSchema.nullable(),
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
