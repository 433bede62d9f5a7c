import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { historicalScenario } from '../../src-main/stress/scenario-library'
import { chromiumAvailable } from './chromium'
import { cliJson, openDeskPage, type DeskPage } from './desk-page'
import { ROOT } from './web-server-process'

/**
 * The Stress Lab end to end: `riskdesk web` in its own process on the demo desk, the built renderer in Debian's
 * Chromium. The Stress tab runs three library scenarios on the live book (before the replay starts, so at the last
 * market date before it), shows one row per scenario with a non-zero P&L and paints both charts, and exports the HTML
 * report, which names every scenario. The same scenarios on the saved demo book give the figures of
 * `riskdesk stress --json` for that book file and date. Every step waits on a state of the page (the panel not busy,
 * rows present, a download), never on elapsed time. RISKDESK_E2E_ROOT points at another build (default: out/).
 */
const ARTIFACTS = join(ROOT, 'test-results', 'e2e')
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-stress-e2e-'))
const db = join(dir, 'stress.db')
const BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const APP_ROOT = process.env.RISKDESK_E2E_ROOT ?? ROOT
const SCENARIOS = ['black-monday-1987', 'lehman-2008', 'covid-2020'] as const

interface CliScenario {
  id: string
  pnl: number
  pnlPct: number | null
  maxDrawdown: number | null
}

/** Painted (non-transparent) pixels of the canvas under `selector`. */
async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`${sel} canvas`)
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    let painted = 0
    for (let k = 3; k < data.length; k += 4) if (data[k]! > 0) painted++
    return painted
  }, selector)
}

/** Clicks Run and waits until the panel is idle with one row per picked scenario (or an error). */
async function runStress(page: Page, count: number): Promise<void> {
  await page.click('[data-testid=stress-run]:not([disabled])')
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid=stress-panel]')?.getAttribute('data-busy') === '' &&
      (document.querySelectorAll('[data-testid=stress-row]').length === n || document.querySelector('[data-testid=stress-error]') !== null),
    count,
    { timeout: 120_000 },
  )
  const error = await page.$('[data-testid=stress-error]')
  if (error) throw new Error(`stress run failed in the page: ${await error.textContent()}`)
}

/** The table as {id: P&L} read from the rows' data attributes. */
async function rowPnl(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid=stress-row]', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-scenario') ?? '', Number(r.getAttribute('data-pnl'))])))
}

const run = chromiumAvailable()

describe.runIf(run)('the Stress Lab in real Chromium against browser mode', () => {
  let ui: DeskPage
  let page: Page

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    ui = await openDeskPage(['--port', '0', '--db', db, '--book', BOOK, '--speed', '5', '--from', '2020-02-03', '--to', '2020-04-30'], APP_ROOT)
    page = ui.page
  })

  afterAll(async () => {
    await ui?.close()
  })

  it('runs three crises on the live book: one row each with a non-zero P&L, both charts painted, the report exported', async () => {
    await page.goto(ui.desk.url)
    await page.waitForSelector('[data-testid=desk][data-loaded=true]')
    await page.click('[data-testid=side-tab-stress]')
    await page.waitForSelector('[data-testid=stress-scenario][data-scenario=covid-2020]')
    for (const id of SCENARIOS) await page.check(`[data-testid=stress-scenario][data-scenario=${id}]`)
    expect(await page.inputValue('[data-testid=stress-book]')).toBe('\u0000live')
    await runStress(page, SCENARIOS.length)

    const pnl = await rowPnl(page)
    expect(Object.keys(pnl).sort()).toEqual([...SCENARIOS].sort())
    for (const id of SCENARIOS) {
      expect(Number.isFinite(pnl[id])).toBe(true)
      expect(pnl[id]).not.toBe(0)
    }
    // before the replay's first frame the desk's as-of is the last market day before 2020-02-03
    expect(await page.textContent('[data-testid=stress-caption]')).toContain('as of 2020-01-31')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=stress-panel] canvas').length >= 2)
    expect(await paintedPixels(page, '[data-testid=stress-bar-chart]')).toBeGreaterThan(100)
    expect(await paintedPixels(page, '[data-testid=stress-path-chart]')).toBeGreaterThan(100)
    await page.locator('[data-testid=stress-panel]').screenshot({ path: join(ARTIFACTS, 'stress-01-run.png') })
    await page.locator('[data-testid=stress-path-chart]').screenshot({ path: join(ARTIFACTS, 'stress-02-path.png') })

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=stress-export]:not([disabled])')])
    expect(download.suggestedFilename()).toMatch(/^stress-.*\.html$/)
    const html = readFileSync(await download.path(), 'utf8')
    expect(html).toMatch(/^<!doctype html>/i)
    for (const id of SCENARIOS) expect(html).toContain(historicalScenario(id)!.name)
    expect(ui.pageErrors).toEqual([])
  })

  it('runs the same scenarios on the saved demo book with the figures of riskdesk stress --json', async () => {
    const saved = await page.$$eval('[data-testid=stress-book] option', (opts) => opts.map((o) => (o as HTMLOptionElement).value))
    const name = saved.find((v) => v !== '\u0000live')
    expect(name, `saved books offered: ${saved.join(', ')}`).toBeDefined()
    await page.selectOption('[data-testid=stress-book]', name!)
    await runStress(page, SCENARIOS.length)
    expect(await page.textContent('[data-testid=stress-caption]')).toBe(`${name} as of 2020-01-31`)
    const pnl = await rowPnl(page)

    const cli = await cliJson(['stress', '--book', BOOK, '--asof', '2020-01-31', ...SCENARIOS.flatMap((s) => ['--scenario', s]), '--json'])
    expect(cli.code, cli.err).toBe(0)
    const ref = (JSON.parse(cli.out) as { scenarios: CliScenario[] }).scenarios
    expect(ref.map((s) => s.id)).toEqual([...SCENARIOS])
    // the data attribute carries the number as JavaScript prints it, so equality is exact
    for (const s of ref) expect(pnl[s.id]).toBe(s.pnl)
    expect(ui.pageErrors).toEqual([])
  })
})
