import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { parseBookText } from '../../../src-main/books/book-parser'
import { formatIssues } from '../../../src-main/books/format-report'
import { DeskService } from '../../../src-main/host/desk-service'
import { bundledMarket, limits, SMALL_BOOK } from '../desk/desk-fixture'
import { dumpDatabase, expectUserMessage } from './corpus'

/**
 * Bad books (CSV, JSON, option rows), each refused with the file, line and field named in a user's terms, both by the
 * parser the CLI uses and through the desk's `book:import` channel with save: true, after which the saved books and
 * the audit trail are row for row what they were (a good book of the same name was saved first and must survive).
 */
interface BookCase {
  readonly name: string
  readonly file: 'desk.csv' | 'desk.json'
  readonly text: string
  readonly line: number
  readonly field: string
  readonly message: RegExp
  /** severity of the expected issue (default error): a header-only book is a warning and imports nothing */
  readonly warning?: true
  readonly asof?: string
}

const H = 'symbol,quantity,cost\n'
const csv = (name: string, row: string, line: number, field: string, message: RegExp): BookCase => ({ name, file: 'desk.csv', text: `${H}MSFT,10,200\n${row}\n`, line, field, message })
const OH = 'symbol,quantity,assetClass,underlying,optionType,strike,expiry,impliedVol,rate,dividendYield,multiplier\n'
/** An option row with one term replaced: key=value pairs over a valid AAPL call. */
function opt(name: string, patch: Record<string, string>, field: string, message: RegExp, asof?: string): BookCase {
  const base: Record<string, string> = { symbol: 'AAPL_C', quantity: '10', assetClass: 'option', underlying: 'AAPL', optionType: 'call', strike: '130', expiry: '2021-06-18', impliedVol: '0.3', rate: '0.01', dividendYield: '0.005', multiplier: '100' }
  const row = { ...base, ...patch }
  const cols = OH.trim().split(',')
  return { name, file: 'desk.csv', text: `${OH}${cols.map((c) => row[c]).join(',')}\n`, line: 2, field, message, ...(asof ? { asof } : {}) }
}
const json = (name: string, rows: string, line: number, field: string, message: RegExp): BookCase => ({ name, file: 'desk.json', text: rows, line, field, message })
const jrow = (name: string, row: string, field: string, message: RegExp): BookCase => json(name, `[\n{"symbol":"MSFT","quantity":10},\n${row}\n]\n`, 3, field, message)

