/**
 * Connecting to the desk's PostgreSQL with node-postgres (`pg`).
 *
 * TLS: whatever the URL asks for is passed through to `pg` unchanged (`?sslmode=require`, `verify-ca`,
 * `verify-full`, `sslrootcert=...`, see docs/DEPLOYMENT.md). Note that pg 8 treats `sslmode=require`, `prefer` and
 * `verify-ca` like `verify-full` (the server certificate must be valid for the host name) unless the URL also says
 * `uselibpqcompat=true`; `sslmode=disable` or no sslmode means plain TCP.
 *
 * Passwords: a URL without a password is completed by `pg` from PGPASSWORD or ~/.pgpass, which keeps the password
 * out of the process list. Every message this module builds shows the URL with its password masked.
 */
import pg from 'pg'

/** `postgres://user:***@host:port/db?...`: the URL with any password replaced, for messages and logs. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***')
    return u.toString()
  } catch {
    return '(unparseable PostgreSQL URL)'
  }
}

/** Options of `connectPg`. */
export interface ConnectPgOptions {
  /** shown in pg_stat_activity; default `riskdesk`. */
  readonly applicationName?: string
  /** ms before a connection attempt fails; default 10 000. */
  readonly connectTimeoutMs?: number
  /** ms after which the server cancels one statement; default 120 000. */
  readonly statementTimeoutMs?: number
}

/**
 * Open one connection.
 *
 * @param url - `postgres://user[:password]@host[:port]/database[?sslmode=...]`.
 * @returns a connected client. A connection lost later (server restart, network) does not crash the process: the
 *   client's 'error' event is handled here and the next query on it fails, which callers treat as "reconnect".
 * @throws Error `cannot connect to PostgreSQL at <redacted url>: <reason>` (the pg error as `cause`).
 */
export async function connectPg(url: string, opts: ConnectPgOptions = {}): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    application_name: opts.applicationName ?? 'riskdesk',
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    statement_timeout: opts.statementTimeoutMs ?? 120_000,
  })
  client.on('error', () => {
    // Reported by the next query on this client (it then rejects); nothing else to do here.
  })
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => {})
    throw new Error(`cannot connect to PostgreSQL at ${redactPgUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  return client
}

/** The SQLSTATE of a PostgreSQL error (pg's DatabaseError.code), or undefined for other errors. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}
