import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BacktestResultSchema } from '@shared/domain/backtest-result'
import { BACKTEST_METHODS } from '../../../src-main/risk/backtest-methods'
import { cli } from '../cli/cli-harness'
import { ETF_PRICES, QUALITY_FLAGS, ROOT, SHARED, SP500_PRICES, loadCase } from './reference-data'

/**
 * `riskdesk backtest` end to end (in-process, the code bin/riskdesk.cjs runs) against the NumPy/SciPy reference of
 * tests/fixtures/backtest: the printed JSON, the comparison over every method, the table and the one-line errors.
 */
const ref = loadCase('long-short-etf_2019-2020.json')
const data = ['--prices', SP500_PRICES, '--prices', ETF_PRICES, '--flags', QUALITY_FLAGS]
const range = ['--from', ref.requested.from, '--to', ref.requested.to]

/** The same acceptance tolerance as backtest-reference.test.ts (statistics depend on exact counts only). */
const STAT_REL_TOL = 1e-8

function expectOneLineError(r: { code: number; stderr: string; stdout: string }, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^riskdesk: /)
  expect(lines[0]).toMatch(pattern)
  expect(r.stdout).toBe('')
}

describe('riskdesk backtest', () => {
  SHARED.it('--method all --json: one contract result per method with the reference exceptions, dates and statistics', async () => {
    const r = await cli('backtest', '--book', ref.bookFile, ...range, ...data, '--method', 'all', '--json')
    expect(r.code).toBe(0)
    const out = (JSON.parse(r.stdout) as unknown[]).map((x) => BacktestResultSchema.parse(x))
    expect(out.map((x) => x.method)).toEqual([...BACKTEST_METHODS])
    for (const x of out) {
      const e = ref.methods[x.method]
      expect([x.from, x.to, x.observations, x.exceptions], x.method).toEqual([ref.from, ref.to, ref.dates.length, e.exceptions])
      expect(x.exceptionDates).toEqual(e.exceptionDates)
      expect(x.excluded).toEqual(ref.excluded)
      expect(Math.abs(x.kupiec.lr - e.kupiec.lr)).toBeLessThanOrEqual(STAT_REL_TOL * e.kupiec.lr)
      expect(Math.abs(x.conditionalCoverage.pValue - e.conditionalCoverage.pValue)).toBeLessThanOrEqual(STAT_REL_TOL * e.conditionalCoverage.pValue)
      expect(x.trafficLight.zone).toBe(e.trafficLight.zone)
    }
  })

  SHARED.it('the table shows counts, the three tests, the Basel zone with its bounds, exceptions and exclusions', async () => {
    const r = await cli('backtest', '--book', ref.bookFile, ...range, ...data, '--method', 'studentT')
    expect(r.code).toBe(0)
    const e = ref.methods.studentT
    expect(r.stdout).toContain(`Observations      ${ref.dates.length}`)
    expect(r.stdout).toMatch(new RegExp(`Exceptions\\s+${e.exceptions} \\(expected`))
    expect(r.stdout).toMatch(/Kupiec POF\s+LR [\d.]+\s+p /)
    expect(r.stdout).toMatch(/Christoffersen\s+LR [\d.]+\s+p /)
    expect(r.stdout).toContain(`Basel zone        ${e.trafficLight.zone.toUpperCase()}  (green 0-${e.trafficLight.greenMax}, yellow ${e.trafficLight.greenMax + 1}-${e.trafficLight.yellowMax}`)
    expect(r.stdout).toContain('nu = 5')
    for (const d of e.exceptionDates) expect(r.stdout).toContain(d)
    expect(r.stdout).toMatch(/DOW: no price on 2018-12-31/)
  })

  it('--method all prints one comparison row per method with its zone (bundled data: the same rows for these equities)', async () => {
    const lo = loadCase('long-only_2019-2020.json')
    const r = await cli('backtest', '--book', lo.bookFile, '--from', lo.requested.from, '--to', lo.requested.to, '--method', 'all')
    expect(r.code).toBe(0)
    for (const m of BACKTEST_METHODS) {
      const row = r.stdout.split('\n').find((l) => l.startsWith(`${m} `))
      expect(row, m).toBeDefined()
      expect(row!.split(/\s+/).slice(1, 3)).toEqual([String(lo.dates.length), String(lo.methods[m].exceptions)])
      expect(row).toContain(lo.methods[m].trafficLight.zone.toUpperCase())
    }
  })

  it('usage errors are one line with exit 2', async () => {
    expectOneLineError(await cli('backtest', '--book', ref.bookFile, ...range, '--method', 'garch'), 2, /--method.*historical, parametric/)
    expectOneLineError(await cli('backtest', '--book', ref.bookFile, '--from', '2020-02-01', '--to', '2020-01-01'), 2, /--from 2020-02-01 is after --to 2020-01-01/)
    expectOneLineError(await cli('backtest', '--book', ref.bookFile, '--to', '2020-01-01'), 2, /--from/)
    expectOneLineError(await cli('backtest', '--book', ref.bookFile, ...range, '--nu', '2'), 2, /--nu/)
    expectOneLineError(await cli('backtest', '--book', ref.bookFile, ...range, '--window', '1'), 2, /--window/)
  })

  it('a range without W returns before it names the first possible start (exit 1)', async () => {
    const r = await cli('backtest', '--book', join(ROOT, 'tests', 'fixtures', 'backtest', 'long-only.csv'), '--from', '2005-02-01', '--to', '2005-12-31')
    expectOneLineError(r, 1, /needs 250 returns before it; the book's data starts 2005-01-03, so the first possible start is \d{4}-\d{2}-\d{2}/)
  })

  SHARED.it('the built command (bin/riskdesk.cjs, a real process) prints the same JSON', (ctx) => {
    if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) ctx.skip('out/main/cli.js is not built (npm run build)')
    const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'riskdesk.cjs'), 'backtest', '--book', ref.bookFile, ...range, ...data, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    })
    const parsed = BacktestResultSchema.parse(JSON.parse(out))
    expect([parsed.method, parsed.exceptions]).toEqual(['historical', ref.methods.historical.exceptions])
    expect(parsed.exceptionDates).toEqual(ref.methods.historical.exceptionDates)
  })
})
