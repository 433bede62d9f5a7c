/** Shared helpers of the audit tests: temp directories, sample events, tampering and query plans. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { AuditEventInput } from '../../../src-main/audit/event-types'

/** A fresh temp directory and a function that removes it (call in afterEach/finally). */
export function makeTempDir(prefix = 'riskdesk-audit-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

const BASE_MS = Date.parse('2026-03-02T09:30:00.000Z')

/** `n` varied events one minute apart from 2026-03-02 09:30 UTC, cycling types, actors and books. */
export function sampleEvents(n: number, startIndex = 0): AuditEventInput[] {
  const types = ['risk.snapshot', 'alert.raised', 'action.proposed', 'limits.changed', 'feed.health']
  const books = ['Macro', 'Equity L/S', null]
  return Array.from({ length: n }, (_, k) => {
    const i = startIndex + k
    return {
      type: types[i % types.length] as string,
      actor: i % 3 === 0 ? 'desk' : 'alice',
      book: books[i % books.length] ?? null,
      ts: new Date(BASE_MS + i * 60_000).toISOString(),
      payload: { i, var99: 1000 + i * 0.5, symbols: ['AAPL', 'MSFT'].slice(0, 1 + (i % 2)), note: i % 4 === 0 ? null : `n${i}` },
    }
  })
}

/** Remove the append-only and chain triggers, as someone editing the file with the sqlite3 shell would. */
export function dropGuards(db: Database): void {
  const triggers = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'trigger'").all()
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`)
}

/** The `detail` lines of EXPLAIN QUERY PLAN for `sql` (bound with `args`). */
export function queryPlan(db: Database, sql: string, ...args: unknown[]): string[] {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...args)
    .map((r) => r.detail)
}
