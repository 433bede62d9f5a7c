import type { Database } from 'better-sqlite3'
import { z } from 'zod'

/**
 * The desk's state that survives a restart, one row per book (issue 8, "State that survives"): the market date the
 * desk had reached, the holdings after applied actions, and the control loop (open alerts, pending actions, paused
 * automation, kill switch, locks). Written in the same transaction as the audit events of the step that changed it;
 * the trail stays the record, this row is only where to resume.
 */
export interface SavedDesk {
  readonly version: 1
  readonly book: string
  /** the last market date applied */
  readonly marketDate: string
  /** the book as held (quantities and costs after trades and splits), as a Book */
  readonly held: unknown
  /** the control loop (desk-control.ts SavedControl) */
  readonly control: unknown
}

const SavedDeskSchema = z.object({ version: z.literal(1), book: z.string(), marketDate: z.string(), held: z.unknown(), control: z.unknown() }).strict()

export class DeskStateStore {
  constructor(private readonly db: Database) {
    db.exec('CREATE TABLE IF NOT EXISTS desk_state (book TEXT PRIMARY KEY, state TEXT NOT NULL, saved_at TEXT NOT NULL)')
  }

  /** @returns the saved state of `book`, or null (none, or a row this version cannot read: it is ignored, not trusted) */
  load(book: string): SavedDesk | null {
    const row = this.db.prepare('SELECT state FROM desk_state WHERE book = ?').get(book) as { state: string } | undefined
    if (!row) return null
    try {
      const parsed = SavedDeskSchema.safeParse(JSON.parse(row.state))
      return parsed.success ? (parsed.data as SavedDesk) : null
    } catch {
      return null
    }
  }

  save(state: SavedDesk): void {
    this.db
      .prepare('INSERT INTO desk_state (book, state, saved_at) VALUES (?, ?, ?) ON CONFLICT(book) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at')
      .run(state.book, JSON.stringify(state), new Date().toISOString())
  }

  clear(book: string): void {
    this.db.prepare('DELETE FROM desk_state WHERE book = ?').run(book)
  }

  /** Runs `fn` in one transaction (the audit events and the state of one step land together or not at all). */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
}
