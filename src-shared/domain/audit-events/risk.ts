import { z } from 'zod'
import { LimitsSchema } from '../limits'
import { AnomalyMetricSchema } from '../market-state'
import { RiskFrameSchema } from '../risk-frame'
import { deskEvent } from './envelope'
import { RiskSettingsShape } from './session'

/** Risk figures the desk recorded: the frame behind an alert or action, and anomaly flags. */
export const riskEvents = {
  'risk.snapshot': deskEvent({ ...RiskSettingsShape, frame: RiskFrameSchema, limits: LimitsSchema }),
  'anomaly.flagged': deskEvent({ date: z.string(), metric: AnomalyMetricSchema, z: z.number(), message: z.string(), window: z.number().int() }),
} as const
