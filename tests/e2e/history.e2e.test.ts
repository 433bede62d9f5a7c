import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HISTORY_COLUMNS, historyCells, type AlertHistoryRowView } from '../../src-shared/domain/alert-history-view'
import { chromiumAvailable } from './chromium'
import { cliJson, openDeskPage, runTo, type DeskPage } from './desk-page'
import { ROOT } from './web-server-process'

/**
 * The desk head's review end to end: a replay of the demo desk through the February-April 2020 crash with every
 * proposed action vetoed (breaches, proposals, vetoes with a reason) is written to a trail; `riskdesk web` opens that
 * trail in Debian's Chromium, where the trader runs the desk into the crash and acknowledges an alert; the History
 * tab filters to the crash week by market date, drills into the vetoed alert (its overrides with their reasons) and
 * the acknowledged one, and the CSV it exports holds the rows of `riskdesk history --json`.
 * Every step waits on a state of the page (the panel not busy, rows of the week, a detail for the alert clicked, a
 * download), never on elapsed time. RISKDESK_E2E_ROOT points at another build of the app (default: this repo's out/).
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-e2e-'))
const db = join(dir, 'crash.db')
const BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const REASON = 'Hedged with index futures at the close'
const WEEK = ['2020-03-09', '2020-03-13'] as const
const APP_ROOT = process.env.RISKDESK_E2E_ROOT ?? ROOT

const run = chromiumAvailable()

describe.runIf(run)('desk-head history in real Chromium against browser mode', () => {
  let ui: DeskPage
  let page: Page

  beforeAll(async () => {
    process.env.RISKDESK_KEY_DIR ??= join(dir, 'keys')
    const replay = await cliJson(['replay', '--book', BOOK, '--from', '2020-02-03', '--to', '2020-04-30', '--db', db, '--reject-all', REASON])
    expect(replay.code, replay.err).toBe(0)
    ui = await openDeskPage(['--port', '0', '--db', db, '--speed', '5', '--from', '2020-02-03', '--to', '2020-04-30'], APP_ROOT)
    page = ui.page
  })

  afterAll(async () => {
    await ui?.close()
  })

  it('filters to the crash week by market date, drills into a vetoed and an acknowledged alert, and exports the rows of riskdesk history --json', async () => {
    await page.goto(ui.desk.url)
    await page.waitForSelector('[data-testid=desk][data-loaded=true]')
    // the trader runs the live desk into the crash (the host pauses at the date) and acknowledges the open alert
    await runTo(page, WEEK[1])
    const item = page.locator('[data-testid=alert-item][data-state=open]').first()
    const ackedId = await item.getAttribute('data-alert-id')
    await item.locator('[data-testid=alert-ack]').click()
    await page.waitForSelector(`[data-testid=alert-item][data-alert-id="${ackedId}"][data-state=acknowledged]`)

    await page.click('[data-testid=side-tab-history]')
    await page.waitForSelector('[data-testid=history-panel][data-busy=false] [data-testid=history-status][data-ok=true]')
    expect(await page.textContent('[data-testid=history-last-anchor]')).toMatch(/last signed checkpoint: seq \d+/)

    await page.fill('[data-testid=history-from]', WEEK[0])
    await page.fill('[data-testid=history-to]', WEEK[1])
    await page.waitForFunction(
      ([from, to]) => {
        const rows = [...document.querySelectorAll('[data-testid=history-row]')]
        const panel = document.querySelector('[data-testid=history-panel]')
        return panel?.getAttribute('data-busy') === 'false' && rows.length > 0 && rows.every((r) => (r.getAttribute('data-market-date') ?? '') >= from! && (r.getAttribute('data-market-date') ?? '') <= to!)
      },
      [WEEK[0], WEEK[1]],
    )
    const cli = await cliJson(['history', '--db', db, '--from', WEEK[0], '--to', WEEK[1], '--json'])
    expect(cli.code, cli.err).toBe(0)
    const expected = (JSON.parse(cli.out) as { alerts: AlertHistoryRowView[] }).alerts
    const shown = await page.$$eval('[data-testid=history-row]', (rows) => rows.map((r) => r.getAttribute('data-alert-id')))
    expect(shown).toEqual(expected.map((a) => a.id))

    const vetoed = expected.find((a) => a.overrides.some((o) => o.kind === 'action.rejected'))
    expect(vetoed, 'a vetoed alert in the crash week').toBeDefined()
    await page.click(`[data-testid=history-row][data-seq="${vetoed!.seq}"]`)
    await page.waitForSelector(`[data-testid=history-detail][data-alert-id="${vetoed!.id}"]`)
    const reasons = await page.$$eval('[data-testid=history-detail] [data-testid=history-override-reason]', (els) => els.map((e) => e.textContent?.trim()))
    expect(reasons).toEqual(vetoed!.overrides.map((o) => o.reason))
    expect(reasons).toContain(REASON)
    // its explanation: the VaR recomputed from the inputs the trail stored, as `riskdesk explain` prints it
    const explained = await cliJson(['explain', '--db', db, '--alert', vetoed!.id, '--json'])
    expect(explained.code, explained.err).toBe(0)
    const x = JSON.parse(explained.out) as { stored: number; recomputed: number | null; topContributors: { symbol: string }[] }
    expect(x.recomputed).not.toBeNull()
    const money = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 0 })
    await page.waitForSelector('[data-testid=history-detail] [data-testid=history-explanation] [data-testid=history-contributor]')
    expect(await page.textContent('[data-testid=history-explanation]')).toContain(`recomputed VaR ${money(x.recomputed!)} (stored ${money(x.stored)})`)
    const contributors = await page.$$eval('[data-testid=history-contributor]', (els) => els.map((e) => e.textContent?.trim().split(':')[0]))
    expect(contributors).toEqual(x.topContributors.map((c) => c.symbol))

    const acked = expected.find((a) => a.id === ackedId && a.acknowledgedBy !== null)
    expect(acked, `the acknowledged alert ${ackedId} in the crash week`).toBeDefined()
    await page.click(`[data-testid=history-row][data-seq="${acked!.seq}"]`)
    await page.waitForSelector(`[data-testid=history-detail][data-alert-id="${acked!.id}"]`)
    expect(await page.textContent('[data-testid=history-detail]')).toContain(`acknowledged by ${acked!.acknowledgedBy}`)

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=history-export-csv]')])
    const file = await download.path()
    const csv = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true })
    expect(csv.meta.fields).toEqual([...HISTORY_COLUMNS])
    const cells = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
    expect(csv.data).toEqual(expected.map((a) => Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, cells(historyCells(a)[c])]))))
    expect(ui.pageErrors).toEqual([])
  })
})
