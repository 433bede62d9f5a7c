import Papa from 'papaparse'
import type { ParseError, Parser } from 'papaparse'
import { BOOK_COLUMNS, REQUIRED_COLUMNS, columnForName, type BookColumn, type RawCell, type RawRow } from './book-columns'
import { FILE_FIELD, ROW_FIELD, type IssueLog } from './issue-log'
import { countNewlines, show, type LineIndex } from './text-lines'

/** What a row reader reports back once the file is consumed. */
export interface RowReadOutcome {
  /** data rows read (header excluded); each was passed to onRow unless the file was rejected. */
  readonly rowsRead: number
  /** a file-level error was logged; no row was passed to onRow after it, and none should be accepted. */
  readonly fileRejected: boolean
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const

/**
 * Reads the data rows of a CSV book with papaparse and hands each one to `onRow` with its physical line.
 *
 * Conventions: the first non-blank row is the header; header names are trimmed and case-insensitive; blank
 * rows (whitespace only, greedy) are skipped; no type conversion happens here (dynamicTyping off, so "00123"
 * stays text). The delimiter is taken from the header line (the most frequent of `, ; TAB |` outside quotes,
 * comma on a tie) rather than papaparse's guess, which looks at data rows and gives up on short files.
 * papaparse runs with `header: false` because the raw field count is needed per row and because its header
 * mode silently renames duplicate columns.
 *
 * Line numbers: papaparse reports where a row ends (meta.cursor); the row's first line is the line of its last
 * character minus the newlines inside its quoted fields. This is exact for blank-line runs, greedy-skipped
 * rows of bare delimiters and multi-line quoted values.
 *
 * File-level errors (logged on `log`, file rejected): no header, a duplicated column, a missing required
 * column, broken quoting in the header, more than `maxRows` data rows (checked before any row is validated).
 * Row-level errors (row passed with broken = true): fewer fields than the header, more non-empty fields than
 * the header, broken quoting. Warnings: unknown columns (one for the file), trailing empty extra fields.
 *
 * @param text - file content, BOM removed, line ends normalised to `\n`, not blank
 * @param lines - line index of `text`
 * @param log - issue log of the file
 * @param maxRows - data-row limit
 * @param onRow - receives each data row in file order
 */
export function readCsvRows(text: string, lines: LineIndex, log: IssueLog, maxRows: number, onRow: (row: RawRow) => void): RowReadOutcome {
  const delimiter = detectDelimiter(text)
  if (lines.lineCount - 1 > maxRows) {
    // Cheap bound first: rows <= physical lines - 1. Only a file with more lines than that needs a count.
    const excessLine = lineOfRow(text, lines, delimiter, maxRows + 1)
    if (excessLine !== undefined) {
      log.error(excessLine, FILE_FIELD, 'too-large', `more than ${maxRows} data rows (limit ${maxRows}); the file was not imported`)
      return { rowsRead: 0, fileRejected: true }
    }
  }

  let header: Header | undefined
  let headerRejected = false
  let rowsRead = 0
  parseRows(text, lines, delimiter, (fields, startLine, errors) => {
    if (header === undefined && !headerRejected) {
      const quoteError = errors.find((e) => e.type === 'Quotes')
      if (quoteError !== undefined) {
        log.error(startLine, FILE_FIELD, 'syntax', `header row has broken quoting (${quoteError.message})`)
        headerRejected = true
        return
      }
      header = readHeader(fields, startLine, log)
      if (header === undefined) headerRejected = true
      return
    }
    rowsRead++
    if (headerRejected || header === undefined) return
    onRow(toRawRow(fields, startLine, errors, header, log))
  })

  if (header === undefined && !headerRejected) {
    log.error(1, FILE_FIELD, 'empty-file', 'no header row: the file has only blank lines or empty fields')
    return { rowsRead: 0, fileRejected: true }
  }
  return { rowsRead, fileRejected: headerRejected }
}

interface Header {
  /** per field index, the column it feeds (undefined = ignored column). */
  readonly columnAt: readonly (BookColumn | undefined)[]
  readonly line: number
}

function readHeader(fields: readonly string[], line: number, log: IssueLog): Header | undefined {
  const columnAt: (BookColumn | undefined)[] = []
  const firstIndex = new Map<BookColumn, number>()
  const unknown: string[] = []
  let rejected = false
  fields.forEach((name, i) => {
    const column = columnForName(name)
    columnAt.push(column)
    if (column === undefined) {
      unknown.push(name.trim() === '' ? `(unnamed column ${i + 1})` : show(name.trim()))
      return
    }
    const first = firstIndex.get(column)
    if (first === undefined) firstIndex.set(column, i)
    else {
      log.error(line, column, 'duplicate-column', `columns ${first + 1} and ${i + 1} are both ${show(column)}; the file was not imported`)
      rejected = true
    }
  })
  for (const required of REQUIRED_COLUMNS) {
    if (!firstIndex.has(required)) {
      log.error(line, required, 'missing-column', `required column ${show(required)} is missing from the header row (found: ${fields.map((f) => show(f.trim())).join(', ')}); the file was not imported`)
      rejected = true
    }
  }
  if (unknown.length > 0) {
    log.warning(line, unknown.join(', '), 'unknown-column', `unknown columns ignored: ${unknown.join(', ')} (known: ${BOOK_COLUMNS.join(', ')})`)
  }
  return rejected ? undefined : { columnAt, line }
}

function toRawRow(fields: readonly string[], line: number, errors: readonly ParseError[], header: Header, log: IssueLog): RawRow {
  const quoteError = errors.find((e) => e.type === 'Quotes')
  if (quoteError !== undefined) {
    const what = quoteError.code === 'MissingQuotes' ? 'a quoted field is never closed; the rest of the file was read into it' : `broken quoting (${quoteError.message})`
    log.error(line, ROW_FIELD, 'syntax', `${what}; row rejected`)
    return { line, cells: {}, broken: true }
  }
  const width = header.columnAt.length
  if (fields.length < width) {
    const firstMissing = header.columnAt.slice(fields.length).find((c) => c !== undefined) ?? ROW_FIELD
    log.error(line, firstMissing, 'field-count', `row has ${fields.length} fields, the header has ${width}; row rejected`)
    return { line, cells: {}, broken: true }
  }
  if (fields.length > width) {
    if (fields.slice(width).some((f) => f.trim() !== '')) {
      log.error(line, ROW_FIELD, 'field-count', `row has ${fields.length} fields, the header has ${width} (an unquoted delimiter in a value?); row rejected`)
      return { line, cells: {}, broken: true }
    }
    log.warning(line, ROW_FIELD, 'field-count', `row has ${fields.length - width} empty fields past the last column; ignored`)
  }
  const cells: Partial<Record<BookColumn, RawCell>> = {}
  let fieldLine = line
  for (let i = 0; i < width; i++) {
    const value = fields[i] as string
    const column = header.columnAt[i]
    if (column !== undefined) cells[column] = { value, line: fieldLine }
    if (value.includes('\n')) fieldLine += countNewlines(value)
  }
  return { line, cells, broken: false }
}

type RowHandler = (fields: string[], startLine: number, errors: readonly ParseError[], parser: Parser) => void

/** Runs papaparse over the text, calling `handle` for every non-blank row (header included) with its first line. */
function parseRows(text: string, lines: LineIndex, delimiter: string, handle: RowHandler): void {
  Papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const fields = result.data
      const end = result.meta.cursor
      let inFields = 0
      for (const f of fields) if (f.includes('\n')) inFields += countNewlines(f)
      let startLine = lines.lineOf(end - 1) - inFields
      // An unterminated quote swallows the rest of the file, final line end included: that line end is then
      // inside a field and was counted twice.
      if (end === text.length && text.endsWith('\n') && fields[fields.length - 1]?.endsWith('\n') && result.errors.some((e) => e.code === 'MissingQuotes')) {
        startLine += 1
      }
      handle(fields, startLine, result.errors, parser)
    },
  })
}

/** Line of the `n`-th data row (1-based), or undefined when the file has fewer rows; stops reading there. */
function lineOfRow(text: string, lines: LineIndex, delimiter: string, n: number): number | undefined {
  let seen = -1 // the header is row 0
  let found: number | undefined
  parseRows(text, lines, delimiter, (_fields, startLine, _errors, parser) => {
    seen++
    if (seen === n) {
      found = startLine
      parser.abort()
    }
  })
  return found
}

/** The delimiter used by the header line: the most frequent candidate outside quotes, comma on a tie or none. */
export function detectDelimiter(text: string): string {
  const start = text.search(/\S/)
  let end = text.indexOf('\n', Math.max(start, 0))
  if (end === -1) end = text.length
  const counts = new Map<string, number>()
  let inQuotes = false
  for (let i = Math.max(start, 0); i < end; i++) {
    const ch = text[i] as string
    if (ch === '"') inQuotes = !inQuotes
    else if (!inQuotes && (CANDIDATE_DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best = ','
  let bestCount = counts.get(',') ?? 0
  for (const d of CANDIDATE_DELIMITERS) {
    const c = counts.get(d) ?? 0
    if (c > bestCount) {
      best = d
      bestCount = c
    }
  }
  return best
}
