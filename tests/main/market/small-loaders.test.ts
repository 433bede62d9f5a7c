import { afterAll, describe, expect, it } from 'vitest'
import { DataFileError } from '../../../src-main/market/data-file-error'
import { loadQualityFlags } from '../../../src-main/market/quality-flags'
import { loadSectors } from '../../../src-main/market/sectors-loader'
import { makeTempDir } from './temp-dir'

const tmp = makeTempDir()
afterAll(() => tmp.cleanup())

describe('loadSectors', () => {
  it('maps symbol to gics_sector whatever the column order, with quoted names', () => {
    const path = tmp.write('sectors.csv', 'name,symbol,gics_sector\n"Alphabet Inc. (Class A), x",GOOGL,Communication Services\r\nApple Inc.,AAPL,Information Technology\r\n\r\n')
    expect([...loadSectors(path)]).toEqual([
      ['GOOGL', 'Communication Services'],
      ['AAPL', 'Information Technology'],
    ])
  })

  it('rejects a missing column, an empty sector and a repeated symbol with the line', () => {
    expect(() => loadSectors(tmp.write('s1.csv', 'symbol,sector\nA,B\n'))).toThrow(/:1: field gics_sector: missing required column/)
    expect(() => loadSectors(tmp.write('s2.csv', 'symbol,gics_sector\nA,\n'))).toThrow(/:2: field gics_sector: empty sector for A/)
    const err = (() => {
      try {
        loadSectors(tmp.write('s3.csv', 'symbol,gics_sector\nA,X\nB,Y\nA,Z\n'))
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(DataFileError)
    expect((err as DataFileError).message).toMatch(/s3\.csv:4: field symbol: A is listed twice \(first on line 2\)$/)
  })
})

describe('loadQualityFlags', () => {
  it('groups flags by symbol, sorted by date, keeping several issues of one date in file order', () => {
    const path = tmp.write(
      'flags.csv',
      'date,symbol,issue,close\n2008-01-02,X,"late, second",1\n2007-07-02,X,first,1\n2008-01-02,X,late third,1\n2001-01-01,Y,only,2\n',
    )
    const flags = loadQualityFlags(path)
    expect(flags.get('X')).toEqual([
      { date: '2007-07-02', issue: 'first' },
      { date: '2008-01-02', issue: 'late, second' },
      { date: '2008-01-02', issue: 'late third' },
    ])
    expect(flags.get('Y')).toEqual([{ date: '2001-01-01', issue: 'only' }])
  })

  it('rejects a bad date with line and field', () => {
    expect(() => loadQualityFlags(tmp.write('f1.csv', 'date,symbol,issue\n2008-01-02,X,a\n2008-13-02,X,b\n'))).toThrow(
      /f1\.csv:3: field date: "2008-13-02" is not a date/,
    )
    expect(() => loadQualityFlags(tmp.write('f2.csv', 'date,issue\n'))).toThrow(/field symbol: missing required column "symbol"/)
  })
})
