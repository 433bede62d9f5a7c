import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable } from './chromium'
import { cliJson, openDeskPage, runTo, type DeskPage } from './desk-page'
import { ROOT } from './web-server-process'

/**
 * The desk end to end, for real: `riskdesk web` in its own process, the built renderer in Debian's Chromium, the
 * demo book replayed through the February-March 2020 crash; a trader acknowledges an alert, rejects one proposed
 * action with a reason and approves the next; the audit trail then holds both decisions and verifies.
 *
 * Every step waits on a state of the page (a market date reached with the feed paused, a health badge, an action
 * pending or decided), never on elapsed time. Each measurement or decision whose outcome depends on the market date
 * is taken after the feed bar's Run-to control has replayed exactly to that date and the host has paused there (a
 * decision changes the book, and the next proposal depends on the day it was taken), so nothing depends on how fast
 * the server or the browser ran. The path it relies on (bundled data, demo book, limits: VaR limit 310,000, 3 rises
 * in breach to propose):
 * - VaR stays under the limit until 2020-03-10; the first breach is 2020-03-11, the first proposal 2020-03-13;
 * - without a trade VaR stays in breach to 2020-04-30, so that proposal stays pending until decided, and after a
 *   rejection taken on any day up to 2020-04-22 another proposal comes (2020-03-26 or 2020-04-24);
 * - the test measures the calm chart at 2020-02-20 and decides on the first proposal at 2020-03-18.
 */
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-e2e-'))
const db = join(dir, 'e2e.db')
const REASON = 'Index hedge already working at the close'

/** Resumes the replay and waits until the page shows it running (or already finished). */
async function playFeed(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=feed-play][aria-pressed=false]:not([disabled])')
  await page.click('[data-testid=feed-play]')
  await page.waitForFunction(() => ['active', 'finished'].includes(document.querySelector('[data-testid=feed-health]')?.textContent?.trim() ?? ''), null, { timeout: 30_000 })
}

/** Pixels of the breach colour (#ff5370) on the VaR chart's canvas: breach markers and the breach band. */
async function breachPixels(page: Page): Promise<{ painted: number; breach: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=risk-chart] canvas')
    if (!canvas) return { painted: 0, breach: 0 }
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    let painted = 0
    let breach = 0
    for (let k = 0; k < data.length; k += 4) {
      const [r, g, b, a] = [data[k]!, data[k + 1]!, data[k + 2]!, data[k + 3]!]
      if (a > 0) painted++
      if (a > 10 && Math.abs(r - 255) < 30 && Math.abs(g - 83) < 30 && Math.abs(b - 112) < 30) breach++
    }
    return { painted, breach }
  })
}

const run = chromiumAvailable()

