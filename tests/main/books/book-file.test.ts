import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BookFileError, readBookFile, readBookFileAsync } from '../../../src-main/books/book-file'
import { parseBookText } from '../../../src-main/books/book-parser'
import { allIssues, lf } from './book-test-helpers'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'riskdesk-books-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const write = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('readBookFile / readBookFileAsync', () => {
  const csv = lf(['symbol,quantity', 'AAPL,10', 'MSFT,abc'])

  it('reads a CSV file: same result as parseBookText with the path as file name', async () => {
    const path = write('desk.csv', csv)
    const expected = parseBookText(csv, { file: path })
    expect(readBookFile(path)).toEqual(expected)
    expect(await readBookFileAsync(path)).toEqual(expected)
    expect(allIssues(expected)).toEqual([{ line: 3, field: 'quantity', severity: 'error', code: 'not-a-number' }])
    expect(expected.issues[0]?.file).toBe(path)
  })

  it('detects the format by extension (.json), and by content for other extensions', () => {
    const json = '[{"symbol": "AAPL", "quantity": 1}]'
    expect(readBookFile(write('b.json', json)).book.positions).toEqual([{ symbol: 'AAPL', quantity: 1 }])
    expect(readBookFile(write('b.book', json)).book.positions).toEqual([{ symbol: 'AAPL', quantity: 1 }])
    expect(readBookFile(write('c.book', csv)).book.positions).toEqual([{ symbol: 'AAPL', quantity: 10 }])
  })

  it('a UTF-8 BOM on disk is reported as a warning; UTF-16 files with a BOM are decoded', () => {
    const bom = readBookFile(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])))
    expect(bom.issues[0]?.code).toBe('bom')
    expect(bom.book.positions).toEqual([{ symbol: 'AAPL', quantity: 10 }])
    const utf16 = readBookFile(write('u16.csv', Buffer.from(`\uFEFF${csv}`, 'utf16le')))
    expect(utf16.book.positions).toEqual([{ symbol: 'AAPL', quantity: 10 }])
  })

  it('invalid UTF-8 bytes: warning at their line, the rest still read', () => {
    const bytes = Buffer.concat([Buffer.from('symbol,quantity,sector\nAAPL,1,Tech\nMSFT,2,'), Buffer.from([0xe9, 0x0a])])
    const r = readBookFile(write('latin1.csv', bytes))
    expect(allIssues(r)).toEqual([{ line: 3, field: '(file)', severity: 'warning', code: 'invalid-encoding' }])
    expect(r.accepted).toBe(2)
  })

  it('checks the size before reading: a 3 GiB sparse file is refused without being read', async () => {
    const path = join(dir, 'huge.csv')
    const fd = openSync(path, 'w')
    // 3 GiB: above the 2 GiB a single readFile can return, so reading it would throw instead of answering.
    ftruncateSync(fd, 3 * 1024 ** 3)
    closeSync(fd)
    for (const r of [readBookFile(path), await readBookFileAsync(path)]) {
      expect(allIssues(r)).toEqual([{ line: 1, field: '(file)', severity: 'error', code: 'too-large' }])
      expect(r.issues[0]?.message).toBe('file is 3 GiB, over the 5 MiB limit; the file was not imported')
      expect([r.rows, r.fileRejected]).toEqual([0, true])
    }
  })

  it('maxBytes applies to the file size', () => {
    const path = write('small.csv', csv)
    expect(readBookFile(path, { maxBytes: csv.length - 1 }).fileRejected).toBe(true)
    expect(readBookFile(path, { maxBytes: csv.length }).fileRejected).toBe(false)
  })

  it('an empty file is an error result, not an exception', () => {
    const r = readBookFile(write('empty.csv', ''))
    expect(allIssues(r)).toEqual([{ line: 1, field: '(file)', severity: 'error', code: 'empty-file' }])
  })

  it('I/O failures throw BookFileError naming the file', async () => {
    const missing = join(dir, 'nope.csv')
    expect(() => readBookFile(missing)).toThrow(BookFileError)
    expect(() => readBookFile(missing)).toThrow(`cannot read book file '${missing}': no such file (ENOENT)`)
    await expect(readBookFileAsync(missing)).rejects.toThrow(`cannot read book file '${missing}': no such file (ENOENT)`)
    const sub = join(dir, 'a-dir.csv')
    mkdirSync(sub)
    expect(() => readBookFile(sub)).toThrow(`cannot read book file '${sub}': not a regular file`)
    await expect(readBookFileAsync(sub)).rejects.toThrow(BookFileError)
  })
})
