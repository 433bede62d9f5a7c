import { z } from 'zod'
import { FrameDataNoteSchema } from './feed-checks'
import { AnomalySchema, RegimeSchema, VixReadingSchema } from './market-state'
import { IsoDateSchema } from './primitives'

export const RiskFrameSchema = z.object({
  date: IsoDateSchema,
  seq: z.number().int(),
  net: z.number(),
  gross: z.number(),
  pnl: z.number(),
  volatility: z.number(),
  var: z.object({ historical: z.number(), parametric: z.number(), ewma: z.number() }),
  es: z.object({ historical: z.number(), parametric: z.number() }),
  hhi: z.number(),
  worstSector: z.object({ sector: z.string(), shareOfGross: z.number() }).nullable(),
  /** the VaR limit in force on this frame: limits.highVolatilityVarLimit in the high-volatility regime, else varLimit */
  varLimit: z.number(),
  /** VaR of limits.varMethod > varLimit (the limit in force) */
  breached: z.boolean(),
  /** whether varLimit is the tightened high-volatility limit */
  regimeTightened: z.boolean(),
  /** market regime (null when no model could be fitted) */
  regime: RegimeSchema.nullable(),
  /** VIX close of the frame's date and its band; null when the date has no VIX print or no VIX data is loaded */
  vix: VixReadingSchema.nullable(),
  /** λ₁ / N of the window's correlation matrix; null when not computed (fewer than 2 or more than 100 instruments) */
  correlationShare: z.number().nullable(),
  /** jumps in the risk stream flagged on this frame (not limit breaches); empty on most frames */
  anomalies: z.array(AnomalySchema),
  /** instruments valued at a held-back (suspect), stale or carried-forward price on this frame; absent when none */
  dataQuality: z.array(FrameDataNoteSchema).optional(),
  /** true when positions of the book are left out of the figures (listed in `excluded`): the figures are partial */
  partial: z.boolean().optional(),
  /** the positions left out of the figures, with the reason (absent or empty: none) */
  excluded: z.array(z.object({ symbol: z.string(), reason: z.string() })).optional(),
})
export type RiskFrame = z.infer<typeof RiskFrameSchema>
