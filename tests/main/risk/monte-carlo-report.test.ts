import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Book } from '@shared/domain/book'
import { readBookFile } from '../../../src-main/books/book-file'
import { blackScholes } from '../../../src-main/engine/black-scholes'
import { standardNormalQuantile } from '../../../src-main/engine/distributions'
import { studentTVaRES } from '../../../src-main/engine/student-t'
import { bundledMarketFiles } from '../../../src-main/market/bundled-data'
import { loadMarket } from '../../../src-main/market/load-market'
import { computeExtendedRiskReport } from '../../../src-main/risk/extended-risk-report'
import { optionBsmInput } from '../../../src-main/risk/option-pricing'
import { cli } from '../cli/cli-harness'

/**
 * Monte Carlo in the risk report: within 3 standard errors of the analytic value where one exists (a linear book under
 * the normal and the t; a single option, whose P&L is a monotone function of one normal return), reproducible by seed,
 * and fast enough for the CLI.
 */
const ROOT = join(__dirname, '..', '..', '..')
const DEMO = join(ROOT, 'assets', 'books', 'demo-desk.csv')
const OPTIONS = join(ROOT, 'assets', 'books', 'demo-options.csv')
/** The acceptance band of the issue: |MC − analytic| <= 3 SE. */
const SE_BAND = 3

const market = loadMarket(bundledMarketFiles())
const demo = readBookFile(DEMO).book

describe('Monte Carlo against analytic values', () => {
  it.each(['2021-04-21', '2019-12-31', '2020-03-31'])('linear book, normal, %s: VaR and ES within 3 SE of delta-normal', (asof) => {
    const r = computeExtendedRiskReport(demo, market, { asof })
    expect(r.monteCarlo.revaluation).toBe('linear')
    expect(Math.abs(r.var.monteCarlo - r.var.parametric)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.varStdError)
    expect(Math.abs(r.es.monteCarlo - r.es.parametric)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.esStdError)
  })

  it('10-day horizon: Monte Carlo on 10Σ within 3 SE of the sqrt-of-time parametric figures', () => {
    const r = computeExtendedRiskReport(demo, market, { asof: '2019-12-31', horizon: 10 })
    expect(r.horizon.scaling.monteCarlo).toBe('scaled-covariance')
    expect(Math.abs(r.var.monteCarlo - r.var.parametric)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.varStdError)
    expect(Math.abs(r.es.monteCarlo - r.es.parametric)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.esStdError)
  })

  it('linear book, multivariate t (ν = 6): within 3 SE of the unit-variance Student-t VaR/ES on σ_P', () => {
    const r = computeExtendedRiskReport(demo, market, { asof: '2019-12-31', mcDistribution: 'student-t', nu: 6 })
    const t = studentTVaRES(r.volatility.daily, r.confidence, 6)
    expect([r.monteCarlo.distribution, r.monteCarlo.nu]).toEqual(['student-t', 6])
    expect(Math.abs(r.var.monteCarlo - t.var)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.varStdError)
    expect(Math.abs(r.es.monteCarlo - t.es)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.esStdError)
  })

  // One long option: its P&L units·(V(S(1 + r)) − V(S)) is monotone in r ~ N(0, σ²), so its quantile is the option
  // repriced at the return's quantile (increasing for a call: r at 1 − c; decreasing for a put: r at c).
  it.each(['call', 'put'] as const)('a single long %s, full revaluation: VaR within 3 SE of the repriced return quantile', (optionType) => {
    const option = { underlying: 'MSFT', optionType, strike: 250, expiry: '2021-09-17', impliedVol: 0.3, rate: 0.001, dividendYield: 0.01, multiplier: 100 }
    const book: Book = { name: 'one-option', positions: [{ symbol: `MSFT-${optionType}`, quantity: 10, assetClass: 'option', option }] }
    const r = computeExtendedRiskReport(book, market, { asof: '2021-04-21' })
    expect(r.monteCarlo.revaluation).toBe('full')
    const S = r.positions[0]!.option!.underlyingPrice
    const sd = r.volatility.daily / Math.abs(r.positions[0]!.greeks!.dollarDelta) // σ of MSFT's daily return
    const z = standardNormalQuantile(optionType === 'call' ? 1 - r.confidence : r.confidence)
    const price = (spot: number): number => blackScholes(optionBsmInput(option, spot, r.asof)).price
    const analytic = -1000 * (price(S * (1 + sd * z)) - price(S))
    expect(Math.abs(r.var.monteCarlo - analytic)).toBeLessThanOrEqual(SE_BAND * r.monteCarlo.varStdError)
    // Delta-normal misses the convexity a long option has: its VaR is visibly larger than the exact one.
    expect(r.var.parametric).toBeGreaterThan(analytic)
  })
})

// Its cost is measured by bench/monte-carlo.bench.ts (100,000 paths, 500 instruments), not asserted here: a wall-clock
// bound in a test fails on a loaded machine and proves nothing about the code (TEAM standards: speed only in benches).
describe('Monte Carlo reproducibility', () => {
  it('the same seed gives an identical JSON document; another seed changes only the Monte Carlo figures', async () => {
    const a = await cli('risk', '--book', OPTIONS, '--json', '--seed', '7', '--paths', '20000')
    const b = await cli('risk', '--book', OPTIONS, '--json', '--seed', '7', '--paths', '20000')
    const d = await cli('risk', '--book', OPTIONS, '--json', '--seed', '8', '--paths', '20000')
    expect([a.code, b.code, d.code]).toEqual([0, 0, 0])
    expect(b.stdout).toBe(a.stdout)
    const ja = JSON.parse(a.stdout) as { var: Record<string, number>; monteCarlo: { seed: number } }
    const jd = JSON.parse(d.stdout) as { var: Record<string, number>; monteCarlo: { seed: number } }
    expect([ja.monteCarlo.seed, jd.monteCarlo.seed]).toEqual([7, 8])
    expect(jd.var.monteCarlo).not.toBe(ja.var.monteCarlo)
    expect({ ...jd.var, monteCarlo: 0 }).toEqual({ ...ja.var, monteCarlo: 0 })
  })

  it('reports the default seed and paths when none are given', async () => {
    const r = computeExtendedRiskReport(demo, market, { asof: '2019-12-31', paths: 5000 })
    expect(r.monteCarlo.seed).toBe(1)
    expect(r.monteCarlo.paths).toBe(5000)
    expect(computeExtendedRiskReport(demo, market, { asof: '2019-12-31' }).monteCarlo.paths).toBe(100_000)
  })
})
