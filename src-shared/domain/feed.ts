import { z } from 'zod'
import { HeldTickSchema } from './feed-checks'
import { IsoDateSchema, SymbolSchema } from './primitives'

/** 'holding': a replay paused at a proposal until a person decides (issue 8) */
export const FeedHealthSchema = z.enum(['idle', 'active', 'paused', 'holding', 'stale', 'degraded', 'error', 'finished'])
export const SpeedSchema = z.union([z.number().positive().max(1000), z.literal('max')])

export const FeedStatusSchema = z.object({
  health: FeedHealthSchema,
  date: IsoDateSchema.nullable(),
  speed: SpeedSchema,
  from: IsoDateSchema,
  to: IsoDateSchema,
  rejectedTicks: z.number().int(),
  message: z.string().nullable(),
  /** instruments with no price for STALE_AFTER_UPDATES market updates while others ticked (health 'degraded') */
  stale: z.array(SymbolSchema).optional(),
  /** ticks held as suspect, not applied (RISK-CONVENTIONS "Feed checks") */
  held: z.array(HeldTickSchema).optional(),
})
export type FeedStatus = z.infer<typeof FeedStatusSchema>
export type FeedHealth = z.infer<typeof FeedHealthSchema>
