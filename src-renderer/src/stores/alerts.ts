import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Result } from '@shared/api/contract'
import type { Span } from '@shared/domain/action'
import type { Alert } from '@shared/domain/alert'
import { reasonProblem } from '../util/reasons'
import { compareAlerts, timeOf, worstSeverity } from '../util/severity'
import { useConnectionStore } from './connection'

/**
 * Alerts by lifecycle state (open | escalated | acknowledged | resolved). `unacknowledged` (open and escalated) and
 * `acknowledged` are ordered most severe first, then newest first (util/severity.ts). The top bar's badge is the worst
 * severity of every alert not yet resolved: an acknowledged breach is still a breach. The list is replaced immutably
 * on each change (shallowRef), so a long replay's thousands of alerts are not made deeply reactive.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const all = shallowRef<readonly Alert[]>([])
  /** alert ids with a call in flight (acknowledge, snooze, note) */
  const busy = ref<ReadonlySet<string>>(new Set())
  /** the last refused call per alert id, shown beside that alert */
  const errors = ref<Readonly<Record<string, string>>>({})

  const unacknowledged = computed(() => all.value.filter((a) => a.state === 'open' || a.state === 'escalated').sort(compareAlerts))
  const acknowledged = computed(() => all.value.filter((a) => a.state === 'acknowledged').sort(compareAlerts))
  const resolved = computed(() =>
    all.value.filter((a) => a.state === 'resolved').sort((a, b) => (a.date === b.date ? timeOf(b.raisedAt) - timeOf(a.raisedAt) : a.date < b.date ? 1 : -1)),
  )
  /** every alert not resolved yet */
  const active = computed(() => [...unacknowledged.value, ...acknowledged.value])
  const worstActiveSeverity = computed(() => worstSeverity(active.value))
  /** The most recently raised unacknowledged alert (the K shortcut acknowledges it), regardless of severity. */
  const newestUnacknowledged = computed<Alert | null>(() => {
    let best: Alert | null = null
    for (const a of unacknowledged.value) if (best === null || timeOf(a.raisedAt) > timeOf(best.raisedAt)) best = a
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

  function setError(alertId: string, message: string | null): void {
    const next = { ...errors.value }
    if (message === null) delete next[alertId]
    else next[alertId] = message
    errors.value = next
  }

  /** One call per alert in flight; applies the returned alert, records a refusal beside the alert. */
  async function send(alertId: string, what: string, call: () => Promise<Result<Alert>>): Promise<Result<Alert>> {
    if (busy.value.has(alertId)) return { ok: false, error: { code: 'busy', message: 'a change to this alert is already being sent' } }
    busy.value = new Set([...busy.value, alertId])
    try {
      const result = useConnectionStore().noteResult(what, await call())
      if (result.ok) upsert(result.value)
      setError(alertId, result.ok ? null : `${result.error.message} (${result.error.code})`)
      return result
    } finally {
      const next = new Set(busy.value)
      next.delete(alertId)
      busy.value = next
    }
  }

  /** Calls `alert:acknowledge`. */
  function acknowledge(alertId: string): Promise<Result<Alert>> {
    const api = useConnectionStore().requireApi()
    return send(alertId, 'acknowledge', () => api.alertAcknowledge({ alertId }))
  }

  /**
   * Calls `alert:snooze`: no escalation by time for `span` (market updates in replay, wall ms live).
   * Refuses (code `invalid_reason`, no call made) a reason that fails `reasonProblem`.
   */
  async function snooze(alertId: string, reason: string, span: Span): Promise<Result<Alert>> {
    const problem = reasonProblem(reason)
    if (problem !== null) return { ok: false, error: { code: 'invalid_reason', message: problem } }
    const api = useConnectionStore().requireApi()
    return send(alertId, 'snooze', () => api.alertSnooze({ alertId, reason: reason.trim(), span }))
  }

  /** Calls `alert:note`; an empty or too short note is refused before any call. */
  async function note(alertId: string, text: string): Promise<Result<Alert>> {
    const problem = reasonProblem(text)
    if (problem !== null) return { ok: false, error: { code: 'invalid_reason', message: problem.replace('a reason', 'a note') } }
    const api = useConnectionStore().requireApi()
    return send(alertId, 'note', () => api.alertNote({ alertId, text: text.trim() }))
  }

  /** Acknowledges the newest unacknowledged alert (shortcut K); null when there is none. */
  async function acknowledgeNewest(): Promise<Result<Alert> | null> {
    const target = newestUnacknowledged.value
    return target ? acknowledge(target.id) : null
  }

  return {
    all,
    busy,
    errors,
    unacknowledged,
    acknowledged,
    resolved,
    active,
    worstActiveSeverity,
    newestUnacknowledged,
    replaceAll,
    upsert,
    byId,
    acknowledge,
    snooze,
    note,
    acknowledgeNewest,
  }
})
