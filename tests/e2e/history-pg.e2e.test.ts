import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../src-main/audit/db'
import { installationIdentity } from '../../src-main/audit/installation'
import type { AlertHistoryRowView } from '../../src-shared/domain/alert-history-view'
import { postgres, startPostgres, type PgTestServer } from '../helpers/postgres'
import { addDeskHead, addWorkstation, migrateServer } from '../main/replication/replication-fixtures'
import { chromiumAvailable } from './chromium'
import { openDeskPage, type DeskPage } from './desk-page'
import { cliOut, drillInto, filterMarketDates, historyJson, loadEveryPage, replayJson, type ReplayActionEvent } from './history-steps'
import { ROOT } from './web-server-process'

/**
 * The desk head's review across workstations end to end. Two traders replay the demo desk from 2020-02-03 to
 * 2020-03-20 headless into their own SQLite trails (a replay holds at a proposal unless told how to decide): alice
 * with `--reject-all REASON` (every proposal on her VaR alert rejected, each rejection an override with the reason),
 * bob with `--approve-all` (his proposals approved and applied). Each `riskdesk sync`s to a real throw-away PostgreSQL
 * under its own workstation role, and `riskdesk web --history-pg <desk-head URL>` opens the History tab in Debian's
 * Chromium. Filtered by market date to the week the crash began (2020-02-24 to 02-28, where the VaR alert is raised
 * and from which it stays live through March), the panel shows exactly the alerts of both local trails (the
 * reference: each SQLite file's `riskdesk history --json`, not the server), each with its trader and workstation, in
 * the order of the desk head's `riskdesk history --pg --json`. The detail of alice's alert shows each rejected
 * proposal's lifecycle and her override reasons, tied to the rejections of her replay's JSON events; that of bob's
 * shows his approvals and the applications. The workstation filter narrows to alice's alerts. The head's own desk
 * runs with `--sync-pg` and its top bar shows the sync status caught up.
 * Every step waits on a state of the page, never on elapsed time. Skips with the helper's reason without PostgreSQL.
 */
const BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const REASON_A = 'reason A: hedged with index futures'
/** the week the 2020 crash began: the demo desk's VaR alert is raised in it */
const WEEK = ['2020-02-24', '2020-02-28'] as const
const APP_ROOT = process.env.RISKDESK_E2E_ROOT ?? ROOT

interface Trail {
  trader: string
  workstation: string
  /** the trail's own history of the week (`riskdesk history --db --json`): what the desk-wide view must reproduce */
  rows: AlertHistoryRowView[]
  /** the lifecycle action events of its replay (`riskdesk replay --json`) */
  actions: ReplayActionEvent[]
}

/** How the History detail writes one lifecycle step of an action (HistoryPanel.vue). */
const stepLine = (d: AlertHistoryRowView['actions'][number]['decisions'][number]): string =>
  `${d.decision} by ${d.actor} at ${d.wallTime}${d.detail ? ` (${d.detail})` : ''}${d.reason ? `: ${d.reason}` : ''}`

