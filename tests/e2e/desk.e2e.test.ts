import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable } from './chromium'
import { cliJson, openDeskPage, runTo, waitForStop, type DeskPage } from './desk-page'
import { ROOT } from './web-server-process'

/**
 * The desk end to end, for real: `riskdesk web` in its own process, the built renderer in Debian's Chromium, the
 * demo book replayed through the February-March 2020 crash; the replay holds at each proposal until a person decides;
 * a trader acknowledges the VaR alert, rejects the first proposed action with a reason and approves the next; the
 * audit trail then holds both decisions and verifies.
 *
 * Every step waits on a state of the page (a market date reached with the feed paused, the replay held at a proposal,
 * an action pending or decided), never on elapsed time. Each measurement or decision whose outcome depends on the
 * market date is taken where the feed bar's Run-to control stopped the replay: paused on the date asked for, or held
 * at a proposal on the day it was made (a decision changes the book, and the next proposal depends on the day it was
 * taken), so nothing depends on how fast the server or the browser ran. The path it relies on (bundled data, demo
 * book, limits: VaR limit 310,000, warning at 80 % of a limit, an unacknowledged alert one rung up after 3 updates,
 * a proposal once VaR over its limit has risen on 3 updates in a row, or at once 25 % over it; `riskdesk replay
 * --json` shows the same dates):
 * - by 2020-02-20 two position warnings are in force (SPY loss from 2020-02-05, MSFT weight from 2020-02-07), but no
 *   VaR alert: the VaR warning opens on 2020-02-25 (254,206) and, unacknowledged, is CRITICAL by 2020-03-04;
 * - the first breach is 2020-03-11 (VaR 376,922) and so is the first proposal: the replay holds on 2020-03-11;
 * - after a rejection on 2020-03-11, VaR on 2020-03-12 (421,104) is more than 25 % over the limit: the next proposal
 *   comes that day and the replay holds again;
 * - approving it on 2020-03-12 brings VaR back within the limit (applied the same day); the next proposal after that
 *   is 2020-03-17, so the replay, run to 2020-03-16, pauses there with nothing pending.
 */
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-e2e-'))
const db = join(dir, 'e2e.db')
const REASON = 'Index hedge already working at the close'
const APPROVAL = 'Cut back to the limit as sized'

