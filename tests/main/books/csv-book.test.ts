import { describe, expect, it } from 'vitest'
import { parseBookText } from '../../../src-main/books/book-parser'
import { allIssues, expectConsistent, issuesWithCode, lf } from './book-test-helpers'

const FILE = 'desk.csv'
const KNOWN = new Set(['AAPL', 'MSFT', 'SPY', 'XOM', 'JPM'])
const parse = (text: string, extra: { knownSymbols?: ReadonlySet<string>; maxBytes?: number; maxRows?: number } = {}) => {
  const result = parseBookText(text, { file: FILE, ...extra })
  expectConsistent(result)
  return result
}

describe('parseBookText, CSV: clean input', () => {
  it('reads every column, keeps quantity sign, names the book after the file', () => {
    const r = parse(
      lf(['symbol,quantity,cost,sector,assetClass', 'AAPL,100,150.25,Technology,equity', 'SPY,-50,,,etf', 'XOM,10,0,Energy,']),
      { knownSymbols: KNOWN },
    )
    expect(r.issues).toEqual([])
    expect(r.book).toEqual({
      name: 'desk',
      positions: [
        { symbol: 'AAPL', quantity: 100, cost: 150.25, sector: 'Technology', assetClass: 'equity' },
        { symbol: 'SPY', quantity: -50, assetClass: 'etf' },
        { symbol: 'XOM', quantity: 10, cost: 0, sector: 'Energy' },
      ],
    })
    expect([r.rows, r.accepted, r.rejected, r.fileRejected]).toEqual([3, 3, 0, false])
  })

  it('matches header names case-insensitively and trimmed, in any order, and keeps "00123"-like text', () => {
    const r = parse(lf(['  QUANTITY , Symbol ,AssetClass', '7,aapl,EQUITY']))
    expect(r.book.positions).toEqual([{ symbol: 'AAPL', quantity: 7, assetClass: 'equity' }])
    expect(issuesWithCode(r, 'whitespace')).toEqual([]) // header padding is not a value warning
  })

  it('reads semicolon- and tab-separated files by the header delimiter', () => {
    expect(parse(lf(['symbol;quantity;cost', 'AAPL;5;1.5'])).book.positions).toEqual([{ symbol: 'AAPL', quantity: 5, cost: 1.5 }])
    expect(parse(lf(['symbol\tquantity', 'MSFT\t-3'])).book.positions).toEqual([{ symbol: 'MSFT', quantity: -3 }])
  })

  it('skips blank lines but keeps physical line numbers', () => {
    const r = parse(lf(['symbol,quantity', '', '   ', ' , ', 'AAPL,abc']))
    expect(issuesWithCode(r, 'not-a-number')).toEqual([{ line: 5, field: 'quantity', severity: 'error', code: 'not-a-number' }])
    expect(r.rows).toBe(1)
  })

  it('counts lines inside multi-line quoted values', () => {
    const r = parse(lf(['symbol,quantity,sector', 'AAPL,1,"Tech', 'nology"', 'MSFT,zero,x']))
    expect(r.book.positions).toEqual([{ symbol: 'AAPL', quantity: 1, sector: 'Tech\nnology' }])
    expect(issuesWithCode(r, 'not-a-number')).toEqual([{ line: 4, field: 'quantity', severity: 'error', code: 'not-a-number' }])
  })
})

