import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Result } from '@shared/api/contract'
import type { ReportHorizon, RiskReportView } from '@shared/domain/risk-report-view'
import { useConnectionStore } from './connection'
import { useDeskStore } from './desk'

/**
 * The extended risk report of the desk's current book (`risk:report`), asked for on demand: the host computes it at
 * its last market date, so the panel says when the desk has moved on since (`stale`). Only the answer to the newest
 * request is kept, so a horizon change or a new session cannot be overwritten by an older answer. Errors stay here
 * (shown by the panel): a report that cannot be computed is not a desk failure.
 */
export const useRiskReportStore = defineStore('riskReport', () => {
  const horizon = ref<ReportHorizon>(1)
  const report = shallowRef<RiskReportView | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)
  /** seq of the desk's newest frame when the shown report was asked for (null: before the first frame) */
  const basisSeq = ref<number | null>(null)
  let latest = 0

  /** true when frames arrived after the shown report was asked for: its figures describe an earlier desk */
  const stale = computed(() => report.value !== null && (useDeskStore().latestFrame?.seq ?? null) !== basisSeq.value)

  /** Asks for the report at the current horizon; resolves to its Result (null without an api or when superseded). */
  async function load(): Promise<Result<RiskReportView> | null> {
    const api = useConnectionStore().api
    if (!api) return null
    const mine = ++latest
    const seq = useDeskStore().latestFrame?.seq ?? null
    busy.value = true
    const res = await api.riskReport({ horizon: horizon.value })
    if (mine !== latest) return null
    busy.value = false
    if (res.ok) {
      report.value = res.value
      basisSeq.value = seq
      error.value = null
    } else {
      report.value = null
      error.value = res.error.message
    }
    return res
  }

  function setHorizon(next: ReportHorizon): Promise<Result<RiskReportView> | null> {
    horizon.value = next
    return load()
  }

  /** Forgets the report (a new session or book): answers still in flight are dropped. */
  function clear(): void {
    latest++
    report.value = null
    error.value = null
    busy.value = false
    basisSeq.value = null
  }

  return { horizon, report, busy, error, stale, load, setHorizon, clear }
})
