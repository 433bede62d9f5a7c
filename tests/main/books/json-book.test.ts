import { describe, expect, it } from 'vitest'
import { parseBookText } from '../../../src-main/books/book-parser'
import { allIssues, expectConsistent, issuesWithCode, lf } from './book-test-helpers'

const FILE = 'books/desk-a.json'
const parse = (text: string, extra: { knownSymbols?: ReadonlySet<string>; maxRows?: number } = {}) => {
  const result = parseBookText(text, { file: FILE, ...extra })
  expectConsistent(result)
  return result
}

describe('parseBookText, JSON variants', () => {
  const positions = [
    { symbol: 'AAPL', quantity: 100, cost: 150.5, sector: 'Technology', assetClass: 'equity' },
    { symbol: 'SPY', quantity: -20 },
  ]

  it('a bare array of rows; the book is named after the file', () => {
    const r = parse(JSON.stringify(positions))
    expect(r.issues).toEqual([])
    expect(r.book).toEqual({ name: 'desk-a', positions })
  })

  it('{ name, positions } takes the declared name; { positions } alone falls back to the file name', () => {
    expect(parse(JSON.stringify({ name: ' Desk A ', positions })).book).toEqual({ name: 'Desk A', positions })
    expect(parse(JSON.stringify({ positions })).book.name).toBe('desk-a')
  })

  it('the same book in CSV and JSON gives the same positions', () => {
    const csv = parseBookText(lf(['symbol,quantity,cost,sector,assetClass', 'AAPL,100,150.5,Technology,equity', 'SPY,-20,,,']), { file: 'desk-a.csv' })
    expect(parse(JSON.stringify(positions)).book).toEqual(csv.book)
  })

  it('keys match case-insensitively and trimmed; numeric strings are read as numbers', () => {
    const r = parse(JSON.stringify([{ ' Symbol': 'msft', QUANTITY: '12', Cost: '3.5', ASSETCLASS: 'ETF' }]))
    expect(r.book.positions).toEqual([{ symbol: 'MSFT', quantity: 12, cost: 3.5, assetClass: 'etf' }])
    expect(allIssues(r)).toEqual([{ line: 1, field: 'symbol', severity: 'warning', code: 'symbol-case' }])
  })

  it('null optional values are absent', () => {
    const r = parse(JSON.stringify([{ symbol: 'AAPL', quantity: 1, cost: null, sector: null }]))
    expect(r.book.positions).toEqual([{ symbol: 'AAPL', quantity: 1 }])
    expect(r.issues).toEqual([])
  })

  it('an empty positions array is a warning', () => {
    const r = parse('{"name": "flat", "positions": []}')
    expect(allIssues(r)).toEqual([{ line: 1, field: '(file)', severity: 'warning', code: 'no-rows' }])
    expect(r.book).toEqual({ name: 'flat', positions: [] })
  })
})

