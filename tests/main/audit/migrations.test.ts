import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src-main/audit/db'
import { GENESIS_HASH } from '../../../src-main/audit/event-hash'
import {
  assertMigrationsOrdered,
  LATEST_SCHEMA_VERSION,
  migrate,
  MIGRATIONS,
  RISKDESK_APPLICATION_ID,
  type Migration,
} from '../../../src-main/audit/migrations'

/** A bare connection (no openDatabase checks), as the per-migration tests of Signal Desktop use. */
const bare = (): Database.Database => new Database(':memory:')
const names = (db: Database.Database, type: string): string[] =>
  db
    .prepare<[string], { name: string }>("SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all(type)
    .map((r) => r.name)
const version = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number
const upTo = (v: number): Migration[] => MIGRATIONS.filter((m) => m.version <= v)

describe('the migration list', () => {
  it('is ordered, named uniquely, and released versions leave gaps of 10', () => {
    expect(() => assertMigrationsOrdered(MIGRATIONS)).not.toThrow()
    for (const m of MIGRATIONS) expect(m.version % 10).toBe(0)
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version)
  })

  it('assertMigrationsOrdered rejects a version that does not increase, and a repeated name', () => {
    expect(() => assertMigrationsOrdered([{ version: 20, name: 'a', up: '' }, { version: 10, name: 'b', up: '' }])).toThrow(/above 20/)
    expect(() => assertMigrationsOrdered([{ version: 10, name: 'a', up: '' }, { version: 10, name: 'b', up: '' }])).toThrow(/above 10/)
    expect(() => assertMigrationsOrdered([{ version: 10, name: 'a', up: '' }, { version: 20, name: 'a', up: '' }])).toThrow(/repeated/)
    expect(() => assertMigrationsOrdered([{ version: 1.5, name: 'a', up: '' }])).toThrow(/integer/)
  })
})

describe('migration 10 (audit-events)', () => {
  it('creates the log, the head anchor (at genesis), the triggers and the history indices', () => {
    const db = bare()
    expect(migrate(db, upTo(10)).applied).toEqual(['10-audit-events'])
    expect(version(db)).toBe(10)
    expect(db.pragma('application_id', { simple: true })).toBe(RISKDESK_APPLICATION_ID)
    expect(names(db, 'table')).toEqual(['audit_events', 'chain_head'])
    expect(names(db, 'index')).toEqual(['audit_events_by_book_ts', 'audit_events_by_ts', 'audit_events_by_type_ts'])
    expect(names(db, 'trigger')).toEqual([
      'audit_events_extend_chain',
      'audit_events_no_delete',
      'audit_events_no_update',
      'chain_head_no_delete',
      'chain_head_only_advances',
    ])
    expect(db.prepare('SELECT id, seq, hash FROM chain_head').all()).toEqual([{ id: 1, seq: 0, hash: GENESIS_HASH }])
    db.close()
  })

  it('audit_events is STRICT: a payload of the wrong type is refused', () => {
    const db = bare()
    migrate(db, upTo(10))
    const insert = db.prepare('INSERT INTO audit_events (seq, ts, type, actor, book, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    expect(() => insert.run(1, '2026-01-01T00:00:00.000Z', 't', 'a', null, Buffer.from('{}'), GENESIS_HASH, 'f'.repeat(64))).toThrow(/cannot store BLOB/)
    db.close()
  })
})

describe('migration 20 (books)', () => {
  it('creates the books table with a unique name', () => {
    const db = bare()
    migrate(db, upTo(10))
    expect(migrate(db, upTo(20)).applied).toEqual(['20-books'])
    expect(version(db)).toBe(20)
    expect(names(db, 'table')).toContain('books')
    const insert = db.prepare(
      "INSERT INTO books (name, source_file, created_at, updated_at, positions_json) VALUES (?, 'f.csv', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '[]')",
    )
    insert.run('Macro')
    expect(() => insert.run('Macro')).toThrow(/UNIQUE/)
    db.close()
  })
})

describe('the runner', () => {
  it('migrates an empty database through every step, then is idempotent', () => {
    const db = bare()
    const first = migrate(db)
    expect(first).toEqual({ fromVersion: 0, toVersion: LATEST_SCHEMA_VERSION, applied: MIGRATIONS.map((m) => `${m.version}-${m.name}`) })
    const schema = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()
    expect(migrate(db)).toEqual({ fromVersion: LATEST_SCHEMA_VERSION, toVersion: LATEST_SCHEMA_VERSION, applied: [] })
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema)
    db.close()
  })

  it('applies each migration in one transaction: a failing step leaves no trace and earlier steps committed', () => {
    const db = bare()
    const broken: Migration[] = [
      { version: 10, name: 'ok', up: 'CREATE TABLE a (x INTEGER);' },
      { version: 20, name: 'broken', up: 'CREATE TABLE b (x INTEGER); INSERT INTO no_such_table VALUES (1);' },
    ]
    expect(() => migrate(db, broken)).toThrow('migration 20 (broken) failed: no such table: no_such_table')
    expect(version(db)).toBe(10)
    expect(names(db, 'table')).toEqual(['a'])
    db.close()
  })

  it('openDatabase reports a failing migration as open-failed naming the step', () => {
    const broken: Migration[] = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 10, name: 'broken', up: 'SELECT * FROM no_such_table;' }]
    expect(() => openDatabase(':memory:', { migrations: broken })).toThrow(
      `:memory: could not be opened: migration ${LATEST_SCHEMA_VERSION + 10} (broken) failed: no such table: no_such_table`,
    )
  })
})

