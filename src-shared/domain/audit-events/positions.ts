import { z } from 'zod'
import { IsoDateSchema } from '../primitives'
import { deskEvent } from './envelope'

/**
 * The book changing by itself (no trade): a split applied on its ex-date, an option settled at expiry.
 * Conventions: docs/RISK-CONVENTIONS.md "Corporate actions and option expiry (live desk)".
 */
export const positionEvents = {
  /** a split of a held symbol: quantity × ratio, cost ÷ ratio; options on it adjusted (strike ÷ ratio, multiplier × ratio) */
  'position.split': deskEvent({
    symbol: z.string().min(1),
    exDate: IsoDateSchema,
    date: IsoDateSchema,
    ratio: z.number().positive(),
    fromQuantity: z.number(),
    toQuantity: z.number(),
    fromCost: z.number().nullable(),
    toCost: z.number().nullable(),
    options: z.array(z.string()),
  }),
  /** an option reached its expiry: settled in cash at intrinsic value on the underlying's close, removed from the book */
  'option.expired': deskEvent({
    symbol: z.string().min(1),
    underlying: z.string().min(1),
    optionType: z.enum(['call', 'put']),
    strike: z.number().positive(),
    expiry: IsoDateSchema,
    date: IsoDateSchema,
    quantity: z.number(),
    multiplier: z.number().positive(),
    underlyingPrice: z.number().positive(),
    intrinsic: z.number().nonnegative(),
    cash: z.number(),
    realisedPnL: z.number(),
  }),
} as const
