/**
 * The History tab's workstation filter on the host side: validated by the contract's zod schema like every request,
 * refused with a plain reason by a desk that reads its own trail (one workstation), and on the desk's PostgreSQL
 * (`--history-pg`) `history:source` lists the registered workstations and the filter, bound as a parameter, keeps one
 * workstation's alerts (by installation id, login role or label).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeSchemas } from '@shared/api/contract'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import { historyHandlers, LOCAL_WORKSTATION_REFUSAL } from '../../../src-main/host/handlers/history-handlers'
import { openPgHistoryReader, type PgHistoryReader } from '../../../src-main/replication/pg-history-reader'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { addDeskHead, addWorkstation, connect, insertRows, makeChain, migrateServer } from '../replication/replication-fixtures'

type Ctx = Parameters<typeof historyHandlers>[0]
/** The handlers as the desk service builds them; rows pass unchecked (the row shape is not what is tested here). */
function handlersOn(db: ReturnType<typeof openDatabase>, historyPg: PgHistoryReader | null): ReturnType<typeof historyHandlers> {
  return historyHandlers({ db, audit: new AuditLog(db), historyPg, checked: (_c: unknown, v: unknown) => v } as unknown as Ctx)
}

describe('workstation filter: the request schema', () => {
  it('accepts a workstation (trimmed) on query, timeline and export, and refuses an empty, too long or non-text one', () => {
    for (const channel of ['history:query', 'history:timeline', 'history:exportXlsx'] as const) {
      const req = invokeSchemas[channel].req
      expect(req.parse({ workstation: '  ws_alice ' })).toEqual({ workstation: 'ws_alice' })
      for (const bad of ['', '   ', 'x'.repeat(201), 7, null]) expect(req.safeParse({ workstation: bad }).success, `${channel} ${JSON.stringify(bad)}`).toBe(false)
    }
    expect(invokeSchemas['history:source'].req.safeParse({ workstation: 'x' }).success).toBe(false)
  })
})

describe('workstation filter: a desk reading its own trail', () => {
  let dir: string
  let db: ReturnType<typeof openDatabase>
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-ws-'))
    db = openDatabase(join(dir, 'desk.db'))
  })
  afterAll(() => {
    closeDatabase(db)
    rmSync(dir, { recursive: true, force: true })
  })

  it('says the history is local and refuses a workstation filter with the reason, on every channel that filters', async () => {
    const h = handlersOn(db, null)
    expect(await h['history:source']({}, 'head')).toEqual({ deskWide: false, workstations: [] })
    expect(() => h['history:query']({ workstation: 'ws_alice' }, 'head')).toThrow(LOCAL_WORKSTATION_REFUSAL)
    expect(() => h['history:timeline']({ workstation: 'ws_alice' }, 'head')).toThrow(LOCAL_WORKSTATION_REFUSAL)
    await expect(h['history:exportXlsx']({ workstation: 'ws_alice' }, 'head')).rejects.toThrow(LOCAL_WORKSTATION_REFUSAL)
    expect(LOCAL_WORKSTATION_REFUSAL).toMatch(/--history-pg/)
    // without the filter the local history answers as before
    expect(await h['history:query']({}, 'head')).toMatchObject({ alerts: [], next: null })
  })
})

postgres.describe('workstation filter: the desk-wide history on PostgreSQL (real server)', () => {
  let server: PgTestServer
  let dir: string
  let db: ReturnType<typeof openDatabase>
  let reader: PgHistoryReader
  const ws: { installationId: string; role: string }[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-history-ws-pg-'))
    db = openDatabase(join(dir, 'head.db'))
    server = await startPostgres()
    await migrateServer(server)
    for (const [role, n] of [['ws_bob', 90], ['ws_alice', 60]] as const) {
      const login = await addWorkstation(server, role)
      const c = await connect(login.url)
      try {
        expect(await insertRows(c, login.installationId, makeChain(n, { salt: role }))).toBe(n)
      } finally {
        await c.end()
      }
      ws.push({ installationId: login.installationId, role })
    }
    reader = openPgHistoryReader(await addDeskHead(server, 'head_ws'))
  }, 120_000)

  afterAll(async () => {
    await reader?.close()
    server?.destroy()
    if (db) closeDatabase(db)
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  postgres.it('history:source lists every registered workstation by name, with its installation id', async () => {
    const h = handlersOn(db, reader)
    const source = await h['history:source']({}, 'head')
    expect(invokeSchemas['history:source'].res.parse(source)).toEqual({
      deskWide: true,
      workstations: [...ws].sort((a, b) => a.role.localeCompare(b.role)).map((w) => ({ installationId: w.installationId, name: `${w.role}'s desk` })),
    })
  })

  postgres.it("keeps one workstation's alerts, picked by installation id, login role or label; a hostile value is only a value", async () => {
    const h = handlersOn(db, reader)
    type Page = { alerts: { workstation?: string; seq: number }[]; next: string | null }
    const all = (await h['history:query']({ limit: 1000 }, 'head')) as Page
    expect(new Set(all.alerts.map((a) => a.workstation))).toEqual(new Set(["ws_alice's desk", "ws_bob's desk"]))
    for (const w of ws) {
      const expected = all.alerts.filter((a) => a.workstation === `${w.role}'s desk`)
      expect(expected.length).toBe(w.role === 'ws_bob' ? 30 : 20)
      for (const pick of [w.installationId, w.role, `${w.role}'s desk`]) {
        const page = (await h['history:query']({ workstation: pick, limit: 1000 }, 'head')) as Page
        expect(page.alerts, pick).toEqual(expected)
        const days = await h['history:timeline']({ workstation: pick }, 'head')
        expect(days.reduce((s, d) => s + d.count, 0)).toBe(expected.length)
      }
    }
    for (const hostile of ["x' OR '1'='1", 'ws_alice; DROP TABLE riskdesk.events', '%']) {
      expect(((await h['history:query']({ workstation: hostile, limit: 1000 }, 'head')) as Page).alerts).toEqual([])
    }
    expect(((await h['history:query']({ limit: 1000 }, 'head')) as Page).alerts.length).toBe(50)
  })
})
