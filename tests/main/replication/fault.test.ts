/**
 * Done-means fault test of issue 11: 20 workstation processes, each with its own SQLite trail of 50,000 events,
 * sync concurrently to one PostgreSQL while random syncers are killed with SIGKILL and restarted, and PostgreSQL is
 * restarted once (immediate mode: a crash, with recovery) mid-run. Afterwards the server must hold exactly the sum
 * of the local events, no duplicates, no conflicts, and every chain must verify: on the server (each row's hash
 * recomputed by riskdesk.event_hash, each prev_hash equal to the previous row's hash) and against the local trails
 * (every server (seq, hash) equals the local one).
 *
 * The trails: two 50,000-event templates written in parallel (one transaction each, real hash chain), copied to 20
 * files that each get their own installation id. Each syncer is a real child process running `runSync` (the code
 * of `riskdesk sync`), bundled from the sources.
 * Randomness (which syncer is killed, when) comes from a seeded generator; correctness never depends on elapsed
 * time: the test waits on state (every syncer exited 0 = caught up, and the server's counts), and timing only
 * paces the faults. RISKDESK_FAULT_WORKSTATIONS / RISKDESK_FAULT_EVENTS shrink it for local experiments.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { installationIdentity } from '../../../src-main/audit/installation'
import { bundleNodeScript, nodePathEnv } from '../../helpers/bundle-node-script'
import { postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'
import { addDeskHead, addWorkstation, connect, migrateServer } from './replication-fixtures'

const WORKSTATIONS = Number(process.env.RISKDESK_FAULT_WORKSTATIONS ?? 20)
const EVENTS = Number(process.env.RISKDESK_FAULT_EVENTS ?? 50_000)
const TOTAL = WORKSTATIONS * EVENTS
const SEED = 11

/** Run a bundled script to completion. */
function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: nodePathEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

interface Station {
  readonly index: number
  readonly file: string
  readonly id: string
  readonly url: string
  child: ChildProcess | null
  done: boolean
  starts: number
  killed: number
}