describe('parseBookText, CSV: one test per bad input, exact line and field', () => {
  it('unknown symbol (when knownSymbols is given)', () => {
    const r = parse(lf(['symbol,quantity', 'AAPL,1', 'ZZZZ,2']), { knownSymbols: KNOWN })
    expect(allIssues(r)).toEqual([{ line: 3, field: 'symbol', severity: 'error', code: 'unknown-symbol' }])
    expect([r.accepted, r.rejected]).toEqual([1, 1])
    // without knownSymbols any symbol is accepted
    expect(parse(lf(['symbol,quantity', 'ZZZZ,2'])).accepted).toBe(1)
  })

  it.each([
    ['abc', 'not-a-number'],
    ['1,000', 'not-a-number'], // quoted below so it stays one field
    ['0x10', 'not-a-number'],
    ['12abc', 'not-a-number'],
    ['1e400', 'not-finite'],
    ['-1e400', 'not-finite'],
    ['NaN', 'not-finite'],
    ['Infinity', 'not-finite'],
    ['-inf', 'not-finite'],
  ] as const)('non-numeric or non-finite quantity %j', (quantity, code) => {
    const r = parse(lf(['symbol,quantity', 'AAPL,1', `MSFT,"${quantity}"`]))
    expect(allIssues(r)).toEqual([{ line: 3, field: 'quantity', severity: 'error', code }])
    expect(r.book.positions.map((p) => p.symbol)).toEqual(['AAPL'])
  })

  it('empty quantity', () => {
    const r = parse(lf(['symbol,quantity,cost', 'AAPL,,1', 'MSFT,   ,1']))
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'quantity', severity: 'error', code: 'missing-value' },
      { line: 3, field: 'quantity', severity: 'error', code: 'missing-value' },
    ])
    expect(r.rejected).toBe(2)
  })

  it('empty symbol', () => {
    const r = parse(lf(['symbol,quantity', ',5']))
    expect(allIssues(r)).toEqual([{ line: 2, field: 'symbol', severity: 'error', code: 'missing-value' }])
  })

  it.each(['0', '-0', '0.000', '+0e5'])('zero quantity %j', (quantity) => {
    const r = parse(lf(['symbol,quantity', `AAPL,${quantity}`]))
    expect(allIssues(r)).toEqual([{ line: 2, field: 'quantity', severity: 'error', code: 'zero-quantity' }])
  })

  it('duplicate symbol names the line of the first occurrence, also across case', () => {
    const r = parse(lf(['symbol,quantity', 'AAPL,1', 'MSFT,2', 'aapl,3']))
    const dup = r.issues.filter((i) => i.code === 'duplicate-symbol')
    expect(dup.map((i) => [i.line, i.field, i.severity])).toEqual([[4, 'symbol', 'error']])
    expect(dup[0]?.message).toContain('line 2')
    expect(r.book.positions).toEqual([
      { symbol: 'AAPL', quantity: 1 },
      { symbol: 'MSFT', quantity: 2 },
    ])
  })

  it.each([
    ['symbol', 'quantity,cost', 'AAPL'],
    ['quantity', 'symbol,cost', '5'],
  ])('missing required column %s: line 1, field = column, whole file rejected', (missing, header, value) => {
    const r = parse(lf([header, `${value},1`, `${value},2`]))
    expect(allIssues(r)).toEqual([{ line: 1, field: missing, severity: 'error', code: 'missing-column' }])
    expect(r.book.positions).toEqual([])
    expect([r.rows, r.accepted, r.rejected, r.fileRejected]).toEqual([2, 0, 2, true])
  })

  it('both required columns missing (a file without a header row) gives one error per column', () => {
    const r = parse(lf(['AAPL,100', 'MSFT,200']))
    expect(issuesWithCode(r, 'missing-column').map((i) => [i.line, i.field])).toEqual([
      [1, 'symbol'],
      [1, 'quantity'],
    ])
    expect(r.fileRejected).toBe(true)
  })

  it('duplicate column in the header rejects the file', () => {
    const r = parse(lf(['symbol,quantity,Quantity', 'AAPL,1,2']))
    expect(issuesWithCode(r, 'duplicate-column')).toEqual([{ line: 1, field: 'quantity', severity: 'error', code: 'duplicate-column' }])
    expect(r.fileRejected).toBe(true)
  })

  it('BOM: accepted with one warning, same positions as without', () => {
    const body = lf(['symbol,quantity', 'AAPL,1'])
    const r = parse(`\uFEFF${body}`)
    expect(allIssues(r)).toEqual([{ line: 1, field: '(file)', severity: 'warning', code: 'bom' }])
    expect(r.book).toEqual(parse(body).book)
  })

  it('CRLF parses identically to LF (positions, issues, lines)', () => {
    const lines = ['symbol , Quantity,cost,sector', 'AAPL,1,2,"multi', 'line"', '', 'MSFT,abc,1,x', 'aapl,0,-1,y', ' XOM ,5,,']
    const withLf = parse(lines.join('\n'))
    const withCrlf = parse(lines.join('\r\n') + '\r\n')
    const withCr = parse(lines.join('\r'))
    expect(withCrlf.book).toEqual({ name: 'desk', positions: [{ symbol: 'AAPL', quantity: 1, cost: 2, sector: 'multi\nline' }, { symbol: 'XOM', quantity: 5 }] })
    expect(withCrlf).toEqual(withLf)
    expect(withCr).toEqual(withLf)
    expect(withLf.issues.length).toBeGreaterThan(3)
  })

  it('stray whitespace around values: trimmed, one warning per value', () => {
    const r = parse(lf(['symbol,quantity,cost,sector', ' AAPL ,100,  1.5,Tech ']))
    expect(r.book.positions).toEqual([{ symbol: 'AAPL', quantity: 100, cost: 1.5, sector: 'Tech' }])
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'symbol', severity: 'warning', code: 'whitespace' },
      { line: 2, field: 'cost', severity: 'warning', code: 'whitespace' },
      { line: 2, field: 'sector', severity: 'warning', code: 'whitespace' },
    ])
  })

  it('symbols normalised to upper case with a warning when changed', () => {
    const r = parse(lf(['symbol,quantity', 'aapl,1', 'MSFT,2', 'Spy,3']))
    expect(r.book.positions.map((p) => p.symbol)).toEqual(['AAPL', 'MSFT', 'SPY'])
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'symbol', severity: 'warning', code: 'symbol-case' },
      { line: 4, field: 'symbol', severity: 'warning', code: 'symbol-case' },
    ])
  })

  it('empty file: error, nothing imported', () => {
    for (const text of ['', '\n\n', '   \r\n  ', '\uFEFF']) {
      const r = parse(text)
      expect(issuesWithCode(r, 'empty-file')).toEqual([{ line: 1, field: '(file)', severity: 'error', code: 'empty-file' }])
      expect([r.rows, r.fileRejected]).toEqual([0, true])
    }
  })

  it('a header with no rows is a warning, not an error', () => {
    const r = parse(lf(['symbol,quantity']))
    expect(allIssues(r)).toEqual([{ line: 1, field: '(file)', severity: 'warning', code: 'no-rows' }])
    expect(r.fileRejected).toBe(false)
  })

  it('file far too large (bytes): error before parsing', () => {
    const text = lf(['symbol,quantity', 'AAPL,abc'])
    const r = parse(text, { maxBytes: 10 })
    // the bad row is not even looked at: the size check comes first
    expect(allIssues(r)).toEqual([{ line: 1, field: '(file)', severity: 'error', code: 'too-large' }])
    expect([r.rows, r.fileRejected]).toEqual([0, true])
    // the limit counts UTF-8 bytes: 'é' is 2 bytes
    const accented = lf(['symbol,quantity,sector', 'AAPL,1,é'])
    const size = Buffer.byteLength(accented)
    expect(parse(accented, { maxBytes: size }).fileRejected).toBe(false)
    expect(parse(accented, { maxBytes: size - 1 }).fileRejected).toBe(true)
  })

  it('file far too large (rows): error at the first row over the limit, no row validated', () => {
    const rows = ['symbol,quantity', 'A,1', '', 'B,x', 'C,3', 'D,4']
    const r = parse(lf(rows), { maxRows: 3 })
    expect(allIssues(r)).toEqual([{ line: 6, field: '(file)', severity: 'error', code: 'too-large' }])
    expect(r.fileRejected).toBe(true)
    const atLimit = parse(lf(rows), { maxRows: 4 })
    expect([atLimit.fileRejected, atLimit.rows]).toEqual([false, 4])
  })

  it.each([
    ['-1', 'negative-cost'],
    ['-0.01', 'negative-cost'],
    ['1e999', 'not-finite'],
    ['Infinity', 'not-finite'],
    ['12,5', 'not-a-number'],
  ] as const)('negative, non-finite or non-numeric cost %j', (cost, code) => {
    const r = parse(lf(['symbol,quantity,cost', 'AAPL,1,1', `MSFT,2,"${cost}"`]))
    expect(allIssues(r)).toEqual([{ line: 3, field: 'cost', severity: 'error', code }])
    expect(r.accepted).toBe(1)
  })

  it('unknown assetClass (case-insensitive match otherwise)', () => {
    const r = parse(lf(['symbol,quantity,assetClass', 'AAPL,1,Equity', 'MSFT,1,crypto', 'SPY,1,']))
    expect(allIssues(r)).toEqual([{ line: 3, field: 'assetClass', severity: 'error', code: 'unknown-asset-class' }])
    expect(r.book.positions).toEqual([{ symbol: 'AAPL', quantity: 1, assetClass: 'equity' }, { symbol: 'SPY', quantity: 1 }])
  })

  it('row with too few fields: error at its line naming the first missing column', () => {
    const r = parse(lf(['symbol,quantity,cost', 'AAPL,1,2', 'MSFT', 'SPY,3']))
    expect(allIssues(r)).toEqual([
      { line: 3, field: 'quantity', severity: 'error', code: 'field-count' },
      { line: 4, field: 'cost', severity: 'error', code: 'field-count' },
    ])
    expect(r.accepted).toBe(1)
  })

  it('row with too many fields: error; trailing empty extras only a warning', () => {
    const r = parse(lf(['symbol,quantity,sector', 'AAPL,1,Consumer, Cyclical', 'MSFT,2,Tech,,', 'SPY,3,x']))
    expect(allIssues(r)).toEqual([
      { line: 2, field: '(row)', severity: 'error', code: 'field-count' },
      { line: 3, field: '(row)', severity: 'warning', code: 'field-count' },
    ])
    expect(r.book.positions.map((p) => p.symbol)).toEqual(['MSFT', 'SPY'])
  })

  it('unknown extra columns: one warning for the file, values ignored', () => {
    const r = parse(lf(['symbol,trader,quantity,notes', 'AAPL,bob,1,hi', 'MSFT,ann,2,yo']))
    expect(allIssues(r)).toEqual([{ line: 1, field: '"trader", "notes"', severity: 'warning', code: 'unknown-column' }])
    expect(r.accepted).toBe(2)
  })

  it('broken quoting: an unterminated quote rejects its row, reported at the row start', () => {
    const r = parse(lf(['symbol,quantity', 'AAPL,1', 'MSFT,"2', 'SPY,3']))
    expect(allIssues(r)).toEqual([{ line: 3, field: '(row)', severity: 'error', code: 'syntax' }])
    expect(r.book.positions.map((p) => p.symbol)).toEqual(['AAPL'])
  })

  it('several problems on one row are all reported; the row counts once', () => {
    const r = parse(lf(['symbol,quantity,cost,assetClass', 'zzz,0,-5,bond']), { knownSymbols: KNOWN })
    expect(allIssues(r)).toEqual([
      { line: 2, field: 'symbol', severity: 'warning', code: 'symbol-case' },
      { line: 2, field: 'symbol', severity: 'error', code: 'unknown-symbol' },
      { line: 2, field: 'quantity', severity: 'error', code: 'zero-quantity' },
      { line: 2, field: 'cost', severity: 'error', code: 'negative-cost' },
      { line: 2, field: 'assetClass', severity: 'error', code: 'unknown-asset-class' },
    ])
    expect([r.rows, r.rejected]).toEqual([1, 1])
  })

  it('values from the file are quoted and control characters escaped in messages', () => {
    const r = parse(lf(['symbol,quantity', 'AAPL,"\u001b[31mred\u202e"']))
    const message = r.issues[0]?.message ?? ''
    expect(message).toContain('"\\u001b[31mred\\u202e"')
    expect(message).not.toMatch(/[\u001b\u202e]/)
  })

  it('caps repeated warnings of one kind and says how many were left out; errors are never capped', () => {
    const rows = ['symbol,quantity', ...Array.from({ length: 30 }, (_, i) => ` S${i} ,${i === 29 ? 'x' : 1}`)]
    const r = parseBookText(lf(rows), { file: FILE, maxWarningsPerCode: 10 })
    expect(issuesWithCode(r, 'whitespace')).toHaveLength(10)
    const suppressed = r.issues.filter((i) => i.code === 'suppressed')
    expect(suppressed.map((i) => [i.line, i.severity])).toEqual([[12, 'warning']])
    expect(suppressed[0]?.message).toMatch(/^20 more 'whitespace' warnings/)
    expect(issuesWithCode(r, 'not-a-number')).toEqual([{ line: 31, field: 'quantity', severity: 'error', code: 'not-a-number' }])
  })
})
