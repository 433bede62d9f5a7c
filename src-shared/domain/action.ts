import { z } from 'zod'
import { IdSchema, IsoDateSchema, SymbolSchema } from './primitives'

export const ActionTradeSchema = z.object({
  symbol: SymbolSchema,
  fromQuantity: z.number(),
  toQuantity: z.number(),
  componentVaR: z.number(),
})
export const ActionSchema = z.object({
  id: IdSchema,
  alertId: IdSchema,
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
  date: IsoDateSchema,
})
export type Action = z.infer<typeof ActionSchema>
