import type { Browser, Page } from 'playwright-core'
import { runCli } from '../../src-main/cli/index'
import { launchChromium } from './chromium'
import { ROOT, startDeskProcess, type DeskProcess } from './web-server-process'

/** A `riskdesk web` process and a Chromium page on it, with every page error collected. */
export interface DeskPage {
  readonly desk: DeskProcess
  readonly browser: Browser
  readonly page: Page
  /** uncaught page errors and console errors; a test ends by expecting it empty */
  readonly pageErrors: string[]
  close(): Promise<void>
}

/**
 * Starts `riskdesk web` with `args` (from the app at `root`) and opens a 1600 x 1000 page in Debian's Chromium.
 * @throws when the desk process does not print its URL in time or Chromium cannot start
 */
export async function openDeskPage(args: readonly string[], root = ROOT): Promise<DeskPage> {
  const desk = await startDeskProcess(args, 60_000, root)
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true })
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()))
  return {
    desk,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close()
      await desk.stop()
    },
  }
}

/** Runs the CLI in-process and captures its output (the same code as bin/riskdesk.cjs). */
export async function cliJson(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { out: (l) => (out += `${l}\n`), write: (c) => (out += c), err: (l) => (err += `${l}\n`) })
  return { code, out, err }
}

/**
 * Runs the replay to `date` with the feed bar's Run-to control: the host plays until it has applied the first market
 * day on or after `date` and pauses there, so the page's state at that date does not depend on how fast anything ran.
 * @returns the market date the replay paused on
 */
export async function runTo(page: Page, date: string): Promise<string> {
  await page.fill('[data-testid=feed-run-to-date]', date)
  await page.click('[data-testid=feed-run-to]:not([disabled])')
  await page.waitForFunction(
    (d) =>
      document.querySelector('[data-testid=feed-health]')?.textContent?.trim() === 'paused' &&
      (document.querySelector('[data-testid=feed-date]')?.textContent?.trim() ?? '') >= d,
    date,
    { timeout: 90_000 },
  )
  return (await page.textContent('[data-testid=feed-date]'))!.trim()
}
