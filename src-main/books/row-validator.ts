import { ASSET_CLASSES, type AssetClass, type OptionContract, type Position } from '@shared/domain/book'
import type { RawRow } from './book-columns'
import { INVALID, cellLine, readNumber, readText } from './cell-readers'
import type { IssueLog } from './issue-log'
import { readOptionTerms, rejectOptionColumns } from './option-row'
import { MAX_ABS_QUANTITY, MAX_PRICE } from './sane-ranges'
import { show } from './text-lines'

/** State shared by the rows of one file. */
export interface RowContext {
  readonly log: IssueLog
  /** canonical (upper-case) symbols with market data; when set, any other symbol rejects its row. */
  readonly knownSymbols?: ReadonlySet<string>
  /** symbol -> line of its first occurrence, filled as rows are validated, for duplicate detection. */
  readonly firstLineOfSymbol: Map<string, number>
  /** as-of date YYYY-MM-DD; when set, an option expiring on or before it rejects its row */
  readonly asof?: string
}

const ASSET_CLASS_SET: ReadonlySet<string> = new Set(ASSET_CLASSES)

/**
 * Validates one raw row and builds its position.
 *
 * Conventions: values are trimmed (warning when that changed them); symbols are upper-cased (warning when
 * that changed them); quantity is signed and must be a finite non-zero decimal with |quantity| <= MAX_ABS_QUANTITY;
 * cost, when given, a number in [0, MAX_PRICE] (sane-ranges.ts); assetClass, when given, one of ASSET_CLASSES (case-insensitive); empty optional values are
 * absent. An option row (assetClass option) also needs its terms (option-row.ts readOptionTerms): its symbol is the
 * option's own name, not checked against knownSymbols, while its underlying is; other rows must leave the option
 * columns empty. Every problem is logged on `ctx.log` with the value's line and the canonical field name; any error
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
  const isOption = peekAssetClass(row) === 'option'

  const symbolText = readText(row, 'symbol', ctx)
  let symbol: string | undefined
  if (symbolText === INVALID) {
    // wrong type, already reported
  } else if (symbolText === undefined) {
    log.error(cellLine(row, 'symbol'), 'symbol', 'missing-value', 'symbol is missing or empty')
  } else {
    symbol = symbolText.toUpperCase()
    if (symbol !== symbolText) log.warning(cellLine(row, 'symbol'), 'symbol', 'symbol-case', `symbol ${show(symbolText)} read as ${show(symbol)}`)
    if (!isOption && ctx.knownSymbols !== undefined && !ctx.knownSymbols.has(symbol)) {
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
  } else if (Math.abs(quantity) > MAX_ABS_QUANTITY) {
    log.error(cellLine(row, 'quantity'), 'quantity', 'out-of-range', `quantity ${quantity} is outside the sane range: |quantity| <= ${MAX_ABS_QUANTITY.toExponential()} shares or contracts`)
  }

  const cost = readNumber(row, 'cost', ctx)
  if (cost !== undefined && cost < 0) {
    log.error(cellLine(row, 'cost'), 'cost', 'negative-cost', `cost ${cost} is negative; cost is a price per share`)
  } else if (cost !== undefined && cost > MAX_PRICE) {
    log.error(cellLine(row, 'cost'), 'cost', 'out-of-range', `cost ${cost} is outside the sane range [0, ${MAX_PRICE.toExponential()}]; cost is a price per share, not a total`)
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

  let option: OptionContract | undefined
  if (isOption) option = readOptionTerms(row, ctx)
  else rejectOptionColumns(row, ctx)

  if (log.errorCount !== errorsBefore || symbol === undefined || quantity === undefined) return undefined
  const position: { -readonly [K in keyof Position]: Position[K] } = { symbol, quantity }
  if (cost !== undefined) position.cost = cost
  if (sector !== undefined) position.sector = sector
  if (assetClass !== undefined) position.assetClass = assetClass
  if (option !== undefined) position.option = option
  return position
}

/** The row's assetClass, trimmed and lower-cased, read without logging (the checks decide which columns apply). */
function peekAssetClass(row: RawRow): string | undefined {
  const v = row.cells.assetClass?.value
  return typeof v === 'string' ? v.trim().toLowerCase() : undefined
}
