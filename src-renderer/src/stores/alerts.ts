import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Result } from '@shared/api/contract'
import type { Alert } from '@shared/domain/alert'
import { compareAlerts, timeOf, worstSeverity } from '../util/severity'
import { useConnectionStore } from './connection'

/**
 * Alerts by lifecycle state. `open` and `acknowledged` are ordered most severe first, then newest first
 * (util/severity.ts); `worstOpenSeverity` drives the top-bar badge. The list is replaced immutably on each change
 * (shallowRef), so a long replay's thousands of alerts are not made deeply reactive.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const all = shallowRef<readonly Alert[]>([])
  const acknowledging = ref<ReadonlySet<string>>(new Set())

  const open = computed(() => all.value.filter((a) => a.state === 'open').sort(compareAlerts))
  const acknowledged = computed(() => all.value.filter((a) => a.state === 'acknowledged').sort(compareAlerts))
  const cleared = computed(() =>
    all.value.filter((a) => a.state === 'cleared').sort((a, b) => timeOf(b.raisedAt) - timeOf(a.raisedAt)),
  )
  const worstOpenSeverity = computed(() => worstSeverity(open.value))
  /** The most recently raised open alert (the K shortcut acknowledges it), regardless of severity. */
  const newestOpen = computed<Alert | null>(() => {
    let best: Alert | null = null
    for (const a of open.value) if (best === null || timeOf(a.raisedAt) > timeOf(best.raisedAt)) best = a
    return best
  })

  function replaceAll(alerts: readonly Alert[]): void {
    all.value = [...alerts]
  }

  /** Inserts or replaces (by id) an alert from `alert:raised` / `alert:updated` or a call's response. */
  function upsert(alert: Alert): void {
    const i = all.value.findIndex((a) => a.id === alert.id)
    all.value = i < 0 ? [...all.value, alert] : all.value.map((a, k) => (k === i ? alert : a))
  }

  function byId(id: string): Alert | undefined {
    return all.value.find((a) => a.id === id)
  }

  /** Calls `alert:acknowledge`; applies the returned alert. At most one call per alert in flight. */
  async function acknowledge(alertId: string): Promise<Result<Alert>> {
    const connection = useConnectionStore()
    if (acknowledging.value.has(alertId)) return { ok: false, error: { code: 'busy', message: 'already acknowledging' } }
    acknowledging.value = new Set([...acknowledging.value, alertId])
    try {
      const result = connection.noteResult('acknowledge', await connection.requireApi().alertAcknowledge({ alertId }))
      if (result.ok) upsert(result.value)
      return result
    } finally {
      const next = new Set(acknowledging.value)
      next.delete(alertId)
      acknowledging.value = next
    }
  }

  /** Acknowledges the newest open alert (shortcut K); null when there is none. */
  async function acknowledgeNewest(): Promise<Result<Alert> | null> {
    const target = newestOpen.value
    return target ? acknowledge(target.id) : null
  }

  return { all, acknowledging, open, acknowledged, cleared, worstOpenSeverity, newestOpen, replaceAll, upsert, byId, acknowledge, acknowledgeNewest }
})
