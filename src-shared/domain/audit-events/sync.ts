import { z } from 'zod'
import { deskEvent } from './envelope'

const Seq = z.number().int().nonnegative()

/** The desk's background replication to PostgreSQL: written when its state, last error or fork changes. */
export const syncEvents = {
  'sync.status': deskEvent({
    state: z.enum(['idle', 'caught-up', 'offline', 'error', 'forked', 'stopped']),
    previousState: z.enum(['idle', 'caught-up', 'offline', 'error', 'forked', 'stopped']),
    installationId: z.string().min(1),
    /** highest seq the server confirmed; null before the first contact */
    lastReplicatedSeq: Seq.nullable(),
    /** local events not yet confirmed by the server; null before the first contact */
    lag: Seq.nullable(),
    /** one line, password-free */
    lastError: z.string().max(2000).nullable(),
    forkSeq: Seq.nullable(),
  }),
} as const
