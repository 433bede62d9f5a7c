/**
 * Saved books in the `books` table: a small typed repository (no ORM), prepared statements created once.
 *
 * Positions and limits are stored as canonical JSON (canonical-json.ts), so the same book always produces the same
 * text, which a `book.saved` / `limits.changed` audit event can carry or hash. Rows are validated when read back,
 * so a hand-edited database yields a clear error instead of a malformed book reaching the risk engine.
 *
 * To record the matching audit event atomically, wrap both calls in one transaction:
 * `db.transaction(() => { books.create(b); log.append({ type: 'book.saved', ... }) })()` (better-sqlite3 nests the
 * inner transactions as savepoints).
 */
import type { Database, Statement } from 'better-sqlite3'
import { z } from 'zod'
import { ASSET_CLASSES, OPTION_TYPES, type Position } from '@shared/domain/book'
import { LimitsSchema, type Limits } from '@shared/domain/limits'
import { canonicalJson } from './canonical-json'

/** A book as saved. Times are audit timestamps (UTC, ms). */
export interface SavedBook {
  readonly id: number
  readonly name: string
  /** the file the book was imported from (path as the user chose it). */
  readonly sourceFile: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly positions: readonly Position[]
  /** the book's limits, or null when none were saved. */
  readonly limits: Limits | null
}

/** A row of the book list (no positions). */
export interface SavedBookSummary {
  readonly id: number
  readonly name: string
  readonly sourceFile: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly positionCount: number
}

/** What `create` needs. */
export interface NewBook {
  readonly name: string
  readonly sourceFile: string
  readonly positions: readonly Position[]
  readonly limits?: Limits | null
}

