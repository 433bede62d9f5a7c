import { z } from 'zod'
import { LimitKindSchema } from './alert'
import { IsoDateSchema, SymbolSchema } from './primitives'
import { methodsFor } from './risk-methods'

/**
 * The desk's pre-trade what-if (`desk:whatif`, issue 8 "Pre-trade what-if"): hypothetical trades on the book the desk
 * holds now, at its last market date, with VaR, ES and component VaR before and after (each side a full recompute,
 * src-main/risk/what-if-trade.ts, the same code as `riskdesk whatif`), the limits the traded book would breach, and
 * under reduce-only (or a commitment lock, or the kill switch) whether the trade would be refused and why.
 * Money in the book's currency, one-day horizon, VaR/ES as positive losses.
 */

/** Largest |quantity| of one trade, shares (or contracts for an option row): the books' own sane range. */
export const MAX_TRADE_QUANTITY = 1e9
/** Trades in one what-if. */
export const MAX_WHATIF_TRADES = 50

export const WhatIfTradeSchema = z
  .object({
    /** the instrument, as in the book or the market data (case-insensitive: upper-cased) */
    symbol: SymbolSchema.regex(/^[A-Za-z0-9][A-Za-z0-9.^-]*$/, 'letters, digits, ".", "^" or "-"').transform((s) => s.toUpperCase()),
    /** signed whole shares: + buys, - sells */
    quantity: z
      .number()
      .int('a whole number of shares')
      .min(-MAX_TRADE_QUANTITY)
      .max(MAX_TRADE_QUANTITY)
      .refine((q) => q !== 0, 'a trade of 0 changes nothing'),
  })
  .strict()
export type WhatIfTrade = z.infer<typeof WhatIfTradeSchema>

export const WhatIfRequestSchema = z.object({ trades: z.array(WhatIfTradeSchema).min(1).max(MAX_WHATIF_TRADES) }).strict()

const money = z.number()
/** The figures of one side (before or after): VaR and ES by every method of the core report, the book's value. */
export const WhatIfFiguresSchema = z
  .object({
    var: z.object({ historical: money, parametric: money, ewma: money }).strict(),
    es: z.object({ historical: money, parametric: money }).strict(),
    net: money,
    gross: money,
  })
  .strict()

/** One limit exceeded: its figure, value and limit in the same unit (money, a weight in (0, 1], days). */
export const WhatIfBreachSchema = z
  .object({
    key: z.string(),
    kind: LimitKindSchema,
    symbol: SymbolSchema.nullable(),
    /** plain label: "VaR (historical)", "MSFT loss" */
    label: z.string(),
    value: z.number(),
    limit: z.number(),
    /** true when the book before the trades did not breach it */
    isNew: z.boolean(),
  })
  .strict()

export const WhatIfResultSchema = z
  .object({
    book: z.string(),
    asof: IsoDateSchema,
    window: z.number().int().positive(),
    confidence: z.number().gt(0).lt(1),
    /** the method the VaR limit and the reduce-only check read */
    varMethod: z.enum(methodsFor('limit')),
    /** one per traded symbol (trades on the same symbol add up), priced at the as-of close */
    legs: z.array(
      z
        .object({
          symbol: SymbolSchema,
          fromQuantity: z.number(),
          toQuantity: z.number(),
          quantity: z.number(),
          /** valuation price (raw close; an option's model price); null when it cannot be valued */
          price: z.number().nullable(),
          /** quantity x price, signed; null with the price */
          notional: z.number().nullable(),
        })
        .strict(),
    ),
    before: WhatIfFiguresSchema,
    /** the traded book; a book traded flat has no risk: zeros and `afterFlat` */
    after: WhatIfFiguresSchema,
    afterFlat: z.boolean(),
    /** component VaR (parametric Euler) per symbol; null where the symbol is not in that book */
    components: z.array(z.object({ symbol: SymbolSchema, before: z.number().nullable(), after: z.number().nullable() }).strict()),
    /** the limits the traded book breaches (the session's limits, normal VaR limit) */
    breaches: z.array(WhatIfBreachSchema),
    /** reduce-only mode is in force on the desk */
    reduceOnly: z.boolean(),
    /** the desk's controls (reduce-only, commitment lock, kill switch) would refuse these trades: why */
    refused: z.object({ reason: z.string() }).strict().nullable(),
    /** instruments the report left out (no price or too short a history), with the reason */
    excluded: z.array(z.object({ symbol: z.string(), reason: z.string() }).strict()),
  })
  .strict()
export type WhatIfResult = z.infer<typeof WhatIfResultSchema>
export type WhatIfRequest = z.input<typeof WhatIfRequestSchema>
