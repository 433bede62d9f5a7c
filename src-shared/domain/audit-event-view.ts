import { z } from 'zod'

/** An audit event as the desk API returns it (the stored row, payload parsed). */
export const AuditEventSchema = z.object({
  seq: z.number().int(),
  ts: z.string(),
  type: z.string(),
  actor: z.string(),
  book: z.string().nullable(),
  payload: z.unknown(),
  hash: z.string(),
})
export type AuditEventView = z.infer<typeof AuditEventSchema>
