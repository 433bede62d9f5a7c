import type { Browser, Page } from 'playwright-core'
import { runCli } from '../../src-main/cli/index'
import { launchChromium } from './chromium'
import { ROOT, startDeskProcess, type DeskProcess } from './web-server-process'

/** A `riskdesk web` process and a Chromium page on it, with every page error collected. */
export interface DeskPage {
  /** the current desk process (a new one after `restart`) */
  readonly desk: DeskProcess
  readonly browser: Browser
  readonly page: Page
  /** uncaught page errors and console errors; a test ends by expecting it empty */
  readonly pageErrors: string[]
  /**
   * Restarts the desk the way a user does: the page leaves the desk (about:blank, so the closed connection is no page
   * error), the process is stopped with SIGTERM, `between()` runs while no server is up (e.g. a CLI step on the
   * database), a new `riskdesk web` starts with `args` and the page opens its URL (a new token).
   */
  restart(args: readonly string[], between?: () => Promise<void>): Promise<void>
  close(): Promise<void>
}

/**
 * Starts `riskdesk web` with `args` (from the app at `root`) and opens a 1600 x 1000 page in Debian's Chromium.
 * @throws when the desk process does not print its URL in time or Chromium cannot start
 */
export async function openDeskPage(args: readonly string[], root = ROOT): Promise<DeskPage> {
  let desk = await startDeskProcess(args, 60_000, root)
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true })
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()))
  return {
    get desk() {
      return desk
    },
    browser,
    page,
    pageErrors,
    async restart(next, between) {
      await page.goto('about:blank')
      await desk.stop()
      await between?.()
      desk = await startDeskProcess(next, 60_000, root)
      await page.goto(desk.url)
    },
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

/** Where the replay stopped: paused on a market date, or held there at a proposal until a person decides. */
export interface FeedStop {
  readonly date: string
  readonly health: 'paused' | 'holding'
}

/** The feed bar's market date and health as the page shows them. */
export async function feedState(page: Page): Promise<{ date: string; health: string }> {
  return page.evaluate(() => ({
    date: document.querySelector('[data-testid=feed-date]')?.textContent?.trim() ?? '',
    health: document.querySelector('[data-testid=feed-health]')?.getAttribute('data-health') ?? '',
  }))
}

/**
 * Runs the replay to `date` with the feed bar's Run-to control: the host plays until it has applied the first market
 * day on or after `date` and pauses there, or until a proposal holds the replay for a decision (health 'holding'; the
 * run-to date stays set, so after the decision the replay plays on to it). Either way the page's state at the stop does
 * not depend on how fast anything ran. Call it with the replay paused, not held.
 * @returns the market date and the health the replay stopped on
 */
export async function runTo(page: Page, date: string): Promise<FeedStop> {
  await page.fill('[data-testid=feed-run-to-date]', date)
  await page.click('[data-testid=feed-run-to]:not([disabled])')
  return waitForStop(page, date)
}

/** The headline's "As of": the market date of the newest risk frame the page has drawn. */
const FRAME_DATE = '[data-testid=headline] .limit-row .cell:nth-child(3) .value'

/**
 * Waits until the replay is paused on or after `date`, or held at a proposal, and the page has drawn that day's risk
 * frame (the host pushes a feed status at once, frames at most every 50 ms, so the status can arrive first). After a
 * decision on a held proposal the replay plays on to the Run-to date or to the next proposal: pass the decided
 * action's id as `decided`, so that the hold on it (still shown until the host's next status arrives) does not count.
 */
export async function waitForStop(page: Page, date: string, decided: string | null = null): Promise<FeedStop> {
  await page.waitForFunction(
    ([d, done, frameDate]) => {
      const health = document.querySelector('[data-testid=feed-health]')?.getAttribute('data-health')
      const at = document.querySelector('[data-testid=feed-date]')?.textContent?.trim() ?? ''
      const pending = document.querySelector('[data-testid=action-pending]')?.getAttribute('data-action-id') ?? null
      const stopped = (health === 'holding' && pending !== null && pending !== done) || (health === 'paused' && at >= d!)
      return stopped && document.querySelector(frameDate!)?.textContent?.trim() === at
    },
    [date, decided, FRAME_DATE] as const,
    { timeout: 90_000 },
  )
  const { date: at, health } = await feedState(page)
  return { date: at, health: health as FeedStop['health'] }
}
