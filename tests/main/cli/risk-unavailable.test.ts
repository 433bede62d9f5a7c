import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_BOOK } from '../desk/desk-fixture'
import { expectUserMessage } from '../bad-input/corpus'
import { cli } from './cli-harness'

/**
 * `riskdesk risk` never prints a VaR of 0 for a figure it could not compute, and refuses dates that are not calendar
 * dates or lie outside the data (issue 7, "Done means": an all-excluded book gives a non-zero exit and no VaR 0;
 * 2021-02-30 is refused).
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-unavailable-'))
const file = (name: string, text: string): string => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const BOOK = file('two.csv', 'symbol,quantity,cost\nAAPL,100,120\nMSFT,50,200\n')
/** The bundled data's range (assets/data/PROVENANCE.md). */
const RANGE = /2005-01-03 to 2021-04-21/

function oneLine(r: { code: number; stderr: string }, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^riskdesk: /)
  expect(lines[0]).toMatch(pattern)
}

/** No VaR or ES figure in the printed table reads 0. */
function noZeroVaR(table: string): void {
  expect(table).not.toMatch(/(VaR|ES)[^\n]*?\b(historical|parametric|EWMA|Student-t|Monte Carlo|\([a-zA-Z -]+\)) 0\b/)
}

describe('impossible calendar dates are refused everywhere a date argument is read', () => {
  const runs: string[][] = [
    ['risk', '--book', DEMO_BOOK, '--asof', '2021-02-30'],
    ['risk', '--book', DEMO_BOOK, '--asof', '2019-02-29'],
    ['risk', '--book', DEMO_BOOK, '--asof', '2021-04-31'],
    ['backtest', '--book', DEMO_BOOK, '--from', '2021-02-30', '--to', '2021-03-31'],
    ['backtest', '--book', DEMO_BOOK, '--from', '2021-01-04', '--to', '2021-02-30'],
    ['replay', '--book', DEMO_BOOK, '--from', '2021-02-30', '--to', '2021-03-31'],
    ['audit', 'export', '--db', join(dir, 'none.db'), '--from', '2021-02-30', '--format', 'json'],
    ['web', '--to', '2021-02-30'],
  ]
  it.each(runs.map((argv) => ({ title: argv.join(' ').replace(dir, '').replace(DEMO_BOOK, 'demo-desk.csv'), argv })))('$title', async ({ argv }) => {
    const r = await cli(...argv)
    const bad = argv.find((a) => /^\d{4}-\d{2}-\d{2}$/.test(a) && !['2021-03-31', '2021-01-04'].includes(a))!
    oneLine(r, 2, new RegExp(`'${bad}' is invalid\\. "${bad}" is not a calendar date`))
    expect(r.stdout).toBe('')
  })
})

describe('dates outside the data give one error naming the available range (no clamp)', () => {
  it.each([
    [['risk', '--book', BOOK, '--asof', '2030-01-01'], /--asof 2030-01-01 is outside the available data/],
    [['risk', '--book', BOOK, '--asof', '1990-01-02'], /--asof 1990-01-02 is outside the available data/],
    [['backtest', '--book', BOOK, '--from', '2021-01-04', '--to', '2030-03-31'], /--to 2030-03-31 is outside the available data/],
    [['backtest', '--book', BOOK, '--from', '2004-06-01', '--to', '2006-03-31'], /--from 2004-06-01 is outside the available data/],
  ] as const)('%j', async (argv, pattern) => {
    const r = await cli(...argv)
    oneLine(r, 2, pattern)
    expect(r.stderr).toMatch(RANGE)
    expect(r.stdout).toBe('')
  })
})

