/**
 * The desk-wide history (pg-alert-history.ts) behind one small pool of connections, for the desk's History tab when
 * browser mode runs with `--history-pg URL` (the desk head's login). Connections are opened on first use, so a desk
 * starts while the server is down; a lost connection is dropped by the pool and the next request reconnects.
 */
import pg from 'pg'
import { allPgAlertHistory, buildPgAlertHistorySql, queryPgAlertHistory, type PgAlertHistoryPage, type PgAlertHistoryQuery, type PgAlertHistoryRow } from './pg-alert-history'
import { redactPgUrl } from './pg-connection'

/** What the history handlers read from PostgreSQL. */
export interface PgHistoryReader {
  /** one page, as queryPgAlertHistory */
  query(q: PgAlertHistoryQuery): Promise<PgAlertHistoryPage>
  /** alerts per market day and severity under the same filters, in date then severity order */
  timeline(q: Omit<PgAlertHistoryQuery, 'limit' | 'after'>): Promise<{ marketDate: string; severity: string; count: number }[]>
  /** every matching alert (exports) */
  all(q: Omit<PgAlertHistoryQuery, 'limit' | 'after'>): Promise<PgAlertHistoryRow[]>
  /** the registered workstations (installation id, and the name rows carry: label, else login role), by name */
  workstations(): Promise<{ installationId: string; name: string }[]>
  /** the URL with its password masked */
  readonly where: string
  close(): Promise<void>
}

/**
 * Open a reader on the desk's PostgreSQL (no connection is made until the first request).
 *
 * @param url - `postgres://head@host:port/riskdesk[?sslmode=...]`, a role that reads every workstation's rows.
 * @returns the reader; its requests reject with `PostgreSQL at <redacted url>: <reason>` when the server cannot be
 *   read, and with RangeError for a malformed filter (as pg-alert-history).
 */
export function openPgHistoryReader(url: string): PgHistoryReader {
  const where = redactPgUrl(url)
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'riskdesk-history', connectionTimeoutMillis: 10_000, statement_timeout: 60_000, idleTimeoutMillis: 30_000 })
  pool.on('error', () => {
    // an idle connection lost (server restart): the pool drops it and the next request opens a new one
  })
  const withClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient
    try {
      client = await pool.connect()
    } catch (e) {
      throw new Error(`PostgreSQL at ${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    }
    try {
      return await fn(client)
    } catch (e) {
      if (e instanceof RangeError) throw e
      throw new Error(`PostgreSQL at ${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    } finally {
      client.release()
    }
  }
  return {
    where,
    query: (q) => withClient((c) => queryPgAlertHistory(c, q)),
    timeline: (q) =>
      withClient(async (c) => {
        const built = buildPgAlertHistorySql({ ...q, limit: 1 })
        // the page query without its ORDER BY and LIMIT, grouped: same filters as the pages
        const inner = built.sql.slice(0, built.sql.lastIndexOf('\nORDER BY'))
        // severity: the alert's at the end of its history (after escalations), as the rows and the filter have it
        const sql = `SELECT x.market_date AS "marketDate", x.severity, count(*)::int AS count FROM (${inner}) x GROUP BY 1, 2 ORDER BY 1, 2`
        return (await c.query<{ marketDate: string; severity: string; count: number }>(sql, built.args.slice(0, -1))).rows
      }),
    all: (q) =>
      withClient(async (c) => {
        const rows: PgAlertHistoryRow[] = []
        for await (const r of allPgAlertHistory(c, q)) rows.push(r)
        return rows
      }),
    workstations: () =>
      withClient(
        async (c) =>
          (
            await c.query<{ installationId: string; name: string }>(
              `SELECT installation_id::text AS "installationId", coalesce(label, role_name::text) AS name FROM riskdesk.workstations ORDER BY 2, 1`,
            )
          ).rows,
      ),
    close: () => pool.end(),
  }
}