/** A book store operation failed: `kind` says why, `book` names the book. */
export class BookStoreError extends Error {
  override readonly name = 'BookStoreError'
  constructor(
    readonly kind: 'exists' | 'not-found' | 'invalid-row' | 'invalid-input',
    readonly book: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

const PositionSchema = z
  .object({
    symbol: z.string().min(1),
    quantity: z.number().finite(),
    cost: z.number().finite().optional(),
    sector: z.string().optional(),
    assetClass: z.enum(ASSET_CLASSES).optional(),
    option: z
      .object({
        underlying: z.string().min(1),
        optionType: z.enum(OPTION_TYPES),
        strike: z.number().positive().finite(),
        expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        impliedVol: z.number().positive().finite(),
        rate: z.number().finite(),
        dividendYield: z.number().finite(),
        multiplier: z.number().positive().finite(),
      })
      .strict()
      .optional(),
  })
  .strict()
const PositionsSchema = z.array(PositionSchema)

interface BookRow {
  readonly id: number
  readonly name: string
  readonly source_file: string
  readonly created_at: string
  readonly updated_at: string
  readonly positions_json: string
  readonly limits_json: string | null
}

const BOOK_COLUMNS = 'id, name, source_file, created_at, updated_at, positions_json, limits_json'

/** Typed access to the `books` table. */
export class BooksRepository {
  private readonly now: () => Date
  private readonly insertStmt: Statement<[string, string, string, string, string, string | null], unknown>
  private readonly updateStmt: Statement<[string, string, string | null, string, string], unknown>
  private readonly byName: Statement<[string], BookRow>
  private readonly listStmt: Statement<[], SavedBookSummary>
  private readonly deleteStmt: Statement<[string], unknown>

  /**
   * @param db - a connection from `openDatabase` (migrated).
   * @param opts - `now` for created/updated times (default the wall clock).
   */
  constructor(
    readonly db: Database,
    opts: { readonly now?: () => Date } = {},
  ) {
    this.now = opts.now ?? (() => new Date())
    this.insertStmt = db.prepare(
      'INSERT INTO books (name, source_file, created_at, updated_at, positions_json, limits_json) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.updateStmt = db.prepare('UPDATE books SET source_file = ?, positions_json = ?, limits_json = ?, updated_at = ? WHERE name = ?')
    this.byName = db.prepare<[string], BookRow>(`SELECT ${BOOK_COLUMNS} FROM books WHERE name = ?`)
    this.listStmt = db.prepare<[], SavedBookSummary>(
      `SELECT id, name, source_file AS sourceFile, created_at AS createdAt, updated_at AS updatedAt,
              json_array_length(positions_json) AS positionCount
         FROM books ORDER BY name`,
    )
    this.deleteStmt = db.prepare('DELETE FROM books WHERE name = ?')
  }

  /**
   * Save a new book.
   *
   * @param book - name (non-empty, unique), source file, positions, optional limits.
   * @returns the saved book as read back.
   * @throws BookStoreError `exists` when a book of that name is saved already; `invalid-input` when positions or
   *   limits do not validate (PositionSchema / LimitsSchema).
   */
  create(book: NewBook): SavedBook {
    const { positionsJson, limitsJson } = this.serialise(book.name, book.positions, book.limits ?? null)
    const ts = this.now().toISOString()
    try {
      this.insertStmt.run(book.name, book.sourceFile, ts, ts, positionsJson, limitsJson)
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new BookStoreError('exists', book.name, `book ${JSON.stringify(book.name)} is already saved`, { cause: err })
      }
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_CHECK') {
        throw new BookStoreError('invalid-input', book.name, `book name must be non-empty`, { cause: err })
      }
      throw err
    }
    return this.require(book.name)
  }

  /**
   * Replace a saved book's positions, limits and source file (the name and creation time stay).
   *
   * @param name - the saved book.
   * @param change - the new values; omitted fields keep their saved value.
   * @returns the updated book.
   * @throws BookStoreError `not-found` when no book has that name; `invalid-input` as in `create`.
   */
  update(name: string, change: { readonly sourceFile?: string; readonly positions?: readonly Position[]; readonly limits?: Limits | null }): SavedBook {
    return this.db.transaction(() => {
      const current = this.require(name)
      const { positionsJson, limitsJson } = this.serialise(
        name,
        change.positions ?? current.positions,
        change.limits === undefined ? current.limits : change.limits,
      )
      this.updateStmt.run(change.sourceFile ?? current.sourceFile, positionsJson, limitsJson, this.now().toISOString(), name)
      return this.require(name)
    }).immediate()
  }

  /**
   * @param name - the saved book.
   * @returns the book, or undefined when none has that name.
   * @throws BookStoreError `invalid-row` when the stored JSON does not validate (edited outside RiskDesk).
   */
  get(name: string): SavedBook | undefined {
    const row = this.byName.get(name)
    return row === undefined ? undefined : toSavedBook(row)
  }

  /** Every saved book, by name, without positions. */
  list(): SavedBookSummary[] {
    return this.listStmt.all()
  }

  /**
   * Delete a saved book.
   *
   * @param name - the saved book.
   * @returns true when a book was deleted, false when none had that name.
   */
  remove(name: string): boolean {
    return this.deleteStmt.run(name).changes > 0
  }

  private require(name: string): SavedBook {
    const book = this.get(name)
    if (book === undefined) throw new BookStoreError('not-found', name, `no saved book named ${JSON.stringify(name)}`)
    return book
  }

  private serialise(name: string, positions: readonly Position[], limits: Limits | null): { positionsJson: string; limitsJson: string | null } {
    const p = PositionsSchema.safeParse(positions)
    if (!p.success) throw new BookStoreError('invalid-input', name, `book ${JSON.stringify(name)}: positions: ${z.prettifyError(p.error)}`)
    // Optional fields given as `undefined` are dropped: canonical JSON has no undefined, and absent means the same.
    const positionsJson = canonicalJson(p.data.map(withoutUndefined))
    if (limits === null) return { positionsJson, limitsJson: null }
    const l = LimitsSchema.safeParse(limits)
    if (!l.success) throw new BookStoreError('invalid-input', name, `book ${JSON.stringify(name)}: limits: ${z.prettifyError(l.error)}`)
    return { positionsJson, limitsJson: canonicalJson(withoutUndefined(l.data)) }
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

function toSavedBook(row: BookRow): SavedBook {
  const parse = <T>(column: string, text: string, schema: z.ZodType<T>): T => {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (err) {
      throw new BookStoreError('invalid-row', row.name, `books row ${row.id} (${row.name}): ${column} is not JSON`, { cause: err })
    }
    const r = schema.safeParse(value)
    if (!r.success) throw new BookStoreError('invalid-row', row.name, `books row ${row.id} (${row.name}): ${column}: ${z.prettifyError(r.error)}`)
    return r.data
  }
  return {
    id: row.id,
    name: row.name,
    sourceFile: row.source_file,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    positions: parse('positions_json', row.positions_json, PositionsSchema),
    limits: row.limits_json === null ? null : parse('limits_json', row.limits_json, LimitsSchema),
  }
}
