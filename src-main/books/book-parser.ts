import type { Book, BookParseResult, Position } from '@shared/domain/book'
import type { RawRow } from './book-columns'
import { readCsvRows, type RowReadOutcome } from './csv-rows'
import { DEFAULT_MAX_WARNINGS_PER_CODE, FILE_FIELD, IssueLog } from './issue-log'
import { readJsonRows } from './json-rows'
import { validateRow, type RowContext } from './row-validator'
import { BOM, LineIndex, normalizeNewlines, utf8ByteLength } from './text-lines'

/** Default size limit of a book file: 5 MiB (5 × 1024 × 1024 bytes of UTF-8). */
export const DEFAULT_MAX_BOOK_BYTES = 5 * 1024 * 1024
/** Default row limit of a book file (data rows, header excluded). */
export const DEFAULT_MAX_BOOK_ROWS = 100_000

export type BookFormat = 'csv' | 'json'

export interface BookParseOptions {
  /** file name put in every issue and used for the book name when the file declares none. */
  readonly file: string
  /** forced format; by default from the file extension (.json -> json, .csv/.tsv/.txt -> csv), else sniffed. */
  readonly format?: BookFormat
  /** canonical upper-case symbols that have market data; when given, any other symbol rejects its row. */
  readonly knownSymbols?: ReadonlySet<string>
  /** as-of date YYYY-MM-DD of the risk run; when given, an option row expiring on or before it is rejected. */
  readonly asof?: string
  /** size limit in UTF-8 bytes (default {@link DEFAULT_MAX_BOOK_BYTES}). */
  readonly maxBytes?: number
  /** data-row limit (default {@link DEFAULT_MAX_BOOK_ROWS}). */
  readonly maxRows?: number
  /** warnings of one code listed before the rest are only counted (default 100); errors are never capped. */
  readonly maxWarningsPerCode?: number
}

/**
 * Parses a book (CSV or JSON) into positions plus a per-row validation report.
 *
 * Columns: symbol and quantity (signed shares) required; cost (price per share, >= 0), sector and assetClass
 * optional; names trimmed and case-insensitive. Option rows (assetClass option) add underlying, optionType, strike,
 * expiry, impliedVol and optional rate, dividendYield, multiplier (quantity in contracts; see option-row.ts). CSV: header row, papaparse with dynamicTyping off and greedy
 * blank-line skipping. JSON: an array of row objects or `{ name?, positions: [...] }`.
 *
 * Every issue names the file, the 1-based physical line (CSV header = line 1; JSON row = line of its
 * opening brace, JSON field = line of its key) and the field (a column name, "(file)" or "(row)").
 * Before any row is read: the size limit (error), a BOM (stripped, warning), CRLF/CR line ends (normalised
 * silently; line numbers are those of the file), U+FFFD replacement characters (warning: not UTF-8),
 * an empty file (error). Row checks are those of validateRow (row-validator.ts).
 *
 * Guarantees: nothing is thrown for bad content; accepted + rejected === rows; every rejected row has at
 * least one error issue at its line, except when the whole file is rejected (fileRejected: true, no
 * positions, all rows rejected, one or more file-level errors). Issues are sorted by line.
 *
 * @param text - decoded file content (a leading BOM is allowed)
 * @param opts - see {@link BookParseOptions}
 * @returns the book (named by the JSON "name" or the file's base name), issues and row counts
 */
export function parseBookText(text: string, opts: BookParseOptions): BookParseResult {
  const log = new IssueLog(opts.file, opts.maxWarningsPerCode ?? DEFAULT_MAX_WARNINGS_PER_CODE)
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BOOK_BYTES
  const maxRows = opts.maxRows ?? DEFAULT_MAX_BOOK_ROWS
  const fallbackName = baseName(opts.file)

  if (utf8ByteLength(text, maxBytes) > maxBytes) return tooLargeBook(opts.file, undefined, maxBytes)
  if (text.startsWith(BOM)) {
    log.warning(1, FILE_FIELD, 'bom', 'file starts with a byte-order mark (U+FEFF); ignored')
    text = text.slice(1)
  }
  text = normalizeNewlines(text)
  if (text.trim() === '') {
    log.error(1, FILE_FIELD, 'empty-file', 'file is empty')
    return rejectedFile(log, fallbackName, 0)
  }
  const lines = new LineIndex(text)
  const replacement = text.indexOf('\uFFFD')
  if (replacement !== -1) {
    log.warning(lines.lineOf(replacement), FILE_FIELD, 'invalid-encoding', 'replacement character U+FFFD: the file is probably not UTF-8 (save it as UTF-8)')
  }

  const positions: Position[] = []
  const ctx: RowContext = { log, knownSymbols: opts.knownSymbols, firstLineOfSymbol: new Map(), asof: opts.asof }
  const onRow = (row: RawRow): void => {
    const position = validateRow(row, ctx)
    if (position !== undefined) positions.push(position)
  }
  const format = opts.format ?? detectBookFormat(opts.file, text)
  let outcome: RowReadOutcome & { readonly name?: string }
  if (format === 'json') outcome = readJsonRows(text, lines, log, maxRows, onRow)
  else outcome = readCsvRows(text, lines, log, maxRows, onRow)

  const name = outcome.name ?? fallbackName
  if (outcome.fileRejected) return rejectedFile(log, name, outcome.rowsRead)
  if (outcome.rowsRead === 0) log.warning(1, FILE_FIELD, 'no-rows', 'no data rows: the book has no positions')
  return {
    book: { name, positions },
    issues: log.finish(),
    rows: outcome.rowsRead,
    accepted: positions.length,
    rejected: outcome.rowsRead - positions.length,
    fileRejected: false,
  }
}

/**
 * The format of a book: from the extension (.json -> json; .csv, .tsv, .txt -> csv), else by content
 * (first non-blank character `[` or `{` -> json), else csv.
 *
 * @param file - file name or path
 * @param text - content, used only when the extension says nothing
 */
export function detectBookFormat(file: string, text = ''): BookFormat {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase()
  if (ext === 'json') return 'json'
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv'
  const first = /\S/.exec(text.startsWith(BOM) ? text.slice(1) : text)?.[0]
  return first === '[' || first === '{' ? 'json' : 'csv'
}

function rejectedFile(log: IssueLog, name: string, rows: number): BookParseResult {
  const book: Book = { name, positions: [] }
  return { book, issues: log.finish(), rows, accepted: 0, rejected: rows, fileRejected: true }
}

/** Base name without directory and extension ("books/Desk A.csv" -> "Desk A"). */
function baseName(file: string): string {
  const base = file.split(/[/\\]/).pop() ?? file
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(0, dot) : base
}

/**
 * The result for a file over the size limit, built without looking at its content.
 *
 * @param file - file name for the issue and the book name
 * @param sizeBytes - the file's size when known (from stat), for the message
 * @param maxBytes - the limit it exceeds
 */
export function tooLargeBook(file: string, sizeBytes: number | undefined, maxBytes: number): BookParseResult {
  const log = new IssueLog(file)
  const size = sizeBytes === undefined ? 'file is over' : `file is ${formatBytes(sizeBytes)}, over`
  log.error(1, FILE_FIELD, 'too-large', `${size} the ${formatBytes(maxBytes)} limit; the file was not imported`)
  return rejectedFile(log, baseName(file), 0)
}

/** Human-readable byte count ("3 GiB", "5 MiB", "812.3 KiB", "97 bytes"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} bytes`
}
