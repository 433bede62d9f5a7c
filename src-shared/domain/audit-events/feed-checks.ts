import { z } from 'zod'
import { HeldTickSchema } from '../feed-checks'
import { IsoDateSchema, SymbolSchema } from '../primitives'
import { deskEvent } from './envelope'

/** A tick as the feed delivered it (an unknown volume as null: canonical JSON takes finite numbers only). */
const TickPayload = z.object({ symbol: SymbolSchema, date: IsoDateSchema, close: z.number(), adjClose: z.number(), volume: z.number().nullable() })

/** A held tick with the figures of the rule: the window's median and robust scale, the tick and the last applied price. */
const HeldShape = {
  ...HeldTickSchema.shape,
  median: z.number(),
  scale: z.number().positive(),
  tick: TickPayload,
  last: z.object({ date: IsoDateSchema, close: z.number(), adjClose: z.number() }),
} as const

const Resolution = {
  /** 'next tick': the instrument's next tick kept or left the held level; 'by hand': a trader's decision */
  resolution: z.enum(['next tick', 'by hand']),
  reason: z.string().min(3),
  /** the next tick that resolved it ('next tick' only) */
  next: TickPayload.optional(),
} as const

const Staleness = { symbol: SymbolSchema, missed: z.number().int().min(1), lastDate: IsoDateSchema, date: IsoDateSchema, threshold: z.number().int().min(1) } as const

/** Feed checks (RISK-CONVENTIONS "Feed checks"): suspect ticks held and resolved; staleness per instrument. */
export const feedCheckEvents = {
  /** a tick held as suspect: not applied to the book, the risk window, limits or actions */
  'tick.suspect': deskEvent(HeldShape),
  /** a held tick applied (confirmed by the next tick, or accepted by hand with a reason) */
  'tick.confirmed': deskEvent({ ...HeldShape, ...Resolution }),
  /** a held tick discarded (the next tick went back, or dropped by hand with a reason) */
  'tick.dropped': deskEvent({ ...HeldShape, ...Resolution }),
  /** no price for `missed` (= threshold) market updates while others ticked: the last price is carried forward */
  'price.stale': deskEvent(Staleness),
  /** a stale instrument priced again after `missed` market updates */
  'price.restored': deskEvent(Staleness),
} as const
