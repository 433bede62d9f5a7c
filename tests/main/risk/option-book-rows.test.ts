import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_OPTION_MULTIPLIER } from '@shared/domain/book'
import { parseBookText } from '../../../src-main/books/book-parser'
import { readBookFile } from '../../../src-main/books/book-file'
import { bundledMarketFiles } from '../../../src-main/market/bundled-data'
import { loadMarket } from '../../../src-main/market/load-market'
import { allIssues, expectConsistent, lf } from '../books/book-test-helpers'
import { cli } from '../cli/cli-harness'

/** Option rows in books: the terms, their defaults, and one per-row error (file, line, field) for each bad input. */
const FILE = 'options.csv'
const KNOWN = new Set(['MSFT', 'SPY', 'XOM'])
const HEADER = 'symbol,quantity,cost,assetClass,underlying,optionType,strike,expiry,impliedVol,rate,dividendYield,multiplier'
const parse = (lines: string[], extra: { knownSymbols?: ReadonlySet<string>; asof?: string } = {}) => {
  const r = parseBookText(lf([HEADER, ...lines]), { file: FILE, knownSymbols: KNOWN, asof: '2021-04-21', ...extra })
  expectConsistent(r)
  return r
}

describe('option rows: accepted terms', () => {
  it('reads the terms, defaults rate/dividendYield to 0 and multiplier to 100, checks the underlying, not the symbol', () => {
    const r = parse([
      'MSFT,100,230,equity,,,,,,,,',
      'msft-p-240,-5,12.5,Option,msft,PUT,240,2021-09-17,0.27,,,',
      'SPY-C-420,3,,option,SPY,call,420,2021-12-17,0.2,0.001,0.014,10',
    ])
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(r.book.positions).toEqual([
      { symbol: 'MSFT', quantity: 100, cost: 230, assetClass: 'equity' },
      {
        symbol: 'MSFT-P-240',
        quantity: -5,
        cost: 12.5,
        assetClass: 'option',
        option: { underlying: 'MSFT', optionType: 'put', strike: 240, expiry: '2021-09-17', impliedVol: 0.27, rate: 0, dividendYield: 0, multiplier: DEFAULT_OPTION_MULTIPLIER },
      },
      {
        symbol: 'SPY-C-420',
        quantity: 3,
        assetClass: 'option',
        option: { underlying: 'SPY', optionType: 'call', strike: 420, expiry: '2021-12-17', impliedVol: 0.2, rate: 0.001, dividendYield: 0.014, multiplier: 10 },
      },
    ])
  })

  it('JSON books carry option rows with the same keys', () => {
    const text = JSON.stringify({
      positions: [{ symbol: 'XOM-C', quantity: -2, assetClass: 'option', underlying: 'XOM', optionType: 'call', strike: 55, expiry: '2021-07-16', impliedVol: 0.33 }],
    })
    const r = parseBookText(text, { file: 'o.json', knownSymbols: KNOWN, asof: '2021-04-21' })
    expect(r.rejected).toBe(0)
    expect(r.book.positions[0]!.option).toEqual({ underlying: 'XOM', optionType: 'call', strike: 55, expiry: '2021-07-16', impliedVol: 0.33, rate: 0, dividendYield: 0, multiplier: 100 })
  })

  it('the bundled demo options book parses cleanly at the data\'s last date', () => {
    const market = loadMarket(bundledMarketFiles())
    const r = readBookFile(join(__dirname, '..', '..', '..', 'assets', 'books', 'demo-options.csv'), { knownSymbols: new Set(market.store.symbols()), asof: market.store.lastDate() })
    expect(r.issues).toEqual([])
    expect(r.book.positions.filter((p) => p.option !== undefined).length).toBe(6)
  })
})

