import type { Alert } from '@shared/domain/alert'
import { NOTIFY_SEVERITIES, passesDoNotDisturb, type AlertNotice } from '@shared/notify/alert-notice'
import { AlertStorm, DEFAULT_STORM_WINDOW_MS } from '@shared/notify/alert-storm'
import { focusAlertInPage } from './alert-focus'

/**
 * Web Notifications for browser mode (in Electron the main process sends native notifications instead, so the
 * renderer must not double them). Same rules and words as the desktop (@shared/notify): HIGH and CRITICAL alerts,
 * a storm grouped into one notification, do-not-disturb letting CRITICAL through (kept in the browser's localStorage,
 * switched from the top bar), a click bringing the page up on the alert. Permission can only be requested from a user
 * gesture, hence `request()` is wired to a button and nothing is shown until permission is granted.
 */

/** localStorage key of the do-not-disturb setting ("1" on, anything else off). */
export const DO_NOT_DISTURB_KEY = 'riskdesk.notifications.doNotDisturb'

export interface WebNotifier {
  permission(): NotificationPermission | 'unsupported'
  request(): Promise<NotificationPermission | 'unsupported'>
  /** an alert change worth a notice (the session's onInterruptingAlert); shown with its storm window unless do-not-disturb holds it back */
  notify(alert: Alert): void
  doNotDisturb(): boolean
  setDoNotDisturb(on: boolean): void
  dispose(): void
}

/** What the notifier needs from the page; a window in production, a stand-in in tests. */
export interface NotifyScope {
  Notification?: typeof Notification
  localStorage?: Pick<Storage, 'getItem' | 'setItem'>
  /** brings the page's window to the front */
  focus?: () => void
  document?: Document
}

/**
 * @param scope the window (or a stand-in)
 * @param options.book the desk's book name for a grouped notice's title
 * @param options.onFocusAlert selects the clicked alert (default: focus its row in `scope.document`)
 * @param options.windowMs storm window, milliseconds
 */
export function createWebNotifier(
  scope: NotifyScope,
  options: { book?: () => string | null; onFocusAlert?: (alertId: string) => void; windowMs?: number } = {},
): WebNotifier {
  const N = scope.Notification
  const storage = scope.localStorage
  let dnd = readSetting(storage)
  const focusAlert =
    options.onFocusAlert ??
    ((alertId: string) => {
      if (scope.document) focusAlertInPage(scope.document, alertId)
    })
  const show = (notice: AlertNotice): void => {
    if (!N || N.permission !== 'granted') return
    // tag: a later notice about the same alert replaces the earlier one instead of stacking
    const n = new N(notice.title, { body: notice.body, tag: notice.alerts.length === 1 ? notice.focus.id : 'riskdesk-alerts', requireInteraction: notice.critical })
    n.onclick = () => {
      scope.focus?.()
      focusAlert(notice.focus.id)
      n.close()
    }
  }
  const storm = new AlertStorm(show, options.book ?? (() => null), options.windowMs ?? DEFAULT_STORM_WINDOW_MS)
  return {
    permission: () => (N ? N.permission : 'unsupported'),
    async request() {
      if (!N) return 'unsupported'
      return N.permission === 'default' ? N.requestPermission() : N.permission
    },
    notify(alert) {
      if (!N || N.permission !== 'granted' || !NOTIFY_SEVERITIES.has(alert.severity) || !passesDoNotDisturb(alert, dnd)) return
      storm.add(alert)
    },
    doNotDisturb: () => dnd,
    setDoNotDisturb(on) {
      dnd = on
      if (on) storm.retain((a) => passesDoNotDisturb(a, true))
      try {
        storage?.setItem(DO_NOT_DISTURB_KEY, on ? '1' : '0')
      } catch {
        // storage full or disabled (private mode): the setting holds for this page
      }
    },
    dispose: () => storm.dispose(),
  }
}

function readSetting(storage: NotifyScope['localStorage']): boolean {
  try {
    return storage?.getItem(DO_NOT_DISTURB_KEY) === '1'
  } catch {
    return false
  }
}
