/**
 * Stress figures against the independent NumPy computation (tests/fixtures/stress/make_stress_figures_reference.py)
 * on the bundled data: value-path worst day, maximum drawdown and time to recover for every library scenario, the
 * reverse stress test, a hypothetical scenario file (shocks, delta-normal VaR stressed, liquidity haircuts) and the
 * stressed VaR window.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readBookFile } from '../../../src-main/books/book-file'
import { runHistorical } from '../../../src-main/stress/historical-run'
import { runHypothetical } from '../../../src-main/stress/hypothetical-run'
import { loadStressMarket } from '../../../src-main/stress/load-stress-market'
import { runReverseStress } from '../../../src-main/stress/reverse-stress'
import { readScenarioFile } from '../../../src-main/stress/scenario-file'
import { HISTORICAL_SCENARIOS } from '../../../src-main/stress/scenario-library'
import { prepareStressBook, type StressBook } from '../../../src-main/stress/stress-book'
import type { StressMarket } from '../../../src-main/stress/stress-market'
import { runStressedVaR } from '../../../src-main/stress/stressed-var'
import { REPO_ROOT } from '../../helpers/shared-data'

/** Relative tolerance of money figures, betas and fractions computed the same way in both. */
const REL_TOL = 1e-9
/** The reverse-stress bisection stops within 1e-10 of the move; the reference is closed-form. */
const MOVE_TOL = 1e-9

const FIX = join(REPO_ROOT, 'tests', 'fixtures', 'stress')
const ref = JSON.parse(readFileSync(join(FIX, 'figures-reference.json'), 'utf8'))

function close(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.max(1e-9, REL_TOL * Math.abs(expected)))
}

describe('stress figures match NumPy (bundled-names book, 2021-04-21)', () => {
  let sm: StressMarket
  let book: StressBook
  beforeAll(() => {
    sm = loadStressMarket()
    const read = readBookFile(join(FIX, 'bundled-names.csv'), { knownSymbols: new Set(sm.market.store.symbols()) })
    book = prepareStressBook(read.book, sm, ref.asof)
  })

  it('worst day, maximum drawdown and time to recover of every historical scenario', () => {
    for (const def of HISTORICAL_SCENARIOS) {
      const got = runHistorical(sm, book, def)
      const want = ref.scenarios[def.id]
      expect(got.worstDay!.date, def.id).toBe(want.worstDay.date)
      close(got.worstDay!.pnl, want.worstDay.pnl, `${def.id} worst day`)
      close(got.maxDrawdownAmount!, want.maxDrawdownAmount, `${def.id} drawdown`)
      close(got.maxDrawdown!, want.maxDrawdown, `${def.id} drawdown fraction`)
      expect(got.timeToRecover, def.id).toEqual(want.timeToRecover)
    }
  })

  it('reverse stress test: the beta-scaled market move that loses the limit', () => {
    const r = runReverseStress(sm, book, ref.reverse.limit)
    expect(r.excluded).toEqual([])
    expect(Math.abs(r.move! - ref.reverse.move)).toBeLessThanOrEqual(MOVE_TOL)
    for (const b of r.betas) close(b.beta, ref.reverse.betas[b.symbol], `beta ${b.symbol}`)
    expect(r.loss!).toBeGreaterThanOrEqual(ref.reverse.limit)
  })

  it('hypothetical scenario file: shocks by precedence, liquidity haircuts, stressed delta-normal VaR', () => {
    const [sc] = readScenarioFile(join(FIX, 'equity-crash.json'))
    const got = runHypothetical(sm, book, sc!)
    const want = ref.hypothetical
    for (const p of got.positions) {
      close(p.return, want.positions[p.symbol].return, `${p.symbol} return`)
      close(p.pnl, want.positions[p.symbol].pnl, `${p.symbol} pnl`)
    }
    close(got.pnl, want.total, 'total')
    const extra = got.extra as { liquidityCost: number; parametricVaR99: { base: number; stressed: number } }
    close(extra.liquidityCost, want.liquidityCost, 'liquidity cost')
    close(extra.parametricVaR99.base, want.parametricBase, 'parametric VaR')
    close(extra.parametricVaR99.stressed, want.parametricStressed, 'stressed parametric VaR')
  })

  it('stressed VaR: the 250-day window of the history with the worst 99 % VaR, with its dates', () => {
    const got = runStressedVaR(sm, book)
    if ('reason' in got) throw new Error(got.reason)
    const want = ref.stressedVar
    expect([got.from, got.to]).toEqual([want.from, want.to])
    close(got.var, want.var, 'stressed VaR')
    close(got.currentVar, want.currentVar, 'current VaR')
    close(got.proxiedShare, want.proxiedShare, 'proxied share')
  })
})
