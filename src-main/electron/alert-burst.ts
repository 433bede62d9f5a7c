import type { Alert } from '@shared/domain/alert'
import { SEVERITY_ORDER } from '@shared/domain/alert'

/**
 * Coalesces bursts of severe alerts into one native notification. A market shock breaches many limits within the
 * same tick; one toast per alert would bury the screen. The first alert opens a fixed window (not a sliding one, so
 * a steady stream still produces a notification every window); everything arriving inside it is shown together.
 */

/** Length of a burst window, milliseconds ("within ~2 s"). */
export const DEFAULT_BURST_WINDOW_MS = 2000
/** Alert messages listed in the body of a multi-alert notification; the rest are counted. */
export const MAX_BODY_LINES = 3

export interface BurstNotice {
  readonly title: string
  readonly body: string
  /** the alert a click should focus: the most severe, earliest in the burst */
  readonly focus: Alert
  /** every alert of the burst, most severe first (stable within a severity) */
  readonly alerts: readonly Alert[]
}

/**
 * Text of the notification for a burst (non-empty).
 * One alert: title `CRITICAL alert: AAPL`, body its message. Several: title `5 new alerts (2 CRITICAL)` (or
 * `3 new alerts (3 HIGH)` without CRITICAL ones), body the first {@link MAX_BODY_LINES} messages then `+N more`.
 *
 * @throws RangeError for an empty list
 */
export function summarizeBurst(alerts: readonly Alert[]): BurstNotice {
  const sorted = [...alerts].sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity])
  const focus = sorted[0]
  if (focus === undefined) throw new RangeError('summarizeBurst: no alerts')
  if (sorted.length === 1) {
    const where = focus.symbol === null ? 'book' : focus.symbol
    return { title: `${focus.severity} alert: ${where}`, body: focus.message, focus, alerts: sorted }
  }
  const critical = sorted.filter((a) => a.severity === 'CRITICAL').length
  const detail = critical > 0 ? `${critical} CRITICAL` : `${sorted.length} HIGH`
  const lines = sorted.slice(0, MAX_BODY_LINES).map((a) => `${a.severity}: ${a.message}`)
  if (sorted.length > MAX_BODY_LINES) lines.push(`+${sorted.length - MAX_BODY_LINES} more`)
  return { title: `${sorted.length} new alerts (${detail})`, body: lines.join('\n'), focus, alerts: sorted }
}

export class AlertBurstCoalescer {
  private pending = new Map<string, Alert>()
  private timer: ReturnType<typeof setTimeout> | null = null

  /**
   * @param emit receives one notice per burst
   * @param windowMs burst window length in milliseconds
   */
  constructor(
    private readonly emit: (notice: BurstNotice) => void,
    private readonly windowMs: number = DEFAULT_BURST_WINDOW_MS,
  ) {}

  /** Adds an alert to the current burst (starting one if needed). The same id twice keeps the latest version. */
  add(alert: Alert): void {
    this.pending.set(alert.id, alert)
    this.timer ??= setTimeout(() => this.flush(), this.windowMs)
  }

  /** Emits the pending burst now (no-op when empty). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const alerts = [...this.pending.values()]
    this.pending = new Map()
    if (alerts.length > 0) this.emit(summarizeBurst(alerts))
  }

  /** Drops anything pending without emitting. */
  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.pending.clear()
  }
}
