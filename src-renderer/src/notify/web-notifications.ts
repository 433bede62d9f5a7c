import type { Alert } from '@shared/domain/alert'

/**
 * Web Notifications for browser mode (in Electron the main process sends native notifications instead, so the
 * renderer must not double them). Permission can only be requested from a user gesture, hence `request()` is wired to
 * a button and `notify()` silently does nothing until permission is granted.
 */
export interface WebNotifier {
  permission(): NotificationPermission | 'unsupported'
  request(): Promise<NotificationPermission | 'unsupported'>
  notify(alert: Alert): void
}

/** @param scope - the window (or a stand-in in tests) whose `Notification` constructor is used. */
export function createWebNotifier(scope: { Notification?: typeof Notification }): WebNotifier {
  const N = scope.Notification
  return {
    permission: () => (N ? N.permission : 'unsupported'),
    async request() {
      if (!N) return 'unsupported'
      return N.permission === 'default' ? N.requestPermission() : N.permission
    },
    notify(alert) {
      if (!N || N.permission !== 'granted') return
      // tag = alert id: an escalation replaces the earlier notification instead of stacking a second one
      new N(`${alert.severity}: ${alert.limit}${alert.symbol ? ` ${alert.symbol}` : ''}`, { body: alert.message, tag: alert.id })
    },
  }
}
