import { z } from 'zod'
import { ActionSchema } from '../action'
import { IsoDateSchema } from '../primitives'
import { deskEvent } from './envelope'

/** One paper execution of an action's trade. */
export const FillSchema = z.object({
  symbol: z.string(),
  fromQuantity: z.number(),
  toQuantity: z.number(),
  /** the executed price (the instrument's last raw close) */
  price: z.number().positive(),
  realisedPnL: z.number(),
})

/** Automated risk-reducing actions and the decisions on them. */
export const actionEvents = {
  'action.proposed': deskEvent({
    action: ActionSchema,
    method: z.string(),
    reachesTarget: z.boolean(),
    /** why the book's policy was not followed (e.g. auto on a partial book is only proposed) */
    policyOverride: z.string().optional(),
  }),
  'action.approved': deskEvent({ action: ActionSchema, reason: z.string().nullable() }),
  'action.rejected': deskEvent({ action: ActionSchema, reason: z.string().min(3) }),
  /** executed: the market date and prices of the fills, and the VaR of the book recomputed after the trades */
  'action.applied': deskEvent({
    action: ActionSchema,
    fills: z.array(FillSchema),
    execution: z.string(),
    executedDate: IsoDateSchema,
    varAfter: z.number().nonnegative().nullable(),
  }),
  'action.expired': deskEvent({ action: ActionSchema }),
} as const
