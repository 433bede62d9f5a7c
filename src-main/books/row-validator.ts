import { ASSET_CLASSES, type AssetClass, type Position } from '@shared/domain/book'
import type { BookColumn, RawCell, RawRow } from './book-columns'
import type { IssueLog } from './issue-log'
import { show } from './text-lines'

/** State shared by the rows of one file. */
export interface RowContext {
  readonly log: IssueLog
  /** canonical (upper-case) symbols with market data; when set, any other symbol rejects its row. */
  readonly knownSymbols?: ReadonlySet<string>
  /** symbol -> line of its first occurrence, filled as rows are validated, for duplicate detection. */
  readonly firstLineOfSymbol: Map<string, number>
}

// A plain decimal: optional sign, digits with an optional fraction (or a bare fraction), optional exponent.
// Stricter than Number(): Number('') is 0, Number('0x10') is 16, Number(' 1 ') is 1, Number('Infinity') is Infinity.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/
const ASSET_CLASS_SET: ReadonlySet<string> = new Set(ASSET_CLASSES)

/** Sentinel for "a problem was logged": distinct from undefined (= absent / empty). */
const INVALID = Symbol('invalid')
// readNumber's "already reported" value: NaN fails every comparison, so it never reaches the zero / negative
// checks, and the row is rejected through the error count.
const INVALID_NUMBER = Number.NaN

/**
 * Validates one raw row and builds its position.
 *
 * Conventions: values are trimmed (warning when that changed them); symbols are upper-cased (warning when
 * that changed them); quantity is signed and must be a finite non-zero decimal; cost, when given, a finite
 * number >= 0; assetClass, when given, one of ASSET_CLASSES (case-insensitive); empty optional values are
 * absent. Every problem is logged on `ctx.log` with the value's line and the canonical field name; any error
 * rejects the row. Duplicate symbols: the first row keeps the symbol, every later row with it is rejected
 * and its error names the first line, even when the first row was itself rejected (which of the two the user
 * meant is unknown, so neither is guessed).
 *
 * @param row - raw row from the CSV or JSON reader
 * @param ctx - the file's issue log, known symbols and first-occurrence map (mutated)
 * @returns the position, or undefined when the row is rejected (at least one error was logged for its line)
 */
export function validateRow(row: RawRow, ctx: RowContext): Position | undefined {
  const { log } = ctx
  const errorsBefore = log.errorCount
  // The reader has already logged the error that makes this row unreadable.
  if (row.broken) return undefined

  const symbolText = readText(row, 'symbol', ctx)
  let symbol: string | undefined
  if (symbolText === INVALID) {
    // wrong type, already reported
  } else if (symbolText === undefined) {
    log.error(cellLine(row, 'symbol'), 'symbol', 'missing-value', 'symbol is missing or empty')
  } else {
    symbol = symbolText.toUpperCase()
    if (symbol !== symbolText) log.warning(cellLine(row, 'symbol'), 'symbol', 'symbol-case', `symbol ${show(symbolText)} read as ${show(symbol)}`)
    if (ctx.knownSymbols !== undefined && !ctx.knownSymbols.has(symbol)) {
      log.error(cellLine(row, 'symbol'), 'symbol', 'unknown-symbol', `unknown symbol ${show(symbol)}: no market data for it`)
    }
    const first = ctx.firstLineOfSymbol.get(symbol)
    if (first === undefined) ctx.firstLineOfSymbol.set(symbol, row.line)
    else log.error(cellLine(row, 'symbol'), 'symbol', 'duplicate-symbol', `duplicate symbol ${show(symbol)}: first seen on line ${first}`)
  }

  const quantity = readNumber(row, 'quantity', ctx)
  if (quantity === undefined) {
    log.error(cellLine(row, 'quantity'), 'quantity', 'missing-value', 'quantity is missing or empty')
  } else if (quantity === 0) {
    log.error(cellLine(row, 'quantity'), 'quantity', 'zero-quantity', 'quantity is zero; leave flat positions out of the book')
  }

  const cost = readNumber(row, 'cost', ctx)
  if (cost !== undefined && cost < 0) {
    log.error(cellLine(row, 'cost'), 'cost', 'negative-cost', `cost ${cost} is negative; cost is a price per share`)
  }

  const sectorText = readText(row, 'sector', ctx)
  const sector = sectorText === INVALID ? undefined : sectorText

  const assetClassText = readText(row, 'assetClass', ctx)
  let assetClass: AssetClass | undefined
  if (assetClassText !== undefined && assetClassText !== INVALID) {
    const lower = assetClassText.toLowerCase()
    if (ASSET_CLASS_SET.has(lower)) assetClass = lower as AssetClass
    else {
      log.error(cellLine(row, 'assetClass'), 'assetClass', 'unknown-asset-class', `unknown asset class ${show(assetClassText)}; expected one of ${ASSET_CLASSES.join(', ')}`)
    }
  }

  if (log.errorCount !== errorsBefore || symbol === undefined || quantity === undefined) return undefined
  const position: { -readonly [K in keyof Position]: Position[K] } = { symbol, quantity }
  if (cost !== undefined) position.cost = cost
  if (sector !== undefined) position.sector = sector
  if (assetClass !== undefined) position.assetClass = assetClass
  return position
}

function cellLine(row: RawRow, column: BookColumn): number {
  return row.cells[column]?.line ?? row.line
}


/**
 * A cell's value as a string: trimmed, empty -> undefined. JSON numbers become their decimal text (warning);
 * other JSON types are an error and give INVALID.
 */
function readText(row: RawRow, column: BookColumn, ctx: RowContext): string | undefined | typeof INVALID {
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
function readNumber(row: RawRow, column: BookColumn, ctx: RowContext): number | undefined {
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
function readTrimmed(cell: RawCell | undefined, column: BookColumn, ctx: RowContext): string | number | undefined | typeof INVALID {
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