postgres.describe('desk-wide history on PostgreSQL in real Chromium against browser mode', () => {
  describe.runIf(chromiumAvailable())('two synced workstations', () => {
    let server: PgTestServer
    let dir: string
    let headUrl: string
    let ui: DeskPage | undefined
    let page: Page
    const trails: Trail[] = []

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-pg-e2e-'))
      const previousUser = process.env.RISKDESK_USER
      process.env.RISKDESK_KEY_DIR ??= join(dir, 'keys')
      server = await startPostgres()
      await migrateServer(server)
      headUrl = await addDeskHead(server, 'head_e2e')
      try {
        for (const [trader, decision] of [
          ['alice', ['--reject-all', REASON_A]],
          ['bob', ['--approve-all']],
        ] as const) {
          // the CLI records the actor from RISKDESK_USER (src-main/cli/actor.ts)
          process.env.RISKDESK_USER = trader
          const file = join(dir, `${trader}.db`)
          const { actions } = await replayJson(['--book', BOOK, '--from', '2020-02-03', '--to', '2020-03-20', '--db', file, ...decision])
          const db = openDatabase(file)
          const id = installationIdentity(db, { keyDir: process.env.RISKDESK_KEY_DIR }).id
          closeDatabase(db)
          const login = await addWorkstation(server, `ws_${trader}`, id)
          await cliOut(['sync', '--db', file, '--pg', login.url])
          trails.push({ trader, workstation: `ws_${trader}'s desk`, rows: await historyJson(['--db', file, '--from', WEEK[0], '--to', WEEK[1]]), actions })
        }
      } finally {
        if (previousUser === undefined) delete process.env.RISKDESK_USER
        else process.env.RISKDESK_USER = previousUser
      }
      // the desk head's own desk replicates its trail too (--sync-pg, a workstation login): its sync status is shown
      const headDb = join(dir, 'head.db')
      const db = openDatabase(headDb)
      const headId = installationIdentity(db, { keyDir: process.env.RISKDESK_KEY_DIR }).id
      closeDatabase(db)
      const headLogin = await addWorkstation(server, 'ws_head', headId)
      process.env.RISKDESK_USER = 'head'
      try {
        ui = await openDeskPage(['--port', '0', '--db', headDb, '--from', '2020-02-03', '--to', '2020-03-20', '--history-pg', headUrl, '--sync-pg', headLogin.url], APP_ROOT)
      } finally {
        if (previousUser === undefined) delete process.env.RISKDESK_USER
        else process.env.RISKDESK_USER = previousUser
      }
      page = ui.page
    }, 600_000)

    afterAll(async () => {
      await ui?.close()
      server?.destroy()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    it("shows both traders' alerts of the crash week with their workstations, and the overrides with their reasons", async () => {
      for (const t of trails) expect(t.rows.length, `${t.trader} has alerts in the crash week`).toBeGreaterThan(0)
      const alice = trails.find((t) => t.trader === 'alice')!
      const bob = trails.find((t) => t.trader === 'bob')!
      // the replays' own JSON: alice rejected every proposal with her reason, bob approved every one and it was applied
      const aliceProposed = alice.actions.filter((e) => e.change === 'proposed').map((e) => e.action.id)
      const aliceRejected = alice.actions.filter((e) => e.change === 'rejected')
      expect(aliceProposed.length, "proposals in alice's replay").toBeGreaterThan(0)
      expect(aliceRejected.map((e) => e.action.id)).toEqual(aliceProposed)
      for (const e of aliceRejected) expect(e.action.decision).toMatchObject({ actor: 'alice', reason: REASON_A })
      const bobProposed = bob.actions.filter((e) => e.change === 'proposed').map((e) => e.action.id)
      const bobApproved = bob.actions.filter((e) => e.change === 'approved')
      expect(bobProposed.length, "proposals in bob's replay").toBeGreaterThan(0)
      expect(bobApproved.map((e) => e.action.id)).toEqual(bobProposed)
      for (const e of bobApproved) expect(e.action.decision?.actor).toBe('bob')
      expect(bob.actions.filter((e) => e.change === 'applied').map((e) => e.action.id)).toEqual(bobProposed)
      expect(bob.actions.filter((e) => e.change === 'rejected')).toEqual([])

      await page.goto(ui!.desk.url)
      await page.waitForSelector('[data-testid=desk][data-loaded=true]')
      // the sync status in the top bar: caught up, with the server's seq and the lag
      const sync = await page.waitForSelector('[data-testid=sync-status][data-state=caught-up]', { timeout: 60_000 })
      expect(Number(await sync.getAttribute('data-seq'))).toBeGreaterThan(0)
      expect(await sync.getAttribute('data-lag')).toMatch(/^\d+$/)
      await page.click('[data-testid=side-tab-history]')
      await page.waitForSelector('[data-testid=history-panel][data-busy=false]')
      await filterMarketDates(page, WEEK[0], WEEK[1])
      await loadEveryPage(page)

      const shown = await page.$$eval('[data-testid=history-row]', (rows) =>
        rows.map((r) => ({ key: `${r.getAttribute('data-workstation')}/${r.getAttribute('data-alert-id')}`, trader: r.children[7]?.textContent?.trim() ?? '' })),
      )
      const expected = trails.flatMap((t) => t.rows.map((r) => ({ key: `${t.workstation}/${r.id}`, trader: r.actor })))
      const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
      expect([...shown].sort(byKey)).toEqual([...expected].sort(byKey))
      expect(new Set(shown.map((s) => s.trader))).toEqual(new Set(['alice', 'bob']))
      // in the desk head's order: that of `riskdesk history --pg --json` on the same server
      const deskWide = await historyJson(['--pg', headUrl, '--from', WEEK[0], '--to', WEEK[1]])
      expect(shown.map((s) => s.key)).toEqual(deskWide.map((r) => `${r.workstation}/${r.id}`))

      // alice's alert with the rejected proposals: exactly her replay's rejections, each an override with her reason
      const vetoed = alice.rows.find((a) => a.overrides.some((o) => o.kind === 'action.rejected'))
      expect(vetoed, "an alert with a rejected proposal in alice's crash week").toBeDefined()
      const itsRejections = aliceRejected.filter((e) => e.action.alertId === vetoed!.id).map((e) => e.action.id)
      expect(vetoed!.overrides.filter((o) => o.kind === 'action.rejected').map((o) => o.actionId)).toEqual(itsRejections)
      const aliceDetail = await drillInto(page, `[data-testid=history-row][data-workstation="${alice.workstation}"][data-seq="${vetoed!.seq}"]`, vetoed!.id, alice.workstation)
      expect(aliceDetail.overrideReasons).toEqual(vetoed!.overrides.map((o) => o.reason))
      expect(aliceDetail.overrideReasons).toContain(REASON_A)
      expect(aliceDetail.actions.map((a) => a.steps)).toEqual(vetoed!.actions.map((a) => a.decisions.map(stepLine)))
      for (const a of vetoed!.actions) expect(a.decisions.map((d) => [d.decision, d.actor])).toEqual([['proposed', 'desk'], ['rejected', 'alice']])

      // bob's alert with the approved proposals: his approvals, then the applications with the VaR after execution
      const approved = bob.rows.find((a) => a.actions.some((x) => x.decisions.some((d) => d.decision === 'approved' && d.actor === 'bob')))
      expect(approved, "an approved action in bob's crash week").toBeDefined()
      expect(approved!.actions.map((a) => a.id)).toEqual(bobApproved.filter((e) => e.action.alertId === approved!.id).map((e) => e.action.id))
      const bobDetail = await drillInto(page, `[data-testid=history-row][data-workstation="${bob.workstation}"][data-seq="${approved!.seq}"]`, approved!.id, bob.workstation)
      expect(bobDetail.actions.map((a) => a.steps)).toEqual(approved!.actions.map((a) => a.decisions.map(stepLine)))
      for (const a of approved!.actions) {
        expect(a.state).toBe('applied')
        expect(a.decisions.map((d) => d.decision)).toContain('approved')
        expect(a.varAfter).not.toBeNull()
      }
      expect(bobDetail.text).toContain('approved by bob')
      expect(bobDetail.overrideReasons).toEqual(approved!.overrides.map((o) => o.reason))

      // one trader's workstation: the filter lists both, and picking alice's leaves exactly her alerts of the week
      const select = page.locator('[data-testid=history-workstation]')
      expect(await select.isEnabled()).toBe(true)
      expect(await page.locator('[data-testid=history-workstation-note]').count()).toBe(0)
      const names = await select.locator('option').allTextContents()
      for (const t of trails) expect(names).toContain(t.workstation)
      await select.selectOption({ label: alice.workstation })
      await page.waitForFunction(
        ([name, n]) => {
          const rows = [...document.querySelectorAll('[data-testid=history-row]')]
          const panel = document.querySelector('[data-testid=history-panel]')
          return panel?.getAttribute('data-busy') === 'false' && rows.length === n && rows.every((r) => r.getAttribute('data-workstation') === name)
        },
        [alice.workstation, Math.min(alice.rows.length, 200)] as const,
      )
      await loadEveryPage(page)
      const aliceOnly = await page.$$eval('[data-testid=history-row]', (rows) => rows.map((r) => `${r.getAttribute('data-workstation')}/${r.getAttribute('data-alert-id')}`))
      expect(aliceOnly.sort()).toEqual(alice.rows.map((r) => `${alice.workstation}/${r.id}`).sort())
      expect(ui!.pageErrors).toEqual([])
    })
  })
})
