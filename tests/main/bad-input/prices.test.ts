import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataFileError } from '../../../src-main/market/data-file-error'
import { loadPriceFiles } from '../../../src-main/market/prices-loader'
import { cli } from '../cli/cli-harness'
import { expectUserMessage } from './corpus'

/**
 * Bad price files, each refused with the file, the line and the field named: by the loader (a DataFileError carrying
 * them) and by `riskdesk risk --prices` (one `riskdesk: file:line: field ...: why` line, nothing on stdout, exit 1).
 * The price cache directory (RISKDESK_CACHE_DIR) stays empty: a refused file leaves nothing stored.
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bad-prices-'))
const cacheDir = mkdtempSync(join(tmpdir(), 'riskdesk-bad-prices-cache-'))
const H = 'date,symbol,close,adj_close,volume\n'
const GOOD = '2020-01-02,AAPL,300,300,1000\n2020-01-03,AAPL,297,297,1000\n'
const BOOK = join(dir, 'book.csv')
writeFileSync(BOOK, 'symbol,quantity\nAAPL,10\n')

interface PriceCase {
  readonly name: string
  /** file content, or bytes */
  readonly content: string | Uint8Array
  readonly line: number
  readonly field: string | null
  readonly message: RegExp
  /** a second file loaded after this one */
  readonly second?: string
}
const row = (name: string, bad: string, field: string | null, message: RegExp): PriceCase => ({ name, content: `${H}${GOOD}${bad}\n`, line: 4, field, message })

const CASES: readonly PriceCase[] = [
  { name: 'empty file', content: '', line: 1, field: null, message: /file is empty \(no header line\)/ },
  { name: 'blank lines only', content: '\n\n\n', line: 1, field: null, message: /file is empty/ },
  { name: 'header only', content: H, line: 0, field: null, message: /has a header but no price rows/ },
  { name: 'header and blank lines', content: `${H}\n\n`, line: 0, field: null, message: /has a header but no price rows/ },
  { name: 'no close column', content: 'date,symbol,adj_close,volume\n2020-01-02,AAPL,1,1\n', line: 1, field: 'close', message: /missing required column "close"/ },
  { name: 'no adj_close column', content: 'date,symbol,close,volume\n2020-01-02,AAPL,1,1\n', line: 1, field: 'adj_close', message: /missing required column "adj_close"/ },
  { name: 'no date column', content: 'day,symbol,close,adj_close,volume\n2020-01-02,AAPL,1,1,1\n', line: 1, field: 'date', message: /missing required column "date"/ },
  { name: 'close twice', content: 'date,symbol,close,adj_close,volume,close\n2020-01-02,AAPL,1,1,1,1\n', line: 1, field: 'close', message: /column "close" appears twice/ },
  row('date 2020-02-30', '2020-02-30,AAPL,300,300,1000', 'date', /"2020-02-30" is not a date \(YYYY-MM-DD\)/),
  row('date 2019-02-29', '2019-02-29,AAPL,300,300,1000', 'date', /"2019-02-29" is not a date/),
  row('date 2020-13-01', '2020-13-01,AAPL,300,300,1000', 'date', /is not a date/),
  row('date 2020-04-31', '2020-04-31,AAPL,300,300,1000', 'date', /is not a date/),
  row('date with slashes', '2020/01/06,AAPL,300,300,1000', 'date', /"2020\/01\/06" is not a date/),
  row('date compact', '20200106,AAPL,300,300,1000', 'date', /is not a date/),
  row('date empty', ',AAPL,300,300,1000', 'date', /"" is not a date/),
  row('date with time', '2020-01-06T00:00,AAPL,300,300,1000', 'date', /is not a date/),
  row('symbol empty', '2020-01-06,,300,300,1000', 'symbol', /empty symbol/),
  row('close zero', '2020-01-06,AAPL,0,300,1000', 'close', /"0" is not a positive price/),
  row('close negative', '2020-01-06,AAPL,-5,300,1000', 'close', /"-5" is not a positive price/),
  row('close word', '2020-01-06,AAPL,abc,300,1000', 'close', /"abc" is not a finite number/),
  row('close empty', '2020-01-06,AAPL,,300,1000', 'close', /"" is not a finite number/),
  row('close 2e6', '2020-01-06,AAPL,2000000,300,1000', 'close', /"2000000" is outside the sane range \(0, 1e\+6\]/),
  row('close 1e300', '2020-01-06,AAPL,1e300,300,1000', 'close', /outside the sane range/),
  row('close thousands', '2020-01-06,AAPL,"1,000",300,1000', 'close', /"1,000" is not a finite number/),
  row('adj_close zero', '2020-01-06,AAPL,300,0,1000', 'adj_close', /is not a positive price/),
  row('adj_close NaN', '2020-01-06,AAPL,300,NaN,1000', 'adj_close', /"NaN" is not a finite number/),
  row('adj_close Infinity', '2020-01-06,AAPL,300,Infinity,1000', 'adj_close', /is not a finite number/),
  row('adj_close 5e6', '2020-01-06,AAPL,300,5e6,1000', 'adj_close', /outside the sane range/),
  row('volume negative', '2020-01-06,AAPL,300,300,-1', 'volume', /"-1" is negative/),
  row('volume 1e15', '2020-01-06,AAPL,300,300,1e15', 'volume', /"1e15" is outside the sane range \[0, 1e\+12\] shares/),
  row('volume word', '2020-01-06,AAPL,300,300,lots', 'volume', /"lots" is not a finite number/),
  row('too few fields', '2020-01-06,AAPL,300', 'adj_close', /missing \(the row has 3 fields, the header has more\)/),
  row('duplicate day', '2020-01-03,AAPL,298,298,1000', null, /duplicate row for AAPL on 2020-01-03 \(first at .*:3\)/),
  { name: 'duplicate day across files', content: `${H}${GOOD}`, second: `${H}2020-01-03,AAPL,297,297,1000\n`, line: 2, field: null, message: /duplicate row for AAPL on 2020-01-03 \(first at .*duplicate-day-across-files\.csv:3\)/ },
  { name: 'corrupt gzip', content: Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]), line: 0, field: null, message: /corrupt gzip data/ },
  { name: 'gzip of a header only', content: gzipSync(H), line: 0, field: null, message: /has a header but no price rows/ },
  { name: 'UTF-16 text', content: Uint8Array.from([0xff, 0xfe, 0x64, 0, 0x61, 0]), line: 0, field: null, message: /UTF-16 text is not supported/ },
]

