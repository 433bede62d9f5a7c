import { z } from 'zod'
import { IdSchema, IsoDateSchema, SymbolSchema } from './primitives'

/** Alert severity, in rising order of urgency (RISK-CONVENTIONS "Desk conventions"). */
export const SeveritySchema = z.enum(['MEDIUM', 'HIGH', 'CRITICAL'])
export const LimitKindSchema = z.enum(['var', 'positionLoss', 'positionWeight', 'daysToLiquidate'])

export const AlertSchema = z.object({
  id: IdSchema,
  limit: LimitKindSchema,
  /** position symbol for per-position limits, null for book-level limits */
  symbol: SymbolSchema.nullable(),
  severity: SeveritySchema,
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
  raisedAt: z.string(),
  /** market date of the frame that raised it */
  date: IsoDateSchema,
  state: z.enum(['open', 'acknowledged', 'cleared']),
  acknowledgedBy: z.string().nullable(),
})
export type Alert = z.infer<typeof AlertSchema>
export type Severity = z.infer<typeof SeveritySchema>
export type LimitKind = z.infer<typeof LimitKindSchema>
export const SEVERITY_ORDER: Record<Severity, number> = { MEDIUM: 1, HIGH: 2, CRITICAL: 3 }
