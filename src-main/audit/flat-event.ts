/**
 * One audit event as flat spreadsheet cells (the `--format csv` of `riskdesk audit export`): the fields a desk head
 * filters and pivots on, read out of the payload per event type, with no JSON in any cell. The chain columns
 * (seq, hash) stay so a row can be traced back to the verified log; the exact payload is in the JSON export.
 *
 * Extraction is one function per event-type prefix in FLATTENERS; an event type without one keeps its common
 * columns and leaves the others empty, so a new event type never breaks an export.
 */
import type { AuditEventRow } from './event-types'

/** Column order of the flat export. */
export const FLAT_COLUMNS = [
  'seq',
  'market_date',
  'wall_time',
  'book',
  'actor',
  'type',
  'severity',
  'rule',
  'symbol',
  'value',
  'limit',
  'decision',
  'reason',
  'alert_id',
  'action_id',
  'var_before',
  'var_after',
  'detail',
  'hash',
] as const
export type FlatColumn = (typeof FLAT_COLUMNS)[number]
export type FlatCells = Partial<Record<FlatColumn, string | number | null>>

type Payload = Record<string, unknown>
const obj = (v: unknown): Payload => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Payload) : {})
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const suffix = (type: string): string => type.slice(type.indexOf('.') + 1)

const legs = (plan: unknown): string | null => {
  const l = obj(plan).legs
  return Array.isArray(l) ? l.map((t) => `${str(obj(t).symbol) ?? '?'} ${num(obj(t).fromQuantity) ?? '?'}->${num(obj(t).toQuantity) ?? '?'}`).join('; ') : null
}
const span = (v: unknown): string | null => (num(obj(v).updates) === null ? null : `${num(obj(v).updates)} updates / ${num(obj(v).ms) ?? 0} ms`)

/** The lifecycle payloads (src-shared/domain/audit-events/lifecycle.ts): fields at the payload's top level. */
const FLATTENERS: Readonly<Record<string, (type: string, p: Payload) => FlatCells>> = {
  alert: (type, p) => {
    const key = str(p.ruleKey)
    const colon = key?.indexOf(':') ?? -1
    const detail: Record<string, string | null> = {
      'alert.raised': str(p.label),
      'alert.escalated': `${str(p.from) ?? '?'} -> ${str(p.severity) ?? '?'} (${str(p.cause) ?? '?'})`,
      'alert.resolved': num(p.clearBelow) === null ? null : `below ${num(p.clearBelow)}`,
      'alert.snoozed': span(p.span),
      'alert.noted': str(p.text),
    }
    return {
      severity: str(p.severity),
      rule: key === null ? null : colon < 0 ? key : key.slice(0, colon),
      symbol: key === null || colon < 0 ? null : key.slice(colon + 1),
      value: num(p.value),
      limit: num(p.limit),
      decision: suffix(type),
      reason: str(p.reason),
      alert_id: str(p.alertId),
      detail: detail[type] ?? null,
    }
  },
  action: (type, p) => {
    const basis = obj(p.basis)
    const detail: Record<string, string | null> = {
      'action.proposed': legs(p.plan),
      'action.resized': `${legs(p.previous) ?? ''} -> ${legs(p.plan) ?? ''}`,
      'action.modified': `${legs(p.previous) ?? ''} -> ${legs(p.plan) ?? ''}`,
      'action.approved': p.automatic === true ? `automatic: ${legs(p.plan) ?? ''}` : legs(p.plan),
      'action.applied': Array.isArray(p.fills) ? p.fills.map((f) => `${str(obj(f).symbol) ?? '?'} ${num(obj(f).quantity) ?? '?'} @ ${num(obj(f).price) ?? '?'}`).join('; ') : null,
      'action.expired': [str(p.cause), str(p.detail)].filter((x) => x !== null).join(': ') || null,
    }
    return {
      decision: suffix(type),
      reason: str(p.reason),
      alert_id: str(p.alertId),
      action_id: str(p.actionId),
      limit: num(p.limit) ?? num(basis.varLimit),
      var_before: num(basis.varBefore),
      var_after: type === 'action.applied' ? num(p.varAfter) : num(obj(p.plan).varAfter),
      detail: detail[type] ?? null,
    }
  },
  override: (type, p) => ({
    decision: suffix(type),
    reason: str(p.reason),
    detail: [str(p.role), str(p.until) === null ? null : `until ${str(p.until)}`, span(p.span), str(p.what), str(p.kind), str(p.message)].filter((x) => x !== null).join('; ') || null,
  }),
  limits: (type, p) => {
    const before = obj(p.before)
    const after = obj(p.after)
    const changed = Object.keys({ ...before, ...after })
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && (typeof after[k] !== 'object' || after[k] === null))
      .map((k) => `${k} ${String(before[k] ?? '-')} -> ${String(after[k] ?? '-')}`)
    return { decision: suffix(type), reason: str(p.reason), limit: num(after.varLimit), detail: changed.join('; ') || null }
  },
  risk: (_type, p) => {
    const f = obj(p.frame)
    const method = str(obj(p.limits).varMethod) ?? 'historical'
    return { rule: 'var', value: num(obj(f.var)[method]), limit: num(f.varLimit), detail: f.breached === true ? 'breached' : null }
  },
  session: (type, p) => ({ decision: suffix(type), reason: str(p.reason), detail: str(p.mode) }),
  audit: (_type, p) => ({ detail: `covers seq ${num(obj(p.covered).seq) ?? '?'} (${str(p.reason) ?? ''})` }),
  anomaly: (_type, p) => ({ rule: str(p.metric), value: num(p.z), detail: str(p.message) }),
}

/**
 * Flatten one stored row.
 *
 * @param row - a row of audit_events plus its `market_date` (generated column, migration 40).
 * @returns every FLAT_COLUMNS cell; unknown or malformed payload fields are null, never a JSON text.
 */
export function flattenEvent(row: AuditEventRow & { readonly market_date: string | null }): Record<FlatColumn, string | number | null> {
  let payload: Payload = {}
  try {
    payload = obj(JSON.parse(row.payload))
  } catch {
    payload = {}
  }
  const area = row.type.slice(0, Math.max(0, row.type.indexOf('.')))
  const specific = FLATTENERS[area]?.(row.type, payload) ?? {}
  const cells = Object.fromEntries(FLAT_COLUMNS.map((c) => [c, null])) as Record<FlatColumn, string | number | null>
  return {
    ...cells,
    ...specific,
    seq: row.seq,
    market_date: row.market_date,
    wall_time: row.ts,
    book: row.book,
    actor: row.actor,
    type: row.type,
    hash: row.hash,
  }
}
