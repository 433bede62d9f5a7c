/**
 * The option columns of a book row: validation of an option's terms (assetClass `option`) and the check that other
 * rows leave them empty. Conventions: docs/RISK-MEASURES.md, "Options in books".
 */
import {
  DEFAULT_OPTION_MULTIPLIER,
  MAX_ABS_RATE,
  MAX_IMPLIED_VOL,
  OPTION_TYPES,
  type OptionContract,
  type OptionType,
} from '@shared/domain/book'
import { OPTION_COLUMNS, type RawRow } from './book-columns'
import { INVALID, cellLine, hasValue, readNumber, readText, type CellContext } from './cell-readers'
import { isCalendarDate } from '../market/iso-dates'
import { MAX_MULTIPLIER, MAX_PRICE } from './sane-ranges'
import { show } from './text-lines'

/** What the option checks need beyond the issue log. */
export interface OptionRowContext extends CellContext {
  /** canonical symbols with market data; when set, an unknown underlying rejects the row */
  readonly knownSymbols?: ReadonlySet<string>
  /** as-of date YYYY-MM-DD; when set, an expiry on or before it rejects the row */
  readonly asof?: string
}

const OPTION_TYPE_SET: ReadonlySet<string> = new Set(OPTION_TYPES)

/**
 * Validates the option columns of a row whose assetClass is option and builds its terms.
 *
 * Required: underlying (upper-cased; must be a known symbol when knownSymbols is given), optionType (call or put,
 * case-insensitive), strike (in (0, MAX_PRICE]), expiry (a calendar date YYYY-MM-DD, after `asof` when given) and impliedVol (annual,
 * in (0, MAX_IMPLIED_VOL]). Optional: rate (|rate| <= MAX_ABS_RATE, default 0), dividendYield (in [0, MAX_ABS_RATE],
 * default 0), multiplier (in (0, MAX_MULTIPLIER], default DEFAULT_OPTION_MULTIPLIER). Every problem is logged with the value's line and
 * the column name; the caller rejects the row when the error count grew.
 *
 * @param row - raw row (not broken)
 * @param ctx - issue log, known symbols, as-of date
 * @returns the terms, or undefined when at least one error was logged
 */
