import type { Page } from 'playwright-core'
import type { AlertHistoryRowView } from '../../src-shared/domain/alert-history-view'
import { cliJson } from './desk-page'

/**
 * Steps shared by the desk-head history end-to-end tests (history.e2e.test.ts, history-pg.e2e.test.ts): the CLI's
 * JSON as the reference, and waits on the History panel's state (never on elapsed time).
 */

/** Runs the CLI in-process and returns what it printed; throws with its stderr when it exits non-zero. */
export async function cliOut(args: string[]): Promise<string> {
  const r = await cliJson(args)
  if (r.code !== 0) throw new Error(`riskdesk ${args.join(' ')} exited with ${r.code}:\n${r.err}`)
  return r.out
}

/** What the tests read of a lifecycle action event of `riskdesk replay --json` (src-main/desk/desk-events.ts). */
export interface ReplayActionEvent {
  readonly type: 'action'
  readonly change: 'proposed' | 'resized' | 'approved' | 'rejected' | 'modified' | 'applied' | 'expired'
  readonly action: { readonly id: string; readonly alertId: string; readonly state: string; readonly decision: { readonly actor: string; readonly reason: string | null } | null }
}

/** The last line of `riskdesk replay --json`. */
export interface ReplaySummary {
  readonly type: 'summary'
  readonly frames: number
  readonly counts: Record<string, number>
  readonly heldAt: { readonly action: string; readonly date: string } | null
  readonly audit: { readonly ok: boolean }
}

/**
 * `riskdesk replay … --json`: its lifecycle action events and its summary. A headless replay must have been told how
 * to decide (`--approve-all`, `--reject-all REASON` or `--no-hold`): one that stopped held at a proposal, or whose
 * trail does not verify, throws.
 */
export async function replayJson(args: string[]): Promise<{ actions: ReplayActionEvent[]; summary: ReplaySummary }> {
  const lines = (await cliOut(['replay', ...args, '--json'])).split('\n').filter((l) => l.trim() !== '')
  const events = lines.map((l) => JSON.parse(l) as { type: string })
  const summary = events.at(-1) as ReplaySummary | undefined
  if (summary?.type !== 'summary') throw new Error(`riskdesk replay --json: no summary line at the end (last: ${lines.at(-1) ?? 'nothing'})`)
  if (summary.heldAt !== null) throw new Error(`riskdesk replay held at action ${summary.heldAt.action} on ${summary.heldAt.date}`)
  if (!summary.audit.ok) throw new Error(`riskdesk replay: the trail does not verify: ${JSON.stringify(summary.audit)}`)
  return { actions: events.filter((e): e is ReplayActionEvent => e.type === 'action'), summary }
}

/** `riskdesk history … --json`: every alert of the filter (the CLI pages through all of them). */
export async function historyJson(args: string[]): Promise<AlertHistoryRowView[]> {
  return (JSON.parse(await cliOut(['history', ...args, '--json'])) as { alerts: AlertHistoryRowView[] }).alerts
}

/**
 * Runs the desk's replay to `date` with the feed bar's Run-to control and waits until the host has paused there. A
 * replay that stops held at a proposal before the date fails at once, naming the action (desk-page.ts's runTo would
 * wait out its timeout on it).
 * @returns the market date the replay paused on
 */
export async function runToDate(page: Page, date: string): Promise<string> {
  await page.fill('[data-testid=feed-run-to-date]', date)
  await page.click('[data-testid=feed-run-to]:not([disabled])')
  await page.waitForFunction(
    (d) => {
      // the state is the badge's data-health; its text for a hold is a sentence ("held at a proposal: ...")
      const health = document.querySelector('[data-testid=feed-health]')?.getAttribute('data-health')
      return health === 'holding' || (health === 'paused' && (document.querySelector('[data-testid=feed-date]')?.textContent?.trim() ?? '') >= d)
    },
    date,
    { timeout: 90_000 },
  )
  const at = (await page.textContent('[data-testid=feed-date]'))!.trim()
  if ((await page.getAttribute('[data-testid=feed-health]', 'data-health')) === 'holding') {
    const pending = await page.getAttribute('[data-testid=action-pending]', 'data-action-id').catch(() => null)
    throw new Error(`the replay is held at a proposal (${pending ?? 'unknown action'}) on ${at}, before ${date}`)
  }
  return at
}

/**
 * Sets the History panel's market-date filter and waits until the panel shows the answer to it: not busy, and every
 * row (at least one) within the dates (what was loaded before, or for the first date alone, has rows outside them).
 */
export async function filterMarketDates(page: Page, from: string, to: string): Promise<void> {
  await page.fill('[data-testid=history-from]', from)
  await page.fill('[data-testid=history-to]', to)
  await page.waitForFunction(
    ([f, t]) => {
      const rows = [...document.querySelectorAll('[data-testid=history-row]')]
      const panel = document.querySelector('[data-testid=history-panel]')
      return panel?.getAttribute('data-busy') === 'false' && rows.length > 0 && rows.every((r) => (r.getAttribute('data-market-date') ?? '') >= f! && (r.getAttribute('data-market-date') ?? '') <= t!)
    },
    [from, to],
  )
}

/** Clicks "More" until the panel holds every row of its filter (it loads 200 at a time). */
export async function loadEveryPage(page: Page): Promise<void> {
  while ((await page.locator('[data-testid=history-more]').count()) > 0) {
    const before = await page.locator('[data-testid=history-row]').count()
    await page.click('[data-testid=history-more]')
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=history-row]').length > n || !document.querySelector('[data-testid=history-more]'), before)
  }
}

/** The History tab's drill-down of one alert, as the page shows it. */
export interface HistoryDetail {
  readonly text: string
  readonly overrideReasons: string[]
  /** per action: its whole text (id, state, legs, VaR, steps) and one line per lifecycle step (decision) */
  readonly actions: { readonly text: string; readonly steps: string[] }[]
  readonly escalations: string[]
}

/**
 * Clicks the row `rowSelector` and waits for the detail of alert `alertId` (of `workstation`, desk-wide), then reads it.
 */
export async function drillInto(page: Page, rowSelector: string, alertId: string, workstation?: string): Promise<HistoryDetail> {
  await page.click(rowSelector)
  const detail = `[data-testid=history-detail][data-alert-id="${alertId}"]${workstation === undefined ? '' : `[data-workstation="${workstation}"]`}`
  await page.waitForSelector(detail)
  return page.$eval(detail, (el) => ({
    text: el.textContent ?? '',
    overrideReasons: [...el.querySelectorAll('[data-testid=history-override-reason]')].map((e) => e.textContent?.trim() ?? ''),
    actions: [...el.querySelectorAll('[data-testid=history-action]')].map((a) => ({
      text: a.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      steps: [...a.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    })),
    escalations: [...el.querySelectorAll('[data-testid=history-escalation]')].map((e) => e.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
  }))
}
