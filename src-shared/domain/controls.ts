import { z } from 'zod'
import { SpanSchema } from './action'
import { IsoDateSchema } from './primitives'

/**
 * The manual overrides in force on a book (src-main/desk/overrides.ts): paused automation, kill switch, reduce-only,
 * commitment lock, each with who set it, in which role, why and when (market updates, wall ms, market date).
 */
export const RoleSchema = z.enum(['trader', 'desk-head'])
export const TimeMarkSchema = z.object({ updates: z.number().int().nonnegative(), wallMs: z.number(), marketDate: z.string() }).strict()
const SetBy = { by: z.string(), role: RoleSchema, reason: z.string(), since: TimeMarkSchema }

export const ControlStateSchema = z
  .object({
    book: z.string(),
    pause: z.object({ ...SetBy, span: SpanSchema }).strict().nullable(),
    kill: z.object(SetBy).strict().nullable(),
    killedAt: TimeMarkSchema.nullable(),
    reduceOnly: z.object({ ...SetBy, span: SpanSchema.nullable() }).strict().nullable(),
    /** no risk increase until the close of `marketDate` */
    lock: z.object({ ...SetBy, marketDate: IsoDateSchema }).strict().nullable(),
  })
  .strict()

/** The controls as the panel shows them, with whether automation is armed and, if not, why. */
export const ControlsSchema = ControlStateSchema.extend({ armed: z.boolean(), armedReason: z.string().nullable() })
export type Controls = z.infer<typeof ControlsSchema>

export const OVERRIDE_KINDS = ['pause', 'resume', 'kill', 'rearm', 'reduce-only', 'lift-reduce-only', 'lock', 'unlock'] as const