/** The alert list's figures in its order (the label line of each alert). */
async function alertLabels(page: Page): Promise<string[]> {
  return page.locator('[data-testid=alert-item] [data-testid=alert-label]').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''))
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
  /** what the page showed, for the audit trail's check */
  const shown = { varAlert: '', rejected: '', approved: '', varAfter: '' }

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

  it('replays the crash: the VaR chart paints, crosses its threshold, and the replay holds at the first proposal', async () => {
    // the calm measurement: before the VaR warning (2020-02-25) only the two position warnings are in force
    expect(await runTo(page, '2020-02-20')).toEqual({ date: '2020-02-20', health: 'paused' })
    expect(await alertLabels(page)).toEqual([expect.stringMatching(/^MSFT weight /), expect.stringMatching(/^SPY loss /)])
    const calm = await breachPixels(page)
    expect(calm.painted).toBeGreaterThan(1000)

    // the first breach (2020-03-11) brings the first proposal that day: the replay holds there, short of 2020-03-16
    expect(await runTo(page, '2020-03-16')).toEqual({ date: '2020-03-11', health: 'holding' })
    await page.waitForSelector('[data-testid=action-pending][data-state=proposed]')
    await page.waitForSelector('[data-testid=action-holding]')
    expect(await page.textContent('[data-testid=action-pending] [data-testid=action-age]')).toContain('2020-03-11')
    const crash = await breachPixels(page)
    // breach markers and the breach band appear only once VaR is above the limit line
    expect(crash.breach).toBeGreaterThan(calm.breach + 1000)
    await page.screenshot({ path: join(ARTIFACTS, '02-crash-alert.png') })
    // the VaR alert, unacknowledged since 2020-02-25, was escalated to CRITICAL and the desk head notified
    const item = page.locator('[data-testid=alert-item]', { has: page.locator('[data-testid=alert-label]', { hasText: /^\s*VaR \(historical\)/ }) })
    expect(await item.getAttribute('data-state')).toBe('escalated')
    expect(await item.getAttribute('data-severity')).toBe('CRITICAL')
    shown.varAlert = (await item.getAttribute('data-alert-id'))!
    await item.locator('[data-testid=alert-ack]').click()
    await page.waitForSelector(`[data-testid=alert-item][data-alert-id="${shown.varAlert}"][data-state=acknowledged]`)
    // acknowledging an alert is no decision on the action: the replay still holds
    expect(await page.getAttribute('[data-testid=feed-health]', 'data-health')).toBe('holding')
  })

  it('rejects one proposed action with a reason (impossible without one) and approves the next', async () => {
    // held on 2020-03-11 at the first proposal
    const firstId = (await page.getAttribute('[data-testid=action-pending]', 'data-action-id'))!
    shown.rejected = firstId
    await page.waitForSelector('[data-testid=action-reject]:disabled')
    await page.fill('[data-testid=action-reason]', ' ')
    await page.waitForSelector('[data-testid=action-reject]:disabled')
    await page.fill('[data-testid=action-reason]', REASON)
    await page.click('[data-testid=action-reject]')
    await page.waitForSelector(`[data-testid=action-decided][data-state=rejected]`)

    // the rejection releases the hold; VaR 25 % over the limit the next day brings a new proposal at once
    expect(await waitForStop(page, '2020-03-16', firstId)).toEqual({ date: '2020-03-12', health: 'holding' })
    const secondId = (await page.getAttribute('[data-testid=action-pending]', 'data-action-id'))!
    expect(secondId).not.toBe(firstId)
    shown.approved = secondId
    await page.screenshot({ path: join(ARTIFACTS, '03-second-action.png') })
    await page.waitForSelector(`[data-testid=action-pending][data-action-id="${secondId}"] [data-testid=action-approve]:disabled`)
    await page.fill('[data-testid=action-reason]', APPROVAL)
    await page.click(`[data-testid=action-pending][data-action-id="${secondId}"] [data-testid=action-approve]`)
    await page.waitForSelector(`[data-testid=action-outcome][data-action-id="${secondId}"][data-state=applied]`)
    expect(await page.textContent('[data-testid=action-executed-date]')).toBe('2020-03-12')
    expect(await page.getAttribute('[data-testid=action-within-limit]', 'data-within')).toBe('true')
    shown.varAfter = (await page.textContent('[data-testid=action-var-after]'))!.trim()

    // played on to the Run-to date with nothing pending (the next proposal would be 2020-03-17)
    expect(await waitForStop(page, '2020-03-16', secondId)).toEqual({ date: '2020-03-16', health: 'paused' })
    await page.waitForSelector('[data-testid=action-none]')
    expect(await page.locator('[data-testid=action-decided]').evaluateAll((li) => li.map((e) => e.getAttribute('data-state')))).toEqual(['applied', 'rejected'])
    await page.screenshot({ path: join(ARTIFACTS, '04-desk-after-decisions.png') })
    expect(ui.pageErrors).toEqual([])
  })

  it('the audit trail holds both decisions with their reasons, and verifies', async () => {
    await ui.desk.stop()
    const exported = await cliJson(['audit', 'export', '--db', db, '--format', 'json'])
    expect(exported.code).toBe(0)
    type Payload = { actionId?: string; alertId?: string; actor?: string; reason?: string; automatic?: boolean; executedDate?: string; varAfter?: number; withinLimit?: boolean }
    const events = JSON.parse(exported.out) as { type: string; actor: string; payload: Payload }[]
    const approved = events.filter((e) => e.type === 'action.approved')
    const rejected = events.filter((e) => e.type === 'action.rejected')
    expect(rejected.map((e) => [e.payload.actionId, e.payload.reason])).toEqual([[shown.rejected, REASON]])
    expect(approved.map((e) => [e.payload.actionId, e.payload.reason, e.payload.automatic])).toEqual([[shown.approved, APPROVAL, false]])
    expect(approved[0]!.actor).toBe(rejected[0]!.actor)
    expect(approved[0]!.payload.actor).toBe(approved[0]!.actor)
    expect(events.filter((e) => e.type === 'alert.acknowledged').map((e) => e.payload.alertId)).toEqual([shown.varAlert])
    const applied = events.filter((e) => e.type === 'action.applied')
    expect(applied.map((e) => [e.payload.actionId, e.payload.executedDate, e.payload.withinLimit])).toEqual([[shown.approved, '2020-03-12', true]])
    // the VaR the page showed after execution is the one recomputed on the traded book and recorded
    expect(Math.round(applied[0]!.payload.varAfter!).toLocaleString('en-US')).toBe(shown.varAfter.replace(/\s*USD$/, ''))
    const verified = await cliJson(['audit', 'verify', '--db', db])
    expect(verified.code).toBe(0)
    expect(verified.out).toMatch(/^OK: \d+ events, chain intact/)
  })
})
