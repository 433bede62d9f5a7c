import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import { AlertHistory, type AlertHistoryRow } from '../../../src-main/audit/alert-history'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { readInstallation } from '../../../src-main/audit/installation'
import { allPgAlertHistory, queryPgAlertHistory, type PgAlertHistoryRow } from '../../../src-main/replication/pg-alert-history'
import { openPgHistoryReader } from '../../../src-main/replication/pg-history-reader'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { deskRestartTrail, REASONS } from '../audit/desk-restart-trail'
import { crashSession, LifecycleTrail, restartTrail } from '../audit/lifecycle-trail'
import { cli } from '../cli/cli-harness'
import { addDeskHead, addWorkstation, connect, migrateServer } from './replication-fixtures'

/** The local history of one database: the reference the desk-wide history must reproduce. */
function localHistory(file: string): AlertHistoryRow[] {
  const db = openDatabase(file, { readonly: true, integrityCheck: 'none' })
  try {
    return [...new AlertHistory(db).all()]
  } finally {
    closeDatabase(db)
  }
}

const strip = (r: PgAlertHistoryRow): AlertHistoryRow => {
  const { installationId: _i, workstation: _w, ...rest } = r
  return rest
}

/**
 * Two workstations' trails of lifecycle events (tests/main/audit/lifecycle-trail.ts: two sessions each through the
 * 2020 crash weeks, every proposal approved on one, vetoed on the other), written through openDeskAuditLog and
 * replicated by `riskdesk sync`; the desk-wide history must reproduce each local history.
 */
