import { AlertHistory, type AlertHistoryQuery } from '../../audit/alert-history'
import { historyXlsx } from '../../audit/history-xlsx'
import { trailStatus, type TrailStatus } from '../../audit/trail-status'
import type { Handlers, HostContext } from './handler-context'

/**
 * Desk-head history: pages of alerts with their decisions, the timeline counts, and the trail's verification
 * status (recomputed only when the head has moved since the last check).
 */
export function historyHandlers(ctx: HostContext): Handlers<'history:query' | 'history:timeline' | 'history:status' | 'history:exportXlsx'> {
  let history: AlertHistory | null = null
  const reader = (): AlertHistory => (history ??= new AlertHistory(ctx.db))
  let cached: TrailStatus | null = null
  const query = (q: AlertHistoryQuery): AlertHistoryQuery => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined))
  return {
    'history:query': (req) => ctx.checked('history:query', reader().query(query(req))),
    'history:timeline': (req) => reader().timeline(query(req)),
    'history:exportXlsx': async (req) => {
      const q = query(req)
      const bytes = await historyXlsx(reader().all(q))
      return { fileName: `alert-history-${q.marketFrom ?? 'all'}-${q.marketTo ?? 'all'}.xlsx`, base64: bytes.toString('base64') }
    },
    'history:status': () => {
      const head = ctx.audit.head()
      if (cached === null || cached.headSeq !== head.seq || cached.headHash !== head.hash) cached = trailStatus(ctx.db)
      return cached
    },
  }
}
