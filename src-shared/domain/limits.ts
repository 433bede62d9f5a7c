import { z } from 'zod'
import { methodsFor } from './risk-methods'

/**
 * Per-book risk limits (assets/books/*.limits.json). Money in the book's currency.
 * varLimit applies to the 99 % one-day historical VaR unless varMethod says otherwise. highVolatilityVarLimit, when
 * given, replaces varLimit while the desk's market regime is 'high' (RISK-CONVENTIONS "Desk conventions"); it may not
 * exceed varLimit (a regime limit only tightens).
 */
export const LimitsSchema = z
  .object({
    varLimit: z.number().positive().finite(),
    /**
     * VaR limit in force while the high-volatility regime holds (currency, <= varLimit); absent = no tightening.
     * Exact-optional: the key is absent or a number, never `undefined` (audit payloads have no undefined).
     */
    highVolatilityVarLimit: z.number().positive().finite().exactOptional(),
    /** a method registered for limits (risk-methods.ts): computed live on every frame */
    varMethod: z.enum(methodsFor('limit')).default('historical'),
    maxLossPerPosition: z.number().positive().finite(),
    maxPositionWeight: z.number().gt(0).lte(1),
    maxDaysToLiquidate: z.number().positive().finite(),
    policy: z.enum(['propose', 'auto']).default('propose'),
    /** seconds an `auto` action waits for a veto before it is applied (wall clock in live mode, ticks in replay). */
    graceSeconds: z.number().nonnegative().finite().default(30),
    /** consecutive increasing updates of a breached metric before an action is proposed. */
    risingUpdates: z.number().int().min(1).max(50).default(3),
  })
  .strict()
  .refine((l) => l.highVolatilityVarLimit === undefined || l.highVolatilityVarLimit <= l.varLimit, {
    path: ['highVolatilityVarLimit'],
    message: 'highVolatilityVarLimit must not exceed varLimit (it tightens the limit in the high-volatility regime)',
  })

export type Limits = z.infer<typeof LimitsSchema>
export type ActionPolicy = Limits['policy']
