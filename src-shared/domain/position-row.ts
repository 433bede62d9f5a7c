import { z } from 'zod'
import { SymbolSchema } from './primitives'

export const PositionRowSchema = z.object({
  symbol: SymbolSchema,
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
