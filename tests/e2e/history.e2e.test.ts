import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HISTORY_COLUMNS, historyCells, type AlertHistoryRowView } from '../../src-shared/domain/alert-history-view'
import { chromiumAvailable } from './chromium'
import { openDeskPage, type DeskPage } from './desk-page'
import { cliOut, drillInto, filterMarketDates, historyJson, replayJson, runToDate, type ReplayActionEvent } from './history-steps'
import { ROOT } from './web-server-process'

/**
 * The desk head's review end to end. A headless `riskdesk replay --reject-all REASON` of the demo desk from
 * 2020-02-03 to 2020-04-30 writes a trail in which the desk's VaR alert is raised in the week the crash began
 * (2020-02-24 to 02-28) and stays live through March and April, every action proposed on it is rejected with the
 * reason, and each rejection is an override on the alert (the replay would otherwise hold at the first proposal).
 * `riskdesk web` then opens that trail in Debian's Chromium, where the trader runs a second session of the desk
 * through the same week (it stops there, before any proposal) and acknowledges the alert raised in it. In the History
 * tab the desk head filters to that week by market date and finds exactly the rows of `riskdesk history --json`
 * (the timeline counting them per day), drills into the alert with the rejected proposals (each action's lifecycle
 * steps, the overrides with their reason, the escalations, and the explanation of `riskdesk explain --json`) and into
 * the acknowledged one, narrows to the overridden alerts, and exports a CSV holding the rows of
 * `riskdesk history --json`. The replay's own JSON events (proposed, rejected) tie the rejections to the alert.
 * Every step waits on a state of the page (the feed paused at the date, the panel not busy with rows of the week, a
 * detail for the alert clicked, a download), never on elapsed time. RISKDESK_E2E_ROOT points at another build of the
 * app (default: this repo's out/).
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-e2e-'))
const db = join(dir, 'crash.db')
const BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const REASON = 'Hedged with index futures at the close'
/** the week the 2020 crash began (S&P 500 down 11.5 %): the demo desk's VaR alert is raised in it */
const WEEK = ['2020-02-24', '2020-02-28'] as const
const APP_ROOT = process.env.RISKDESK_E2E_ROOT ?? ROOT

/** How the History detail writes one lifecycle step of an action (HistoryPanel.vue). */
const stepLine = (d: AlertHistoryRowView['actions'][number]['decisions'][number]): string =>
  `${d.decision} by ${d.actor} at ${d.wallTime}${d.detail ? ` (${d.detail})` : ''}${d.reason ? `: ${d.reason}` : ''}`

const run = chromiumAvailable()

