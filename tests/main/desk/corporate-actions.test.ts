/**
 * Corporate actions: the loader (splits by symbol and ex-date; bad input named by file, line and field), the bundled
 * assets/data/corporate_actions.csv against its shared source (scripts/make-corporate-actions.py: the source rows of
 * the bundled symbols in the bundled range, byte for byte), and BookState's split arithmetic.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCorporateActions } from '../../../src-main/market/corporate-actions'
import { DataFileError } from '../../../src-main/market/data-file-error'
import { sharedData } from '../../helpers/shared-data'
import { ASSETS } from './desk-fixture'

const BUNDLED = join(ASSETS, 'data', 'corporate_actions.csv')
const shared = sharedData({ actions: 'sp500-daily-equities/corporate_actions.csv' })
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-corporate-actions-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('loadCorporateActions', () => {
  it('keeps the splits (coefficient != 1), by symbol and ex-date, ascending; dividends are skipped', () => {
    const p = file('ok.csv', 'date,symbol,dividend_amount,split_coefficient\n2020-11-06,AAPL,0.205,1\n2020-08-31,AAPL,0,4\n2014-06-09,AAPL,0,7.00001\n2011-05-09,C,0,0.1\n')
    const ca = loadCorporateActions(p)
    expect(ca.splits('AAPL')).toEqual([
      { date: '2014-06-09', ratio: 7.00001 },
      { date: '2020-08-31', ratio: 4 },
    ])
    expect(ca.splitOn('AAPL', '2020-08-31')).toEqual({ date: '2020-08-31', ratio: 4 })
    expect(ca.splitOn('AAPL', '2020-11-06')).toBeUndefined()
    expect(ca.splitOn('C', '2011-05-09')?.ratio).toBe(0.1)
    expect(ca.splits('MSFT')).toEqual([])
  })

  it.each([
    ['no split column', 'date,symbol,dividend_amount\n2020-08-31,AAPL,0\n', 1, null],
    ['impossible date', 'date,symbol,split_coefficient\n2021-02-30,AAPL,4\n', 2, 'date'],
    ['empty symbol', 'date,symbol,split_coefficient\n2020-08-31,,4\n', 2, 'symbol'],
    ['zero coefficient', 'date,symbol,split_coefficient\n2020-08-31,AAPL,0\n', 2, 'split_coefficient'],
    ['text coefficient', 'date,symbol,split_coefficient\n2020-08-31,AAPL,four\n', 2, 'split_coefficient'],
    ['duplicate row', 'date,symbol,split_coefficient\n2020-08-31,AAPL,4\n2020-08-31,AAPL,4\n', 3, 'date'],
    ['short row', 'date,symbol,split_coefficient\n2020-08-31,AAPL\n', 2, null],
  ])('refuses %s, naming file, line and field', (name, text, line, field) => {
    const p = file(`${name.replace(/ /g, '-')}.csv`, text)
    let err: unknown
    try {
      loadCorporateActions(p)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DataFileError)
    const e = err as DataFileError
    expect(e.file).toBe(p)
    expect(e.line).toBe(line)
    if (field !== null) expect(e.field).toBe(field)
    expect(e.message.startsWith(`${p}:${line}:`)).toBe(true)
  })

  it('reads the bundled file: AAPL 4:1 on 2020-08-31, NEE 4:1 on 2020-10-27, no ETF rows', () => {
    const ca = loadCorporateActions(BUNDLED)
    expect(ca.splitOn('AAPL', '2020-08-31')?.ratio).toBe(4)
    expect(ca.splitOn('NEE', '2020-10-27')?.ratio).toBe(4)
    for (const etf of ['SPY', 'QQQ', 'TLT', 'IEF', 'GLD']) expect(ca.splits(etf)).toEqual([])
  })
})

describe('bundled corporate_actions.csv against its shared source', () => {
  shared.it('holds exactly the source rows of the bundled symbols dated 2005-01-03..2021-04-21, byte for byte', () => {
    const symbols = new Set(readFileSync(join(ASSETS, 'data', 'sectors.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!))
    const source = readFileSync(shared.paths.actions, 'utf8').trim().split('\n')
    const expected = source
      .slice(1)
      .filter((l) => {
        const [date, symbol] = l.split(',')
        return symbols.has(symbol!) && date! >= '2005-01-03' && date! <= '2021-04-21'
      })
      .sort((a, b) => {
        const [da, sa] = a.split(',')
        const [db, sb] = b.split(',')
        return sa! < sb! ? -1 : sa! > sb! ? 1 : da! < db! ? -1 : da! > db! ? 1 : 0
      })
    const bundled = readFileSync(BUNDLED, 'utf8').trim().split('\n')
    expect(bundled[0]).toBe(source[0])
    expect(bundled.slice(1)).toEqual(expected)
    expect(expected.length).toBe(5581)
  })
})
