/**
 * Historical scenario P&L against the independent NumPy computation (tests/fixtures/stress/make_stress_reference.py):
 * per position v_i, R_i, v_i R_i, proxy and beta, and the book total Σ v_i R_i, for every library scenario.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readBookFile } from '../../../src-main/books/book-file'
import { runHistorical } from '../../../src-main/stress/historical-run'
import { loadStressMarket } from '../../../src-main/stress/load-stress-market'
import { HISTORICAL_SCENARIOS } from '../../../src-main/stress/scenario-library'
import { prepareStressBook } from '../../../src-main/stress/stress-book'
import type { StressMarket } from '../../../src-main/stress/stress-market'
import { REPO_ROOT, sharedData } from '../../helpers/shared-data'

/** Relative tolerance of every compared figure (the "Done means": 1e-9 relative). */
const REL_TOL = 1e-9
/** Absolute floor for figures that are exactly 0 in the reference (none expected; guards a 0/0). */
const ABS_FLOOR = 1e-9

const FIX = join(REPO_ROOT, 'tests', 'fixtures', 'stress')
interface RefPosition { marketValue: number; return: number; pnl: number; proxied: boolean; proxy: string | null; beta: number | null }
interface RefScenario { base: string; end: string; total: number; positions: Record<string, RefPosition> }
const ref = JSON.parse(readFileSync(join(FIX, 'historical-reference.json'), 'utf8')) as { asof: string; books: Record<string, { scenarios: Record<string, RefScenario> }> }

function close(actual: number, expected: number): void {
  const tol = Math.max(ABS_FLOOR, REL_TOL * Math.abs(expected))
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol)
}

async function checkBook(sm: StressMarket, bookName: string): Promise<void> {
  const read = await readBookFile(join(FIX, `${bookName}.csv`), { knownSymbols: new Set(sm.market.store.symbols()) })
  expect(read.rejected).toBe(0)
  const book = prepareStressBook(read.book, sm, ref.asof)
  expect(book.asof).toBe(ref.asof)
  expect(book.excluded).toEqual([])
  const expected = ref.books[bookName]!.scenarios
  expect(Object.keys(expected).sort()).toEqual(HISTORICAL_SCENARIOS.map((s) => s.id).sort())
  for (const def of HISTORICAL_SCENARIOS) {
    const want = expected[def.id]!
    const got = runHistorical(sm, book, def)
    expect(got.excluded, def.id).toEqual([])
    expect(got.path!.dates[0], def.id).toBe(want.base)
    expect(got.path!.dates[got.path!.dates.length - 1], def.id).toBe(want.end)
    expect(got.positions.map((p) => p.symbol).sort()).toEqual(Object.keys(want.positions).sort())
    for (const p of got.positions) {
      const w = want.positions[p.symbol]!
      close(p.marketValue, w.marketValue)
      close(p.return, w.return)
      close(p.pnl, w.pnl)
      expect({ symbol: p.symbol, proxied: p.proxied, proxy: p.proxy }).toEqual({ symbol: p.symbol, proxied: w.proxied, proxy: w.proxy })
      if (w.beta === null) expect(p.beta).toBeNull()
      else close(p.beta!, w.beta)
    }
    close(got.pnl, want.total)
    // the value path ends at the scenario P&L (a linear book)
    close(got.path!.pnl[got.path!.pnl.length - 1]!, want.total)
  }
}

describe('historical scenarios on the bundled data (assets/data + assets/data/stress) match NumPy on the shared source', () => {
  let sm: StressMarket
  beforeAll(() => {
    sm = loadStressMarket()
  })
  it('bundled-names: every scenario, per position and in total, 1e-9 relative', async () => {
    await checkBook(sm, 'bundled-names')
  })
})

const shared = sharedData({
  equities: 'sp500-daily-equities/prices_daily.csv.gz',
  etfs: 'multi-asset-daily/etf_daily.csv',
  sectors: 'sp500-gics-sectors/sectors.csv',
})

shared.describe('historical scenarios on the shared S&P 500 data (../shared/data) match NumPy', () => {
  let sm: StressMarket
  beforeAll(() => {
    sm = loadStressMarket({ prices: [shared.paths.equities, shared.paths.etfs], sectors: shared.paths.sectors })
  })
  it('sp500-long-history: 20 stocks (longs and shorts), every scenario, 1e-9 relative', async () => {
    await checkBook(sm, 'sp500-long-history')
  })
  it('sp500-with-ipos: 2010s listings are proxied by beta in the windows before they existed, flagged with proxy and beta', async () => {
    await checkBook(sm, 'sp500-with-ipos')
    const gfc = ref.books['sp500-with-ipos']!.scenarios['gfc-2007']!.positions
    // ABBV (listed 2013) in 2007-2009 moves with the Health Care industry portfolio; AAPL with its own prices.
    expect(gfc.ABBV).toMatchObject({ proxied: true, proxy: 'FF10:Hlth' })
    expect(gfc.AAPL).toMatchObject({ proxied: false, proxy: null, beta: null })
  })
})