postgres.describe('fault test: 20 concurrent syncers, SIGKILLs and a PostgreSQL crash (real server, real processes)', () => {
  let server: PgTestServer
  let dir: string
  let worker: string
  let headUrl: string
  const stations: Station[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskdesk-fault-'))
    server = await startPostgres({ settings: { max_connections: '120' } })
    await migrateServer(server)
    headUrl = await addDeskHead(server, 'head_fault')
    worker = await bundleNodeScript('tests/main/replication/fault-sync-worker.ts', join(dir, 'worker'))
    const generator = await bundleNodeScript('tests/main/replication/fault-generate-worker.ts', join(dir, 'generator'))
    const t0 = Date.now()
    // Two templates, one generator process per core, then a copy per workstation with its own installation id: 20
    // distinct trails (the server keys by installation, so equal content in two trails must not collapse either).
    const templates = [0, 1].map((t) => join(dir, `template${t}.db`))
    await Promise.all(
      templates.map(async (file, t) => {
        const r = await run(generator, [file, String(EVENTS), `t${t}`])
        if (r.code !== 0) throw new Error(`generator ${file} failed: ${r.stderr}`)
      }),
    )
    for (let i = 0; i < WORKSTATIONS; i++) {
      const file = join(dir, `ws${i}.db`)
      copyFileSync(templates[i % 2]!, file)
      const db = openDatabase(file, { integrityCheck: 'none' })
      const id = installationIdentity(db, { keyDir: join(dir, 'keys') }).id
      closeDatabase(db)
      const ws = await addWorkstation(server, `ws_fault_${i}`, id)
      stations.push({ index: i, file, id, url: ws.url, child: null, done: false, starts: 0, killed: 0 })
    }
    console.log(`fault test: generated ${WORKSTATIONS} x ${EVENTS} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }, 600_000)

  afterAll(() => {
    for (const s of stations) s.child?.kill('SIGKILL')
    server?.destroy()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  postgres.it(
    'the server ends with exactly the local events, no duplicates, every chain verified',
    async () => {
      // mulberry32: a small seeded generator, enough to pace faults reproducibly.
      let state = SEED >>> 0
      const rand = (n: number): number => {
        state = (state + 0x6d2b79f5) >>> 0
        let t = state
        t = Math.imul(t ^ (t >>> 15), t | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
      }
      let admin = await connect(server.url())
      const serverCount = async (): Promise<number> => Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM riskdesk.events')).rows[0]!.n)
      const exits: string[] = []
      let stopped = false

      const launch = (s: Station): void => {
        s.starts += 1
        const child = spawn(process.execPath, [worker, s.file, s.url], { env: nodePathEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
        s.child = child
        let out = ''
        let err = ''
        child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
        child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
        // a process that cannot be started emits 'error' and no 'exit': count it and try again, never wait on it
        child.on('error', (e) => {
          if (s.child !== child) return
          s.child = null
          exits.push(`ws${s.index}: spawn failed: ${e.message}`)
          if (!stopped) setTimeout(() => launch(s), 100 + rand(200))
        })
        child.on('exit', (code, signal) => {
          s.child = null
          if (code === 0 && JSON.parse(out.trim().split('\n').at(-1) ?? '{}').lag === 0) {
            s.done = true
            return
          }
          exits.push(`ws${s.index}: ${signal ?? `exit ${code}`} ${err.trim().split('\n').at(-1) ?? ''}`)
          // Restart after a short pause (pacing only: while PostgreSQL is down each attempt fails fast).
          if (!stopped) setTimeout(() => launch(s), 100 + rand(200))
        })
      }

      const t0 = Date.now()
      for (const s of stations) launch(s)

      // Faults: a SIGKILL to a random running syncer every 150-450 ms; one immediate restart of PostgreSQL once the
      // server holds between 30 % and 70 % of the events. Both stop when every syncer is done.
      let kills = 0
      let restartedAt: number | null = null
      const allDone = (): boolean => stations.every((s) => s.done)
      while (!allDone()) {
        await new Promise((r) => setTimeout(r, 150 + rand(300)))
        const running = stations.filter((s) => s.child !== null && !s.done)
        if (running.length > 0 && kills < 60) {
          const victim = running[rand(running.length)]!
          if (victim.child?.kill('SIGKILL')) {
            victim.killed += 1
            kills += 1
          }
        }
        if (restartedAt === null) {
          const n = await serverCount().catch(() => -1)
          if (n >= 0.3 * TOTAL) {
            expect(n).toBeLessThan(0.7 * TOTAL) // still mid-run: the crash lands while syncers are writing
            restartedAt = n
            await admin.end().catch(() => {})
            server.restart('immediate')
            admin = await connect(server.url())
          }
        }
        if (Date.now() - t0 > 600_000) break // a hung run fails below with the state, instead of a timeout
      }
      stopped = true
      const seconds = (Date.now() - t0) / 1000
      console.log(
        `fault test: ${TOTAL} events synced in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)} events/s) with ${kills} SIGKILLs, ` +
          `${stations.reduce((a, s) => a + s.starts, 0)} syncer starts, PostgreSQL restarted at ${restartedAt} events; ${exits.length} abnormal exits`,
      )
      expect(stations.filter((s) => !s.done).map((s) => s.index), exits.slice(-5).join('\n')).toEqual([])
      expect(restartedAt).not.toBeNull()
      expect(kills).toBeGreaterThanOrEqual(Math.min(20, WORKSTATIONS))

      const check = await connect(headUrl)
      try {
        // Exactly the sum of the local events; per installation seq 1..EVENTS, each once.
        const counts = await check.query<{ id: string; n: number; distinct_seq: number; max_seq: number; distinct_hash: number }>(
          `SELECT installation_id::text AS id, count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq, max(seq)::int AS max_seq,
                  count(DISTINCT hash)::int AS distinct_hash
           FROM riskdesk.events GROUP BY installation_id ORDER BY 1`,
        )
        expect(counts.rows).toEqual(
          stations
            .map((s) => ({ id: s.id, n: EVENTS, distinct_seq: EVENTS, max_seq: EVENTS, distinct_hash: EVENTS }))
            .sort((a, b) => (a.id < b.id ? -1 : 1)),
        )
        expect(await serverCount()).toBe(TOTAL)
        expect((await check.query('SELECT count(*)::int AS n FROM riskdesk.conflicts')).rows[0]).toEqual({ n: 0 })
        // Every chain verifies on the server: links and recomputed hashes (riskdesk.event_hash = computeEventHash,
        // tests/main/replication/pg-schema.test.ts).
        const broken = await check.query(
          `SELECT installation_id, seq FROM (
             SELECT installation_id, seq, prev_hash, hash,
                    lag(hash, 1, repeat('0', 64)) OVER (PARTITION BY installation_id ORDER BY seq) AS expected_prev,
                    riskdesk.event_hash(seq, ts, type, actor, book, payload_json, prev_hash) AS recomputed
             FROM riskdesk.events) t
           WHERE prev_hash <> expected_prev OR hash <> recomputed LIMIT 5`,
        )
        expect(broken.rows).toEqual([])
        // ... and equals each local trail, seq by seq (compared as one text per trail: fast and exact).
        for (const s of stations) {
          const local = new Database(s.file, { readonly: true })
          const localText = local
            .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq')
            .all()
            .map((r) => `${r.seq} ${r.hash}`)
            .join('\n')
          local.close()
          const remote = await check.query<{ line: string }>("SELECT seq || ' ' || hash AS line FROM riskdesk.events WHERE installation_id = $1 ORDER BY seq", [s.id])
          expect(remote.rows.length).toBe(EVENTS)
          expect(remote.rows.map((r) => r.line).join('\n') === localText, `ws${s.index}: server (seq, hash) differ from the local trail`).toBe(true)
        }
      } finally {
        await check.end()
        await admin.end().catch(() => {})
      }
    },
    900_000,
  )
})