describe('parseBookText, JSON: issues at the line of the row or key', () => {
  // Pretty-printed the usual way: one key per line, so row line != key line.
  const pretty = (rows: unknown[]) => JSON.stringify({ name: 'x', positions: rows }, null, 2)
  // line 1 '{', 2 name, 3 '"positions": [', 4 '{' row 0, 5.. its keys one per line

  it('a bad quantity is reported on the line of its key', () => {
    const r = parse(pretty([{ symbol: 'AAPL', quantity: 1 }, { symbol: 'MSFT', quantity: 'abc' }]))
    // row 0: lines 4-7, row 1: '{' on 8, symbol 9, quantity 10
    expect(allIssues(r)).toEqual([{ line: 10, field: 'quantity', severity: 'error', code: 'not-a-number' }])
  })

  it('non-finite numbers: 1e400 parses to Infinity and is rejected', () => {
    const r = parse(lf(['[', '{"symbol": "AAPL", "quantity": 1e400},', '{"symbol": "MSFT", "quantity": -1e400, "cost": 1e999}', ']']))
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'quantity', severity: 'error', code: 'not-finite' },
      { line: 3, field: 'quantity', severity: 'error', code: 'not-finite' },
      { line: 3, field: 'cost', severity: 'error', code: 'not-finite' },
    ])
    expect(r.rejected).toBe(2)
  })

  it('zero quantity, negative cost, unknown asset class, unknown and duplicate symbols', () => {
    const r = parse(
      lf([
        '[',
        '{"symbol": "AAPL", "quantity": 0},',
        '{"symbol": "MSFT", "quantity": 1, "cost": -2},',
        '{"symbol": "SPY", "quantity": 1, "assetClass": "future"},',
        '{"symbol": "ZZZ", "quantity": 1},',
        '{"symbol": "XOM", "quantity": 1},',
        '{"symbol": "xom", "quantity": 2}',
        ']',
      ]),
      { knownSymbols: new Set(['AAPL', 'MSFT', 'SPY', 'XOM']) },
    )
    expect(allIssues(r).filter((i) => i.severity === 'error')).toEqual([
      { line: 2, field: 'quantity', severity: 'error', code: 'zero-quantity' },
      { line: 3, field: 'cost', severity: 'error', code: 'negative-cost' },
      { line: 4, field: 'assetClass', severity: 'error', code: 'unknown-asset-class' },
      { line: 5, field: 'symbol', severity: 'error', code: 'unknown-symbol' },
      { line: 7, field: 'symbol', severity: 'error', code: 'duplicate-symbol' },
    ])
    expect(r.issues.find((i) => i.code === 'duplicate-symbol')?.message).toContain('line 6')
    expect(r.book.positions).toEqual([{ symbol: 'XOM', quantity: 1 }])
  })

  it('a row that is not an object, and a row missing a key others have', () => {
    const r = parse(lf(['[', '{"symbol": "AAPL", "quantity": 1},', '42,', 'null,', '["MSFT", 3],', '{"symbol": "SPY"}', ']']))
    expect(allIssues(r)).toEqual([
      { line: 3, field: '(row)', severity: 'error', code: 'bad-structure' },
      { line: 4, field: '(row)', severity: 'error', code: 'bad-structure' },
      { line: 5, field: '(row)', severity: 'error', code: 'bad-structure' },
      { line: 6, field: 'quantity', severity: 'error', code: 'missing-value' },
    ])
    expect([r.rows, r.accepted, r.rejected]).toEqual([5, 1, 4])
  })

  it('wrong JSON types: boolean quantity is an error, numeric symbol is converted with a warning', () => {
    const r = parse(lf(['[', '{"symbol": "AAPL", "quantity": true},', '{"symbol": 7203, "quantity": 1}', ']']))
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'quantity', severity: 'error', code: 'wrong-type' },
      { line: 3, field: 'symbol', severity: 'warning', code: 'wrong-type' },
    ])
    expect(r.book.positions).toEqual([{ symbol: '7203', quantity: 1 }])
  })

  it('stray whitespace inside JSON strings: trimmed with a warning', () => {
    const r = parse(lf(['[{"symbol": " AAPL", "quantity": "5 "}]']))
    expect(allIssues(r)).toEqual([
      { line: 1, field: 'symbol', severity: 'warning', code: 'whitespace' },
      { line: 1, field: 'quantity', severity: 'warning', code: 'whitespace' },
    ])
    expect(r.book.positions).toEqual([{ symbol: 'AAPL', quantity: 5 }])
  })

  it('a key present in no row is a missing column: line 1, file rejected', () => {
    const r = parse(lf(['[', '{"symbol": "AAPL", "qty": 1},', '{"symbol": "MSFT", "qty": 2}', ']']))
    expect(issuesWithCode(r, 'missing-column')).toEqual([{ line: 1, field: 'quantity', severity: 'error', code: 'missing-column' }])
    expect([r.rows, r.accepted, r.rejected, r.fileRejected]).toEqual([2, 0, 2, true])
  })

  it('two keys for one column in a row (by case, or literally repeated) reject the row', () => {
    const r = parse(lf(['[', '{"symbol": "AAPL", "quantity": 1, "Quantity": 2},', '{"symbol": "MSFT",', ' "quantity": 1,', ' "quantity": 5}', ']']))
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'quantity', severity: 'error', code: 'duplicate-column' },
      { line: 5, field: 'quantity', severity: 'error', code: 'duplicate-column' },
    ])
    expect(r.accepted).toBe(0)
  })

  it('unknown keys: one warning at the first one', () => {
    const r = parse(lf(['[', '{"symbol": "AAPL", "quantity": 1},', '{"symbol": "MSFT", "quantity": 1, "trader": "bob"},', '{"symbol": "SPY", "quantity": 1, "notes": "", "trader": "x"}', ']']))
    expect(allIssues(r)).toEqual([{ line: 3, field: '"trader", "notes"', severity: 'warning', code: 'unknown-column' }])
    expect(r.accepted).toBe(3)
  })

  it('BOM and CRLF: accepted, same result as plain LF apart from the BOM warning', () => {
    const lines = ['{', '  "positions": [', '    {"symbol": "AAPL", "quantity": "x"},', '    {"symbol": "MSFT", "quantity": 2}', '  ]', '}']
    const plain = parse(lines.join('\n'))
    const crlf = parse(lines.join('\r\n'))
    const bom = parse(`\uFEFF${lines.join('\r\n')}`)
    expect(crlf).toEqual(plain)
    expect(allIssues(plain)).toEqual([{ line: 3, field: 'quantity', severity: 'error', code: 'not-a-number' }])
    expect(allIssues(bom)).toEqual([{ line: 1, field: '(file)', severity: 'warning', code: 'bom' }, ...allIssues(plain)])
    expect(bom.book).toEqual(plain.book)
  })
})

