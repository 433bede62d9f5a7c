import { join } from 'node:path'
import type { TrustedAppLocation } from '../transports/trusted-sender'
import { APP_INDEX_URL } from './app-protocol'

/**
 * Where the window's page, preload and icons come from, decided once at start-up.
 * The dev server URL (ELECTRON_RENDERER_URL, set by `electron-vite dev`) is honoured only for an unpackaged app and
 * only on a loopback host: a packaged build must never be pointed at another page by an environment variable.
 * Otherwise the page is the built `../renderer/index.html`, served as `app://riskdesk/index.html` (app-protocol.ts).
 */

export interface RendererLocation {
  /** URL the window loads */
  readonly url: string
  /** folder of the built renderer, served by the app scheme */
  readonly rendererDir: string
  /** what the IPC sender check accepts */
  readonly trusted: TrustedAppLocation
  /** absolute path of the preload bundle */
  readonly preloadPath: string
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The dev server URL if it is usable (http(s), loopback host, no credentials), else null. Never throws. */
export function usableDevServerUrl(value: string | undefined): string | null {
  if (value === undefined || value === '') return null
  try {
    const url = new URL(value)
    const httpish = url.protocol === 'http:' || url.protocol === 'https:'
    return httpish && LOOPBACK_HOSTS.has(url.hostname) && url.username === '' && url.password === '' ? url.href : null
  } catch {
    return null
  }
}

/**
 * Resolves the renderer location.
 *
 * @param input.mainDir folder of the built main bundle (`out/main`); the preload is `../preload/index.js` and the
 *   renderer `../renderer/` relative to it (electron-vite's output layout)
 * @param input.isPackaged `app.isPackaged`
 * @param input.devServerUrl `process.env.ELECTRON_RENDERER_URL`
 */
export function resolveRendererLocation(input: { mainDir: string; isPackaged: boolean; devServerUrl: string | undefined }): RendererLocation {
  const preloadPath = join(input.mainDir, '../preload/index.js')
  const rendererDir = join(input.mainDir, '../renderer')
  const dev = input.isPackaged ? null : usableDevServerUrl(input.devServerUrl)
  if (dev !== null) return { url: dev, rendererDir, trusted: { appUrl: null, devServerUrl: dev }, preloadPath }
  return { url: APP_INDEX_URL, rendererDir, trusted: { appUrl: APP_INDEX_URL, devServerUrl: null }, preloadPath }
}

/** Folder of the bundled icons: `<app path>/assets/icons` (inside app.asar when packaged; Electron reads it there). */
export function iconsDir(appPath: string): string {
  return join(appPath, 'assets', 'icons')
}