const CASES: readonly BookCase[] = [
  // CSV position rows
  csv('quantity not a number', 'AAPL,abc,120', 3, 'quantity', /quantity "abc" is not a number/),
  csv('quantity empty', 'AAPL,,120', 3, 'quantity', /quantity is missing or empty/),
  csv('quantity blank', 'AAPL,  ,120', 3, 'quantity', /quantity is missing or empty/),
  csv('quantity zero', 'AAPL,0,120', 3, 'quantity', /quantity is zero/),
  csv('quantity 1e300', 'AAPL,1e300,120', 3, 'quantity', /quantity 1e\+300 is outside the sane range: \|quantity\| <= 1e\+9/),
  csv('quantity -2e9', 'AAPL,-2e9,120', 3, 'quantity', /outside the sane range/),
  csv('quantity 1.5e9 shares', 'AAPL,1500000000,120', 3, 'quantity', /outside the sane range/),
  csv('quantity Infinity', 'AAPL,Infinity,120', 3, 'quantity', /"Infinity" is not a finite number/),
  csv('quantity NaN', 'AAPL,NaN,120', 3, 'quantity', /"NaN" is not a finite number/),
  csv('quantity -inf', 'AAPL,-inf,120', 3, 'quantity', /is not a finite number/),
  csv('quantity thousands', 'AAPL,"1,000",120', 3, 'quantity', /without thousands separators/),
  csv('quantity hex', 'AAPL,0x10,120', 3, 'quantity', /"0x10" is not a number/),
  csv('quantity 1e400', 'AAPL,1e400,120', 3, 'quantity', /out of range \(not a finite float64\)/),
  csv('quantity double sign', 'AAPL,--5,120', 3, 'quantity', /"--5" is not a number/),
  csv('quantity with unit', 'AAPL,100sh,120', 3, 'quantity', /"100sh" is not a number/),
  csv('quantity percent', 'AAPL,5%,120', 3, 'quantity', /"5%" is not a number/),
  csv('cost negative', 'AAPL,100,-1', 3, 'cost', /cost -1 is negative/),
  csv('cost a total', 'AAPL,100,2000000', 3, 'cost', /cost 2000000 is outside the sane range \[0, 1e\+6\]/),
  csv('cost 1e300', 'AAPL,100,1e300', 3, 'cost', /outside the sane range/),
  csv('cost word', 'AAPL,100,abc', 3, 'cost', /cost "abc" is not a number/),
  csv('cost 1e999', 'AAPL,100,1e999', 3, 'cost', /out of range/),
  csv('cost currency sign', 'AAPL,100,$120', 3, 'cost', /"\$120" is not a number/),
  csv('symbol empty', ',100,120', 3, 'symbol', /symbol is missing or empty/),
  csv('symbol unknown', 'ZZZZ,100,120', 3, 'symbol', /unknown symbol "ZZZZ": no market data for it/),
  csv('symbol duplicate', 'MSFT,5,120', 3, 'symbol', /duplicate symbol "MSFT": first seen on line 2/),
  csv('symbol duplicate by case', 'msft,5,120', 3, 'symbol', /duplicate symbol "MSFT"/),
  csv('too many fields', 'AAPL,100,120,7', 3, '(row)', /row has 4 fields, the header has 3/),
  csv('too few fields', 'AAPL', 3, 'quantity', /row has 1 fields, the header has 3/),
  csv('unclosed quote', '"AAPL,100,120', 3, '(row)', /a quoted field is never closed/),
  { name: 'asset class unknown', file: 'desk.csv', text: 'symbol,quantity,assetClass\nAAPL,100,bond\n', line: 2, field: 'assetClass', message: /unknown asset class "bond"/ },
  { name: 'option column on an equity row', file: 'desk.csv', text: 'symbol,quantity,strike\nAAPL,100,120\n', line: 2, field: 'strike', message: /strike is only read on option rows/ },
  { name: 'no quantity column', file: 'desk.csv', text: 'symbol,qty\nAAPL,5\n', line: 1, field: 'quantity', message: /required column "quantity" is missing from the header row/ },
  { name: 'no symbol column', file: 'desk.csv', text: 'ticker,quantity\nAAPL,5\n', line: 1, field: 'symbol', message: /required column "symbol" is missing/ },
  { name: 'empty file', file: 'desk.csv', text: '', line: 1, field: '(file)', message: /file is empty/ },
  { name: 'header only', file: 'desk.csv', text: 'symbol,quantity\n', line: 1, field: '(file)', message: /no data rows: the book has no positions/, warning: true },
  // option rows
  opt('expiry 2021-02-30', { expiry: '2021-02-30' }, 'expiry', /expiry "2021-02-30" is not a calendar date/),
  opt('expiry 2021-04-31', { expiry: '2021-04-31' }, 'expiry', /is not a calendar date/),
  opt('expiry 2021-13-01', { expiry: '2021-13-01' }, 'expiry', /is not a calendar date/),
  opt('expiry slashes', { expiry: '2021/06/18' }, 'expiry', /is not a calendar date YYYY-MM-DD/),
  opt('expiry missing', { expiry: '' }, 'expiry', /expiry is missing: an option row needs an expiry date/),
  opt('expiry passed', { expiry: '2021-03-19' }, 'expiry', /expiry 2021-03-19 is on or before the as-of date 2021-04-01/, '2021-04-01'),
  opt('strike zero', { strike: '0' }, 'strike', /strike 0 must be > 0/),
  opt('strike negative', { strike: '-5' }, 'strike', /strike -5 must be > 0/),
  opt('strike 5e6', { strike: '5000000' }, 'strike', /strike 5000000 is outside the sane range \(0, 1e\+6\]/),
  opt('strike word', { strike: 'atm' }, 'strike', /strike "atm" is not a number/),
  opt('strike missing', { strike: '' }, 'strike', /strike is missing/),
  opt('implied vol zero', { impliedVol: '0' }, 'impliedVol', /impliedVol 0 is outside \(0, 5\]/),
  opt('implied vol in percent', { impliedVol: '30' }, 'impliedVol', /impliedVol 30 is outside \(0, 5\]; write it as an annual decimal/),
  opt('implied vol negative', { impliedVol: '-0.2' }, 'impliedVol', /outside \(0, 5\]/),
  opt('implied vol missing', { impliedVol: '' }, 'impliedVol', /impliedVol is missing/),
  opt('implied vol NaN', { impliedVol: 'NaN' }, 'impliedVol', /is not a finite number/),
  opt('rate in percent', { rate: '3' }, 'rate', /rate 3 is outside \[-0\.5, 0\.5\]/),
  opt('rate -0.9', { rate: '-0.9' }, 'rate', /outside \[-0\.5, 0\.5\]/),
  opt('rate with percent sign', { rate: '5%' }, 'rate', /rate "5%" is not a number/),
  opt('dividend yield negative', { dividendYield: '-0.01' }, 'dividendYield', /dividendYield -0\.01 is outside \[0, 0\.5\]/),
  opt('dividend yield 0.9', { dividendYield: '0.9' }, 'dividendYield', /outside \[0, 0\.5\]/),
  opt('multiplier zero', { multiplier: '0' }, 'multiplier', /multiplier 0 must be > 0/),
  opt('multiplier negative', { multiplier: '-100' }, 'multiplier', /must be > 0/),
  opt('multiplier 1e6', { multiplier: '1000000' }, 'multiplier', /multiplier 1000000 is outside the sane range \(0, 10000\]/),
  opt('option type unknown', { optionType: 'straddle' }, 'optionType', /unknown optionType "straddle"; expected call or put/),
  opt('option type missing', { optionType: '' }, 'optionType', /optionType is missing/),
  opt('underlying unknown', { underlying: 'ZZZZ' }, 'underlying', /unknown underlying "ZZZZ"/),
  opt('underlying missing', { underlying: '' }, 'underlying', /underlying is missing/),
  opt('contracts 2e9', { quantity: '2e9' }, 'quantity', /outside the sane range/),
  opt('contracts zero', { quantity: '0' }, 'quantity', /quantity is zero/),
  // JSON
  json('invalid JSON', '[\n{"symbol": "AAPL", "quantity": 5,}\n]\n', 2, '(file)', /invalid JSON at line 2, column \d+/),
  json('unterminated JSON', '{', 1, '(file)', /invalid JSON at line 1, column 2/),
  json('top-level string', '"AAPL,100"', 1, '(file)', /expected an array of positions or an object with a "positions" array/),
  json('top-level null', 'null', 1, '(file)', /expected an array of positions/),
  json('positions not an array', '{"positions": 5}', 1, 'positions', /"positions" must be an array, found number/),
  json('rows not objects', '[1, 2]', 1, 'symbol', /no row has a "symbol" key/),
  json('no quantity key', '{"name": "x", "positions": [{"symbol": "AAPL"}]}', 1, 'quantity', /no row has a "quantity" key/),
  jrow('quantity text', '{"symbol":"AAPL","quantity":"abc"}', 'quantity', /quantity "abc" is not a number/),
  jrow('quantity true', '{"symbol":"AAPL","quantity":true}', 'quantity', /quantity must be a string or a number, found boolean true/),
  jrow('quantity array', '{"symbol":"AAPL","quantity":[5]}', 'quantity', /found an array/),
  jrow('quantity object', '{"symbol":"AAPL","quantity":{"n":5}}', 'quantity', /found an object/),
  jrow('quantity null', '{"symbol":"AAPL","quantity":null}', 'quantity', /quantity is missing or empty/),
  jrow('quantity 1e400 literal', '{"symbol":"AAPL","quantity":1e400}', 'quantity', /not a finite number \(out of float64 range\)/),
  jrow('quantity 1e300', '{"symbol":"AAPL","quantity":1e300}', 'quantity', /outside the sane range/),
  jrow('quantity thousands', '{"symbol":"AAPL","quantity":"1,000"}', 'quantity', /without thousands separators/),
  jrow('cost negative', '{"symbol":"AAPL","quantity":5,"cost":-3}', 'cost', /cost -3 is negative/),
  jrow('cost 1e7', '{"symbol":"AAPL","quantity":5,"cost":1e7}', 'cost', /outside the sane range/),
  jrow('symbol number', '{"symbol":5,"quantity":3}', 'symbol', /unknown symbol "5"/),
  jrow('symbol unknown', '{"symbol":"ZZZZ","quantity":3}', 'symbol', /unknown symbol "ZZZZ"/),
  jrow('symbol duplicate', '{"symbol":"MSFT","quantity":3}', 'symbol', /duplicate symbol "MSFT": first seen on line 2/),
  jrow('asset class unknown', '{"symbol":"AAPL","quantity":3,"assetClass":"crypto"}', 'assetClass', /unknown asset class "crypto"/),
  jrow('option expiry 2021-02-30', '{"symbol":"AAPL_C","quantity":1,"assetClass":"option","underlying":"AAPL","optionType":"call","strike":130,"expiry":"2021-02-30","impliedVol":0.3}', 'expiry', /not a calendar date/),
  jrow('option vol 30', '{"symbol":"AAPL_C","quantity":1,"assetClass":"option","underlying":"AAPL","optionType":"put","strike":130,"expiry":"2021-06-18","impliedVol":30}', 'impliedVol', /outside \(0, 5\]/),
  jrow('option multiplier 0', '{"symbol":"AAPL_C","quantity":1,"assetClass":"option","underlying":"AAPL","optionType":"put","strike":130,"expiry":"2021-06-18","impliedVol":0.3,"multiplier":0}', 'multiplier', /must be > 0/),
  jrow('option strike 1e7', '{"symbol":"AAPL_C","quantity":1,"assetClass":"option","underlying":"AAPL","optionType":"put","strike":1e7,"expiry":"2021-06-18","impliedVol":0.3}', 'strike', /outside the sane range/),
  jrow('option expiry number', '{"symbol":"AAPL_C","quantity":1,"assetClass":"option","underlying":"AAPL","optionType":"put","strike":130,"expiry":20210618,"impliedVol":0.3}', 'expiry', /is not a calendar date/),
]

