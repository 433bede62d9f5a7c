import { z } from 'zod'
import { IsoDateSchema } from './primitives'

export const FeedHealthSchema = z.enum(['idle', 'active', 'paused', 'stale', 'error', 'finished'])
export const SpeedSchema = z.union([z.number().positive().max(1000), z.literal('max')])

export const FeedStatusSchema = z.object({
  health: FeedHealthSchema,
  date: IsoDateSchema.nullable(),
  speed: SpeedSchema,
  from: IsoDateSchema,
  to: IsoDateSchema,
  rejectedTicks: z.number().int(),
  message: z.string().nullable(),
})
export type FeedStatus = z.infer<typeof FeedStatusSchema>