postgres.describe('desk-wide alert history on PostgreSQL (two workstations\' lifecycle trails, real server)', () => {
  let server: PgTestServer
  let dir: string
  let headUrl: string
  const ws: { file: string; id: string; trader: string; url: string }[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-pg-history-'))
    server = await startPostgres()
    await migrateServer(server)
    headUrl = await addDeskHead(server, 'head_history')
    const previousUser = process.env.RISKDESK_USER
    const previousKeys = process.env.RISKDESK_KEY_DIR
    process.env.RISKDESK_KEY_DIR = join(dir, 'keys')
    try {
      for (const [trader, decide, reason] of [
        ['alice', 'approve', 'within the plan'],
        ['bob', 'reject', 'hedged elsewhere, desk head informed'],
      ] as const) {
        process.env.RISKDESK_USER = trader
        const file = join(dir, `${trader}.db`)
        const db = openDatabase(file)
        const t = new LifecycleTrail(db, join(dir, 'keys'))
        for (const session of ['1', '2']) crashSession(t, { sessionId: `${trader.padEnd(8, trader)}-${session}000-4000-8000`, trader, decide, reason })
        const id = readInstallation(db)?.id
        closeDatabase(db)
        // the sync command creates the installation id when the desk has not yet
        const login = await addWorkstation(server, `ws_${trader}`, id ?? (await idViaSync(file)))
        const s = await cli('sync', '--db', file, '--pg', login.url)
        expect(s.code, s.stderr).toBe(0)
        ws.push({ file, id: login.installationId, trader, url: login.url })
      }
    } finally {
      if (previousUser === undefined) delete process.env.RISKDESK_USER
      else process.env.RISKDESK_USER = previousUser
      if (previousKeys === undefined) delete process.env.RISKDESK_KEY_DIR
      else process.env.RISKDESK_KEY_DIR = previousKeys
    }
  }, 300_000)
  afterAll(() => {
    server?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  async function idViaSync(file: string): Promise<string> {
    const db = openDatabase(file)
    try {
      const { installationIdentity } = await import('../../../src-main/audit/installation')
      return installationIdentity(db, { keyDir: join(dir, 'keys') }).id
    } finally {
      closeDatabase(db)
    }
  }

  postgres.it('each workstation\'s alerts, actions and overrides read from PostgreSQL equal its local history', async () => {
    const c = await connect(headUrl)
    try {
      for (const w of ws) {
        const local = localHistory(w.file)
        expect(local.length).toBeGreaterThan(0)
        const remote: PgAlertHistoryRow[] = []
        for await (const r of allPgAlertHistory(c, { workstation: `ws_${w.trader}` })) remote.push(r)
        expect(remote.every((r) => r.installationId === w.id && r.workstation === `ws_${w.trader}'s desk`)).toBe(true)
        expect(remote.map(strip)).toEqual(local)
      }
    } finally {
      await c.end()
    }
  })

  postgres.it('the desk head sees both traders: filters by trader, overrides and crash-week market dates, paged across workstations', async () => {
    const c = await connect(headUrl)
    try {
      const local = ws.map((w) => localHistory(w.file))
      const all: PgAlertHistoryRow[] = []
      let after: string | undefined
      let pages = 0
      do {
        const page = await queryPgAlertHistory(c, { limit: 7, ...(after === undefined ? {} : { after }) })
        all.push(...page.alerts)
        after = page.next ?? undefined
        pages += 1
      } while (after !== undefined)
      expect(all.length).toBe(local[0]!.length + local[1]!.length)
      expect(pages).toBe(Math.ceil(all.length / 7))
      const order = all.map((r) => `${r.marketDate}|${r.wallTime}|${r.installationId}|${String(r.seq).padStart(10, '0')}`)
      expect(order).toEqual([...order].sort())

      const byBob = await queryPgAlertHistory(c, { actor: 'bob', limit: 1000 })
      expect(byBob.alerts.length).toBe(local[1]!.length)
      expect(byBob.alerts.every((a) => a.actor === 'bob')).toBe(true)

      const overridden = await queryPgAlertHistory(c, { overridden: true, limit: 1000 })
      expect(overridden.alerts.length).toBeGreaterThan(0)
      expect(overridden.alerts.length).toBe(local.flat().filter((a) => a.overrides.length > 0).length)
      for (const a of overridden.alerts) expect(a.overrides.some((o) => o.reason === 'hedged elsewhere, desk head informed' || o.kind === 'limits.changed' || o.kind === 'override.paused')).toBe(true)

      const crash = await queryPgAlertHistory(c, { marketFrom: '2020-03-09', marketTo: '2020-03-13', limit: 1000 })
      const expected = local.flat().filter((a) => a.marketDate !== null && a.marketDate >= '2020-03-09' && a.marketDate <= '2020-03-13')
      expect(crash.alerts.length).toBe(expected.length)
      expect(new Set(crash.alerts.map((a) => a.actor))).toEqual(new Set(expected.map((a) => a.actor)))

      const text = await queryPgAlertHistory(c, { text: 'HEDGED ELSEWHERE', limit: 1000 })
      expect(text.alerts.map((a) => a.installationId).every((id) => id === ws[1]!.id)).toBe(true)
      expect(text.alerts.length).toBeGreaterThan(0)
    } finally {
      await c.end()
    }
  })

  postgres.it('the desk-wide history is the desk head\'s: a workstation login may not read the workstation list', async () => {
    const c = await connect(ws[0]!.url)
    try {
      await expect(queryPgAlertHistory(c, { limit: 10 })).rejects.toThrow(/permission denied for table workstations/)
    } finally {
      await c.end()
    }
  })

  postgres.it('every state filter selects what the local history selects, workstation by workstation', async () => {
    const c = await connect(headUrl)
    try {
      for (const w of ws) {
        for (const state of ['open', 'escalated', 'acknowledged', 'resolved'] as const) {
          const db = openDatabase(w.file, { readonly: true, integrityCheck: 'none' })
          const local = [...new AlertHistory(db).all({ state })].map((a) => a.id)
          closeDatabase(db)
          expect(local.length, `${w.trader} ${state}`).toBeGreaterThan(0)
          const remote: string[] = []
          for await (const r of allPgAlertHistory(c, { state, workstation: w.id })) remote.push(r.id)
          expect(remote, `${w.trader} ${state}`).toEqual(local)
        }
      }
    } finally {
      await c.end()
    }
  })

  postgres.it('riskdesk history --pg prints the desk-wide history; --workstation narrows it', async () => {
    const c = await connect(headUrl)
    const expected: PgAlertHistoryRow[] = []
    for await (const r of allPgAlertHistory(c, { marketFrom: '2020-03-01', marketTo: '2020-03-31' })) expected.push(r)
    await c.end()
    const r = await cli('history', '--pg', headUrl, '--from', '2020-03-01', '--to', '2020-03-31', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).alerts).toEqual(JSON.parse(JSON.stringify(expected)))
    const bob = await cli('history', '--pg', headUrl, '--workstation', 'ws_bob', '--json')
    expect(JSON.parse(bob.stdout).alerts.map((a: PgAlertHistoryRow) => a.installationId)).toEqual(localHistory(ws[1]!.file).map(() => ws[1]!.id))
    const text = await cli('history', '--pg', headUrl, '--overridden')
    expect(text.stdout).toMatch(/alerts? across the desk/)
    expect(text.stdout).toContain("ws_bob's desk")
    expect((await cli('history', '--db', ws[0]!.file, '--pg', headUrl)).stderr).toMatch(/exactly one of --db FILE or --pg URL/)
  })

  postgres.it('the timeline counts what the local timelines count, by final severity; the fold carries overrides with roles', async () => {
    const reader = openPgHistoryReader(headUrl)
    try {
      const local = new Map<string, number>()
      for (const w of ws) {
        const db = openDatabase(w.file, { readonly: true, integrityCheck: 'none' })
        for (const t of new AlertHistory(db).timeline()) local.set(`${t.marketDate} ${t.severity}`, (local.get(`${t.marketDate} ${t.severity}`) ?? 0) + t.count)
        closeDatabase(db)
      }
      const remote = await reader.timeline({})
      expect(new Map(remote.map((t) => [`${t.marketDate} ${t.severity}`, t.count]))).toEqual(local)
      expect(remote.some((t) => t.severity === 'CRITICAL')).toBe(true)
      const bob = await reader.all({ workstation: 'ws_bob', rule: 'var' })
      expect(bob.length).toBe(2)
      for (const a of bob) {
        expect(a).toMatchObject({ severity: 'CRITICAL', raisedSeverity: 'HIGH', state: 'acknowledged', label: 'VaR (historical)' })
        // vetoes on days 2, 4, 6, 8, 10, 12, 14 of the session; the limit change on day 6 (after that day's veto), the
        // desk head's pause on day 9 (lifecycle-trail.ts crashSession)
        const veto = ['action.rejected', null]
        expect(a.overrides.map((o) => [o.kind, o.role])).toEqual([veto, veto, veto, ['limits.changed', null], veto, ['override.paused', 'desk-head'], veto, veto, veto])
      }
    } finally {
      await reader.close()
    }
  })

  postgres.it('refuses malformed filters, naming them', async () => {
    const c = await connect(headUrl)
    try {
      await expect(queryPgAlertHistory(c, { marketFrom: '2020-02-30' })).rejects.toThrow('marketFrom: expected a market date YYYY-MM-DD, got "2020-02-30"')
      await expect(queryPgAlertHistory(c, { after: 'garbage' })).rejects.toThrow(/after: not a history cursor/)
      await expect(queryPgAlertHistory(c, { limit: 0 })).rejects.toThrow(/limit must be an integer/)
    } finally {
      await c.end()
    }
  })
})

