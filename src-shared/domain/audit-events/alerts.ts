import { z } from 'zod'
import { AlertSchema } from '../alert'
import { deskEvent } from './envelope'

/** The limit reading that raised, escalated or cleared an alert. */
const Reading = z.object({ key: z.string(), value: z.number(), threshold: z.number() }).loose()

/** Alert lifecycle. */
export const alertEvents = {
  'alert.raised': deskEvent({ alert: AlertSchema, reading: Reading }),
  'alert.escalated': deskEvent({ alert: AlertSchema, reading: Reading, supersedes: z.string() }),
  'alert.cleared': deskEvent({ alert: AlertSchema, reading: Reading }),
  'alert.acknowledged': deskEvent({ alert: AlertSchema }),
} as const
