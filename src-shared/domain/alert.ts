import { z } from 'zod'
import { SpanSchema } from './action'
import { IdSchema, IsoDateSchema, SymbolSchema } from './primitives'

/** Alert severity, in rising order of urgency (RISK-CONVENTIONS "Desk conventions"). */
export const SeveritySchema = z.enum(['MEDIUM', 'HIGH', 'CRITICAL'])
export const LimitKindSchema = z.enum(['var', 'positionLoss', 'positionWeight', 'daysToLiquidate'])
/** raised -> acknowledged -> resolved, or escalated (src-main/desk/lifecycle/alert-lifecycle.ts) */
export const AlertStateSchema = z.enum(['open', 'escalated', 'acknowledged', 'resolved'])
export const RecipientSchema = z.enum(['trader', 'desk-head'])

/** An alert as the desk shows it: one rule's breach, its lifecycle, who acknowledged, snoozed or noted it. */
export const AlertSchema = z.object({
  id: IdSchema,
  /** the limit instance: 'var', 'positionLoss:BA', ... */
  ruleKey: z.string().min(1).max(100),
  kind: LimitKindSchema,
  /** position symbol for per-position limits, null for book-level limits */
  symbol: SymbolSchema.nullable(),
  /** plain label of the figure: "VaR (historical)", "BA loss" */
  label: z.string(),
  severity: SeveritySchema,
  state: AlertStateSchema,
  /** latest value of the figure, and the limit in force (same unit) */
  value: z.number(),
  limit: z.number(),
  /** market date of the update that raised it, and the wall time */
  date: IsoDateSchema,
  raisedAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  snoozed: z.object({ by: z.string(), reason: z.string(), span: SpanSchema }).nullable(),
  notes: z.array(z.object({ actor: z.string(), text: z.string(), date: IsoDateSchema })),
  resolvedDate: IsoDateSchema.nullable(),
  /** who was notified at the last raise or escalation */
  notify: z.array(RecipientSchema),
})
export type Alert = z.infer<typeof AlertSchema>
export type Severity = z.infer<typeof SeveritySchema>
export type LimitKind = z.infer<typeof LimitKindSchema>
export type AlertState = z.infer<typeof AlertStateSchema>
export const SEVERITY_ORDER: Record<Severity, number> = { MEDIUM: 1, HIGH: 2, CRITICAL: 3 }
