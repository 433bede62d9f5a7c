import { z } from 'zod'
import { IsoDateSchema } from '../primitives'

/**
 * What every desk audit event carries besides its own fields: the desk session that wrote it and the market date it
 * concerns (null for events outside market time, e.g. a book saved before any frame). The wall time is the row's `ts`.
 */
export const AuditEnvelopeShape = {
  /** the desk session (UUID) that wrote the event; alert and action ids carry its first 12 hex digits */
  sessionId: z.string().min(8).max(64),
  marketDate: IsoDateSchema.nullable(),
} as const

/** A map from event type (`area.verb`) to the schema of its payload. */
export type AuditEventSchemaMap = Readonly<Record<string, z.ZodType>>

/** The payload schema of a desk event: the envelope plus the event's own fields (extra fields are allowed). */
export function deskEvent<S extends z.ZodRawShape>(shape: S) {
  return z.object({ ...AuditEnvelopeShape, ...shape })
}