describe('a book with every position excluded: VaR unavailable, never 0, exit 1', () => {
  it('early --asof (40 returns for a 250-day window): the table says unavailable and the error says why', async () => {
    const r = await cli('risk', '--book', BOOK, '--asof', '2005-03-01')
    oneLine(r, 1, /historical VaR unavailable for book .*two\.csv as of 2005-03-01: every position is excluded from the risk figures \(AAPL: only 39 returns before 2005-03-01, window needs 250; MSFT/)
    expect(r.stdout).toContain('1-day VaR (Historical) unavailable   ES unavailable')
    expect(r.stdout).toMatch(/VaR {2}historical unavailable {3}parametric unavailable {3}EWMA unavailable/)
    noZeroVaR(r.stdout)
    expect(r.stdout).toContain('Excluded from the risk figures:')
  })

  it('--json: every VaR/ES figure and the volatility are null, each listed under unavailable', async () => {
    const r = await cli('risk', '--book', BOOK, '--window', '5000', '--json')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/window needs 5000/)
    const doc = JSON.parse(r.stdout) as {
      headline: { var: number | null; es: number | null }
      var: Record<string, number | null>
      es: Record<string, number | null>
      volatility: { daily: number | null }
      unavailable: { figure: string; reason: string }[]
    }
    expect(doc.headline).toMatchObject({ method: 'historical', var: null, es: null })
    expect(Object.values(doc.var).every((v) => v === null)).toBe(true)
    expect(Object.values(doc.es).every((v) => v === null)).toBe(true)
    expect(doc.volatility.daily).toBeNull()
    for (const k of ['var.historical', 'var.parametric', 'var.ewma', 'var.studentT', 'var.monteCarlo', 'es.historical', 'volatility.daily']) {
      expect(doc.unavailable.find((u) => u.figure === k)?.reason, k).toMatch(/every position is excluded/)
    }
    for (const u of doc.unavailable) expectUserMessage(u.reason)
  })

  it('a too-short price file of the user: the error names the file and its range', async () => {
    const prices = file('short-prices.csv', 'date,symbol,close,adj_close,volume\n2020-01-02,AAPL,300,300,1000\n2020-01-03,AAPL,297,297,1000\n2020-01-06,AAPL,299,299,1000\n')
    const r = await cli('risk', '--book', file('aapl.csv', 'symbol,quantity\nAAPL,10\n'), '--prices', prices)
    oneLine(r, 1, /only 2 returns before 2020-01-06, window needs 250\) \(price file .*short-prices\.csv: 1 symbols, 2020-01-02 to 2020-01-06\)/)
    noZeroVaR(r.stdout)
  })

  it('a headline method that cannot be computed (EVT on 20 days) is unavailable with its reason, exit 1; the rest stands', async () => {
    const r = await cli('risk', '--book', BOOK, '--window', '20', '--method', 'evt', '--paths', '1000')
    oneLine(r, 1, /evt VaR unavailable for book .*: need at least/)
    expect(r.stderr).not.toMatch(/fitGpd|peaksOverThreshold|gpdTail/)
    const doc = JSON.parse((await cli('risk', '--book', BOOK, '--window', '20', '--method', 'evt', '--paths', '1000', '--json')).stdout) as {
      unavailable: { reason: string }[]
      profile: { reasons: { reason: string }[] }
    }
    for (const u of [...doc.unavailable, ...doc.profile.reasons]) expectUserMessage(u.reason)
    expect(r.stdout).toContain('1-day VaR (EVT) unavailable   ES unavailable')
    expect(r.stdout).toMatch(/VaR {2}historical [1-9][\d,]*/)
  })

  it('a computable book still exits 0 with its figures', async () => {
    const r = await cli('risk', '--book', BOOK, '--asof', '2020-03-31', '--paths', '1000')
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/1-day VaR \(Historical\) [1-9][\d,]*/)
  })
})

describe('the largest values the sane ranges admit are computed, not refused by the engine', () => {
  it('1e9 shares, a 1e6 cost and a 1e9-contract option with multiplier 10000 and strike 1e6: exit 0, finite figures', async () => {
    const book = file(
      'edge.csv',
      'symbol,quantity,cost,assetClass,underlying,optionType,strike,expiry,impliedVol,rate,dividendYield,multiplier\n' +
        'AAPL,1000000000,1000000,,,,,,,,,\n' +
        'MSFT,-1000000000,0.0001,,,,,,,,,\n' +
        'AAPL_P,1000000000,,option,AAPL,put,1000000,2021-06-18,5,0.5,0.5,10000\n' +
        'MSFT_C,-1000000000,,option,MSFT,call,0.01,2021-06-18,0.0001,-0.5,0,10000\n',
    )
    const r = await cli('risk', '--book', book, '--asof', '2021-03-01', '--paths', '1000', '--json')
    expect([r.code, r.stderr]).toEqual([0, ''])
    const doc = JSON.parse(r.stdout) as { var: Record<string, number | null>; es: Record<string, number | null> }
    for (const k of ['historical', 'parametric', 'ewma', 'studentT', 'monteCarlo']) {
      expect(Number.isFinite(doc.var[k]), k).toBe(true)
      expect(Number.isFinite(doc.es[k]), k).toBe(true)
    }
  })
})
