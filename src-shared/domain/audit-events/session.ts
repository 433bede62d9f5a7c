import { z } from 'zod'
import { LimitsSchema } from '../limits'
import { deskEvent } from './envelope'

const Excluded = z.array(z.object({ symbol: z.string(), reason: z.string() }))

/** What a risk figure was computed with: recorded so any figure of the session can be recomputed later. */
export const RiskSettingsShape = {
  window: z.number().int().positive(),
  confidence: z.number().gt(0).lt(1),
  /** the VaR method the limits are read against (see the risk-method registry) */
  method: z.string().min(1),
  engineVersion: z.string().min(1),
} as const

/** Desk session start and end. */
export const sessionEvents = {
  'session.started': deskEvent({
    ...RiskSettingsShape,
    mode: z.string().min(1),
    from: z.string(),
    to: z.string(),
    limits: LimitsSchema,
    excluded: Excluded,
  }),
  'session.ended': deskEvent({ frames: z.number().int().nonnegative().optional(), reason: z.string().optional() }),
} as const