const fileOf = (c: PriceCase): string => join(dir, `${c.name.replace(/\W+/g, '-')}.csv`)
const secondOf = (c: PriceCase): string => join(dir, `${c.name.replace(/\W+/g, '-')}.second.csv`)

describe(`bad price files: ${CASES.length + 1} cases`, () => {
  let previousCache: string | undefined
  beforeAll(() => {
    previousCache = process.env.RISKDESK_CACHE_DIR
    process.env.RISKDESK_CACHE_DIR = cacheDir
    for (const c of CASES) {
      writeFileSync(fileOf(c), c.content)
      if (c.second !== undefined) writeFileSync(secondOf(c), c.second)
    }
  })
  afterAll(() => {
    if (previousCache === undefined) delete process.env.RISKDESK_CACHE_DIR
    else process.env.RISKDESK_CACHE_DIR = previousCache
  })

  it.each(CASES)('$name', async (c) => {
    const files = c.second === undefined ? [fileOf(c)] : [fileOf(c), secondOf(c)]
    const where = c.second === undefined ? fileOf(c) : secondOf(c)
    let error: unknown
    try {
      loadPriceFiles(files)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DataFileError)
    const e = error as DataFileError
    expect([e.file, e.line, e.field]).toEqual([where, c.line, c.field])
    expect(e.detail).toMatch(c.message)

    const r = await cli('risk', '--book', BOOK, ...files.flatMap((f) => ['--prices', f]))
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toBe(`riskdesk: ${e.message}`)
    expect(lines[0]).toContain(`${where}:${c.line}: ${c.field === null ? '' : `field ${c.field}: `}`)
    expectUserMessage(lines[0]!)
    expect(readdirSync(cacheDir)).toEqual([])
  })

  it('a missing price file is named (exit 1, one line)', async () => {
    const missing = join(dir, 'no-such-prices.csv')
    const r = await cli('risk', '--book', BOOK, '--prices', missing)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^riskdesk: ${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:0: cannot read file: ENOENT`))
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  })
})
