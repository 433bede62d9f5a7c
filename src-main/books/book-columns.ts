/**
 * The columns a book file may carry and the raw, not yet validated row shape that the CSV and JSON readers
 * hand to the row validator.
 */

/** Columns that describe an option (read only on rows whose assetClass is option; OptionContract's fields). */
export const OPTION_COLUMNS = ['underlying', 'optionType', 'strike', 'expiry', 'impliedVol', 'rate', 'dividendYield', 'multiplier'] as const
export type OptionColumn = (typeof OPTION_COLUMNS)[number]

/**
 * Book columns, spelled as Position's fields (and OptionContract's for the option columns). Header names / JSON keys
 * match them case-insensitively, trimmed.
 */
export const BOOK_COLUMNS = ['symbol', 'quantity', 'cost', 'sector', 'assetClass', ...OPTION_COLUMNS] as const
export type BookColumn = (typeof BOOK_COLUMNS)[number]

/** Columns without which no position can be built; their absence from the header rejects the file. */
export const REQUIRED_COLUMNS: readonly BookColumn[] = ['symbol', 'quantity']

const BY_LOWER_NAME: ReadonlyMap<string, BookColumn> = new Map(BOOK_COLUMNS.map((c) => [c.toLowerCase(), c]))

/**
 * The book column a header name or JSON key denotes: trimmed, case-insensitive (`" Quantity"` -> quantity).
 * @returns the column, or undefined for a name that is not a book column
 */
export function columnForName(name: string): BookColumn | undefined {
  return BY_LOWER_NAME.get(name.trim().toLowerCase())
}

/** One value as read from the file, before any validation. */
export interface RawCell {
  /** CSV: always a string. JSON: whatever JSON.parse produced (string, number, boolean, null, object, array). */
  readonly value: unknown
  /** 1-based physical line the value (CSV) or its key (JSON) is on. */
  readonly line: number
}

/** One data row as read from the file. */
export interface RawRow {
  /** 1-based physical line the row starts on. */
  readonly line: number
  readonly cells: Partial<Record<BookColumn, RawCell>>
  /**
   * true when the reader already logged an error that makes the fields meaningless (wrong field count,
   * broken quoting, not an object): the row is rejected without validating its fields.
   */
  readonly broken: boolean
}