describe.runIf(run)('the desk in real Chromium against browser mode', () => {
  let ui: DeskPage
  let page: Page

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    ui = await openDeskPage(['--port', '0', '--db', db, '--speed', '5', '--from', '2020-02-03', '--to', '2020-04-30'])
    page = ui.page
  })

  afterAll(async () => {
    await ui?.close()
  })

  it('loads the demo book and shows every position and an unpainted-yet chart', async () => {
    await page.goto(ui.desk.url)
    await page.waitForSelector('[data-testid=desk][data-loaded=true]')
    expect(await page.locator('[data-testid=position-row]').count()).toBe(25)
    // the VaR backtest of the 250 days before the replay is there before the replay starts
    const zone = await page.waitForSelector('[data-testid=backtest-panel] [data-testid=backtest-zone]', { timeout: 30_000 })
    expect(['green', 'yellow', 'red']).toContain(await zone.getAttribute('data-zone'))
    await page.screenshot({ path: join(ARTIFACTS, '01-loaded.png') })
    // the risk report tab: after Refresh the Monte Carlo row holds a VaR computed on the desk's worker pool
    await page.click('[data-testid=side-tab-report]')
    await page.click('[data-testid=risk-report-refresh]')
    await page.waitForSelector('[data-testid=risk-report-panel][data-busy=false] [data-testid=risk-report-row]', { timeout: 60_000 })
    const mcVaR = await page.textContent('[data-testid=risk-report-row][data-method=monteCarlo] [data-testid=risk-report-var]')
    expect(mcVaR?.trim()).toMatch(/^[1-9]\d{0,2}(,\d{3})*$/)
    await page.locator('[data-testid=risk-report-panel]').screenshot({ path: join(ARTIFACTS, '01b-risk-report.png') })
    await page.click('[data-testid=side-tab-backtest]')
  })

  it('replays the crash: the VaR chart paints, crosses its threshold, and an alert appears and is acknowledged', async () => {
    // the calm measurement: before the first breach (2020-03-11), no alert yet
    expect(await runTo(page, '2020-02-20')).toBe('2020-02-20')
    expect(await page.locator('[data-testid=alert-item]').count()).toBe(0)
    const calm = await breachPixels(page)
    expect(calm.painted).toBeGreaterThan(1000)

    // after the first proposal (2020-03-13) and well before the last day a rejection still brings a second (2020-04-22)
    expect(await runTo(page, '2020-03-18')).toBe('2020-03-18')
    await page.waitForSelector('[data-testid=action-pending]')
    await page.waitForSelector('[data-testid=alert-item][data-state=open]')
    const crash = await breachPixels(page)
    // breach markers and the breach band appear only once VaR is above the limit line
    expect(crash.breach).toBeGreaterThan(calm.breach + 2000)
    await page.screenshot({ path: join(ARTIFACTS, '02-crash-alert.png') })
    const item = page.locator('[data-testid=alert-item][data-state=open]').first()
    const id = await item.getAttribute('data-alert-id')
    await item.locator('[data-testid=alert-ack]').click()
    await page.waitForSelector(`[data-testid=alert-item][data-alert-id="${id}"][data-state=acknowledged]`)
  })

  it('rejects one proposed action with a reason (impossible without one) and approves the next', async () => {
    // still paused: the first proposal (2020-03-13) stays pending while VaR is in breach
    const first = page.locator('[data-testid=action-pending]')
    await first.waitFor()
    const firstId = await first.getAttribute('data-action-id')
    await page.waitForSelector('[data-testid=action-reject]:disabled')
    await page.fill('[data-testid=action-reason]', ' ')
    await page.waitForSelector('[data-testid=action-reject]:disabled')
    await page.fill('[data-testid=action-reason]', REASON)
    await page.click('[data-testid=action-reject]')
    await page.waitForSelector('[data-testid=action-decided][data-state=rejected]')

    await playFeed(page)
    const second = page.locator(`[data-testid=action-pending]:not([data-action-id="${firstId}"])`)
    await second.waitFor({ timeout: 90_000 })
    const secondId = await second.getAttribute('data-action-id')
    await page.screenshot({ path: join(ARTIFACTS, '03-second-action.png') })
    // without a trade VaR stays in breach, so this proposal too stays pending until approved
    await page.click(`[data-testid=action-pending][data-action-id="${secondId}"] [data-testid=action-approve]`)
    await page.waitForSelector('[data-testid=action-decided][data-state=applied]')
    await page.waitForFunction(() => document.querySelector('[data-testid=feed-health]')?.textContent?.trim() === 'finished', null, { timeout: 90_000 })
    await page.screenshot({ path: join(ARTIFACTS, '04-desk-after-replay.png') })
    expect(ui.pageErrors).toEqual([])
  })

  it('the audit trail holds both decisions with their reasons, and verifies', async () => {
    await ui.desk.stop()
    const exported = await cliJson(['audit', 'export', '--db', db, '--format', 'json'])
    expect(exported.code).toBe(0)
    const events = JSON.parse(exported.out) as { type: string; actor: string; payload: { reason?: string | null; action?: { id: string } } }[]
    const approved = events.filter((e) => e.type === 'action.approved')
    const rejected = events.filter((e) => e.type === 'action.rejected')
    expect(approved).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.payload.reason).toBe(REASON)
    expect(approved[0]!.actor).toBe(rejected[0]!.actor)
    expect(events.some((e) => e.type === 'alert.acknowledged')).toBe(true)
    expect(events.some((e) => e.type === 'action.applied' && e.payload.action?.id === approved[0]!.payload.action?.id)).toBe(true)
    const verified = await cliJson(['audit', 'verify', '--db', db])
    expect(verified.code).toBe(0)
    expect(verified.out).toMatch(/^OK: \d+ events, chain intact/)
  })
})
