/**
 * The desk's background replication (`--sync-pg URL`): the OutboxSyncer of src-main/replication run inside the desk
 * on its own audit database, with its status offered to the desk and every change of state, last error or fork
 * handed to listeners (the desk service audits it as `sync.status`).
 */
import type { Database } from 'better-sqlite3'
import type { AuditEventInput } from '../audit/event-types'
import { installationIdentity, readInstallation } from '../audit/installation'
import { OutboxSyncer, type SyncStatus } from '../replication/outbox-syncer'

export type { SyncStatus }

/** The background sync as the desk sees it. */
export interface DeskSync {
  /** the current status (last replicated seq, lag, last error, ...) */
  status(): SyncStatus
  /** called on every change of state, last error or fork seq; returns the unsubscribe function */
  onChange(listener: (status: SyncStatus, previous: SyncStatus) => void): () => void
  /** starts the loop (a pass now, then every `intervalMs`) */
  start(): void
  /** stops the loop and closes the connection (the status becomes `stopped`) */
  stop(): Promise<void>
}

/**
 * Prepare the background sync of the desk's audit database (nothing is sent before `start`).
 *
 * @param db - the desk's open audit database; its installation id (and signing key) is created when it has none yet.
 * @param pgUrl - the desk's PostgreSQL as this workstation's login role (docs/DEPLOYMENT.md).
 * @param opts.intervalMs - ms between passes when caught up (default 2 000).
 */
export function createDeskSync(db: Database, pgUrl: string, opts: { intervalMs?: number } = {}): DeskSync {
  const installationId = readInstallation(db)?.id ?? installationIdentity(db).id
  const listeners = new Set<(status: SyncStatus, previous: SyncStatus) => void>()
  const syncer = new OutboxSyncer({
    db,
    installationId,
    pgUrl,
    ...(opts.intervalMs === undefined ? {} : { intervalMs: opts.intervalMs }),
    onStatusChange: (status, previous) => {
      for (const l of listeners) l(status, previous)
    },
  })
  return {
    status: () => syncer.status(),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    start: () => syncer.start(),
    stop: () => syncer.stop(),
  }
}

/**
 * The `sync.status` audit event of a status change (schema: src-shared/domain/audit-events/sync.ts).
 * @param envelope - the desk session's `envelope()` (session id and market date)
 */
export function syncStatusEvent(status: SyncStatus, previous: SyncStatus, envelope: { sessionId: string; marketDate: string | null }): AuditEventInput {
  return {
    type: 'sync.status',
    actor: 'desk',
    book: null,
    payload: {
      ...envelope,
      state: status.state,
      previousState: previous.state,
      installationId: status.installationId,
      lastReplicatedSeq: status.lastReplicatedSeq,
      lag: status.lag,
      lastError: status.lastError,
      forkSeq: status.forkSeq,
    },
  }
}