const GOOD: Record<BookCase['file'], string> = {
  'desk.csv': 'symbol,quantity,cost\nMSFT,10,200\nAAPL,5,120\n',
  'desk.json': '[{"symbol":"MSFT","quantity":10,"cost":200},{"symbol":"AAPL","quantity":5}]',
}

describe(`bad books: ${CASES.length} cases`, () => {
  let db: Database
  let service: DeskService
  let before: string
  const known = new Set(bundledMarket().store.symbols())

  beforeAll(async () => {
    db = openDatabase(':memory:')
    service = new DeskService({
      market: bundledMarket(),
      db,
      user: 'tester',
      replay: { from: '2020-02-24', to: '2020-03-31', speed: 'max', autoplay: false },
      initial: { book: SMALL_BOOK, limits: limits(), sourceFile: 'small.csv' },
    })
    // a saved book of the same name as every bad import: a refused import must leave it as it is
    for (const fileName of ['desk.csv', 'desk.json'] as const) {
      const saved = await service.invoke('book:import', { fileName, content: GOOD[fileName], save: true }, 'tester')
      expect(saved).toMatchObject({ ok: true, value: { saved: true, rejected: 0 } })
    }
    before = dumpDatabase(db)
  })

  afterAll(async () => {
    await service.close()
    closeDatabase(db)
  })

  it.each(CASES.map((c) => ({ ...c, title: `${c.file} ${c.name}` })))('$title', async (c) => {
    const severity = c.warning ? 'warning' : 'error'
    const parsed = parseBookText(c.text, { file: c.file, knownSymbols: known, ...(c.asof ? { asof: c.asof } : {}) })
    expect(parsed.accepted < parsed.rows || parsed.accepted === 0).toBe(true)
    const hit = parsed.issues.find((i) => i.severity === severity && i.line === c.line && i.field === c.field && c.message.test(i.message))
    expect(hit, formatIssues(parsed.issues).join('\n')).toBeDefined()
    for (const line of formatIssues(parsed.issues)) {
      expect(line.startsWith(`${c.file}:`)).toBe(true)
      expectUserMessage(line)
    }
    if (c.asof !== undefined) return // the desk imports without an as-of date; expiry against the date is the CLI's
    const r = await service.invoke('book:import', { fileName: c.file, content: c.text, save: true }, 'tester')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.saved).toBe(false)
    expect(r.value.issues.some((i) => i.severity === severity && i.line === c.line && i.field === c.field && c.message.test(i.message))).toBe(true)
    expect(dumpDatabase(db)).toBe(before)
  })
})
