/**
 * A real, throw-away PostgreSQL for tests (never a mock): Debian's server binaries (/usr/lib/postgresql/<v>/bin),
 * `initdb` into a fresh temporary directory and `pg_ctl start` on a free port of 127.0.0.1 only, as an
 * unprivileged user (PostgreSQL refuses to run as root). `stop()` tears it down and deletes the directory; a process
 * exit handler does the same if a test run dies before its afterAll.
 *
 * Unprivileged user: when the tests run as root (CI, these machines), a system user `riskdesk-pg` is created once
 * with `useradd --system` (no home, no shell); if that fails, `nobody` is used. The temporary directory is chowned to
 * that user. Otherwise the server runs as the current user.
 *
 * No test framework here (bench/pg-sync.bench.ts starts one too); the skip/fail gate of the tests is in postgres.ts.
 *
 * Authentication: `scram-sha-256` over TCP for every role (the superuser `riskdesk_admin` gets a random password),
 * so role and password checks in tests are the ones a real deployment has. fsync is off: these clusters never
 * outlive the machine's uptime (a `pg_ctl stop -m immediate` still exercises crash recovery: the WAL is written,
 * only not flushed to the disk).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** Name of the superuser created by initdb. */
export const PG_ADMIN_USER = 'riskdesk_admin'
const RUN_AS = 'riskdesk-pg'

/** The newest /usr/lib/postgresql/<version>/bin holding initdb, pg_ctl and postgres; undefined when none. */
export function findPgBin(): string | undefined {
  const root = process.env.RISKDESK_PG_BIN_ROOT ?? '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  for (const v of versions) {
    const bin = join(root, v, 'bin')
    if (['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(bin, b)))) return bin
  }
  return undefined
}

const PG_BIN = findPgBin()

/** A running test cluster. */
export interface PgTestServer {
  readonly host: '127.0.0.1'
  readonly port: number
  readonly dataDir: string
  /** password of PG_ADMIN_USER. */
  readonly adminPassword: string
  /** `postgres://user:password@127.0.0.1:port/database`, every part URL-encoded. Default: the admin, database `riskdesk`. */
  url(user?: string, password?: string, database?: string): string
  /** Stop (mode `fast`: clean shutdown; `immediate`: like a crash, recovery on the next start) and start again, same port. */
  restart(mode?: 'fast' | 'immediate'): void
  /** Stop only; `start()` brings it back on the same port and data. */
  stop(mode?: 'fast' | 'immediate'): void
  start(): void
  /** Stop the server and delete its directory. Safe to call twice. */
  destroy(): void
  /** The server log so far (for failure messages). */
  log(): string
}

/** uid/gid to run the server as: the current user, or an unprivileged one when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const lookup = (name: string): { uid: number; gid: number } | undefined => {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' })
    const g = spawnSync('id', ['-g', name], { encoding: 'utf8' })
    if (r.status !== 0 || g.status !== 0) return undefined
    return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) }
  }
  let user = lookup(RUN_AS)
  if (user === undefined) {
    // A concurrent test file may create it at the same moment: "already exists" (exit 9) is success too.
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', RUN_AS], { stdio: 'ignore' })
    user = lookup(RUN_AS)
  }
  return user ?? lookup('nobody')
}

/** A TCP port of 127.0.0.1 that was free a moment ago (the kernel's choice). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

const live = new Set<PgTestServer>()
let exitHookInstalled = false

/**
 * initdb + pg_ctl start a fresh cluster with a database `riskdesk` (UTF8, C collation).
 *
 * @param opts.settings - extra `postgresql.conf` settings (name -> value), e.g. `{ max_connections: '200' }`.
 * @returns the running server; call `destroy()` in afterAll.
 * @throws Error with the tail of the initdb/pg_ctl output when the binaries are missing or the server does not start.
 */
export async function startPostgres(opts: { settings?: Record<string, string> } = {}): Promise<PgTestServer> {
  if (PG_BIN === undefined) throw new Error(postgresMissingReason())
  const bin = PG_BIN
  const user = serverUser()
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-pg-'))
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'server.log')
  const adminPassword = randomBytes(18).toString('base64url')
  const pwFile = join(dir, 'pw')
  writeFileSync(pwFile, `${adminPassword}\n`, { mode: 0o600 })
  if (user !== undefined) {
    chownSync(dir, user.uid, user.gid)
    chownSync(pwFile, user.uid, user.gid)
  }
  const asUser = { ...(user ?? {}), cwd: dir, encoding: 'utf8' as const, env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } }
  const run = (file: string, args: string[]): void => {
    const r = spawnSync(join(bin, file), args, { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] })
    if (r.status !== 0) {
      const tail = `${r.stdout ?? ''}${r.stderr ?? ''}${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`.trim().split('\n').slice(-15).join('\n')
      throw new Error(`${file} ${args.join(' ')} failed (exit ${r.status ?? r.signal ?? r.error?.message}):\n${tail}`)
    }
  }
  run('initdb', ['-D', dataDir, '-U', PG_ADMIN_USER, '--pwfile', pwFile, '-E', 'UTF8', '--locale=C', '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-N'])
  rmSync(pwFile)

  let port = 0
  const conf = (p: number): string =>
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${p}`,
      `unix_socket_directories = '${dir}'`,
      `fsync = off`,
      `full_page_writes = off`,
      `max_connections = 100`,
      `log_min_messages = warning`,
      ...Object.entries(opts.settings ?? {}).map(([k, v]) => `${k} = ${v}`),
    ].join('\n')
  const start = (): void => run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '120', 'start'])
  const stop = (mode: 'fast' | 'immediate' = 'fast'): void => run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '120', 'stop'])

  // The port was free a moment ago; another process may take it before the postmaster binds. Retry with a new one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    writeFileSync(join(dataDir, 'postgresql.auto.conf'), `${conf(port)}\n`)
    try {
      start()
      break
    } catch (err) {
      if (attempt >= 3) {
        rmSync(dir, { recursive: true, force: true })
        throw err
      }
    }
  }

  let destroyed = false
  const server: PgTestServer = {
    host: '127.0.0.1',
    port,
    dataDir,
    adminPassword,
    url: (u = PG_ADMIN_USER, pw = adminPassword, db = 'riskdesk') =>
      `postgres://${encodeURIComponent(u)}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${encodeURIComponent(db)}`,
    restart(mode = 'fast') {
      stop(mode)
      start()
    },
    stop,
    start,
    destroy() {
      if (destroyed) return
      destroyed = true
      live.delete(server)
      spawnSync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], { ...asUser, stdio: 'ignore' })
      rmSync(dir, { recursive: true, force: true })
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  }
  live.add(server)
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const s of [...live]) s.destroy()
    })
  }
  // The database the schema goes into; the admin connects to `postgres` for this one statement.
  const admin = new pg.Client({ connectionString: server.url(PG_ADMIN_USER, adminPassword, 'postgres') })
  try {
    await admin.connect()
    await admin.query("CREATE DATABASE riskdesk TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
  } catch (err) {
    server.destroy()
    throw err
  } finally {
    await admin.end().catch(() => {})
  }
  return server
}

/** One line saying why PostgreSQL cannot be started here ('' when it can). */
export function postgresMissingReason(): string {
  return PG_BIN === undefined
    ? 'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)'
    : ''
}

/** True when the PostgreSQL binaries are present. */
export const POSTGRES_AVAILABLE = PG_BIN !== undefined
