import { afterAll, describe, expect, it } from 'vitest'
import { DataFileError } from '../../../src-main/market/data-file-error'
import { loadPriceFiles } from '../../../src-main/market/prices-loader'
import { makeTempDir } from './temp-dir'

const tmp = makeTempDir()
afterAll(() => tmp.cleanup())

const HEADER = 'date,symbol,close,adj_close,volume\n'

/** Runs `fn`, expecting a DataFileError, and returns it. */
function dataError(fn: () => unknown): DataFileError {
  try {
    fn()
  } catch (err) {
    if (err instanceof DataFileError) return err
    throw err
  }
  throw new Error('expected a DataFileError')
}

describe('loadPriceFiles', () => {
  it('reads the long format into per-symbol typed columns', () => {
    const path = tmp.write('basic.csv', `${HEADER}2020-01-02,AAA,10.5,10.25,1000\n2020-01-03,AAA,11,10.75,2000\n2020-01-02,BBB,5,4.5,300\n`)
    const store = loadPriceFiles([path])
    expect(store.symbols()).toEqual(['AAA', 'BBB'])
    const a = store.get('AAA')!
    expect(a.dates).toEqual(['2020-01-02', '2020-01-03'])
    expect(Array.from(a.close)).toEqual([10.5, 11])
    expect(Array.from(a.adjClose)).toEqual([10.25, 10.75])
    expect(Array.from(a.volume)).toEqual([1000, 2000])
    expect(a.close).toBeInstanceOf(Float64Array)
    expect(store.has('BBB')).toBe(true)
    expect(store.has('CCC')).toBe(false)
    expect(store.get('CCC')).toBeUndefined()
    expect(store.firstDate()).toBe('2020-01-02')
    expect(store.lastDate()).toBe('2020-01-03')
  })

  it('takes the column order from the header and ignores other columns (the ETF layout)', () => {
    const path = tmp.write(
      'etf.csv',
      'date,symbol,open,high,low,close,adj_close,volume\n2020-01-02,SPY,1,2,0.5,323.87,310.1,59151200\n',
    )
    const s = loadPriceFiles([path]).get('SPY')!
    expect([s.close[0], s.adjClose[0], s.volume[0]]).toEqual([323.87, 310.1, 59151200])
    const shuffled = tmp.write('shuffled.csv', 'volume,adj_close,extra,symbol,close,date\n7,2.5,x,ZZ,3,2020-01-02\n')
    const z = loadPriceFiles([shuffled]).get('ZZ')!
    expect([z.dates[0], z.close[0], z.adjClose[0], z.volume[0]]).toEqual(['2020-01-02', 3, 2.5, 7])
  })

  it('detects gzip by its magic bytes, whatever the extension', () => {
    const text = `${HEADER}2020-01-02,AAA,10,9,100\n`
    for (const name of ['p.csv.gz', 'p-gz-but-named.csv']) {
      const s = loadPriceFiles([tmp.write(name, text, true)]).get('AAA')!
      expect(s.close[0]).toBe(10)
    }
    // a plain file named .gz is read as text
    expect(loadPriceFiles([tmp.write('plain.csv.gz', text)]).get('AAA')!.adjClose[0]).toBe(9)
  })

  it('tolerates a BOM, CRLF, quoted cells, blanks around numbers and blank trailing lines', () => {
    const text = `\uFEFF${HEADER.replace('\n', '\r\n')}2020-01-02,"AAA", 10 ,9,100\r\n2020-01-03,AAA,11,9.9,200\r\n\r\n\r\n`
    const s = loadPriceFiles([tmp.write('bom-crlf.csv', text)]).get('AAA')!
    expect(s.dates).toEqual(['2020-01-02', '2020-01-03'])
    expect(Array.from(s.close)).toEqual([10, 11])
  })

  it('stores an empty volume as NaN', () => {
    const s = loadPriceFiles([tmp.write('novol.csv', `${HEADER}2020-01-02,AAA,10,9,\n2020-01-03,AAA,10,9,5\n`)]).get('AAA')!
    expect(s.volume[0]).toBeNaN()
    expect(s.volume[1]).toBe(5)
  })

  it('sorts each symbol by date and merges a symbol spread over several files', () => {
    const a = tmp.write('part1.csv', `${HEADER}2020-01-06,AAA,13,13,1\n2020-01-02,AAA,10,10,1\n`)
    const b = tmp.write('part2.csv', `${HEADER}2020-01-03,AAA,11,11,1\n2020-01-02,BBB,1,1,1\n`)
    const store = loadPriceFiles([a, b])
    expect(store.get('AAA')!.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-06'])
    expect(Array.from(store.get('AAA')!.close)).toEqual([10, 11, 13])
    expect(store.symbols()).toEqual(['AAA', 'BBB'])
  })

  it('rejects a bad number with file, line and field', () => {
    const path = tmp.write('prices.csv', `${HEADER}2020-01-02,AAA,10,9,100\n2020-01-03,AAA,abc,9,100\n`)
    const err = dataError(() => loadPriceFiles([path]))
    expect([err.file, err.line, err.field]).toEqual([path, 3, 'close'])
    expect(err.message).toBe(`${path}:3: field close: "abc" is not a finite number`)
  })

  it.each([
    ['adj_close', '2020-01-02,AAA,10,0,100', '"0" is not a positive price'],
    ['adj_close', '2020-01-02,AAA,10,1e999,100', '"1e999" is not a finite number'],
    ['close', '2020-01-02,AAA,,9,100', '"" is not a finite number'],
    ['volume', '2020-01-02,AAA,10,9,-5', '"-5" is negative'],
    ['volume', '2020-01-02,AAA,10,9,NaN', '"NaN" is not a finite number'],
    ['date', '2020-02-30,AAA,10,9,1', '"2020-02-30" is not a date (YYYY-MM-DD)'],
    ['date', '02/01/2020,AAA,10,9,1', '"02/01/2020" is not a date (YYYY-MM-DD)'],
    ['symbol', '2020-01-02,,10,9,1', 'empty symbol'],
    ['adj_close', '2020-01-02,AAA,10', 'missing (the row has 3 fields, the header has more)'],
  ])('rejects a bad %s: %s', (field, row, detail) => {
    const path = tmp.write('bad.csv', `${HEADER}${row}\n`)
    const err = dataError(() => loadPriceFiles([path]))
    expect([err.line, err.field, err.detail]).toEqual([2, field, detail])
  })

  it('names a missing required column', () => {
    const path = tmp.write('nocol.csv', 'date,symbol,close,volume\n2020-01-02,AAA,10,1\n')
    const err = dataError(() => loadPriceFiles([path]))
    expect([err.line, err.field]).toEqual([1, 'adj_close'])
    expect(err.message).toContain('missing required column "adj_close"')
  })

  it('rejects an empty file', () => {
    const err = dataError(() => loadPriceFiles([tmp.write('empty.csv', '')]))
    expect(err.detail).toBe('file is empty (no header line)')
  })

  it('rejects a duplicate (date, symbol) in one file, naming both lines', () => {
    const path = tmp.write('dup.csv', `${HEADER}2020-01-02,AAA,10,9,1\n2020-01-03,AAA,10,9,1\n2020-01-02,AAA,11,9,1\n`)
    const err = dataError(() => loadPriceFiles([path]))
    expect([err.file, err.line]).toEqual([path, 4])
    expect(err.message).toBe(`${path}:4: duplicate row for AAA on 2020-01-02 (first at ${path}:2)`)
  })

  it('rejects a duplicate across files, naming both files', () => {
    const a = tmp.write('a.csv', `${HEADER}2020-01-02,AAA,10,9,1\n`)
    const b = tmp.write('b.csv', `${HEADER}2020-01-01,AAA,10,9,1\n2020-01-02,AAA,10,9,1\n`)
    const err = dataError(() => loadPriceFiles([a, b]))
    expect(err.message).toBe(`${b}:3: duplicate row for AAA on 2020-01-02 (first at ${a}:2)`)
  })

  it('reports unreadable files and corrupt gzip', () => {
    expect(dataError(() => loadPriceFiles([`${tmp.write('x.csv', '')}.missing`])).detail).toMatch(/^cannot read file/)
    const gz = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip')])
    expect(dataError(() => loadPriceFiles([tmp.write('broken.gz', gz)])).detail).toMatch(/^corrupt gzip data/)
  })
})
