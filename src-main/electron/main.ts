import { userInfo } from 'node:os'
import { join } from 'node:path'
import { app, dialog, session, type BrowserWindow } from 'electron'
import type { Alert } from '@shared/domain/alert'
import type { HostPort } from '../host/host-port'
import { pushToRenderer, registerIpcTransport } from '../transports/ipc-transport'
import { isTrustedSenderFrame } from '../transports/trusted-sender'
import { watchAlerts, type AlertWatch } from './alert-watch'
import { iconsDir, resolveRendererLocation } from './app-location'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { installMenu } from './menu'
import { createMenuCommands, listBookNames } from './menu-actions'
import { NOTIFICATION_SETTINGS_FILE, openNotificationSettings } from './notification-settings'
import { createAlertNotifier } from './notifications'
import { hardenSession, hardenWebContents } from './security'
import { createDeskTray } from './tray'
import { createMainWindow, focusWindow, loadRenderer } from './window'

/**
 * Composition root of the desktop app: lifecycle, the one window, IPC transport, tray, menu and notifications around
 * a host created by the caller. The lead's src-main/electron/index.ts calls `startDesktop(createHost)`.
 */

/** A host the shell owns: closed when the app quits. */
export type DesktopHost = HostPort & { close(): Promise<void> }

/** Time allowed for `host.close()` on quit (flushing the audit trail) before the app exits anyway, milliseconds. */
export const HOST_CLOSE_TIMEOUT_MS = 10_000

export interface DesktopOptions {
  /** folder of the built main bundle (out/main); defaults to this bundle's `__dirname` */
  mainDir?: string
}

export interface DesktopHandle {
  /** the current main window (null after it was closed on macOS) */
  getWindow(): BrowserWindow | null
  /** releases transports, tray and notifications, then closes the host; idempotent */
  shutdown(): Promise<void>
}

/** The OS account running the app: the actor recorded in the audit trail for every desktop action. */
export function desktopActor(): string {
  try {
    const name = userInfo().username
    return name === '' ? 'desktop' : name
  } catch {
    return 'desktop'
  }
}

function withTimeout(task: Promise<void>, ms: number, what: string): Promise<void> {
  return new Promise<void>((done) => {
    const timer = setTimeout(() => {
      console.error(`[desktop] ${what} did not finish within ${ms} ms`)
      done()
    }, ms)
    task
      .catch((err: unknown) => console.error(`[desktop] ${what} failed:`, err))
      .finally(() => {
        clearTimeout(timer)
        done()
      })
  })
}

/**
 * Starts the desktop app.
 *
 * Order matters: sandbox for every renderer and web-contents hardening before `ready`; session guards, host and IPC
 * handlers before the window loads (so the page's first invoke finds a handler); the host is closed on `will-quit`
 * after the transport is disposed.
 *
 * @param createHost builds the desk service (opens the audit database, loads market data)
 * @returns the running desktop, or null when another instance holds the single-instance lock (it is focused and this
 *   one quits) or the host failed to start (an error box is shown and the app exits with code 1)
 */
export async function startDesktop(createHost: () => Promise<DesktopHost>, options: DesktopOptions = {}): Promise<DesktopHandle | null> {
  // Both must precede `ready`: sandbox every renderer (including any a bug might open); make app:// a real origin.
  app.enableSandbox()
  registerAppScheme()
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  let window: BrowserWindow | null = null
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('second-instance', () => focusWindow(window))
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  await app.whenReady()
  const location = resolveRendererLocation({
    mainDir: options.mainDir ?? __dirname,
    isPackaged: app.isPackaged,
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  })
  hardenSession(session.defaultSession, { devServerUrl: location.trusted.devServerUrl })
  if (location.trusted.appUrl !== null) serveAppProtocol(location.rendererDir)

  let host: DesktopHost
  try {
    host = await createHost()
  } catch (err) {
    console.error('[desktop] the desk service failed to start:', err)
    dialog.showErrorBox('RiskDesk could not start', err instanceof Error ? err.message : String(err))
    app.exit(1)
    return null
  }

  const actor = desktopActor()
  const icons = iconsDir(app.getAppPath())
  const appIcon = join(icons, 'icon.png')

  const disposeIpc = registerIpcTransport(host, {
    isTrustedSender: (frame) => isTrustedSenderFrame(frame, location.trusted),
    actor,
    getWebContents: () => (window === null || window.isDestroyed() ? [] : [window.webContents]),
  })

  const openWindow = async (): Promise<void> => {
    const created = createMainWindow({ preloadPath: location.preloadPath, iconPath: appIcon })
    window = created
    created.on('closed', () => {
      if (window === created) window = null
    })
    await loadRenderer(created, location.url)
  }
  const showWindow = (): void => {
    if (window === null) void openWindow().catch((err: unknown) => console.error('[desktop] window failed to load:', err))
    else focusWindow(window)
  }
  app.on('activate', showWindow)

  const notificationSettings = openNotificationSettings(join(app.getPath('userData'), NOTIFICATION_SETTINGS_FILE))
  const tray = createDeskTray({ iconDir: icons, onShow: showWindow, onQuit: () => app.quit(), settings: notificationSettings })
  let alerts: AlertWatch | null = null
  const focusAlert = (clicked: Alert): void => {
    showWindow()
    // the page selects the alert (src-renderer/src/notify/alert-focus.ts); a window still loading misses it harmlessly
    if (window !== null && !window.isDestroyed()) pushToRenderer(window.webContents, 'alert:focus', { alertId: clicked.id })
  }
  const notifier = createAlertNotifier({ onClick: focusAlert, iconPath: appIcon, settings: notificationSettings, book: () => alerts?.book() ?? null })
  alerts = watchAlerts(host, actor, { onSummary: (s) => tray.update(s), onNotice: (a) => notifier.notify(a) })

  const refreshMenu = (): void => {
    void listBookNames(host, actor).then((books) =>
      installMenu({ books, commands, platform: process.platform, devTools: !app.isPackaged }),
    )
  }
  const commands = createMenuCommands({ host, actor, getWindow: () => window, onBooksChanged: refreshMenu, quit: () => app.quit() })
  refreshMenu()
  const stopMenuRefresh = host.onPush((channel) => {
    if (channel === 'desk:reset') refreshMenu()
  })

  let shuttingDown: Promise<void> | null = null
  let closed = false
  const shutdown = (): Promise<void> => {
    shuttingDown ??= (async () => {
      stopMenuRefresh()
      alerts?.dispose()
      notifier.dispose()
      tray.destroy()
      disposeIpc()
      await withTimeout(host.close(), HOST_CLOSE_TIMEOUT_MS, 'closing the desk service')
      closed = true
    })()
    return shuttingDown
  }
  let quitQueued = false
  app.on('will-quit', (event) => {
    if (closed) return
    // Hold the quit (however often it is asked for) until the audit trail is flushed and closed, then quit for real.
    event.preventDefault()
    if (quitQueued) return
    quitQueued = true
    void shutdown().finally(() => app.quit())
  })

  await openWindow()
  return { getWindow: () => window, shutdown }
}
