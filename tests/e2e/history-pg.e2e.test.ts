import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlertHistory, type AlertHistoryRow } from '../../src-main/audit/alert-history'
import { closeDatabase, openDatabase } from '../../src-main/audit/db'
import { installationIdentity } from '../../src-main/audit/installation'
import { postgres, startPostgres, type PgTestServer } from '../helpers/postgres'
import { addDeskHead, addWorkstation, migrateServer } from '../main/replication/replication-fixtures'
import { chromiumAvailable } from './chromium'
import { cliJson, openDeskPage, type DeskPage } from './desk-page'
import { ROOT } from './web-server-process'

/**
 * The desk head's review across workstations end to end: two traders replay the demo desk into their own SQLite
 * trails (alice vetoes every proposed action with a reason, bob approves every one), each `riskdesk sync`s to a real
 * throw-away PostgreSQL under its own workstation role, and `riskdesk web --history-pg <desk-head URL>` opens the
 * History tab in Debian's Chromium. The crash week shows exactly the alerts of both local trails (the reference:
 * each SQLite file's own history, not the server), each with its trader and workstation, and the detail of a vetoed
 * alert shows alice's override reasons, that of an approved one bob's approvals. The head's own desk runs with
 * `--sync-pg` and its top bar shows the sync status caught up.
 * Every step waits on a state of the page, never on elapsed time. Skips with the helper's reason without PostgreSQL.
 */
const BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const REASON_A = 'reason A: hedged with index futures'
const WEEK = ['2020-03-09', '2020-03-13'] as const
const APP_ROOT = process.env.RISKDESK_E2E_ROOT ?? ROOT

interface Trail {
  trader: string
  workstation: string
  rows: AlertHistoryRow[]
}

/** The local history of one trail within the week: the reference the desk-wide view must reproduce. */
function localWeek(file: string): AlertHistoryRow[] {
  const db = openDatabase(file, { readonly: true, integrityCheck: 'none' })
  try {
    return [...new AlertHistory(db).all({ marketFrom: WEEK[0], marketTo: WEEK[1] })]
  } finally {
    closeDatabase(db)
  }
}

postgres.describe('desk-wide history on PostgreSQL in real Chromium against browser mode', () => {
  describe.runIf(chromiumAvailable())('two synced workstations', () => {
    let server: PgTestServer
    let dir: string
    let ui: DeskPage | undefined
    let page: Page
    const trails: Trail[] = []

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-pg-e2e-'))
      const previousUser = process.env.RISKDESK_USER
      process.env.RISKDESK_KEY_DIR ??= join(dir, 'keys')
      server = await startPostgres()
      await migrateServer(server)
      const headUrl = await addDeskHead(server, 'head_e2e')
      try {
        for (const [trader, decision] of [
          ['alice', ['--reject-all', REASON_A]],
          ['bob', ['--approve-all']],
        ] as const) {
          // the CLI records the actor from RISKDESK_USER (src-main/cli/actor.ts)
          process.env.RISKDESK_USER = trader
          const file = join(dir, `${trader}.db`)
          const replay = await cliJson(['replay', '--book', BOOK, '--from', '2020-02-03', '--to', '2020-03-20', '--db', file, ...decision])
          expect(replay.code, replay.err).toBe(0)
          const db = openDatabase(file)
          const id = installationIdentity(db, { keyDir: process.env.RISKDESK_KEY_DIR }).id
          closeDatabase(db)
          const login = await addWorkstation(server, `ws_${trader}`, id)
          const sync = await cliJson(['sync', '--db', file, '--pg', login.url])
          expect(sync.code, sync.err).toBe(0)
          trails.push({ trader, workstation: `ws_${trader}'s desk`, rows: localWeek(file) })
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
      await page.goto(ui!.desk.url)
      await page.waitForSelector('[data-testid=desk][data-loaded=true]')
      // the sync status in the top bar: caught up, with the server's seq and the lag
      const sync = await page.waitForSelector('[data-testid=sync-status][data-state=caught-up]', { timeout: 60_000 })
      expect(Number(await sync.getAttribute('data-seq'))).toBeGreaterThan(0)
      expect(await sync.getAttribute('data-lag')).toMatch(/^\d+$/)
      await page.click('[data-testid=side-tab-history]')
      await page.waitForSelector('[data-testid=history-panel][data-busy=false]')
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
      // every page of the week (the panel loads 200 rows at a time)
      while ((await page.locator('[data-testid=history-more]').count()) > 0) {
        const before = await page.locator('[data-testid=history-row]').count()
        await page.click('[data-testid=history-more]')
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid=history-row]').length > n || !document.querySelector('[data-testid=history-more]'), before)
      }

      const shown = await page.$$eval('[data-testid=history-row]', (rows) =>
        rows.map((r) => ({ key: `${r.getAttribute('data-workstation')}/${r.getAttribute('data-alert-id')}`, trader: r.children[7]?.textContent?.trim() ?? '' })),
      )
      const expected = trails.flatMap((t) => t.rows.map((r) => ({ key: `${t.workstation}/${r.id}`, trader: r.actor })))
      const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
      expect([...shown].sort(byKey)).toEqual([...expected].sort(byKey))
      expect(new Set(shown.map((s) => s.trader))).toEqual(new Set(['alice', 'bob']))

      // alice vetoed: the overrides with her reason
      const alice = trails.find((t) => t.trader === 'alice')!
      const vetoed = alice.rows.find((a) => a.overrides.some((o) => o.kind === 'action.rejected'))
      expect(vetoed, "a vetoed alert in alice's crash week").toBeDefined()
      await page.click(`[data-testid=history-row][data-workstation="${alice.workstation}"][data-seq="${vetoed!.seq}"]`)
      await page.waitForSelector(`[data-testid=history-detail][data-alert-id="${vetoed!.id}"][data-workstation="${alice.workstation}"]`)
      const reasons = await page.$$eval('[data-testid=history-detail] [data-testid=history-override-reason]', (els) => els.map((e) => e.textContent?.trim()))
      expect(reasons).toEqual(vetoed!.overrides.map((o) => o.reason))
      expect(reasons).toContain(REASON_A)

      // bob approved: his decisions on the alert's actions
      const bob = trails.find((t) => t.trader === 'bob')!
      const approved = bob.rows.find((a) => a.actions.some((x) => x.decisions.some((d) => d.decision === 'approved' && d.actor === 'bob')))
      expect(approved, "an approved action in bob's crash week").toBeDefined()
      await page.click(`[data-testid=history-row][data-workstation="${bob.workstation}"][data-seq="${approved!.seq}"]`)
      await page.waitForSelector(`[data-testid=history-detail][data-alert-id="${approved!.id}"][data-workstation="${bob.workstation}"]`)
      expect(await page.textContent('[data-testid=history-detail]')).toContain('approved by bob')

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
      while ((await page.locator('[data-testid=history-more]').count()) > 0) {
        const before = await page.locator('[data-testid=history-row]').count()
        await page.click('[data-testid=history-more]')
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid=history-row]').length > n || !document.querySelector('[data-testid=history-more]'), before)
      }
      const aliceOnly = await page.$$eval('[data-testid=history-row]', (rows) => rows.map((r) => `${r.getAttribute('data-workstation')}/${r.getAttribute('data-alert-id')}`))
      expect(aliceOnly.sort()).toEqual(alice.rows.map((r) => `${alice.workstation}/${r.id}`).sort())
      expect(ui!.pageErrors).toEqual([])
    })
  })
})
