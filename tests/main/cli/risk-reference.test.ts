import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { readBookFile } from '../../../src-main/books/book-file'
import { loadMarket } from '../../../src-main/market/load-market'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { sharedData } from '../../helpers/shared-data'

/**
 * `riskdesk risk --json` against an independent NumPy/SciPy implementation of RISK-CONVENTIONS.md
 * (tests/fixtures/risk-reference/make_risk_reference.py) on real S&P 500 books read from the full shared price file.
 */
const ROOT = join(__dirname, '..', '..', '..')
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'risk-reference')
const shared = sharedData({
  prices: 'sp500-daily-equities/prices_daily.csv.gz',
  sectors: 'sp500-gics-sectors/sectors.csv',
  flags: 'sp500-daily-equities/quality_flags.csv',
})
const { prices: PRICES, sectors: SECTORS, flags: FLAGS } = shared.paths

/** The acceptance tolerance: 1e-6 relative (observed differences are ~1e-14). */
const REL_TOL = 1e-6
/** Values this close to zero (e.g. a hedge's component VaR) are compared absolutely, in currency units. */
const ABS_FLOOR = 1e-6

interface Case {
  file: string
  bookFile: string
  requestedAsof: string
  window: number
  confidence: number
}
const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as Case[]

/** Walks the expected document: every key must be present, numbers within REL_TOL, everything else equal. */
function compare(actual: unknown, expected: unknown, path: string, problems: string[]): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return void problems.push(`${path}: expected ${expected}, got ${String(actual)}`)
    const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), ABS_FLOOR)
    if (!(err <= REL_TOL) && Math.abs(actual - expected) > ABS_FLOOR) problems.push(`${path}: ${actual} vs ${expected} (rel ${err.toExponential(2)})`)
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return void problems.push(`${path}: length ${Array.isArray(actual) ? actual.length : '?'} vs ${expected.length}`)
    expected.forEach((e, i) => compare(actual[i], e, `${path}[${i}]`, problems))
  } else if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return void problems.push(`${path}: missing object`)
    for (const [k, v] of Object.entries(expected)) compare((actual as Record<string, unknown>)[k], v, `${path}.${k}`, problems)
  } else if (actual !== expected) problems.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`)
}

shared.describe('risk report vs the NumPy/SciPy reference (full S&P 500 file)', () => {
  const market = loadMarket({ prices: [PRICES], sectors: SECTORS, qualityFlags: FLAGS })

  it.each(cases)('$file', (c) => {
    const parsed = readBookFile(join(FIXTURES, c.bookFile), { knownSymbols: new Set(market.store.symbols()) })
    expect(parsed.rejected).toBe(0)
    const report = computeRiskReport(parsed.book, market, { asof: c.requestedAsof, window: c.window, confidence: c.confidence })
    const expected = JSON.parse(readFileSync(join(FIXTURES, c.file), 'utf8')) as unknown
    const problems: string[] = []
    compare(JSON.parse(JSON.stringify(report)), expected, '$', problems)
    expect(problems).toEqual([])
  })

  it('reports an instrument with too little history as excluded (CARR, listed April 2020)', () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'long-short_2020-03-31.json'), 'utf8')) as { excluded: { symbol: string }[] }
    expect(expected.excluded.map((e) => e.symbol)).toContain('CARR')
  })

  it('the built `riskdesk risk --json` command prints the same document (real process, bin/riskdesk.cjs)', (ctx) => {
    if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) ctx.skip('out/main/cli.js is not built (npm run build)')
    const c = cases.find((x) => x.file === 'long-short_2020-03-31.json')!
    const out = execFileSync(
      process.execPath,
      [join(ROOT, 'bin', 'riskdesk.cjs'), 'risk', '--book', join(FIXTURES, c.bookFile), '--prices', PRICES, '--sectors', SECTORS, '--flags', FLAGS, '--asof', c.requestedAsof, '--json'],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    )
    const problems: string[] = []
    compare(JSON.parse(out), JSON.parse(readFileSync(join(FIXTURES, c.file), 'utf8')), '$', problems)
    expect(problems).toEqual([])
  })
})
