/**
 * Shared checks of the bad-input corpus (issue 7, "Bad input refused, clearly"): a message speaks of the user's file,
 * line, field or argument and never of the code (no engine function name, no exception class, no stack), and nothing
 * already stored changes when an input is refused.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { expect } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..')

/** Every exported function and class name of the code behind the CLI and the host (engine, risk, market, books, desk). */
export const INTERNAL_NAMES: ReadonlySet<string> = (() => {
  const names = new Set<string>()
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/export (?:async )?(?:function|class) (\w+)/g)) names.add(m[1]!)
      }
    }
  }
  for (const d of ['engine', 'risk', 'market', 'books', 'desk']) walk(join(ROOT, 'src-main', d))
  // the words a user would type in a file are not internal even when a function shares them
  for (const word of ['show', 'table']) names.delete(word)
  return names
})()

/**
 * Asserts a user-facing message: non-empty, no stack trace, no exception class name, and no internal function name
 * used as a prefix (`historicalVaRES: ...`) or a call (`fitGpd(`).
 */
export function expectUserMessage(message: string): void {
  expect(message.length).toBeGreaterThan(0)
  expect(message).not.toMatch(/\n\s+at |\b(?:RangeError|TypeError|ReferenceError|SyntaxError|ZodError)\b|\[object Object\]/)
  const leaked = [...INTERNAL_NAMES].filter((n) => message.includes(`${n}:`) || message.includes(`${n}(`))
  expect(leaked, message).toEqual([])
}

/** Every row of every table of a SQLite database, in a stable order: equal dumps mean nothing stored changed. */
export function dumpDatabase(db: Database): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  const rows = (name: string): unknown[] => {
    const table = `"${name.replace(/"/g, '""')}"`
    try {
      return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()
    } catch {
      return db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all() // a WITHOUT ROWID table
    }
  }
  return JSON.stringify(tables.map(({ name }) => [name, rows(name)]))
}
