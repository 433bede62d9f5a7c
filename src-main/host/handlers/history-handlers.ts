import { AlertHistory, type AlertHistoryQuery } from '../../audit/alert-history'
import { historyXlsx } from '../../audit/history-xlsx'
import { explainAlert } from '../../risk/alert-explanation'
import { trailStatus, type TrailStatus } from '../../audit/trail-status'
import type { PgHistoryReader } from '../../replication/pg-history-reader'
import type { Handlers, HostContext } from './handler-context'

type HistoryChannels = 'history:query' | 'history:timeline' | 'history:status' | 'history:source' | 'history:exportXlsx' | 'history:explain'

/** What a desk without `--history-pg` answers to a workstation filter (the user sees this line). */
export const LOCAL_WORKSTATION_REFUSAL =
  'the workstation filter needs the desk-wide history: this desk reads its own trail, which holds one workstation (start it with --history-pg URL to review every workstation)'

const defined = <Q extends AlertHistoryQuery>(q: Q): Q => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Q
/** The local trail's filters: a workstation filter is refused rather than silently ignored. */
const local = (q: AlertHistoryQuery & { workstation?: string | undefined }): AlertHistoryQuery => {
  const { workstation, ...rest } = defined(q)
  if (workstation !== undefined) throw new Error(LOCAL_WORKSTATION_REFUSAL)
  return rest
}
const fileName = (q: AlertHistoryQuery): string => `alert-history-${q.marketFrom ?? 'all'}-${q.marketTo ?? 'all'}.xlsx`

/**
 * Desk-head history: pages of alerts with their decisions, the timeline counts, and the trail's verification
 * status (recomputed only when the head has moved since the last check). The alerts come from the local trail, or,
 * when the desk runs with `--history-pg`, from every workstation's trail replicated to PostgreSQL (same shapes; each
 * row also names its workstation). The status is always the local trail's: the server's chains are checked on arrival.
 */
export function historyHandlers(ctx: HostContext): Handlers<HistoryChannels> {
  let cached: TrailStatus | null = null
  const status: Handlers<'history:status' | 'history:explain'> = {
    'history:status': () => {
      const head = ctx.audit.head()
      if (cached === null || cached.headSeq !== head.seq || cached.headHash !== head.hash) cached = trailStatus(ctx.db)
      return cached
    },
    // recomputed on the desk's own market data from the local trail's snapshot (an alert of another workstation is
    // reported as not in this trail)
    'history:explain': (req) => explainAlert(ctx.db, req.alertId, ctx.market),
  }
  if (ctx.historyPg !== null) return { ...pgHistoryHandlers(ctx, ctx.historyPg), ...status }
  let history: AlertHistory | null = null
  const reader = (): AlertHistory => (history ??= new AlertHistory(ctx.db))
  return {
    'history:query': (req) => ctx.checked('history:query', reader().query(local(req))),
    'history:timeline': (req) => reader().timeline(local(req)),
    'history:source': () => ({ deskWide: false, workstations: [] }),
    'history:exportXlsx': async (req) => {
      const q = local(req)
      const bytes = await historyXlsx(reader().all(q))
      return { fileName: fileName(q), base64: bytes.toString('base64') }
    },
    ...status,
  }
}

/** The same channels read from the desk's PostgreSQL. */
function pgHistoryHandlers(ctx: HostContext, pg: PgHistoryReader): Handlers<Exclude<HistoryChannels, 'history:status' | 'history:explain'>> {
  return {
    'history:query': async (req) => ctx.checked('history:query', await pg.query(defined(req))),
    'history:timeline': (req) => pg.timeline(defined(req)),
    'history:source': async () => ({ deskWide: true, workstations: await pg.workstations() }),
    'history:exportXlsx': async (req) => {
      const q = defined(req)
      const bytes = await historyXlsx(await pg.all(q))
      return { fileName: fileName(q), base64: bytes.toString('base64') }
    },
  }
}
