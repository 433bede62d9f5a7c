/**
 * Typed reads of one raw cell for the row validators: trimming, strict decimal parsing and the issues they log.
 * Shared by the position columns (row-validator.ts) and the option columns (option-row.ts).
 */
import type { BookColumn, RawCell, RawRow } from './book-columns'
import type { IssueLog } from './issue-log'
import { show } from './text-lines'

/** The part of a row's context the cell readers need. */
export interface CellContext {
  readonly log: IssueLog
}

// A plain decimal: optional sign, digits with an optional fraction (or a bare fraction), optional exponent.
// Stricter than Number(): Number('') is 0, Number('0x10') is 16, Number(' 1 ') is 1, Number('Infinity') is Infinity.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/

/** Sentinel for "a problem was logged": distinct from undefined (= absent / empty). */
export const INVALID = Symbol('invalid')
// readNumber's "already reported" value: NaN fails every comparison, so it never reaches the range checks, and the
// row is rejected through the error count.
const INVALID_NUMBER = Number.NaN

/** The 1-based line of a cell, or of its row when the cell is absent. */
export function cellLine(row: RawRow, column: BookColumn): number {
  return row.cells[column]?.line ?? row.line
}

/** true when the cell holds something other than null, undefined or blank text. */
export function hasValue(row: RawRow, column: BookColumn): boolean {
  const v = row.cells[column]?.value
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')
}

/**
 * A cell's value as a string: trimmed, empty -> undefined. JSON numbers become their decimal text (warning);
 * other JSON types are an error and give INVALID.
 */
export function readText(row: RawRow, column: BookColumn, ctx: CellContext): string | undefined | typeof INVALID {
  const v = readTrimmed(row.cells[column], column, ctx)
  if (v === INVALID) return INVALID
  if (typeof v === 'number') {
    ctx.log.warning(cellLine(row, column), column, 'wrong-type', `${column} should be a string; number ${v} read as ${show(String(v))}`)
    return String(v)
  }
  return v
}

/**
 * A cell's value as a number. Strings must be plain decimals (no thousands separators, no hex, no words);
 * JSON numbers are taken as they are. Logs not-a-number / not-finite / wrong-type errors.
 * @returns the number; undefined when empty or absent; NaN when an error was already logged
 */
export function readNumber(row: RawRow, column: BookColumn, ctx: CellContext): number | undefined {
  const { log } = ctx
  const line = cellLine(row, column)
  const v = readTrimmed(row.cells[column], column, ctx)
  if (v === INVALID) return INVALID_NUMBER
  if (v === undefined) return undefined
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      log.error(line, column, 'not-finite', `${column} is not a finite number (out of float64 range)`)
      return INVALID_NUMBER
    }
    return v
  }
  if (!DECIMAL.test(v)) {
    if (NON_FINITE_WORD.test(v)) log.error(line, column, 'not-finite', `${column} ${show(v)} is not a finite number`)
    else if (THOUSANDS.test(v)) log.error(line, column, 'not-a-number', `${column} ${show(v)} is not a number; write it without thousands separators`)
    else log.error(line, column, 'not-a-number', `${column} ${show(v)} is not a number`)
    return INVALID_NUMBER
  }
  const n = Number(v)
  if (!Number.isFinite(n)) {
    log.error(line, column, 'not-finite', `${column} ${show(v)} is out of range (not a finite float64)`)
    return INVALID_NUMBER
  }
  return n
}

/**
 * Trims string cells (warning when that changed a non-blank value), maps null/absent/blank to undefined,
 * passes numbers through, logs wrong-type errors for booleans, objects and arrays.
 */
function readTrimmed(cell: RawCell | undefined, column: BookColumn, ctx: CellContext): string | number | undefined | typeof INVALID {
  if (cell === undefined || cell.value === null || cell.value === undefined) return undefined
  const v = cell.value
  if (typeof v === 'string') {
    const t = v.trim()
    if (t === '') return undefined
    if (t.length !== v.length) ctx.log.warning(cell.line, column, 'whitespace', `stray whitespace around ${show(t)} removed`)
    return t
  }
  if (typeof v === 'number') return v
  const found = Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`
  ctx.log.error(cell.line, column, 'wrong-type', `${column} must be a string or a number, found ${found}`)
  return INVALID
}
