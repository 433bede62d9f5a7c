import { BOOK_COLUMNS, REQUIRED_COLUMNS, columnForName, type BookColumn, type RawCell, type RawRow } from './book-columns'
import type { RowReadOutcome } from './csv-rows'
import { FILE_FIELD, ROW_FIELD, type IssueLog } from './issue-log'
import { JsonSyntaxError, scanJsonPositions } from './json-locate'
import { show, type LineIndex } from './text-lines'

/** Outcome of reading a JSON book: the row outcome plus the book name the file declares, if any. */
export interface JsonRowReadOutcome extends RowReadOutcome {
  readonly name?: string
}

/** Where each row object and each of its keys sits. */
interface RowLocation {
  line: number
  /** raw key -> line of the key */
  readonly keyLines: Map<string, number>
  /** raw keys that occur more than once in the object */
  duplicateKeys?: string[]
}

/**
 * Reads the rows of a JSON book and hands each one to `onRow` with its line.
 *
 * Accepted shapes: an array of row objects, or `{ "name"?: string, "positions": [row objects] }` (top-level
 * and row keys are matched like CSV headers: trimmed, case-insensitive). A row's fields keep their JSON
 * types (numbers stay numbers) for the row validator. Lines: a row is at the line of its opening brace, a
 * field at the line of its key (found by scanJsonPositions, since JSON.parse gives no positions).
 *
 * File-level errors (file rejected): invalid JSON (with line and column), a root of the wrong shape, a
 * "positions" that is not an array, more than `maxRows` rows, a required column present in no row at all
 * (the JSON analogue of a missing CSV header column: reported at line 1). Row-level errors (row passed with
 * broken = true): a row that is not an object, two keys naming the same column. Warnings: unknown keys (one
 * for the file, at the first one's line), unknown top-level keys, a non-string name.
 *
 * @param text - file content, BOM removed, line ends normalised to `\n`, not blank
 * @param lines - line index of `text`
 * @param log - issue log of the file
 * @param maxRows - row limit
 * @param onRow - receives each row in file order
 */
export function readJsonRows(text: string, lines: LineIndex, log: IssueLog, maxRows: number, onRow: (row: RawRow) => void): JsonRowReadOutcome {
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch (parseError) {
    logSyntaxError(text, lines, log, parseError)
    return { rowsRead: 0, fileRejected: true }
  }

  const shape = rowsOf(root, log)
  if (shape === undefined) return { rowsRead: 0, fileRejected: true }
  const { rows, prefix, name } = shape

  const locations = locateRows(text, lines, prefix, rows.length)
  if (rows.length > maxRows) {
    log.error(locations[maxRows]?.line ?? 1, FILE_FIELD, 'too-large', `more than ${maxRows} rows (limit ${maxRows}); the file was not imported`)
    return { rowsRead: 0, fileRejected: true, name }
  }

  const present = new Set<BookColumn>()
  for (const row of rows) {
    if (!isPlainObject(row)) continue
    for (const key of Object.keys(row)) {
      const column = columnForName(key)
      if (column !== undefined) present.add(column)
    }
  }
  const missing = rows.length > 0 ? REQUIRED_COLUMNS.filter((c) => !present.has(c)) : []
  for (const column of missing) {
    log.error(1, column, 'missing-column', `no row has a ${show(column)} key; the file was not imported`)
  }
  if (missing.length > 0) return { rowsRead: rows.length, fileRejected: true, name }

  const unknownKeys = new Map<string, number>()
  rows.forEach((row, i) => {
    const loc = locations[i] ?? { line: 1, keyLines: new Map<string, number>() }
    onRow(toRawRow(row, loc, log, unknownKeys))
  })
  if (unknownKeys.size > 0) {
    const names = [...unknownKeys.keys()].map((k) => show(k))
    log.warning(Math.min(...unknownKeys.values()), names.join(', '), 'unknown-column', `unknown keys ignored: ${names.join(', ')} (known: ${BOOK_COLUMNS.join(', ')})`)
  }
  return { rowsRead: rows.length, fileRejected: false, name }
}

function logSyntaxError(text: string, lines: LineIndex, log: IssueLog, parseError: unknown): void {
  let offset = text.length
  let reason = parseError instanceof Error ? parseError.message : String(parseError)
  try {
    scanJsonPositions(text, 0)
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    offset = e.offset
    reason = e.reason
  }
  const line = lines.lineOf(offset)
  log.error(line, FILE_FIELD, 'syntax', `invalid JSON at line ${line}, column ${lines.columnOf(offset)}: ${reason}; the file was not imported`)
}

interface RowsShape {
  readonly rows: readonly unknown[]
  /** path from the root to the rows array: [] or [the raw "positions" key] */
  readonly prefix: readonly string[]
  readonly name?: string
}

