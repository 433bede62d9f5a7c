import type { Database } from 'better-sqlite3'
import { AUDIT_EVENT_SCHEMAS } from '@shared/domain/audit-events'
import { checkpointedAuditLog, type CheckpointOptions } from './checkpoint'
import type { AuditLog } from './event-log'
import type { InstallationOptions } from './installation'

/**
 * The audit log every desk writes through (the desk service and `riskdesk replay`): the hash chain, with the event
 * vocabulary checked on append (an unknown type or a malformed payload is refused, nothing of its frame written) and
 * signed checkpoints appended by the audit layer.
 * @throws AuditDbError / Error from the installation identity when its key cannot be read or created
 */
export function openDeskAuditLog(db: Database, opts: InstallationOptions & CheckpointOptions & { readonly now?: () => Date } = {}): AuditLog {
  return checkpointedAuditLog(db, { ...opts, events: AUDIT_EVENT_SCHEMAS }).log
}
