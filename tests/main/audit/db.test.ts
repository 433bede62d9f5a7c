import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, DEFAULT_BUSY_TIMEOUT_MS, openDatabase } from '../../../src-main/audit/db'
import { AuditDbError } from '../../../src-main/audit/errors'
import { AuditLog } from '../../../src-main/audit/event-log'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, RISKDESK_APPLICATION_ID } from '../../../src-main/audit/migrations'
import { makeTempDir, sampleEvents } from './audit-test-helpers'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = makeTempDir())
})
afterEach(() => cleanup())

/** A closed RiskDesk database file with `n` events (the WAL checkpointed into the main file by the close). */
function makeDbFile(name: string, n: number): string {
  const file = join(dir, name)
  const db = openDatabase(file)
  new AuditLog(db).appendMany(sampleEvents(n))
  closeDatabase(db)
  return file
}

/** Expect `fn` to throw an AuditDbError of `kind` whose message names `file`; returns it. */
function expectDbError(fn: () => unknown, kind: AuditDbError['kind'], file: string): AuditDbError {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(AuditDbError)
  const err = caught as AuditDbError
  expect(err.kind).toBe(kind)
  expect(err.file).toBe(file)
  expect(err.message.startsWith(file)).toBe(true)
  return err
}

describe('openDatabase on a new file', () => {
  it('sets the connection pragmas once at open and migrates to the latest schema', () => {
    const file = join(dir, 'desk.db')
    const db = openDatabase(file, { busyTimeoutMs: 1234 })
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(2) // 2 = FULL (https://www.sqlite.org/pragma.html#pragma_synchronous)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234)
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
      expect(db.pragma('application_id', { simple: true })).toBe(RISKDESK_APPLICATION_ID)
    } finally {
      closeDatabase(db)
    }
  })

  it("durability 'at-checkpoint' (replays): synchronous NORMAL in WAL; what was committed is there after close", () => {
    const file = join(dir, 'replay.db')
    const db = openDatabase(file, { durability: 'at-checkpoint' })
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // 1 = NORMAL
      db.exec('CREATE TABLE t (x INTEGER)')
      for (let k = 0; k < 5; k++) db.prepare('INSERT INTO t VALUES (?)').run(k)
    } finally {
      closeDatabase(db)
    }
    const again = openDatabase(file)
    try {
      expect(again.pragma('synchronous', { simple: true })).toBe(2) // the default is per connection: FULL again
      expect(again.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 5 })
    } finally {
      closeDatabase(again)
    }
  })

  it('uses the default busy timeout when none is given', () => {
    const db = openDatabase(join(dir, 'd.db'))
    expect(db.pragma('busy_timeout', { simple: true })).toBe(DEFAULT_BUSY_TIMEOUT_MS)
    closeDatabase(db)
  })

  it('opens :memory: with the same schema (journal mode stays memory)', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory')
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    closeDatabase(db)
  })

  it('treats a 0-byte file as a new database (SQLite semantics)', () => {
    const file = join(dir, 'empty.db')
    writeFileSync(file, '')
    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    closeDatabase(db)
  })

  it('fails clearly when the directory does not exist', () => {
    const file = join(dir, 'no', 'such', 'dir', 'x.db')
    expectDbError(() => openDatabase(file), 'open-failed', file)
    expect(existsSync(join(dir, 'no'))).toBe(false)
  })

  it('closeDatabase can be called twice', () => {
    const db = openDatabase(join(dir, 'c.db'))
    closeDatabase(db)
    expect(() => closeDatabase(db)).not.toThrow()
    expect(db.open).toBe(false)
  })
})

describe('re-opening', () => {
  it('is idempotent: data kept, no migration re-applied, schema unchanged', () => {
    const file = makeDbFile('re.db', 5)
    const schemaOf = (f: string): unknown => {
      const raw = new Database(f, { readonly: true })
      try {
        return raw.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()
      } finally {
        raw.close()
      }
    }
    const before = schemaOf(file)
    const db = openDatabase(file)
    expect(new AuditLog(db).head().seq).toBe(5)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    closeDatabase(db)
    expect(schemaOf(file)).toEqual(before)
  })

  it('read-only: usable for reading, refuses writes, never migrates', () => {
    const file = makeDbFile('ro.db', 3)
    const db = openDatabase(file, { readonly: true })
    try {
      expect(new AuditLog(db).query()).toHaveLength(3)
      expect(() => new AuditLog(db).append(sampleEvents(1)[0]!)).toThrow(/readonly/i)
    } finally {
      closeDatabase(db)
    }
  })

  it('read-only refuses a missing file and a database that still needs migrations', () => {
    const missing = join(dir, 'missing.db')
    expectDbError(() => openDatabase(missing, { readonly: true }), 'open-failed', missing)
    expect(existsSync(missing)).toBe(false)

    const old = join(dir, 'old.db')
    const first = MIGRATIONS.slice(0, 1)
    closeDatabase(openDatabase(old, { migrations: first }))
    const err = expectDbError(() => openDatabase(old, { readonly: true }), 'needs-migration', old)
    expect(err.message).toContain(`schema version ${first[0]!.version}`)
  })
})

