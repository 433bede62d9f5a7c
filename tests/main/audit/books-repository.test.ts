import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Position } from '@shared/domain/book'
import { LimitsSchema } from '@shared/domain/limits'
import { BooksRepository, BookStoreError } from '../../../src-main/audit/books-repository'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { AuditLog } from '../../../src-main/audit/event-log'
import { dropGuards } from './audit-test-helpers'

const POSITIONS: Position[] = [
  { symbol: 'AAPL', quantity: 100, cost: 182.5, sector: 'Tech', assetClass: 'equity' },
  { symbol: 'SPY', quantity: -20, assetClass: 'etf' },
]
const LIMITS = LimitsSchema.parse({ varLimit: 50_000, maxLossPerPosition: 10_000, maxPositionWeight: 0.25, maxDaysToLiquidate: 3 })

let db: Database.Database
let clock: number
let books: BooksRepository
beforeEach(() => {
  db = openDatabase(':memory:')
  clock = Date.parse('2026-03-02T08:00:00.000Z')
  books = new BooksRepository(db, { now: () => new Date((clock += 1000)) })
})
afterEach(() => closeDatabase(db))

function storeError(fn: () => unknown): BookStoreError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(BookStoreError)
    return err as BookStoreError
  }
  throw new Error('expected a BookStoreError')
}

describe('BooksRepository', () => {
  it('creates and reads back a book with limits', () => {
    const saved = books.create({ name: 'Macro', sourceFile: '/books/macro.csv', positions: POSITIONS, limits: LIMITS })
    expect(saved).toEqual({
      id: saved.id,
      name: 'Macro',
      sourceFile: '/books/macro.csv',
      createdAt: '2026-03-02T08:00:01.000Z',
      updatedAt: '2026-03-02T08:00:01.000Z',
      positions: POSITIONS,
      limits: LIMITS,
    })
    expect(books.get('Macro')).toEqual(saved)
    expect(books.get('Nope')).toBeUndefined()
  })

  it('stores positions as canonical JSON, dropping members given as undefined', () => {
    books.create({ name: 'B', sourceFile: 'b.csv', positions: [{ symbol: 'X', quantity: 1, cost: undefined, sector: 'S' }] })
    expect(db.prepare('SELECT positions_json, limits_json FROM books').get()).toEqual({ positions_json: '[{"quantity":1,"sector":"S","symbol":"X"}]', limits_json: null })
  })

  it('refuses a duplicate name, and invalid positions or limits', () => {
    books.create({ name: 'Macro', sourceFile: 'm.csv', positions: POSITIONS })
    expect(storeError(() => books.create({ name: 'Macro', sourceFile: 'other.csv', positions: [] })).kind).toBe('exists')
    const bad = storeError(() => books.create({ name: 'Bad', sourceFile: 'b.csv', positions: [{ symbol: 'X', quantity: Number.NaN }] }))
    expect(bad.kind).toBe('invalid-input')
    expect(bad.message).toMatch(/positions/)
    const badLimits = storeError(() => books.create({ name: 'Bad', sourceFile: 'b.csv', positions: [], limits: { ...LIMITS, maxPositionWeight: 2 } }))
    expect(badLimits.message).toMatch(/limits/)
    expect(storeError(() => books.create({ name: '', sourceFile: 'b.csv', positions: [] })).kind).toBe('invalid-input')
    expect(books.list().map((b) => b.name)).toEqual(['Macro'])
  })

  it('updates positions and limits, keeping name and creation time', () => {
    const created = books.create({ name: 'Macro', sourceFile: 'm.csv', positions: POSITIONS, limits: LIMITS })
    const updated = books.update('Macro', { positions: POSITIONS.slice(0, 1), limits: null })
    expect(updated).toMatchObject({ id: created.id, createdAt: created.createdAt, sourceFile: 'm.csv', positions: POSITIONS.slice(0, 1), limits: null })
    expect(updated.updatedAt > created.updatedAt).toBe(true)
    expect(books.update('Macro', { sourceFile: 'n.csv' })).toMatchObject({ sourceFile: 'n.csv', positions: POSITIONS.slice(0, 1) })
    expect(storeError(() => books.update('Nope', { positions: [] })).kind).toBe('not-found')
  })

  it('lists summaries by name and removes', () => {
    books.create({ name: 'Zeta', sourceFile: 'z.csv', positions: POSITIONS })
    books.create({ name: 'Alpha', sourceFile: 'a.csv', positions: [] })
    expect(books.list().map((b) => [b.name, b.positionCount])).toEqual([
      ['Alpha', 0],
      ['Zeta', 2],
    ])
    expect(books.remove('Alpha')).toBe(true)
    expect(books.remove('Alpha')).toBe(false)
    expect(books.list().map((b) => b.name)).toEqual(['Zeta'])
  })

  it('reports a row edited outside RiskDesk instead of returning a malformed book', () => {
    books.create({ name: 'Macro', sourceFile: 'm.csv', positions: POSITIONS })
    db.exec(`UPDATE books SET positions_json = '[{"symbol":"X"}]'`)
    const err = storeError(() => books.get('Macro'))
    expect(err.kind).toBe('invalid-row')
    expect(err.message).toMatch(/positions_json/)
  })

  it('saves a book and its audit event atomically in one caller transaction', () => {
    const log = new AuditLog(db)
    const saveWithEvent = db.transaction((name: string) => {
      const b = books.create({ name, sourceFile: 'm.csv', positions: POSITIONS })
      log.append({ type: 'book.saved', actor: 'alice', book: name, payload: { id: b.id, positions: b.positions.length } })
    })
    saveWithEvent('Macro')
    expect(log.query({ type: 'book.saved' })).toHaveLength(1)
    dropGuards(db)
    db.exec("CREATE TRIGGER no_more BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'log full'); END")
    expect(() => saveWithEvent('Other')).toThrow('log full')
    expect(books.get('Other')).toBeUndefined()
  })
})

describe('BooksRepository with option rows', () => {
  it('saves and reads back a book holding an option position', () => {
    const db = openDatabase(':memory:')
    const repo = new BooksRepository(db)
    const option = { underlying: 'AAPL', optionType: 'put' as const, strike: 250, expiry: '2020-06-19', impliedVol: 0.4, rate: 0, dividendYield: 0, multiplier: 100 }
    repo.create({ name: 'opts', sourceFile: 'opts.csv', positions: [{ symbol: 'AAPL_P250', quantity: 10, assetClass: 'option', option }] })
    expect(repo.get('opts')!.positions[0]!.option).toEqual(option)
    closeDatabase(db)
  })
})
