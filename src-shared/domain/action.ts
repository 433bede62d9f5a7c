import { z } from 'zod'
import { IdSchema, IsoDateSchema, SymbolSchema } from './primitives'

/**
 * Automated risk-reducing actions (issue 8): the plan and what it was sized on, as the lifecycle keeps them
 * (src-main/desk/lifecycle/action-lifecycle.ts), and the view the desk sends to the panel and the CLI. Money in the
 * book's currency, quantities in signed shares (trades in whole shares; a holding may be fractional after a split).
 */

/** A duration: market updates in replay, wall milliseconds live and while a replay is stopped (desk-time.ts). */
export const SpanSchema = z.object({ updates: z.number().nonnegative().finite(), ms: z.number().nonnegative().finite() }).strict()
export type Span = z.infer<typeof SpanSchema>

export const ActionKindSchema = z.enum(['reduce', 'hedge', 'flatten'])
export type ActionKind = z.infer<typeof ActionKindSchema>

/** Within this of a whole number counts as whole (quantities after a split carry binary rounding, e.g. 3538.4999999999995). */
const WHOLE_EPS = 1e-6
const isWhole = (x: number): boolean => Math.abs(x - Math.round(x)) < WHOLE_EPS

/**
 * Whether a leg trades whole shares: the trade |from − to| is whole, or the target is (a full close, a trader's own
 * target). A holding may be fractional after a split with a non-integer ratio (a spin-off in the adjustment factors),
 * and the desk then still trades whole shares or closes the fraction with the rest.
 */
export function legTradesWholeShares(l: { readonly fromQuantity: number; readonly toQuantity: number }): boolean {
  return isWhole(l.fromQuantity - l.toQuantity) || isWhole(l.toQuantity)
}

/** One leg: a position from one signed quantity to another, at the price it was sized on (see legTradesWholeShares). */
export const PlanLegSchema = z
  .object({ symbol: SymbolSchema, fromQuantity: z.number().finite(), toQuantity: z.number().finite(), price: z.number().positive() })
  .strict()
  .refine(legTradesWholeShares, { message: 'a leg trades whole shares (or closes the position, or targets a whole quantity)' })
export type PlanLeg = z.infer<typeof PlanLegSchema>

/** A sized action with its preview: VaR after (desk method) and historical ES after, exact recomputes; turnover Σ|Δq|·price. */
export const ActionPlanSchema = z
  .object({
    kind: ActionKindSchema,
    /** the sizing, e.g. 'least-turnover', 'min-variance', 'flatten', 'manual' */
    method: z.string().min(1).max(64),
    legs: z.array(PlanLegSchema),
    varAfter: z.number().finite(),
    esAfter: z.number().finite().nullable(),
    turnover: z.number().nonnegative().finite(),
  })
  .strict()
export type ActionPlan = z.infer<typeof ActionPlanSchema>

/** What a proposal was sized on: the book snapshot, the limit in force, the target and the method. */
export const SizingBasisSchema = z
  .object({
    marketDate: IsoDateSchema,
    frameSeq: z.number().int().nonnegative(),
    method: z.enum(['historical', 'parametric', 'ewma']),
    confidence: z.number().gt(0).lt(1),
    window: z.number().int().min(2),
    varBefore: z.number().finite(),
    esBefore: z.number().finite().nullable(),
    varLimit: z.number().positive(),
    target: z.number().positive(),
    positions: z.array(z.object({ symbol: SymbolSchema, quantity: z.number(), price: z.number().positive() }).strict()),
  })
  .strict()
export type SizingBasis = z.infer<typeof SizingBasisSchema>

export const ActionStateSchema = z.enum(['proposed', 'resized', 'approved', 'modified', 'rejected', 'applied', 'expired'])
export type ActionState = z.infer<typeof ActionStateSchema>
/** 'cancelled': withdrawn by an override (the kill switch) */
export const ExpiryCauseSchema = z.enum(['breach-cleared', 'stale', 'not-executable', 'cancelled'])

export const FillSchema = z.object({ symbol: SymbolSchema, quantity: z.number(), price: z.number().positive() }).strict()

/** The action as the panel shows it at one instant (its preview's age and the grace left are of that instant). */
export const ActionSchema = z.object({
  id: IdSchema,
  alertId: IdSchema,
  kind: ActionKindSchema,
  policy: z.enum(['propose', 'auto']),
  state: ActionStateSchema,
  /** the plan shown now (after a re-size or a modification) */
  plan: ActionPlanSchema,
  /** the plan shown before the last re-size or modification (state 'resized': the trader sees both), else null */
  previousPlan: ActionPlanSchema.nullable(),
  /** the pro-rata reduction's turnover and VaR after, beside a least-turnover reduce (null for other kinds) */
  alternative: z.object({ method: z.literal('pro-rata'), turnover: z.number().nonnegative(), varAfter: z.number() }).nullable(),
  basis: SizingBasisSchema,
  /** market date it was proposed on, and the wall time */
  date: IsoDateSchema,
  proposedAt: z.string(),
  /** age of the preview: market updates and wall milliseconds since it was sized */
  age: z.object({ updates: z.number().int().nonnegative(), ms: z.number().nonnegative() }),
  /** policy 'auto' while open: what is left of the grace (updates in a running replay, ms live or stopped) */
  grace: z.object({ updates: z.number().nullable(), ms: z.number().nullable() }).nullable(),
  decision: z.object({ actor: z.string(), reason: z.string(), date: IsoDateSchema, automatic: z.boolean() }).nullable(),
  execution: z
    .object({ executedDate: IsoDateSchema, fills: z.array(FillSchema), varAfter: z.number(), esAfter: z.number().nullable(), limit: z.number(), withinLimit: z.boolean() })
    .nullable(),
  expiry: z.object({ cause: ExpiryCauseSchema, detail: z.string() }).nullable(),
})
export type Action = z.infer<typeof ActionSchema>