describe('option rows: one error per bad value, at its line and field', () => {
  it.each([
    ['negative strike', 'X,1,,option,MSFT,call,-5,2021-09-17,0.25,,,', 'strike', 'out-of-range'],
    ['zero strike', 'X,1,,option,MSFT,call,0,2021-09-17,0.25,,,', 'strike', 'out-of-range'],
    ['expiry before the as-of date', 'X,1,,option,MSFT,call,250,2021-03-19,0.25,,,', 'expiry', 'expired-option'],
    ['expiry on the as-of date', 'X,1,,option,MSFT,call,250,2021-04-21,0.25,,,', 'expiry', 'expired-option'],
    ['expiry not a date', 'X,1,,option,MSFT,call,250,2021-02-30,0.25,,,', 'expiry', 'invalid-date'],
    ['expiry in another format', 'X,1,,option,MSFT,call,250,09/17/2021,0.25,,,', 'expiry', 'invalid-date'],
    ['unknown underlying', 'X,1,,option,ZZZZ,call,250,2021-09-17,0.25,,,', 'underlying', 'unknown-symbol'],
    ['implied vol in percent', 'X,1,,option,MSFT,call,250,2021-09-17,25,,,', 'impliedVol', 'out-of-range'],
    ['zero implied vol', 'X,1,,option,MSFT,call,250,2021-09-17,0,,,', 'impliedVol', 'out-of-range'],
    ['negative implied vol', 'X,1,,option,MSFT,call,250,2021-09-17,-0.2,,,', 'impliedVol', 'out-of-range'],
    ['implied vol not a number', 'X,1,,option,MSFT,call,250,2021-09-17,high,,,', 'impliedVol', 'not-a-number'],
    ['rate in percent', 'X,1,,option,MSFT,call,250,2021-09-17,0.25,3,,', 'rate', 'out-of-range'],
    ['negative dividend yield', 'X,1,,option,MSFT,call,250,2021-09-17,0.25,,-0.01,', 'dividendYield', 'out-of-range'],
    ['zero multiplier', 'X,1,,option,MSFT,call,250,2021-09-17,0.25,,,0', 'multiplier', 'out-of-range'],
    ['unknown option type', 'X,1,,option,MSFT,straddle,250,2021-09-17,0.25,,,', 'optionType', 'unknown-option-type'],
    ['missing strike', 'X,1,,option,MSFT,call,,2021-09-17,0.25,,,', 'strike', 'missing-value'],
    ['missing underlying', 'X,1,,option,,call,250,2021-09-17,0.25,,,', 'underlying', 'missing-value'],
    ['missing implied vol', 'X,1,,option,MSFT,call,250,2021-09-17,,,,', 'impliedVol', 'missing-value'],
    ['option terms on an equity row', 'MSFT,1,,equity,,,250,,,,,', 'strike', 'not-an-option'],
  ] as const)('%s', (_what, row, field, code) => {
    const r = parse(['SPY,10,,etf,,,,,,,,', row])
    expect(allIssues(r)).toEqual([{ line: 3, field, severity: 'error', code }])
    expect(r.book.positions.map((p) => p.symbol)).toEqual(['SPY'])
  })

  it('reports every bad term of one row, each at its own field', () => {
    const r = parse(['X,1,,option,ZZZZ,call,-1,2020-01-17,7,,,'])
    expect(allIssues(r).map((i) => [i.line, i.field, i.code])).toEqual([
      [2, 'underlying', 'unknown-symbol'],
      [2, 'strike', 'out-of-range'],
      [2, 'expiry', 'expired-option'],
      [2, 'impliedVol', 'out-of-range'],
    ])
  })

  it('without an as-of date the expiry is only checked as a date (the risk run excludes expired options)', () => {
    expect(parse(['X,1,,option,MSFT,call,250,2020-01-17,0.25,,,'], { asof: undefined }).rejected).toBe(0)
  })

  it('`riskdesk risk` stops on a bad option row and prints file:line: field: error lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskdesk-options-'))
    const book = join(dir, 'bad-options.csv')
    writeFileSync(book, lf([HEADER, 'MSFT,100,,equity,,,,,,,,', 'MSFT-C,1,,option,MSFT,call,-250,2021-09-17,0.25,,,', 'MSFT-P,1,,option,NOPE,put,250,2020-09-18,0.25,,,']))
    const r = await cli('risk', '--book', book)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/has 2 rejected row\(s\) of 3/)
    expect(r.stderr).toContain(`${book}:3: strike: error: strike -250 must be > 0`)
    expect(r.stderr).toContain(`${book}:4: underlying: error: unknown underlying "NOPE"`)
    expect(r.stderr).toMatch(new RegExp(`${book.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: expiry: error: expiry 2020-09-18 is on or before the as-of date 2021-04-21`))
  })
})