function rowsOf(root: unknown, log: IssueLog): RowsShape | undefined {
  if (Array.isArray(root)) return { rows: root, prefix: [] }
  if (!isPlainObject(root)) {
    log.error(1, FILE_FIELD, 'bad-structure', 'expected an array of positions or an object with a "positions" array')
    return undefined
  }
  const keys = Object.keys(root)
  const positionKeys = keys.filter((k) => k.trim().toLowerCase() === 'positions')
  const nameKeys = keys.filter((k) => k.trim().toLowerCase() === 'name')
  const others = keys.filter((k) => !positionKeys.includes(k) && !nameKeys.includes(k))
  if (positionKeys.length !== 1 || nameKeys.length > 1) {
    const what = positionKeys.length === 0 ? 'no "positions" array' : `keys ${[...positionKeys, ...nameKeys].map((k) => show(k)).join(', ')} collide`
    log.error(1, 'positions', positionKeys.length === 0 ? 'bad-structure' : 'duplicate-column', `expected an array of positions or an object with one "positions" array: ${what}`)
    return undefined
  }
  const positionsKey = positionKeys[0] as string
  const rows = root[positionsKey]
  if (!Array.isArray(rows)) {
    log.error(1, 'positions', 'bad-structure', `"positions" must be an array, found ${rows === null ? 'null' : typeof rows}`)
    return undefined
  }
  if (others.length > 0) log.warning(1, others.join(', '), 'unknown-column', `unknown top-level keys ignored: ${others.map((k) => show(k)).join(', ')}`)
  let name: string | undefined
  const nameKey = nameKeys[0]
  if (nameKey !== undefined) {
    const value = root[nameKey]
    if (typeof value === 'string' && value.trim() !== '') name = value.trim()
    else if (value !== null && value !== undefined && value !== '') log.warning(1, 'name', 'wrong-type', `book name must be a string, found ${show(value)}; the file name is used instead`)
  }
  return { rows, prefix: [positionsKey], name }
}

function locateRows(text: string, lines: LineIndex, prefix: readonly string[], rowCount: number): RowLocation[] {
  const locations: RowLocation[] = []
  try {
    scanRows(text, lines, prefix, locations)
  } catch {
    // Not expected: JSON.parse accepted this text and the scanner accepts the same language (tested against
    // it). Should they ever disagree, issues fall back to line 1 instead of the import failing.
    locations.length = 0
  }
  // Pad so that every row has a location (only short after the fallback above).
  while (locations.length < rowCount) locations.push({ line: 1, keyLines: new Map() })
  return locations
}

function scanRows(text: string, lines: LineIndex, prefix: readonly string[], locations: RowLocation[]): void {
  const depth = prefix.length
  scanJsonPositions(text, depth + 2, (path, offset) => {
    if (path.length <= depth || (depth === 1 && path[0] !== prefix[0])) return
    const index = path[depth] as number
    if (path.length === depth + 1) {
      // A duplicated "positions" key restarts the rows: JSON.parse keeps the last one.
      if (index === 0) locations.length = 0
      locations.push({ line: lines.lineOf(offset), keyLines: new Map() })
      return
    }
    const loc = locations[index]
    const key = path[depth + 1]
    if (loc === undefined || typeof key !== 'string') return
    if (loc.keyLines.has(key)) (loc.duplicateKeys ??= []).push(key)
    loc.keyLines.set(key, lines.lineOf(offset))
  })
}

function toRawRow(row: unknown, loc: RowLocation, log: IssueLog, unknownKeys: Map<string, number>): RawRow {
  const line = loc.line
  if (!isPlainObject(row)) {
    log.error(line, ROW_FIELD, 'bad-structure', `row must be an object with symbol and quantity, found ${Array.isArray(row) ? 'an array' : show(row)}; row rejected`)
    return { line, cells: {}, broken: true }
  }
  const cells: Partial<Record<BookColumn, RawCell>> = {}
  const rawKeyOf = new Map<BookColumn, string>()
  let broken = false
  for (const key of loc.duplicateKeys ?? []) {
    const column = columnForName(key)
    log.error(loc.keyLines.get(key) ?? line, column ?? key, 'duplicate-column', `key ${show(key)} appears more than once in this row; row rejected`)
    broken = true
  }
  for (const [key, value] of Object.entries(row)) {
    const keyLine = loc.keyLines.get(key) ?? line
    const column = columnForName(key)
    if (column === undefined) {
      if (!unknownKeys.has(key)) unknownKeys.set(key, keyLine)
      continue
    }
    const other = rawKeyOf.get(column)
    if (other !== undefined) {
      log.error(keyLine, column, 'duplicate-column', `keys ${show(other)} and ${show(key)} both name ${show(column)}; row rejected`)
      broken = true
      continue
    }
    rawKeyOf.set(column, key)
    cells[column] = { value, line: keyLine }
  }
  return { line, cells, broken }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
