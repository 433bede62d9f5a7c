import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_BOOK } from '../desk/desk-fixture'
import { cli } from './cli-harness'

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-cli-'))
const file = (name: string, text: string): string => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

/** Every failure is exactly one `riskdesk: ...` line (plus indented report lines), never a stack trace. */
function expectOneLineError(r: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(/^riskdesk: /)
  expect(r.stderr).toMatch(pattern)
  expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true)
  expect(r.stderr).not.toMatch(/\n\s+at /)
}

describe('CLI bad arguments and files', () => {
  it('unknown command / option and missing required option are usage errors (exit 2)', async () => {
    expectOneLineError(await cli('frobnicate'), 2, /unknown command/)
    expectOneLineError(await cli('risk', '--book', DEMO_BOOK, '--bogus'), 2, /unknown option/)
    expectOneLineError(await cli('risk'), 2, /--book/)
  })
  it('malformed values name the option', async () => {
    expectOneLineError(await cli('risk', '--book', DEMO_BOOK, '--window', 'abc'), 2, /window/)
    expectOneLineError(await cli('risk', '--book', DEMO_BOOK, '--confidence', '99'), 2, /confidence/)
    expectOneLineError(await cli('risk', '--book', DEMO_BOOK, '--asof', '2020-13-45'), 2, /YYYY-MM-DD/)
    expectOneLineError(await cli('replay', '--book', DEMO_BOOK, '--from', '2020-03-01', '--to', '2020-02-01'), 2, /after/)
    expectOneLineError(await cli('replay', '--book', DEMO_BOOK, '--from', '2020-03-01', '--to', '2020-03-05', '--speed', '-3'), 2, /speed/)
    expectOneLineError(await cli('replay', '--book', DEMO_BOOK, '--from', '2020-03-01', '--to', '2020-03-05', '--approve-all', '--reject-all', 'nope nope'), 2, /exclude/)
    expectOneLineError(await cli('audit', 'export', '--db', 'x.db', '--format', 'xml'), 2, /--format must be csv, json/)
  })
  it('a missing book file is named', async () => {
    expectOneLineError(await cli('risk', '--book', join(dir, 'missing.csv')), 1, /missing\.csv/)
  })
  it('a book with bad rows is refused with the per-row report (file:line: field)', async () => {
    const book = file('bad.csv', 'symbol,quantity\nAAPL,100\nZZZZ,5\nMSFT,abc\nAAPL,3\n')
    const r = await cli('risk', '--book', book)
    expectOneLineError(r, 1, /3 rejected row\(s\) of 4/)
    expect(r.stderr).toMatch(/bad\.csv:3: symbol/)
    expect(r.stderr).toMatch(/bad\.csv:4: quantity/)
    expect(r.stderr).toMatch(/bad\.csv:5: symbol/)
  })
  it('a broken price file names file, line and field', async () => {
    const book = file('ok.csv', 'symbol,quantity\nAAA,10\n')
    const prices = file('p.csv', 'date,symbol,close,adj_close,volume\n2020-01-02,AAA,10,10,100\n2020-01-03,AAA,abc,10,100\n')
    expectOneLineError(await cli('risk', '--book', book, '--prices', prices), 1, /p\.csv:3: field close/)
  })
  it('an invalid limits file names the field', async () => {
    const limits = file('l.json', '{"varLimit": -5, "maxLossPerPosition": 1, "maxPositionWeight": 0.5, "maxDaysToLiquidate": 1}')
    expectOneLineError(await cli('replay', '--book', DEMO_BOOK, '--from', '2020-03-02', '--to', '2020-03-03', '--limits', limits, '--db', join(dir, 'a.db')), 1, /varLimit/)
  })
  it('a file that is not a database is refused and left untouched', async () => {
    const junk = file('junk.db', 'this is not sqlite at all, just text'.repeat(100))
    expectOneLineError(await cli('audit', 'verify', '--db', junk), 1, /junk\.db/)
  })
})
