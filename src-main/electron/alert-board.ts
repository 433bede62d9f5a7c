import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER, type Severity } from '@shared/domain/alert'

/**
 * The shell's own view of which alerts are open, fed by the host's pushes (`alert:raised`, `alert:updated`,
 * `desk:reset`). Drives the tray icon and decides which alerts deserve a native notification. Holds open alerts
 * only, so it stays bounded however long the desk runs.
 */

export interface AlertSummary {
  /** severity of the worst open alert; null when none is open */
  readonly worst: Severity | null
  /** number of open alerts */
  readonly open: number
  /** open alerts per severity */
  readonly counts: Readonly<Record<Severity, number>>
}

/** Severities that trigger a native notification. */
export const NOTIFY_SEVERITIES: ReadonlySet<Severity> = new Set<Severity>(['HIGH', 'CRITICAL'])

/**
 * True when `next` is a HIGH/CRITICAL open alert the user has not yet been told about at that level: it was not open
 * before (`previous` undefined: new, or re-opened after acknowledgement/clearing) or its severity rose.
 */
export function isNewSevereAlert(previous: Alert | undefined, next: Alert): boolean {
  if (next.state !== 'open' || !NOTIFY_SEVERITIES.has(next.severity)) return false
  return previous === undefined || SEVERITY_ORDER[next.severity] > SEVERITY_ORDER[previous.severity]
}

export class OpenAlertBoard {
  private readonly open = new Map<string, Alert>()

  /** Replaces the board with the open alerts of a snapshot (acknowledged and cleared ones are ignored). */
  reset(alerts: readonly Alert[]): void {
    this.open.clear()
    for (const alert of alerts) if (alert.state === 'open') this.open.set(alert.id, alert)
  }

  /**
   * Applies one alert update.
   *
   * @returns the previous open version of the alert, or undefined if it was not open
   */
  apply(alert: Alert): Alert | undefined {
    const previous = this.open.get(alert.id)
    if (alert.state === 'open') this.open.set(alert.id, alert)
    else this.open.delete(alert.id)
    return previous
  }

  /** The current open version of an alert, or undefined once it is acknowledged or cleared. */
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
