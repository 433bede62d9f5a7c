import { BrowserWindow, type WebPreferences } from 'electron'

/**
 * The one RiskDesk window. Every renderer privilege is off; the page reaches the desk only through the preload's
 * typed API. Reference: Electron security checklist (electronjs.org/docs/latest/tutorial/security) items 2-4, 12, 14.
 */

/** webPreferences of the main window, spelled out even where they equal Electron's defaults, so a test can pin them. */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  }
}

/**
 * Creates the hidden main window; it shows itself once the first paint is ready (no white flash).
 *
 * @param options.preloadPath absolute path of out/preload/index.js
 * @param options.iconPath window icon (PNG)
 */
export function createMainWindow(options: { preloadPath: string; iconPath: string }): BrowserWindow {
  const window = new BrowserWindow({
    title: 'RiskDesk',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0f172a',
    icon: options.iconPath,
    webPreferences: mainWindowWebPreferences(options.preloadPath),
  })
  window.once('ready-to-show', () => window.show())
  return window
}

/** Loads the page (dev server URL or `app://riskdesk/index.html`). Rejects if the load fails. */
export async function loadRenderer(window: BrowserWindow, url: string): Promise<void> {
  await window.loadURL(url)
}

/** Brings the window to the front (restoring it if minimised). No-op for a destroyed window. */
export function focusWindow(window: BrowserWindow | null): void {
  if (window === null || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
