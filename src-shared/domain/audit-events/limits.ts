import { z } from 'zod'
import { LimitsSchema } from '../limits'
import { deskEvent } from './envelope'

/** Limit changes, with who (the row's actor) and why. */
export const limitEvents = {
  'limits.changed': deskEvent({ before: LimitsSchema, after: LimitsSchema, reason: z.string().min(3) }),
} as const
