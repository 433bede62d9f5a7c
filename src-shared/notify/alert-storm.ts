import type { Alert } from '../domain/alert'
import { alertNotice, type AlertNotice } from './alert-notice'

/**
 * Groups a storm of alerts (a market shock breaches many limits within one update) into one notification. The first
 * alert opens a fixed window, not a sliding one, so a steady stream still produces one notification per window;
 * everything arriving inside it is announced together ("5 alerts on book X ..."). Used by the Electron shell and by
 * browser mode alike.
 */

/** Length of a storm window, milliseconds. */
export const DEFAULT_STORM_WINDOW_MS = 2000

export class AlertStorm {
  private pending = new Map<string, Alert>()
  private timer: ReturnType<typeof setTimeout> | null = null

  /**
   * @param emit receives one notice per window (never for an empty one)
   * @param book the desk's book name when the window closes (null when unknown)
   * @param windowMs window length in milliseconds
   */
  constructor(
    private readonly emit: (notice: AlertNotice) => void,
    private readonly book: () => string | null = () => null,
    private readonly windowMs: number = DEFAULT_STORM_WINDOW_MS,
  ) {}

  /** Adds an alert to the current window (opening one if needed). The same id twice keeps the latest version. */
  add(alert: Alert): void {
    this.pending.set(alert.id, alert)
    this.timer ??= setTimeout(() => this.flush(), this.windowMs)
  }

  /** Forgets the pending alerts that `keep` rejects (do-not-disturb switched on mid-window). */
  retain(keep: (alert: Alert) => boolean): void {
    for (const [id, alert] of this.pending) if (!keep(alert)) this.pending.delete(id)
  }

  /** Emits the pending window now (nothing when empty). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const alerts = [...this.pending.values()]
    this.pending = new Map()
    if (alerts.length > 0) this.emit(alertNotice(alerts, this.book()))
  }

  /** Drops anything pending without emitting. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
  }
}