/**
 * Desks restarted on their database (tests/main/audit/alert-history-restart.test.ts has the expectations row by row):
 * the hand-written restart trail on one workstation, the real DeskService closed and reopened on another. Each alert's
 * extent (its restored life in the resumed sessions, up to a session that starts its book afresh) is computed within
 * the workstation's chain on the server; rows and filters must equal the local history's.
 */
postgres.describe('desk-wide alert history across desk restarts (real server)', () => {
  let server: PgTestServer
  let dir: string
  let headUrl: string
  const ws: { file: string; role: string; id: string }[] = []
  let deskIds: Awaited<ReturnType<typeof deskRestartTrail>>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-pg-restart-'))
    server = await startPostgres()
    await migrateServer(server)
    headUrl = await addDeskHead(server, 'head_restart')
    const trail = join(dir, 'trail.db')
    const db = openDatabase(trail)
    restartTrail(new LifecycleTrail(db, process.env.RISKDESK_KEY_DIR!))
    closeDatabase(db)
    const desk = join(dir, 'desk.db')
    deskIds = await deskRestartTrail(desk)
    for (const [role, file] of [
      ['ws_trail', trail],
      ['ws_desk', desk],
    ] as const) {
      const local = openDatabase(file)
      const id = readInstallation(local)?.id
      closeDatabase(local)
      const login = await addWorkstation(server, role, id)
      const r = await cli('sync', '--db', file, '--pg', login.url)
      expect(r.code, r.stderr).toBe(0)
      ws.push({ file, role, id: login.installationId })
    }
  }, 300_000)
  afterAll(() => {
    server?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  postgres.it('each workstation\'s rows equal its local history, restored alerts with their post-restart steps', async () => {
    const c = await connect(headUrl)
    try {
      for (const w of ws) {
        const remote: PgAlertHistoryRow[] = []
        for await (const r of allPgAlertHistory(c, { workstation: w.role })) remote.push(r)
        expect(remote.map(strip)).toEqual(localHistory(w.file))
      }
      const desk = (await queryPgAlertHistory(c, { workstation: 'ws_desk', limit: 1000 })).alerts
      const restored = desk.find((a) => a.id === deskIds.restored)!
      expect(restored).toMatchObject({ state: 'resolved', resolvedDate: '2020-03-18' })
      expect(restored.actions.find((a) => a.id === deskIds.action)).toMatchObject({ state: 'applied', executedDate: '2020-03-16' })
      expect(restored.overrides.filter((o) => o.kind.startsWith('override.')).map((o) => [o.kind, o.actor, o.role, o.reason])).toEqual([
        ['override.killed', 'tester', 'trader', REASONS.kill],
        ['override.rearmed', 'dora', 'desk-head', REASONS.rearm],
      ])
      const before = desk.find((a) => a.id === deskIds.resolvedBefore)!
      expect(before.overrides.map((o) => o.reason)).toEqual([REASONS.widen])
    } finally {
      await c.end()
    }
  })

  postgres.it('filters that read the extent (actor, state, severity, overridden, text) select what the local history selects', async () => {
    const c = await connect(headUrl)
    try {
      const filters = [
        { actor: 'dora' },
        { actor: 'erin' },
        { actor: 'tester' },
        { state: 'resolved' },
        { state: 'open' },
        { state: 'acknowledged' },
        { severity: 'CRITICAL' },
        { overridden: true },
        { text: 'stop all automation' },
        { text: 'after the restart' },
        { text: 'auction' },
        { text: 'limit set after' },
      ] as const
      for (const w of ws) {
        const db = openDatabase(w.file, { readonly: true, integrityCheck: 'none' })
        const history = new AlertHistory(db)
        try {
          for (const q of filters) {
            const remote: string[] = []
            for await (const r of allPgAlertHistory(c, { ...q, workstation: w.role })) remote.push(`${r.id}#${r.seq}`)
            expect(remote, `${w.role} ${JSON.stringify(q)}`).toEqual([...history.all(q)].map((r) => `${r.id}#${r.seq}`))
          }
        } finally {
          closeDatabase(db)
        }
      }
      // the hand-written trail's expectations (alert-history-restart.test.ts), read from the server
      const dora: string[] = []
      for await (const r of allPgAlertHistory(c, { actor: 'dora', workstation: 'ws_trail' })) dora.push(r.id)
      expect(dora).toEqual(['rst1aaaa-A1', 'rst1aaaa-A3'])
    } finally {
      await c.end()
    }
  })
})