export function readOptionTerms(row: RawRow, ctx: OptionRowContext): OptionContract | undefined {
  const { log } = ctx
  const before = log.errorCount
  const required = (column: (typeof OPTION_COLUMNS)[number], what: string): void =>
    log.error(cellLine(row, column), column, 'missing-value', `${column} is missing: an option row needs ${what}`)

  const underlyingText = readText(row, 'underlying', ctx)
  let underlying: string | undefined
  if (underlyingText === undefined) required('underlying', 'the symbol of its underlying')
  else if (underlyingText !== INVALID) {
    underlying = underlyingText.toUpperCase()
    if (underlying !== underlyingText) log.warning(cellLine(row, 'underlying'), 'underlying', 'symbol-case', `underlying ${show(underlyingText)} read as ${show(underlying)}`)
    if (ctx.knownSymbols !== undefined && !ctx.knownSymbols.has(underlying)) {
      log.error(cellLine(row, 'underlying'), 'underlying', 'unknown-symbol', `unknown underlying ${show(underlying)}: no market data for it`)
    }
  }

  const typeText = readText(row, 'optionType', ctx)
  let optionType: OptionType | undefined
  if (typeText === undefined) required('optionType', 'optionType call or put')
  else if (typeText !== INVALID) {
    const lower = typeText.toLowerCase()
    if (OPTION_TYPE_SET.has(lower)) optionType = lower as OptionType
    else log.error(cellLine(row, 'optionType'), 'optionType', 'unknown-option-type', `unknown optionType ${show(typeText)}; expected call or put`)
  }

  const strike = readNumber(row, 'strike', ctx)
  if (strike === undefined) required('strike', 'a strike price')
  else if (!(strike > 0) && !Number.isNaN(strike)) log.error(cellLine(row, 'strike'), 'strike', 'out-of-range', `strike ${strike} must be > 0`)
  else if (strike > MAX_PRICE) log.error(cellLine(row, 'strike'), 'strike', 'out-of-range', `strike ${strike} is outside the sane range (0, ${MAX_PRICE.toExponential()}]`)

  const expiry = readText(row, 'expiry', ctx)
  if (expiry === undefined) required('expiry', 'an expiry date YYYY-MM-DD')
  else if (expiry !== INVALID) {
    if (!isCalendarDate(expiry)) log.error(cellLine(row, 'expiry'), 'expiry', 'invalid-date', `expiry ${show(expiry)} is not a calendar date YYYY-MM-DD`)
    else if (ctx.asof !== undefined && expiry <= ctx.asof) {
      log.error(cellLine(row, 'expiry'), 'expiry', 'expired-option', `expiry ${expiry} is on or before the as-of date ${ctx.asof}: the option has expired`)
    }
  }

  const impliedVol = readNumber(row, 'impliedVol', ctx)
  if (impliedVol === undefined) required('impliedVol', 'an annual implied volatility (0.25 = 25 %)')
  else if (!(impliedVol > 0 && impliedVol <= MAX_IMPLIED_VOL) && !Number.isNaN(impliedVol)) {
    log.error(cellLine(row, 'impliedVol'), 'impliedVol', 'out-of-range', `impliedVol ${impliedVol} is outside (0, ${MAX_IMPLIED_VOL}]; write it as an annual decimal (0.25 = 25 %)`)
  }

  const rate = readNumber(row, 'rate', ctx)
  if (rate !== undefined && Math.abs(rate) > MAX_ABS_RATE) {
    log.error(cellLine(row, 'rate'), 'rate', 'out-of-range', `rate ${rate} is outside [-${MAX_ABS_RATE}, ${MAX_ABS_RATE}]; write it as a decimal (0.03 = 3 %)`)
  }
  const dividendYield = readNumber(row, 'dividendYield', ctx)
  if (dividendYield !== undefined && (dividendYield < 0 || dividendYield > MAX_ABS_RATE)) {
    log.error(cellLine(row, 'dividendYield'), 'dividendYield', 'out-of-range', `dividendYield ${dividendYield} is outside [0, ${MAX_ABS_RATE}]; write it as a decimal (0.02 = 2 %)`)
  }
  const multiplier = readNumber(row, 'multiplier', ctx)
  if (multiplier !== undefined && !(multiplier > 0) && !Number.isNaN(multiplier)) {
    log.error(cellLine(row, 'multiplier'), 'multiplier', 'out-of-range', `multiplier ${multiplier} must be > 0 (shares per contract)`)
  } else if (multiplier !== undefined && multiplier > MAX_MULTIPLIER) {
    log.error(cellLine(row, 'multiplier'), 'multiplier', 'out-of-range', `multiplier ${multiplier} is outside the sane range (0, ${MAX_MULTIPLIER}] shares per contract`)
  }

  if (log.errorCount !== before || underlying === undefined || optionType === undefined || strike === undefined) return undefined
  if (typeof expiry !== 'string' || impliedVol === undefined) return undefined
  return {
    underlying,
    optionType,
    strike,
    expiry,
    impliedVol,
    rate: rate ?? 0,
    dividendYield: dividendYield ?? 0,
    multiplier: multiplier ?? DEFAULT_OPTION_MULTIPLIER,
  }
}

/**
 * Logs a `not-an-option` error for every option column filled on a row whose assetClass is not option: such a row is
 * ambiguous (a forgotten assetClass would otherwise turn an option into shares of its symbol).
 */
export function rejectOptionColumns(row: RawRow, ctx: CellContext): void {
  for (const column of OPTION_COLUMNS) {
    if (hasValue(row, column)) {
      ctx.log.error(cellLine(row, column), column, 'not-an-option', `${column} is only read on option rows; set assetClass to option or leave ${column} empty`)
    }
  }
}
