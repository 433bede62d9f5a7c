/**
 * Book domain: positions as read from a user's file, and the per-row validation report.
 * Pure types and validators; no I/O.
 */

/** Asset classes a book row may declare. Equities, ETFs and other are linear; option rows carry OptionContract terms. */
export const ASSET_CLASSES = ['equity', 'etf', 'option', 'other'] as const
export type AssetClass = (typeof ASSET_CLASSES)[number]

/** Option types a book row may declare (column `optionType`). */
export const OPTION_TYPES = ['call', 'put'] as const
export type OptionType = (typeof OPTION_TYPES)[number]

/** Shares of the underlying per contract when a book row gives no `multiplier` (US listed equity options). */
export const DEFAULT_OPTION_MULTIPLIER = 100
/** Implied volatilities are accepted in (0, MAX_IMPLIED_VOL] (annual, as a decimal: 0.25 = 25 %). */
export const MAX_IMPLIED_VOL = 5
/** |rate| and dividend yields above this are rejected as probably written in percent (3 instead of 0.03). */
export const MAX_ABS_RATE = 0.5

/**
 * The terms of a European equity option held in a book (a row with assetClass `option`). Defaults are resolved by
 * the book reader, so every field is set. Priced with Black-Scholes-Merton on the underlying's raw close; time to
 * expiry in years ACT/365 from the as-of date (docs/RISK-MEASURES.md, "Options in books").
 */
export interface OptionContract {
  /** symbol of the underlying (must have market data) */
  readonly underlying: string
  readonly optionType: OptionType
  /** strike K > 0, per share of the underlying */
  readonly strike: number
  /** expiry date YYYY-MM-DD (after the as-of date) */
  readonly expiry: string
  /** annual implied volatility σ in (0, MAX_IMPLIED_VOL] (0.25 = 25 %); held fixed in every scenario */
  readonly impliedVol: number
  /** continuously compounded risk-free rate per year (default 0) */
  readonly rate: number
  /** continuous dividend yield per year (default 0) */
  readonly dividendYield: number
  /** shares of the underlying per contract (default DEFAULT_OPTION_MULTIPLIER = 100) */
  readonly multiplier: number
}

/**
 * One position of a book. quantity is signed (shares; negative = short), or for an option row the signed number of
 * contracts (exposure = quantity x multiplier shares of the underlying). cost is a price per share (for an option: the
 * premium per share of the underlying, as options are quoted). `option` is set exactly when assetClass is 'option'.
 */
export interface Position {
  readonly symbol: string
  readonly quantity: number
  readonly cost?: number
  readonly sector?: string
  readonly assetClass?: AssetClass
  readonly option?: OptionContract
}

export interface Book {
  readonly name: string
  readonly positions: readonly Position[]
}

/**
 * Machine-readable kind of a book validation issue (the message is for people; UIs and tests match on this).
 * File-level kinds (empty-file, too-large, syntax on the whole file, bad-structure of the root, missing-column,
 * duplicate-column in a CSV header) reject the whole file.
 */
export const BOOK_ISSUE_CODES = [
  'empty-file', // no content at all (error)
  'too-large', // over the byte or row limit; checked before any row is validated (error)
  'invalid-encoding', // bytes that are not valid UTF-8, decoded as U+FFFD (warning)
  'bom', // leading byte-order mark, accepted (warning)
  'syntax', // JSON syntax error, or broken CSV quoting (error)
  'bad-structure', // JSON root of the wrong shape, or a row that is not an object (error)
  'missing-column', // a required column absent from the header / from every JSON row (error, file rejected)
  'duplicate-column', // two columns or keys naming the same field (error)
  'unknown-column', // extra columns or keys, ignored (one warning per file)
  'no-rows', // a header but no data rows (warning)
  'field-count', // a CSV row with more or fewer fields than the header (error; warning if the extras are empty)
  'missing-value', // a required value is empty or absent (error)
  'not-a-number', // a numeric field that does not parse as a decimal number (error)
  'not-finite', // NaN, Infinity, or a number that overflows float64 (error)
  'zero-quantity', // quantity 0 (error)
  'negative-cost', // cost < 0 (error)
  'wrong-type', // a JSON value of the wrong type (error, or warning when converted losslessly)
  'unknown-symbol', // symbol not among the known symbols (error)
  'duplicate-symbol', // a symbol already seen on an earlier row (error)
  'unknown-asset-class', // assetClass not one of ASSET_CLASSES (error)
  'unknown-option-type', // optionType not call or put (error)
  'out-of-range', // an option number outside its range: strike <= 0, impliedVol not in (0, 5], |rate| > 0.5, ... (error)
  'invalid-date', // expiry not a calendar date YYYY-MM-DD (error)
  'expired-option', // expiry on or before the as-of date (error)
  'not-an-option', // option columns filled on a row whose assetClass is not option (error)
  'whitespace', // stray whitespace around a value, trimmed (warning)
  'symbol-case', // symbol changed to upper case (warning)
  'suppressed', // count of further warnings of one code that were not listed (warning)
] as const
export type BookIssueCode = (typeof BOOK_ISSUE_CODES)[number]

/** One finding of book validation: where (file, 1-based line, field) and what. */
export interface ValidationIssue {
  readonly file: string
  readonly line: number
  readonly field: string
  readonly message: string
  readonly severity: 'error' | 'warning'
  /** kind of finding; always set by the book readers in src-main/books. */
  readonly code?: BookIssueCode
}

/** Outcome of reading a book: the accepted positions and every issue found. A rejected row is always reported. */
export interface BookParseResult {
  readonly book: Book
  readonly issues: readonly ValidationIssue[]
  /** rows read (excluding header), accepted and rejected; accepted + rejected === rows. */
  readonly rows: number
  readonly accepted: number
  readonly rejected: number
  /**
   * true when the file as a whole was rejected (empty, too large, unparseable, missing required column):
   * book.positions is then empty, every row read counts as rejected, and the file-level error stands for them.
   */
  readonly fileRejected?: boolean
}
