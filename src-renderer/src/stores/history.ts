import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { InvokeResponse } from '@shared/api/contract'
import type { AlertExplanation } from '@shared/domain/alert-explanation'
import type { AlertHistoryFilter, AlertHistoryRowView, HistorySource } from '@shared/domain/alert-history-view'
import { historyCsv } from '../util/history-csv'
import { useConnectionStore } from './connection'

type Timeline = InvokeResponse<'history:timeline'>
type Status = InvokeResponse<'history:status'>

/**
 * The desk-head history (`history:query`, `history:timeline`, `history:status`, `history:source`): the filters, the
 * loaded rows (a page at a time, "more" appends the next), the timeline counts, the trail's verification status and
 * where the rows come from (the local trail, or the desk's PostgreSQL with its workstations). Only the answer to the
 * newest filter is kept, so quick filter changes cannot leave older rows on screen.
 */
export const useHistoryStore = defineStore('history', () => {
  const filter = ref<AlertHistoryFilter>({})
  const rows = shallowRef<AlertHistoryRowView[]>([])
  const next = ref<string | null>(null)
  const timeline = shallowRef<Timeline>([])
  const status = shallowRef<Status | null>(null)
  /** null until the host answered (a desk without the channel reads its local trail) */
  const source = shallowRef<HistorySource | null>(null)
  const selected = ref<string | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)
  let latest = 0

  /** Drops empty fields so the request only carries filters the user set. */
  function cleaned(f: AlertHistoryFilter): AlertHistoryFilter {
    return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as AlertHistoryFilter
  }

  async function load(): Promise<void> {
    const api = useConnectionStore().api
    if (!api) return
    const mine = ++latest
    busy.value = true
    const f = cleaned(filter.value)
    const [page, days, st, src] = await Promise.all([api.historyQuery({ ...f, limit: 200 }), api.historyTimeline(f), api.historyStatus({}), api.historySource({})])
    if (mine !== latest) return
    if (src.ok) source.value = src.value
    busy.value = false
    error.value = page.ok ? (days.ok ? null : days.error.message) : page.error.message
    rows.value = page.ok ? page.value.alerts : []
    next.value = page.ok ? page.value.next : null
    timeline.value = days.ok ? days.value : []
    if (st.ok) status.value = st.value
    selected.value = null
  }

  async function more(): Promise<void> {
    const api = useConnectionStore().api
    if (!api || next.value === null) return
    const mine = latest
    const page = await api.historyQuery({ ...cleaned(filter.value), limit: 200, after: next.value })
    if (mine !== latest || !page.ok) return
    rows.value = [...rows.value, ...page.value.alerts]
    next.value = page.value.next
  }

  function setFilter(change: Partial<AlertHistoryFilter>): Promise<void> {
    filter.value = { ...filter.value, ...change }
    return load()
  }

  /** Every row of the current filter (pages through the rest), for an export. */
  async function allRows(): Promise<AlertHistoryRowView[]> {
    while (next.value !== null) await more()
    return rows.value
  }

  async function exportCsv(): Promise<string> {
    return historyCsv(await allRows())
  }

  /** The filtered set as an XLSX workbook, built on the host (exceljs stays out of the renderer bundle). */
  async function exportXlsx(): Promise<{ fileName: string; bytes: Uint8Array } | null> {
    const api = useConnectionStore().api
    if (!api) return null
    const res = await api.historyExportXlsx(cleaned(filter.value))
    if (!res.ok) {
      error.value = res.error.message
      return null
    }
    return { fileName: res.value.fileName, bytes: Uint8Array.from(atob(res.value.base64), (c) => c.charCodeAt(0)) }
  }

  /** The drilled-into alert's explanation (`history:explain`): its figure recomputed from its stored inputs. */
  const explanation = shallowRef<AlertExplanation | null>(null)
  const explanationError = ref<string | null>(null)
  let explaining = 0
  async function explain(alertId: string | null): Promise<void> {
    const mine = ++explaining
    explanation.value = null
    explanationError.value = null
    const api = useConnectionStore().api
    if (!api || alertId === null) return
    const res = await api.historyExplain({ alertId })
    if (mine !== explaining) return
    if (res.ok) explanation.value = res.value
    else explanationError.value = res.error.message
  }

  return { filter, rows, next, timeline, status, source, selected, busy, error, load, more, setFilter, allRows, exportCsv, exportXlsx, explanation, explanationError, explain }
})
