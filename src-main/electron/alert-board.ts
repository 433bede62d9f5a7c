import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER, type Severity } from '@shared/domain/alert'
import { isActiveAlert } from '@shared/notify/alert-notice'

/**
 * The shell's own view of which alerts are active (raised or escalated, not yet acknowledged or resolved), fed by the
 * host's pushes (`alert:raised`, `alert:updated`, `desk:reset`). Drives the tray icon and gives the notifier the
 * previous version of an alert. Holds active alerts only, so it stays bounded however long the desk runs.
 */

export interface AlertSummary {
  /** severity of the worst active alert; null when none is active */
  readonly worst: Severity | null
  /** number of active alerts */
  readonly open: number
  /** active alerts per severity */
  readonly counts: Readonly<Record<Severity, number>>
}

export class OpenAlertBoard {
  private readonly open = new Map<string, Alert>()

  /** Replaces the board with the active alerts of a snapshot (acknowledged and resolved ones are ignored). */
  reset(alerts: readonly Alert[]): void {
    this.open.clear()
    for (const alert of alerts) if (isActiveAlert(alert)) this.open.set(alert.id, alert)
  }

  /**
   * Applies one alert update.
   *
   * @returns the previous active version of the alert, or undefined if it was not active
   */
  apply(alert: Alert): Alert | undefined {
    const previous = this.open.get(alert.id)
    if (isActiveAlert(alert)) this.open.set(alert.id, alert)
    else this.open.delete(alert.id)
    return previous
  }

  /** The current active version of an alert, or undefined once it is acknowledged or resolved. */
  get(id: string): Alert | undefined {
    return this.open.get(id)
  }

  summary(): AlertSummary {
    const counts: Record<Severity, number> = { MEDIUM: 0, HIGH: 0, CRITICAL: 0 }
    let worst: Severity | null = null
    for (const alert of this.open.values()) {
      counts[alert.severity] += 1
      if (worst === null || SEVERITY_ORDER[alert.severity] > SEVERITY_ORDER[worst]) worst = alert.severity
    }
    return { worst, open: this.open.size, counts }
  }
}