describe('refusing files that are not (current) RiskDesk databases, without touching them', () => {
  /** The file's bytes and the directory listing, to compare before/after. */
  const snapshot = (file: string): { bytes: Buffer; files: string[] } => ({ bytes: readFileSync(file), files: readdirSync(dir).sort() })

  it('random bytes: not-sqlite, "is not a RiskDesk database"', () => {
    const file = join(dir, 'random.db')
    writeFileSync(file, randomBytes(8192))
    const before = snapshot(file)
    const err = expectDbError(() => openDatabase(file), 'not-sqlite', file)
    expect(err.message).toMatch(/is not a RiskDesk database/)
    expect(snapshot(file)).toEqual(before)
  })

  it('a text file: not-sqlite', () => {
    const file = join(dir, 'notes.db')
    writeFileSync(file, 'symbol,quantity\nAAPL,100\n')
    const before = snapshot(file)
    expectDbError(() => openDatabase(file), 'not-sqlite', file)
    expect(snapshot(file)).toEqual(before)
  })

  it('random bytes behind a valid SQLite magic string: corrupt or not-sqlite, file unchanged', () => {
    const file = join(dir, 'magic.db')
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(8192 - 16)]))
    const before = snapshot(file)
    let caught: unknown
    try {
      openDatabase(file)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AuditDbError)
    expect(['corrupt', 'not-sqlite']).toContain((caught as AuditDbError).kind)
    expect(snapshot(file)).toEqual(before)
  })

  // Cut points: inside the 100-byte header, after page 1, half way, and one page short of the end.
  const PAGE = 4096
  const cuts: [string, (size: number) => number][] = [
    ['inside the header (50 bytes)', () => 50],
    ['after page 1', () => PAGE],
    ['half way', (size) => Math.floor(size / PAGE / 2) * PAGE],
    ['one page short', (size) => size - PAGE],
  ]
  for (const [label, cut] of cuts) {
    it(`a truncated SQLite file (${label}): corrupt, file unchanged`, () => {
      const full = readFileSync(makeDbFile('full.db', 400))
      const file = join(dir, 'truncated.db')
      writeFileSync(file, full.subarray(0, cut(full.length)))
      const before = snapshot(file)
      const err = expectDbError(() => openDatabase(file), 'corrupt', file)
      expect(err.message).toMatch(/is corrupt/)
      expect(snapshot(file)).toEqual(before)
    })
  }

  it('a database from a newer RiskDesk (user_version above the latest): from-future, file unchanged', () => {
    const file = makeDbFile('future.db', 2)
    const future = LATEST_SCHEMA_VERSION + 10
    const raw = new Database(file)
    raw.pragma(`user_version = ${future}`)
    raw.close()
    const before = snapshot(file)
    const err = expectDbError(() => openDatabase(file), 'from-future', file)
    expect(err.message).toContain(`schema version ${future}`)
    expect(err.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`)
    expect(snapshot(file)).toEqual(before)
    expectDbError(() => openDatabase(file, { readonly: true }), 'from-future', file)
  })

  it("another application's SQLite database: not-riskdesk, file unchanged", () => {
    const file = join(dir, 'other.db')
    const raw = new Database(file)
    raw.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)')
    raw.close()
    const before = snapshot(file)
    expectDbError(() => openDatabase(file), 'not-riskdesk', file)
    expect(snapshot(file)).toEqual(before)

    const tagged = join(dir, 'tagged.db')
    const raw2 = new Database(tagged)
    raw2.pragma('application_id = 1234')
    raw2.close()
    expect(expectDbError(() => openDatabase(tagged), 'not-riskdesk', tagged).message).toContain('0x4d2')
  })
})
