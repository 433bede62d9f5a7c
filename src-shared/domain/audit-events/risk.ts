import { z } from 'zod'
import { LimitsSchema } from '../limits'
import { AnomalyMetricSchema } from '../market-state'
import { RiskFrameSchema } from '../risk-frame'
import { deskEvent } from './envelope'
import { RiskSettingsShape } from './session'

const OptionTermsSchema = z.object({
  underlying: z.string(),
  optionType: z.enum(['call', 'put']),
  strike: z.number(),
  expiry: z.string(),
  impliedVol: z.number(),
  rate: z.number(),
  dividendYield: z.number(),
  multiplier: z.number(),
})

/** One position of the book as held when a snapshot was taken (live quantity, split-adjusted cost, option terms). */
export const HeldPositionSchema = z.object({
  symbol: z.string(),
  quantity: z.number(),
  cost: z.number().optional(),
  sector: z.string().optional(),
  assetClass: z.enum(['equity', 'etf', 'option', 'other']).optional(),
  option: OptionTermsSchema.optional(),
})

/** Risk figures the desk recorded: the frame behind an alert or action, and anomaly flags. */
export const riskEvents = {
  /** `positions`: the book the frame was computed on, so the figure can be recomputed (absent in older trails) */
  'risk.snapshot': deskEvent({ ...RiskSettingsShape, frame: RiskFrameSchema, limits: LimitsSchema, positions: z.array(HeldPositionSchema).optional() }),
  'anomaly.flagged': deskEvent({ date: z.string(), metric: AnomalyMetricSchema, z: z.number(), message: z.string(), window: z.number().int() }),
} as const
