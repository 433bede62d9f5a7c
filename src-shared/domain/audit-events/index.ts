import { bookEvents } from './books'
import { checkpointEvents } from './checkpoint'
import type { AuditEventSchemaMap } from './envelope'
import { feedEvents } from './feed'
import { feedCheckEvents } from './feed-checks'
import { limitEvents } from './limits'
import { lifecycleEvents, overrideEvents } from './lifecycle'
import { positionEvents } from './positions'
import { riskEvents } from './risk'
import { sessionEvents } from './session'
import { syncEvents } from './sync'

export { AuditEnvelopeShape, deskEvent, type AuditEventSchemaMap } from './envelope'

/**
 * Merges per-feature schema maps into one registry.
 * @throws Error when two features define the same event type (an event type has exactly one schema)
 */
export function mergeAuditEventSchemas(...maps: readonly AuditEventSchemaMap[]): AuditEventSchemaMap {
  const merged: Record<string, AuditEventSchemaMap[string]> = {}
  for (const map of maps) {
    for (const [type, schema] of Object.entries(map)) {
      if (type in merged) throw new Error(`audit event type ${type} has two schemas`)
      merged[type] = schema
    }
  }
  return Object.freeze(merged)
}

/**
 * Every audit event type the desk writes, with the schema of its payload: one file per feature in this folder, one
 * line here. AuditLog, given this registry, refuses an unknown type or a payload that does not parse.
 */
export const AUDIT_EVENT_SCHEMAS: AuditEventSchemaMap = mergeAuditEventSchemas(
  sessionEvents,
  feedEvents,
  feedCheckEvents,
  riskEvents,
  lifecycleEvents,
  limitEvents,
  positionEvents,
  bookEvents,
  checkpointEvents,
  overrideEvents,
  syncEvents,
)

/** The desk's event types (for filters and history views). */
export const AUDIT_EVENT_TYPE_NAMES: readonly string[] = Object.keys(AUDIT_EVENT_SCHEMAS)