describe.runIf(run)('desk-head history in real Chromium against browser mode', () => {
  let ui: DeskPage
  let page: Page
  let actions: ReplayActionEvent[]

  beforeAll(async () => {
    process.env.RISKDESK_KEY_DIR ??= join(dir, 'keys')
    ;({ actions } = await replayJson(['--book', BOOK, '--from', '2020-02-03', '--to', '2020-04-30', '--db', db, '--reject-all', REASON]))
    ui = await openDeskPage(['--port', '0', '--db', db, '--speed', '5', '--from', '2020-02-03', '--to', '2020-04-30'], APP_ROOT)
    page = ui.page
  })

  afterAll(async () => {
    await ui?.close()
  })

  it('filters to the crash week by market date, drills into an alert with rejected proposals and an acknowledged one, and exports the rows of riskdesk history --json', async () => {
    // the headless replay: every proposal rejected by the trader with the reason, nothing approved or applied
    const proposed = actions.filter((e) => e.change === 'proposed')
    const rejected = actions.filter((e) => e.change === 'rejected')
    expect(proposed.length, 'proposals in the replay').toBeGreaterThan(0)
    expect(rejected.map((e) => e.action.id)).toEqual(proposed.map((e) => e.action.id))
    for (const e of rejected) expect(e.action.decision?.reason).toBe(REASON)
    expect(actions.filter((e) => e.change === 'approved' || e.change === 'applied')).toEqual([])

    await page.goto(ui.desk.url)
    await page.waitForSelector('[data-testid=desk][data-loaded=true]')
    // the trader runs the live desk through the week (the host pauses at its last day) and acknowledges its alert
    expect(await runToDate(page, WEEK[1])).toBe(WEEK[1])
    const ackedId = await page.$$eval(
      '[data-testid=alert-item]',
      (items, [from, to]) => {
        const inWeek = items.find((i) => {
          const date = i.querySelector('[data-testid=alert-date]')?.textContent?.trim() ?? ''
          return i.querySelector('[data-testid=alert-ack]:not([disabled])') !== null && date >= from! && date <= to!
        })
        return inWeek?.getAttribute('data-alert-id') ?? null
      },
      [WEEK[0], WEEK[1]],
    )
    expect(ackedId, 'an alert raised in the crash week to acknowledge').not.toBeNull()
    await page.click(`[data-testid=alert-ack][data-alert-id="${ackedId}"]`)
    await page.waitForSelector(`[data-testid=alert-item][data-alert-id="${ackedId}"][data-state=acknowledged]`)

    await page.click('[data-testid=side-tab-history]')
    await page.waitForSelector('[data-testid=history-panel][data-busy=false] [data-testid=history-status][data-ok=true]')
    expect(await page.textContent('[data-testid=history-last-anchor]')).toMatch(/last signed checkpoint: seq \d+/)

    // the reference: the CLI's history of the week on the same trail, read after the acknowledgement
    const expected = await historyJson(['--db', db, '--from', WEEK[0], '--to', WEEK[1]])
    await filterMarketDates(page, WEEK[0], WEEK[1])
    const shown = await page.$$eval('[data-testid=history-row]', (rows) => rows.map((r) => r.getAttribute('data-alert-id')))
    expect(shown).toEqual(expected.map((a) => a.id))
    // the timeline: one column per market day of the week's alerts, titled with its count
    const perDay = new Map<string, number>()
    for (const a of expected) perDay.set(a.marketDate!, (perDay.get(a.marketDate!) ?? 0) + 1)
    const days = await page.$$eval('[data-testid=history-timeline] [data-date]', (els) => els.map((e) => e.getAttribute('title')))
    expect(days).toEqual([...perDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, n]) => `${d}: ${n} alerts`))

    // the alert whose proposals were rejected: its overrides are exactly the replay's rejections of its actions
    const vetoed = expected.find((a) => a.overrides.some((o) => o.kind === 'action.rejected'))
    expect(vetoed, 'an alert of the crash week with a rejected proposal').toBeDefined()
    const itsRejections = rejected.filter((e) => e.action.alertId === vetoed!.id)
    expect(vetoed!.overrides.filter((o) => o.kind === 'action.rejected').map((o) => o.actionId)).toEqual(itsRejections.map((e) => e.action.id))
    expect(vetoed!.actions.map((a) => a.state)).toEqual(itsRejections.map(() => 'rejected'))
    const detail = await drillInto(page, `[data-testid=history-row][data-seq="${vetoed!.seq}"]`, vetoed!.id)
    expect(detail.overrideReasons).toEqual(vetoed!.overrides.map((o) => o.reason))
    expect(detail.overrideReasons).toContain(REASON)
    // each action's lifecycle (proposed by the desk, rejected by the trader with the reason), in order
    expect(detail.actions.map((a) => a.steps)).toEqual(vetoed!.actions.map((a) => a.decisions.map(stepLine)))
    vetoed!.actions.forEach((a, k) => expect(detail.actions[k]!.text.startsWith(`${a.id} ${a.state}:`), detail.actions[k]!.text).toBe(true))
    for (const a of vetoed!.actions) expect(a.decisions.map((d) => d.decision)).toEqual(['proposed', 'rejected'])
    // its escalations while it stayed live, as the trail has them
    expect(detail.escalations.length).toBe(vetoed!.escalations.length)
    vetoed!.escalations.forEach((e, k) => {
      expect(detail.escalations[k]).toContain(`escalated ${e.from} → ${e.to}`)
      expect(detail.escalations[k]).toContain(`on ${e.marketDate}`)
    })
    // its explanation: the VaR recomputed from the inputs the trail stored, as `riskdesk explain` prints it
    const x = JSON.parse(await cliOut(['explain', '--db', db, '--alert', vetoed!.id, '--json'])) as { stored: number; recomputed: number | null; topContributors: { symbol: string }[] }
    expect(x.recomputed).not.toBeNull()
    const money = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 0 })
    await page.waitForSelector('[data-testid=history-detail] [data-testid=history-explanation] [data-testid=history-contributor]')
    expect(await page.textContent('[data-testid=history-explanation]')).toContain(`recomputed VaR ${money(x.recomputed!)} (stored ${money(x.stored)})`)
    const contributors = await page.$$eval('[data-testid=history-contributor]', (els) => els.map((e) => e.textContent?.trim().split(':')[0]))
    expect(contributors).toEqual(x.topContributors.map((c) => c.symbol))

    // the alert the trader acknowledged in the browser
    const acked = expected.find((a) => a.id === ackedId)
    expect(acked, `the acknowledged alert ${ackedId} in the crash week`).toBeDefined()
    expect(acked!.state).toBe('acknowledged')
    expect(acked!.acknowledgedBy).not.toBeNull()
    const ackDetail = await drillInto(page, `[data-testid=history-row][data-seq="${acked!.seq}"]`, acked!.id)
    expect(ackDetail.text).toContain(`acknowledged by ${acked!.acknowledgedBy} at ${acked!.acknowledgedAt}`)

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=history-export-csv]')])
    const csv = Papa.parse<Record<string, string>>(readFileSync(await download.path(), 'utf8'), { header: true, skipEmptyLines: true })
    expect(csv.meta.fields).toEqual([...HISTORY_COLUMNS])
    const cells = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
    expect(csv.data).toEqual(expected.map((a) => Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, cells(historyCells(a)[c])]))))

    // only the overridden alerts of the week: the rows of `riskdesk history --overridden --json`
    const overridden = await historyJson(['--db', db, '--from', WEEK[0], '--to', WEEK[1], '--overridden'])
    expect(overridden.map((a) => a.id)).toContain(vetoed!.id)
    expect(overridden.length).toBeLessThan(expected.length)
    await page.check('[data-testid=history-overridden]')
    await page.waitForFunction(
      (n) => {
        const rows = [...document.querySelectorAll('[data-testid=history-row]')]
        return document.querySelector('[data-testid=history-panel]')?.getAttribute('data-busy') === 'false' && rows.length === n && rows.every((r) => Number(r.getAttribute('data-overrides')) > 0)
      },
      overridden.length,
    )
    expect(await page.$$eval('[data-testid=history-row]', (rows) => rows.map((r) => r.getAttribute('data-alert-id')))).toEqual(overridden.map((a) => a.id))
    expect(ui.pageErrors).toEqual([])
  })
})
