import { Notification } from 'electron'
import type { Alert } from '@shared/domain/alert'
import { AlertBurstCoalescer, DEFAULT_BURST_WINDOW_MS, type BurstNotice } from './alert-burst'

/**
 * Native desktop notifications for new HIGH/CRITICAL alerts, one per ~2 s burst (alert-burst.ts).
 * Shown notifications are kept referenced until closed: Electron drops the click handler of a Notification object
 * that has been garbage-collected.
 */

export interface AlertNotifier {
  /** queues a new severe alert; it is shown with the rest of its burst */
  notify(alert: Alert): void
  /** drops pending alerts and closes shown notifications */
  dispose(): void
}

/**
 * @param options.onClick called with the burst's focus alert when the user clicks a notification
 * @param options.iconPath icon shown in the notification (PNG), optional
 * @param options.windowMs burst window, milliseconds (default {@link DEFAULT_BURST_WINDOW_MS})
 * @returns a notifier; a no-op one (logging once) when the platform has no notification support
 */
export function createAlertNotifier(options: { onClick(alert: Alert): void; iconPath?: string; windowMs?: number }): AlertNotifier {
  if (!Notification.isSupported()) {
    console.warn('[notifications] native notifications are not supported here; alerts stay in-app only')
    return { notify: () => undefined, dispose: () => undefined }
  }
  const shown = new Set<Notification>()
  const show = (notice: BurstNotice): void => {
    const critical = notice.alerts.some((a) => a.severity === 'CRITICAL')
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
      urgency: critical ? 'critical' : 'normal',
      timeoutType: critical ? 'never' : 'default',
    })
    shown.add(notification)
    notification.on('click', () => options.onClick(notice.focus))
    notification.on('close', () => shown.delete(notification))
    notification.show()
  }
  const coalescer = new AlertBurstCoalescer(show, options.windowMs ?? DEFAULT_BURST_WINDOW_MS)
  return {
    notify: (alert) => coalescer.add(alert),
    dispose: () => {
      coalescer.dispose()
      for (const notification of shown) notification.close()
      shown.clear()
    },
  }
}
