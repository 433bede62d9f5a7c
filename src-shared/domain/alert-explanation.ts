import { z } from 'zod'
import { LimitKindSchema } from './alert'
import { HeldPositionSchema } from './audit-events/risk'

/**
 * An alert's explanation (issue #10 drill-down, issue #8 `riskdesk explain`): the figure that raised it, recomputed by
 * full recompute from the inputs the trail stored with it (the book as held, window, confidence, method, market date).
 * `recomputed` is null, with `unavailable` saying why, when the stored inputs cannot be recomputed (never 0).
 */
export const AlertExplanationSchema = z.object({
  alertId: z.string(),
  /** the limit the alert read: var, positionLoss, positionWeight, daysToLiquidate */
  rule: LimitKindSchema,
  /** the position of a per-position limit, null for the book's VaR */
  symbol: z.string().nullable(),
  marketDate: z.string(),
  /** the VaR method of the limit (risk-method registry id) */
  method: z.string(),
  /** the figure as stored in the alert (currency; a fraction for a weight; days for days to liquidate) */
  stored: z.number(),
  recomputed: z.number().nullable(),
  /** recomputed − stored; null when not recomputed */
  difference: z.number().nullable(),
  unavailable: z.string().nullable(),
  /**
   * why the recompute may differ from the stored figure: the desk valued these instruments at a held-back (suspect),
   * stale or carried-forward price on the alert's frame, while the recompute uses the market data as it stands
   */
  notes: z.array(z.string()),
  /** the threshold the figure was read against */
  limit: z.number(),
  /** the five largest component VaR (Euler decomposition of the parametric VaR) of the recomputed report */
  topContributors: z.array(z.object({ symbol: z.string(), componentVaR: z.number() })),
  inputs: z.object({
    window: z.number().int(),
    confidence: z.number(),
    engineVersion: z.string(),
    positions: z.array(HeldPositionSchema),
  }),
  /** audit sequence numbers of the alert's raising event and of the snapshot it was recomputed from */
  alertSeq: z.number().int(),
  snapshotSeq: z.number().int().nullable(),
})
export type AlertExplanation = z.infer<typeof AlertExplanationSchema>
