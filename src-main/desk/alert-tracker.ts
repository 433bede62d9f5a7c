import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER } from '@shared/domain/alert'
import { describeBreach, severityOf, type LimitReading } from './limits'

export type AlertChange =
  | { readonly type: 'alert.raised'; readonly alert: Alert; readonly reading: LimitReading }
  | { readonly type: 'alert.escalated'; readonly alert: Alert; readonly supersedes: string; readonly reading: LimitReading }
  | { readonly type: 'alert.cleared'; readonly alert: Alert; readonly reading: LimitReading }

/** A breached limit clears only once its value is this fraction below the limit, so a value hovering at the limit does not flap. */
export const CLEAR_BAND = 0.02

/**
 * The alert lifecycle of one book. One live alert per limit instance: a breach raises it; while the limit stays
 * breached nothing new is raised unless the severity rises (then a new alert supersedes the old one, which closes);
 * it clears when the value falls CLEAR_BAND below the limit. Acknowledging keeps it live until it clears.
 */
export class AlertTracker {
  private readonly live = new Map<string, Alert>()
  private readonly history: Alert[] = []
  private nextId = 1

  constructor(private readonly idPrefix = 'A') {}

  /** Applies one frame's readings; returns the changes in a stable order (by reading order). */
  update(readings: readonly LimitReading[], date: string, nowIso: string): AlertChange[] {
    const changes: AlertChange[] = []
    for (const r of readings) {
      const current = this.live.get(r.key)
      const severity = severityOf(r.value, r.threshold)
      if (current === undefined) {
        if (severity === null) continue
        const alert = this.create(r, severity, date, nowIso)
        changes.push({ type: 'alert.raised', alert, reading: r })
      } else if (severity !== null && SEVERITY_ORDER[severity] > SEVERITY_ORDER[current.severity]) {
        this.close(current)
        const alert = this.create(r, severity, date, nowIso)
        changes.push({ type: 'alert.escalated', alert, supersedes: current.id, reading: r })
      } else if (r.value <= r.threshold * (1 - CLEAR_BAND)) {
        const cleared = this.replace(current, { ...current, value: r.value, state: 'cleared' })
        changes.push({ type: 'alert.cleared', alert: cleared, reading: r })
      } else {
        this.replace(current, { ...current, value: r.value })
      }
    }
    return changes
  }

  /** @throws Error if the alert does not exist or is already closed. */
  acknowledge(id: string, actor: string): Alert {
    const alert = this.history.find((a) => a.id === id)
    if (!alert) throw new Error(`no alert ${id}`)
    if (alert.state === 'cleared') throw new Error(`alert ${id} has already cleared`)
    if (alert.state === 'acknowledged') return alert
    return this.replace(alert, { ...alert, state: 'acknowledged', acknowledgedBy: actor })
  }

  /** The live alert of a limit instance, if any. */
  liveFor(key: string): Alert | undefined {
    return this.live.get(key)
  }

  /** Every alert raised in this session, oldest first. */
  all(): readonly Alert[] {
    return this.history
  }

  private create(r: LimitReading, severity: Alert['severity'], date: string, nowIso: string): Alert {
    const alert: Alert = {
      id: `${this.idPrefix}${this.nextId++}`,
      limit: r.kind,
      symbol: r.symbol,
      severity,
      value: r.value,
      threshold: r.threshold,
      message: `${severity}: ${describeBreach(r)}`,
      raisedAt: nowIso,
      date,
      state: 'open',
      acknowledgedBy: null,
    }
    this.live.set(r.key, alert)
    this.history.push(alert)
    return alert
  }

  private close(alert: Alert): Alert {
    return this.replace(alert, { ...alert, state: 'cleared' })
  }

  private replace(old: Alert, next: Alert): Alert {
    const i = this.history.indexOf(old)
    if (i >= 0) this.history[i] = next
    for (const [key, a] of this.live) {
      if (a === old) {
        if (next.state === 'cleared') this.live.delete(key)
        else this.live.set(key, next)
      }
    }
    return next
  }
}