describe('triggers keep the log append-only and the head consistent', () => {
  const setup = (): Database.Database => {
    const db = openDatabase(':memory:')
    const insert = db.prepare('INSERT INTO audit_events (seq, ts, type, actor, book, payload, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)')
    insert.run(1, '2026-01-01T00:00:00.000Z', 'session.started', 'desk', '{}', GENESIS_HASH, 'a'.repeat(64))
    insert.run(2, '2026-01-01T00:00:01.000Z', 'session.ended', 'desk', '{}', 'a'.repeat(64), 'b'.repeat(64))
    return db
  }

  it('forbid UPDATE of any column of audit_events', () => {
    const db = setup()
    for (const set of ["payload = '{\"x\":1}'", "type = 'x'", "actor = 'mallory'", "ts = '2020-01-01T00:00:00.000Z'", 'book = NULL', `prev_hash = '${'c'.repeat(64)}'`]) {
      expect(() => db.exec(`UPDATE audit_events SET ${set} WHERE seq = 1`)).toThrow('audit_events is append-only: UPDATE is forbidden')
    }
    expect(() => db.exec(`INSERT INTO audit_events VALUES (2, '2026-01-01T00:00:01.000Z', 't', 'a', NULL, '{}', '${'x'.repeat(64)}', '${'y'.repeat(64)}') ON CONFLICT (seq) DO UPDATE SET payload = 'z'`)).toThrow(
      /append-only: UPDATE/,
    )
    db.close()
  })

  it('forbid DELETE from audit_events, of one row or all', () => {
    const db = setup()
    expect(() => db.exec('DELETE FROM audit_events WHERE seq = 2')).toThrow('audit_events is append-only: DELETE is forbidden')
    expect(() => db.exec('DELETE FROM audit_events')).toThrow(/DELETE is forbidden/)
    expect(db.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 2 })
    db.close()
  })

  it('refuse an insert that does not extend the chain, and keep chain_head on the last row', () => {
    const db = setup()
    const insert = db.prepare("INSERT INTO audit_events VALUES (?, '2026-01-01T00:00:02.000Z', 't', 'a', NULL, '{}', ?, ?)")
    expect(() => insert.run(4, 'b'.repeat(64), 'c'.repeat(64))).toThrow(/must extend chain_head/) // skips seq 3
    expect(() => insert.run(3, 'a'.repeat(64), 'c'.repeat(64))).toThrow(/must extend chain_head/) // wrong prev_hash
    expect(() => db.exec(`INSERT OR REPLACE INTO audit_events VALUES (2, '2026-01-01T00:00:02.000Z', 't', 'a', NULL, '{}', '${'x'.repeat(64)}', '${'y'.repeat(64)}')`)).toThrow(/must extend chain_head/)
    expect(db.prepare('SELECT seq, hash FROM chain_head').get()).toEqual({ seq: 2, hash: 'b'.repeat(64) })
    db.close()
  })

  it('forbid deleting or rewinding chain_head', () => {
    const db = setup()
    expect(() => db.exec('DELETE FROM chain_head')).toThrow('chain_head is append-only: DELETE is forbidden')
    expect(() => db.exec(`UPDATE chain_head SET seq = 1, hash = '${'a'.repeat(64)}'`)).toThrow('chain_head only advances by one event at a time')
    expect(() => db.exec("INSERT INTO chain_head VALUES (2, 0, '" + GENESIS_HASH + "')")).toThrow(/CHECK constraint/)
    db.close()
  })
})
