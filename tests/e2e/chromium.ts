import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags for a headless Chromium on a machine with no network (background services would only fail to connect). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Whether end-to-end tests must run (CI) rather than skip when Chromium is missing. */
export const E2E_REQUIRED = process.env.CI === 'true' || process.env.E2E_REQUIRED === '1'

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (E2E_REQUIRED) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium)`)
  return false
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS })
}
