import type { Pinia } from 'pinia'
import type { DeskApi } from '@shared/api/contract'
import { watchAlertFocus } from './notify/alert-focus'
import { createWebNotifier, type WebNotifier } from './notify/web-notifications'
import { connectDesk, type DeskSession } from './session/connect-desk'
import { useConnectionStore } from './stores/connection'
import { useDeskStore } from './stores/desk'
import { createWsDeskClient, deskSocketUrl, type WebSocketCtor } from './transport/ws-client'

export interface DeskBoot {
  session: DeskSession
  /** Web Notifications in browser mode; null in Electron, where the main process notifies natively. */
  notifier: WebNotifier | null
}

/** What bootstrap needs from the page; a window in production, a stand-in in tests. */
export interface BootScope {
  riskdesk?: DeskApi
  location: { protocol: string; host: string; search: string }
  Notification?: typeof Notification
  WebSocket?: WebSocketCtor
}

/**
 * Picks the transport and starts the desk session: the preload's `window.riskdesk` when present (Electron), else a
 * WebSocket client to the page's own host (`riskdesk web`). The connection store tracks the link for the banner; a
 * reconnect triggers a fresh snapshot, since pushes sent while disconnected are lost.
 * @throws Error in browser mode when the page URL carries no session token.
 */
export function bootDesk(pinia: Pinia, scope: BootScope): DeskBoot {
  const connection = useConnectionStore(pinia)
  if (scope.riskdesk) {
    connection.attach(scope.riskdesk, 'electron')
    watchAlertFocus(scope.riskdesk, () => document)
    return { session: connectDesk(pinia, scope.riskdesk), notifier: null }
  }
  const client = createWsDeskClient({ url: deskSocketUrl(scope.location), WebSocketImpl: scope.WebSocket })
  connection.attach(client.api, 'browser')
  const notifier = createWebNotifier(scope, { book: () => useDeskStore(pinia).book || null })
  const session = connectDesk(pinia, client.api, { onInterruptingAlert: (alert) => notifier.notify(alert) })
  client.onConnection((info) => {
    if (info.state === 'open') {
      connection.setLink('open')
      if (info.reconnected) void session.resync()
    } else if (info.state === 'reconnecting') connection.setLink('disconnected', info.nextRetryMs)
    else connection.setLink(info.state)
  })
  return { session, notifier }
}
