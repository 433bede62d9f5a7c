import pg from 'pg'
import { afterAll, beforeAll, expect } from 'vitest'
import { PG_ADMIN_USER, postgres, startPostgres, type PgTestServer } from '../../helpers/postgres'

postgres.describe('the throw-away PostgreSQL of the tests', () => {
  let server: PgTestServer
  beforeAll(async () => {
    server = await startPostgres()
  })
  afterAll(() => server?.destroy())

  postgres.it('listens on 127.0.0.1 only, runs unprivileged, and needs the password', async () => {
    const c = new pg.Client({ connectionString: server.url() })
    await c.connect()
    const r = await c.query<{ addr: string; enc: string; user: string }>(
      "SELECT current_setting('listen_addresses') AS addr, pg_encoding_to_char(encoding) AS enc, current_user AS user FROM pg_database WHERE datname = current_database()",
    )
    expect(r.rows[0]).toEqual({ addr: '127.0.0.1', enc: 'UTF8', user: PG_ADMIN_USER })
    await c.end()
    const bad = new pg.Client({ connectionString: server.url(PG_ADMIN_USER, 'wrong') })
    await expect(bad.connect()).rejects.toThrow(/password authentication failed/)
  })

  postgres.it('comes back after an immediate (crash-like) stop with its data', async () => {
    const c = new pg.Client({ connectionString: server.url() })
    await c.connect()
    await c.query('CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)')
    await c.end()
    server.restart('immediate')
    const d = new pg.Client({ connectionString: server.url() })
    await d.connect()
    expect((await d.query('SELECT count(*)::int AS n FROM t')).rows[0]).toEqual({ n: 2 })
    await d.end()
  })
})
