/**
 * Issue 7, "Every position valued, or loudly not", through the CLI in-process: `riskdesk replay` values option rows
 * like `riskdesk risk` (Black-Scholes-Merton, full revaluation of the historical scenarios), an option expiring during
 * the replay settles at intrinsic value on its expiry date and leaves the book (audited), and the historical VaR of
 * every replayed day equals `riskdesk risk --asof <that day>` on the book the desk holds that day.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from './cli-harness'
import { bundledMarket } from '../desk/desk-fixture'

/**
 * Live (incremental, O(W) per option and day) and full recompute agree to rounding: the same terms summed in another
 * order, a few ulps per update; relative to max(1, |VaR|), as the desk-session tests.
 */
const REL_TOL = 1e-9
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

const ROOT = join(__dirname, '..', '..', '..')
const OPTIONS_BOOK = join(ROOT, 'assets', 'books', 'demo-options.csv')
const DESK_BOOK = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const OPTIONS_LIMITS = join(ROOT, 'assets', 'books', 'demo-options.limits.json')
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-replay-options-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Frame {
  date: string
  var: { historical: number }
  partial?: boolean
}
interface Row {
  symbol: string
  price: number
  marketValue: number
}
type Line =
  | { type: 'risk'; frame: Frame; positions: Row[] }
  | { type: 'position'; change: 'split' | 'expired'; symbol: string; detail: Record<string, unknown> }
  | { type: 'tick.rejected'; reason: string }
  | { type: string }

async function replayJson(book: string, from: string, to: string, db: string, ...extra: string[]): Promise<{ lines: Line[]; stderr: string; code: number }> {
  const r = await cli('replay', '--book', book, '--from', from, '--to', to, '--db', db, '--json', '--no-hold', ...extra)
  expect(r.code, r.stderr).toBe(0)
  return { lines: r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line), stderr: r.stderr, code: r.code }
}

/** Historical VaR of `riskdesk risk --asof` (Monte Carlo paths at the minimum: only the historical figure is read). */
async function cliVaR(book: string, asof: string): Promise<{ var: number; symbols: string[] }> {
  const r = await cli('risk', '--book', book, '--asof', asof, '--json', '--paths', '1000')
  expect(r.code, r.stderr).toBe(0)
  const report = JSON.parse(r.stdout) as { asof: string; var: { historical: number }; positions: { symbol: string }[] }
  expect(report.asof).toBe(asof)
  return { var: report.var.historical, symbols: report.positions.map((p) => p.symbol) }
}

const risks = (lines: Line[]): Extract<Line, { type: 'risk' }>[] => lines.filter((l): l is Extract<Line, { type: 'risk' }> => l.type === 'risk')

