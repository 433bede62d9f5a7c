import { z } from 'zod'
import { FeedStatusSchema } from '../feed'
import { deskEvent } from './envelope'

/** The price feed: health changes and refused ticks. */
export const feedEvents = {
  'feed.health': deskEvent({ status: FeedStatusSchema }),
  /** a tick that failed validation: never applied; `tick` as received (non-finite numbers as strings) */
  'tick.rejected': deskEvent({ tick: z.unknown(), field: z.string(), reason: z.string().min(1) }),
} as const
