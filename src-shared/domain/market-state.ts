import { z } from 'zod'

/** States of the two-state market regime model (RISK-CONVENTIONS "Desk conventions"). */
export const RegimeStateSchema = z.enum(['low', 'high'])
export type RegimeState = z.infer<typeof RegimeStateSchema>
/** VIX bands: low < 15 <= normal < 20 <= elevated < 30 <= stressed (RISK-CONVENTIONS "Desk conventions"). */
export const VixBandSchema = z.enum(['low', 'normal', 'elevated', 'stressed'])
/** Metrics of the risk stream watched for anomalies: historical VaR, cumulative P&L, correlation first-component share. */
export const AnomalyMetricSchema = z.enum(['var', 'pnl', 'correlation'])

/**
 * The desk's market regime on a frame: the Hamilton-filtered probability of the high-volatility state of a two-state
 * Gaussian HMM fitted at session start on SPY's daily returns ('SPY'), or on the book's scenario P&L when the data has
 * no SPY history ('book'); state 'high' when probabilityHigh >= 0.5.
 */
export const RegimeSchema = z.object({
  probabilityHigh: z.number().min(0).max(1),
  state: RegimeStateSchema,
  source: z.enum(['SPY', 'book-pnl']),
})
export type Regime = z.infer<typeof RegimeSchema>

export const VixReadingSchema = z.object({ level: z.number().positive(), band: VixBandSchema })
export type VixReading = z.infer<typeof VixReadingSchema>

/** A jump in the risk stream: robust z-score of the day's change against the trailing 60 changes (median/MAD). */
export const AnomalySchema = z.object({
  metric: AnomalyMetricSchema,
  z: z.number(),
  message: z.string(),
})
export type Anomaly = z.infer<typeof AnomalySchema>
