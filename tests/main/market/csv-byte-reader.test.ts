import { describe, expect, it } from 'vitest'
import { CsvByteReader } from '../../../src-main/market/csv-byte-reader'
import { DataFileError } from '../../../src-main/market/data-file-error'

function records(text: string): { line: number; fields: string[] }[] {
  const r = new CsvByteReader(Buffer.from(text, 'utf8'), 'x.csv')
  const out: { line: number; fields: string[] }[] = []
  while (r.next()) out.push({ line: r.line, fields: Array.from({ length: r.count }, (_, k) => r.text(k)) })
  return out
}

describe('CsvByteReader', () => {
  it('splits LF and CRLF lines and keeps empty fields', () => {
    expect(records('a,b,c\r\n1,,3\n4,5,\r\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '', '3'] },
      { line: 3, fields: ['4', '5', ''] },
    ])
  })

  it('handles quoted fields with commas, escaped quotes and line breaks, and counts physical lines', () => {
    expect(records('s,name\nA,"x, ""y"""\nB,"two\nlines"\r\nC,z')).toEqual([
      { line: 1, fields: ['s', 'name'] },
      { line: 2, fields: ['A', 'x, "y"'] },
      { line: 3, fields: ['B', 'two\nlines'] },
      { line: 5, fields: ['C', 'z'] },
    ])
  })

  it('reports blank lines as blank records', () => {
    const r = new CsvByteReader(Buffer.from('a\n\n \r\n'), 'x.csv')
    const blanks: boolean[] = []
    while (r.next()) blanks.push(r.isBlank())
    expect(blanks).toEqual([false, true, true])
  })

  it('rejects an unterminated quote and text after a closing quote, with the line', () => {
    expect(() => records('a\n"open')).toThrow(DataFileError)
    expect(() => records('a\n"open')).toThrow('x.csv:2: unterminated quoted field')
    expect(() => records('a,b\n"q"x,1')).toThrow('x.csv:2: unexpected text after a closing quote')
  })
})
