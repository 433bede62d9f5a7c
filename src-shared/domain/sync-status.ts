import { z } from 'zod'

const Seq = z.number().int().nonnegative()

/**
 * The desk's background replication to PostgreSQL as the desk shows it (src-main/replication/outbox-syncer.ts
 * builds it): where it stands, the highest seq the server confirmed, how many local events it has not confirmed yet,
 * and the last error (password-free).
 */
export const SyncStatusSchema = z.object({
  state: z.enum(['idle', 'caught-up', 'offline', 'error', 'forked', 'stopped']),
  installationId: z.string(),
  lastReplicatedSeq: Seq.nullable(),
  localSeq: Seq,
  lag: Seq.nullable(),
  lastError: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  forkSeq: Seq.nullable(),
})
export type SyncStatusView = z.infer<typeof SyncStatusSchema>
