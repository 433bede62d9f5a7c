/**
 * XLSX book import (exceljs): the first worksheet becomes CSV text with one line per spreadsheet row (row n = line n,
 * header in row 1), which then goes through the same parser and per-row validation as a CSV book, so every issue
 * names the file, the row and the column like a CSV's line and field. Cell values: numbers as their shortest
 * round-trip text, dates as YYYY-MM-DD (UTC, as exceljs reads them), formulas by their cached result, rich text and
 * hyperlinks by their text, error cells by their code (e.g. #N/A, which the row validation then rejects).
 */
import ExcelJS from 'exceljs'
import type { BookParseResult } from '@shared/domain/book'
import { parseBookText, type BookParseOptions } from './book-parser'

/** Whether a file name is an XLSX workbook (by extension). */
export function isXlsxFile(path: string): boolean {
  return /\.xlsx$/i.test(path)
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return v
  if (typeof v === 'object') {
    if ('result' in v && v.result !== undefined) return cellText(v.result as ExcelJS.CellValue)
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v && typeof v.text === 'string') return v.text
    if ('error' in v) return String(v.error)
  }
  return String(v)
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Parses XLSX bytes as a book.
 * @param bytes - the .xlsx file content
 * @param opts - as parseBookText (file name, known symbols, as-of, limits)
 * @returns the parse result; a workbook that cannot be opened, or has no worksheet, is a rejected file with one
 *   error on line 1 (never an exception)
 */
export async function parseXlsxBook(bytes: Uint8Array, opts: BookParseOptions): Promise<BookParseResult> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch (e) {
    return rejected(opts, `not a readable XLSX workbook (${(e as Error).message})`)
  }
  const ws = wb.worksheets[0]
  if (!ws) return rejected(opts, 'the workbook has no worksheet')
  const width = ws.columnCount
  const lines: string[] = []
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= width; c++) cells.push(csvField(cellText(row.getCell(c).value)))
    // an all-empty row stays a blank line so that later rows keep their numbers
    lines.push(cells.every((x) => x === '') ? '' : cells.join(','))
  }
  return parseBookText(lines.join('\n'), { ...opts, format: 'csv' })
}

function rejected(opts: BookParseOptions, message: string): BookParseResult {
  const name = opts.file.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, '')
  return { book: { name, positions: [] }, issues: [{ file: opts.file, line: 1, field: '(file)', message, severity: 'error', code: 'syntax' }], rows: 0, accepted: 0, rejected: 0, fileRejected: true }
}

/** The result of a synchronous read of an XLSX file (exceljs reads workbooks asynchronously only). */
export function xlsxNotReadHere(file: string): BookParseResult {
  return rejected({ file }, 'this command reads CSV or JSON books; save the workbook as CSV (XLSX books are read by `riskdesk stress` and the Stress Lab)')
}