describe('riskdesk replay values every position like riskdesk risk', () => {
  it('demo-options: every option valued (no unknown symbol), VaR each day = risk --asof that day to 1e-9', async () => {
    const { lines, stderr, code } = await replayJson(OPTIONS_BOOK, '2021-03-01', '2021-03-19', join(dir, 'options.db'))
    expect(code, stderr).toBe(0)
    expect(JSON.stringify(lines)).not.toContain('unknown symbol')
    expect(lines.filter((l) => l.type === 'tick.rejected')).toEqual([])
    const frames = risks(lines)
    expect(frames.length).toBe(15)
    const optionSymbols = readFileSync(OPTIONS_BOOK, 'utf8').split('\n').filter((l) => l.includes(',option,')).map((l) => l.split(',')[0]!)
    expect(optionSymbols.length).toBe(6)
    for (const f of frames) {
      const full = await cliVaR(OPTIONS_BOOK, f.frame.date)
      expect(rel(f.frame.var.historical, full.var), f.frame.date).toBeLessThan(REL_TOL)
      expect(f.positions.map((p) => p.symbol)).toEqual(full.symbols)
      for (const s of optionSymbols) expect(f.positions.some((p) => p.symbol === s)).toBe(true)
      expect(f.frame.partial).toBe(false)
    }
  }, 120_000)

  it('demo-desk (no options): VaR each day = risk --asof that day to 1e-9', async () => {
    const { lines, code, stderr } = await replayJson(DESK_BOOK, '2021-03-01', '2021-03-05', join(dir, 'desk.db'))
    expect(code, stderr).toBe(0)
    const frames = risks(lines)
    expect(frames.length).toBe(5)
    for (const f of frames) expect(rel(f.frame.var.historical, (await cliVaR(DESK_BOOK, f.frame.date)).var), f.frame.date).toBeLessThan(REL_TOL)
  }, 120_000)

  it('an option expiring during the replay settles at intrinsic on its expiry date, leaves the book, is audited; VaR still = risk --asof', async () => {
    // a long AAPL call and a short JPM put expiring on Friday 2021-03-19, beside two stocks and a longer option
    const header = 'symbol,quantity,cost,sector,assetClass,underlying,optionType,strike,expiry,impliedVol,rate,dividendYield,multiplier'
    const keep = ['MSFT,3000,236.94,Information Technology,equity,,,,,,,,', 'KO,8000,49.9,Consumer Staples,equity,,,,,,,,', 'SPY-2021-12-17-P-380,40,27.35,,option,SPY,put,380,2021-12-17,0.22,0.0002,0.014,100']
    const expiring = ['AAPL-2021-03-19-C-110,20,9.5,,option,AAPL,call,110,2021-03-19,0.35,0.0002,0.006,100', 'JPM-2021-03-19-P-160,-30,6.1,,option,JPM,put,160,2021-03-19,0.28,0.0002,0.024,100']
    const before = join(dir, 'expiring.csv')
    const after = join(dir, 'after-expiry.csv')
    writeFileSync(before, [header, ...keep.slice(0, 2), ...expiring, keep[2]].join('\n') + '\n')
    writeFileSync(after, [header, ...keep].join('\n') + '\n')
    const db = join(dir, 'expiring.db')
    const { lines, code, stderr } = await replayJson(before, '2021-03-15', '2021-03-26', db, '--limits', OPTIONS_LIMITS)
    expect(code, stderr).toBe(0)
    const frames = risks(lines)
    expect(frames.map((f) => f.frame.date)).toEqual(['2021-03-15', '2021-03-16', '2021-03-17', '2021-03-18', '2021-03-19', '2021-03-22', '2021-03-23', '2021-03-24', '2021-03-25', '2021-03-26'])
    for (const f of frames) {
      const held = f.frame.date < '2021-03-19'
      expect(f.positions.some((p) => p.symbol === 'AAPL-2021-03-19-C-110'), f.frame.date).toBe(held)
      const full = await cliVaR(held ? before : after, f.frame.date)
      expect(rel(f.frame.var.historical, full.var), f.frame.date).toBeLessThan(REL_TOL)
    }

    // settlement: intrinsic on the underlying's raw close of the expiry date (the bundled prices, read independently)
    const store = bundledMarket().store
    const closeOn = (symbol: string, date: string): number => {
      const s = store.get(symbol)!
      return s.close[s.dates.indexOf(date)]!
    }
    const aapl = closeOn('AAPL', '2021-03-19')
    const jpm = closeOn('JPM', '2021-03-19')
    const settled = lines.filter((l): l is Extract<Line, { type: 'position' }> => l.type === 'position' && (l as { change: string }).change === 'expired')
    expect(settled.map((s) => s.symbol)).toEqual(['AAPL-2021-03-19-C-110', 'JPM-2021-03-19-P-160'])
    const [call, put] = settled.map((s) => s.detail as { date: string; intrinsic: number; cash: number; underlyingPrice: number })
    expect(call!.date).toBe('2021-03-19')
    expect(call!.underlyingPrice).toBe(aapl)
    expect(call!.intrinsic).toBeCloseTo(Math.max(aapl - 110, 0), 12)
    expect(call!.cash).toBeCloseTo(20 * 100 * Math.max(aapl - 110, 0), 8)
    expect(put!.intrinsic).toBeCloseTo(Math.max(160 - jpm, 0), 12)
    expect(put!.cash).toBeCloseTo(-30 * 100 * Math.max(160 - jpm, 0), 8)

    const conn = new Database(db, { readonly: true })
    try {
      const rows = conn.prepare("select payload from audit_events where type = 'option.expired' order by seq").all() as { payload: string }[]
      expect(rows.map((r) => (JSON.parse(r.payload) as { symbol: string }).symbol)).toEqual(['AAPL-2021-03-19-C-110', 'JPM-2021-03-19-P-160'])
    } finally {
      conn.close()
    }

    // the text output says so
    const text = await cli('replay', '--book', before, '--from', '2021-03-18', '--to', '2021-03-19', '--db', join(dir, 'text.db'), '--limits', OPTIONS_LIMITS)
    expect(text.stdout).toMatch(/option expired AAPL-2021-03-19-C-110 on 2021-03-19: settled at intrinsic/)
  }, 120_000)
})
