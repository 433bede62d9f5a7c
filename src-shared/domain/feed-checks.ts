import { z } from 'zod'
import { IdSchema, IsoDateSchema, ReasonSchema, SymbolSchema } from './primitives'

/**
 * Feed checks (docs/RISK-CONVENTIONS.md "Feed checks"): a tick held as suspect, and a risk frame's note on a price that
 * is not a fresh, accepted one. Prices per share; `ret` a simple return; `z` a robust z-score (median/MAD).
 */
export const HeldTickSchema = z.object({
  /** `SYMBOL@YYYY-MM-DD` */
  id: IdSchema,
  symbol: SymbolSchema,
  date: IsoDateSchema,
  close: z.number(),
  adjClose: z.number(),
  /** the last applied price, which values the position while the tick is held */
  lastDate: IsoDateSchema,
  lastClose: z.number(),
  /** the price the suspicion is about: the adjusted close (returns) or the raw close (valuation, split-adjusted) */
  basis: z.enum(['adjClose', 'close']),
  ret: z.number(),
  z: z.number(),
  /** the outlier threshold in force (robust standard deviations) */
  k: z.number(),
  /** the index and sector readings that did not confirm the move */
  references: z.array(z.object({ label: z.string(), z: z.number() })),
  reason: z.string(),
})
export type HeldTick = z.infer<typeof HeldTickSchema>

/** A figure of the frame uses a held-back, stale or carried-forward price. */
export const FrameDataNoteSchema = z.object({
  symbol: SymbolSchema,
  issue: z.enum(['suspect', 'stale', 'carried-forward']),
  /** market date of the price used */
  priceDate: IsoDateSchema,
  note: z.string(),
})
export type FrameDataNote = z.infer<typeof FrameDataNoteSchema>

/** `feed:decideTick` request: accept (apply now) or drop a held tick, with a reason. */
export const DecideTickRequestSchema = z.object({ id: IdSchema, decision: z.enum(['accept', 'drop']), reason: ReasonSchema }).strict()
