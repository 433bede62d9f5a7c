import type { AuditEventView } from '@shared/domain/audit-event-view'
import { verifyChain } from '../../audit/verify'
import type { Handlers, HostContext } from './handler-context'

/** The audit trail: query and verify. */
export function auditHandlers(ctx: HostContext): Handlers<'audit:query' | 'audit:verify'> {
  return {
    'audit:query': ({ from, to, type, limit }) =>
      ctx.audit
        .query({ from, to, type, limit: limit ?? 1000 })
        .map((r): AuditEventView => ({ seq: r.seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payload: r.payload, hash: r.hash })),
    'audit:verify': () => {
      const v = verifyChain(ctx.db)
      return v.ok ? { ok: true, rows: v.rows, firstBadSeq: null, reason: null } : { ok: false, rows: v.rows, firstBadSeq: v.firstBadSeq, reason: v.reason }
    },
  }
}
