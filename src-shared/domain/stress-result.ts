import { z } from 'zod'
import { IsoDateSchema } from './primitives'

/**
 * Stress Lab shapes crossing the desk API (docs/RISK-CONVENTIONS.md "Stress tests"). The result of a run is what
 * `riskdesk stress --json` prints for each scenario, plus the value path of historical scenarios for the chart.
 * Money in the book's currency; returns, P&L % and drawdowns as decimals (−0.2 = −20 %).
 */

/** Scenario ids as the library spells them (`covid-2020`). */
export const StressScenarioIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a scenario id such as covid-2020')

/** One scenario of the historical library: stable id, window and where the window comes from. */
export const StressLibraryEntrySchema = z.object({
  id: StressScenarioIdSchema,
  name: z.string(),
  kind: z.literal('historical'),
  start: IsoDateSchema,
  end: IsoDateSchema,
  description: z.string(),
})
export type StressLibraryEntry = z.infer<typeof StressLibraryEntrySchema>

/** Which book a run stresses: a snapshot of the live book (its held quantities now) or a saved book by name. */
export const StressBookChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live') }).strict(),
  z.object({ kind: z.literal('saved'), name: z.string().min(1).max(200) }).strict(),
])
export type StressBookChoice = z.infer<typeof StressBookChoiceSchema>

/** `stress:run` request: a book and 1 to 50 library scenario ids (no duplicates). */
export const StressRunRequestSchema = z
  .object({
    book: StressBookChoiceSchema,
    scenarios: z
      .array(StressScenarioIdSchema)
      .min(1, 'pick at least one scenario')
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'a scenario is listed twice'),
  })
  .strict()
export type StressRunRequestView = z.infer<typeof StressRunRequestSchema>

const StressPositionSchema = z.object({
  symbol: z.string(),
  sector: z.string(),
  marketValue: z.number(),
  pnl: z.number(),
  return: z.number(),
  proxied: z.boolean(),
  proxy: z.string().nullable(),
  beta: z.number().nullable(),
})

/** One scenario's result (`riskdesk stress --json` scenario), with its value path when historical. */
export const StressScenarioResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['historical', 'hypothetical', 'generated']),
  start: IsoDateSchema.nullable(),
  end: IsoDateSchema.nullable(),
  pnl: z.number(),
  pnlPct: z.number().nullable(),
  worstDay: z.object({ date: IsoDateSchema, pnl: z.number() }).nullable(),
  maxDrawdown: z.number().nullable(),
  maxDrawdownAmount: z.number().nullable(),
  timeToRecover: z.object({ days: z.number().int(), date: IsoDateSchema }).nullable(),
  positions: z.array(StressPositionSchema),
  sectors: z.array(z.object({ sector: z.string(), pnl: z.number() })),
  /** base date first, then each trading day of the window; cumulative book P&L, 0 at the base date */
  path: z.object({ dates: z.array(IsoDateSchema), pnl: z.array(z.number()) }).nullable(),
  volScale: z.number().nullable(),
  excluded: z.array(z.object({ symbol: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
})
export type StressScenarioResultView = z.infer<typeof StressScenarioResultSchema>

/** `stress:run` response: the run (saved in the desk database under `runId`) and its scenario results. */
export const StressRunResultSchema = z.object({
  runId: z.number().int().positive(),
  asof: IsoDateSchema,
  book: z.object({ name: z.string(), netValue: z.number(), grossValue: z.number(), positions: z.number().int() }),
  dataVersion: z.string(),
  scenarios: z.array(StressScenarioResultSchema),
})
export type StressRunResultView = z.infer<typeof StressRunResultSchema>

/** `stress:report` response: the HTML report of a saved run (charts inline, prints to PDF) and a file name for it. */
export const StressReportFileSchema = z.object({ fileName: z.string(), html: z.string() })
export type StressReportFile = z.infer<typeof StressReportFileSchema>
