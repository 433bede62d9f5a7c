/**
 * Book domain: positions as read from a user's file, and the per-row validation report.
 * Pure types and validators; no I/O.
 */

/** Asset classes a book row may declare. Equities and ETFs are linear; options arrive with issue #4. */
export const ASSET_CLASSES = ['equity', 'etf', 'option', 'other'] as const
export type AssetClass = (typeof ASSET_CLASSES)[number]

/** One position of a book. quantity is signed (shares; negative = short). cost is a price per share. */
export interface Position {
  readonly symbol: string
  readonly quantity: number
  readonly cost?: number
  readonly sector?: string
  readonly assetClass?: AssetClass
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
