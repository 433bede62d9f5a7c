import { describe, expect, it } from 'vitest'
import { parseBookText } from '../../../src-main/books/book-parser'
import { formatBookSummary, formatIssue, formatIssues } from '../../../src-main/books/format-report'
import { lf } from './book-test-helpers'

describe('format-report', () => {
  const result = parseBookText(lf(['symbol,quantity', 'aapl,1', 'MSFT,abc']), { file: 'books/desk.csv' })

  it('renders file:line: field: severity: message, one line per issue, in report order', () => {
    const lines = formatIssues(result.issues)
    expect(lines).toEqual([
      `books/desk.csv:2: symbol: warning: ${result.issues[0]?.message}`,
      `books/desk.csv:3: quantity: error: ${result.issues[1]?.message}`,
    ])
    expect(lines[1]).toBe('books/desk.csv:3: quantity: error: quantity "abc" is not a number')
  })

  it('escapes control and bidi characters in the file name and field', () => {
    const line = formatIssue({ file: 'a\u001b[2Jb\u202e.csv', line: 1, field: 'x\ny', message: 'm', severity: 'error' })
    expect(line).toBe('a\\u001b[2Jb\\u202e.csv:1: x\\u000ay: error: m')
  })

  it('summarises counts, and says when the whole file was rejected', () => {
    expect(formatBookSummary('desk.csv', result)).toBe('desk.csv: 2 rows, 1 accepted, 1 rejected (1 error, 1 warning)')
    const rejected = parseBookText(lf(['symbol,qty', 'A,1']), { file: 'x.csv' })
    expect(formatBookSummary('x.csv', rejected)).toBe('x.csv: file rejected, no positions imported (1 error, 1 warning)')
  })
})
