import { Notification } from 'electron'
import type { Alert } from '@shared/domain/alert'
import { passesDoNotDisturb, type AlertNotice } from '@shared/notify/alert-notice'
import { AlertStorm, DEFAULT_STORM_WINDOW_MS } from '@shared/notify/alert-storm'
import type { NotificationSettings } from './notification-settings'

/**
 * Native desktop notifications for HIGH and CRITICAL alerts (issue 8 "Alerts: Notifications"): one per storm window
 * (@shared/notify/alert-storm), in plain words (@shared/notify/alert-notice), CRITICAL ones kept on screen; under
 * do-not-disturb only CRITICAL alerts notify. Shown notifications are kept referenced until closed: Electron drops the
 * click handler of a Notification object that has been garbage-collected.
 */

export interface AlertNotifier {
  /** queues an alert the watch found worth a notice; shown with the rest of its storm window unless do-not-disturb holds it back */
  notify(alert: Alert): void
  /** drops pending alerts and closes shown notifications */
  dispose(): void
}

/**
 * @param options.onClick called with the notice's focus alert (the most severe) when the user clicks a notification
 * @param options.settings do-not-disturb, read at every alert; switching it on drops the pending HIGH alerts
 * @param options.book the desk's book name for a grouped notice's title (null when unknown)
 * @param options.iconPath icon shown in the notification (PNG), optional
 * @param options.windowMs storm window, milliseconds (default {@link DEFAULT_STORM_WINDOW_MS})
 * @returns a notifier; a no-op one (logging once) when the platform has no notification support
 */
export function createAlertNotifier(options: {
  onClick(alert: Alert): void
  settings: Pick<NotificationSettings, 'doNotDisturb' | 'onChange'>
  book?: () => string | null
  iconPath?: string
  windowMs?: number
}): AlertNotifier {
  if (!Notification.isSupported()) {
    console.warn('[notifications] native notifications are not supported here; alerts stay in-app only')
    return { notify: () => undefined, dispose: () => undefined }
  }
  const shown = new Set<Notification>()
  const show = (notice: AlertNotice): void => {
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
      urgency: notice.critical ? 'critical' : 'normal',
      timeoutType: notice.critical ? 'never' : 'default',
    })
    shown.add(notification)
    notification.on('click', () => options.onClick(notice.focus))
    notification.on('close', () => shown.delete(notification))
    notification.show()
  }
  const storm = new AlertStorm(show, options.book ?? (() => null), options.windowMs ?? DEFAULT_STORM_WINDOW_MS)
  const stopSettings = options.settings.onChange((s) => storm.retain((a) => passesDoNotDisturb(a, s.doNotDisturb)))
  return {
    notify: (alert) => {
      if (passesDoNotDisturb(alert, options.settings.doNotDisturb())) storm.add(alert)
    },
    dispose: () => {
      stopSettings()
      storm.dispose()
      for (const notification of shown) notification.close()
      shown.clear()
    },
  }
}
