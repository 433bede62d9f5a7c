import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BOOK_BYTES, DEFAULT_MAX_BOOK_ROWS, parseBookText } from '../../../src-main/books/book-parser'

const ROWS = DEFAULT_MAX_BOOK_ROWS
const SECTORS = ['Technology', 'Energy', 'Financials', 'Health Care']

function bigCsv(): string {
  const lines = ['symbol,quantity,cost,sector,assetClass']
  for (let i = 0; i < ROWS; i++) {
    const q = i % 7 === 0 ? -(i + 1) : i + 1
    lines.push(`S${i.toString(36).toUpperCase()},${q},${(i % 500) + 0.25},${SECTORS[i % 4]},equity`)
  }
  return lines.join('\n') + '\n'
}

describe('book parsing at the row limit', () => {
  it(`parses a ${ROWS}-row CSV book (time reported, not asserted)`, () => {
    const text = bigCsv()
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DEFAULT_MAX_BOOK_BYTES)
    const known = new Set(Array.from({ length: ROWS }, (_, i) => `S${i.toString(36).toUpperCase()}`))
    const t0 = performance.now()
    const r = parseBookText(text, { file: 'big.csv', knownSymbols: known })
    const ms = performance.now() - t0
    console.log(`[book-scale] CSV ${ROWS} rows, ${(text.length / 1e6).toFixed(2)} MB: ${ms.toFixed(0)} ms`)
    expect([r.rows, r.accepted, r.rejected, r.issues.length]).toEqual([ROWS, ROWS, 0, 0])
    expect(r.book.positions[ROWS - 1]?.symbol).toBe(`S${(ROWS - 1).toString(36).toUpperCase()}`)
  })

  it(`parses the same book as pretty-printed JSON with an error on the last row (time reported)`, () => {
    const rows = Array.from({ length: ROWS }, (_, i) => ({ symbol: `S${i}`, quantity: i + 1, cost: 1.5 }))
    const last = rows[ROWS - 1]
    if (last !== undefined) last.quantity = 0
    const text = JSON.stringify(rows, null, 1)
    const t0 = performance.now()
    const r = parseBookText(text, { file: 'big.json', maxBytes: 10 * DEFAULT_MAX_BOOK_BYTES })
    const ms = performance.now() - t0
    console.log(`[book-scale] JSON ${ROWS} rows, ${(text.length / 1e6).toFixed(2)} MB: ${ms.toFixed(0)} ms`)
    expect([r.rows, r.accepted, r.rejected]).toEqual([ROWS, ROWS - 1, 1])
    // each row takes 5 lines ('{', 3 keys, '},') after the '[' on line 1; quantity is the 3rd line of the row
    expect(r.issues.map((i) => [i.line, i.field, i.code])).toEqual([[1 + 5 * (ROWS - 1) + 3, 'quantity', 'zero-quantity']])
  })
})