describe('parseBookText, JSON: file-level errors', () => {
  it.each([
    ['trailing comma', lf(['{', '  "positions": [', '    {"symbol": "A", "quantity": 1},', '  ]', '}']), 4, 3],
    ['missing comma', lf(['[', '{"symbol": "A"', ' "quantity": 1}', ']']), 3, 2],
    ['bad literal', '[{"symbol": "A", "quantity": tru}]', 1, 30],
    ['unterminated', lf(['[', '{"symbol": "A', ']']), 2, 12],
    ['truncated', '[{"symbol": "A", "quantity": 1}', 1, 32],
    ['trailing garbage', '[]\n]', 2, 1],
  ])('syntax error (%s) names line and column, file rejected', (_what, text, line, column) => {
    const r = parse(text)
    expect(allIssues(r)).toEqual([{ line, field: '(file)', severity: 'error', code: 'syntax' }])
    expect(r.issues[0]?.message).toContain(`line ${line}, column ${column}`)
    expect(r.fileRejected).toBe(true)
  })

  it.each([
    ['a number root', '42', '(file)'],
    ['an object without positions', '{"name": "x", "rows": []}', 'positions'],
    ['positions not an array', '{"positions": {"symbol": "A"}}', 'positions'],
  ])('root of the wrong shape: %s', (_what, text, field) => {
    const r = parse(text)
    expect(allIssues(r)).toEqual([{ line: 1, field, severity: 'error', code: 'bad-structure' }])
    expect(r.fileRejected).toBe(true)
  })

  it('too many rows: error at the first row over the limit', () => {
    const r = parse(lf(['[', '{"symbol": "A", "quantity": 1},', '{"symbol": "B", "quantity": "x"},', '{"symbol": "C", "quantity": 1}', ']']), { maxRows: 2 })
    expect(allIssues(r)).toEqual([{ line: 4, field: '(file)', severity: 'error', code: 'too-large' }])
    expect([r.rows, r.fileRejected]).toEqual([0, true])
  })

  it('format is sniffed from content when the extension says nothing', () => {
    const r = parseBookText('[{"symbol": "A", "quantity": 1}]', { file: 'pasted' })
    expect(r.book.positions).toEqual([{ symbol: 'A', quantity: 1 }])
    const c = parseBookText('symbol,quantity\nA,1\n', { file: 'pasted' })
    expect(c.book.positions).toEqual([{ symbol: 'A', quantity: 1 }])
  })
})
