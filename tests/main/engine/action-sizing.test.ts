/**
 * Action sizing (issue 8): least-turnover reduce, pro-rata alternative, minimum-variance ETF hedge.
 * Synthetic properties, then the demo book on every breach day of the demo replay window against the independent
 * NumPy reference tests/fixtures/actions/demo-window.json (script: make_actions_reference.py beside it).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { readBookFile } from '../../../src-main/books/book-file'
import { historicalVaR } from '../../../src-main/engine/historical'
import { leastTurnoverReduce, proRataReduce, type ReduceProblem } from '../../../src-main/engine/least-turnover-reduce'
import { chooseHedge, hedgedPnL, minVarianceHedge } from '../../../src-main/engine/min-variance-hedge'
import { bundledMarketFiles } from '../../../src-main/market/bundled-data'
import { buildMarketWindow } from '../../../src-main/market/history'
import { loadMarket } from '../../../src-main/market/load-market'
import type { MarketContext } from '../../../src-main/market/market-context'
import { valueBook } from '../../../src-main/risk/book-valuation'

const ROOT = join(__dirname, '..', '..', '..')
const C = 0.99

/** A random W x N return matrix from a seeded LCG (the engine tests need no real data for the properties). */
function randomProblem(seed: number, W = 120, N = 6): ReduceProblem {
  let s = seed >>> 0 || 1
  const u = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  const R = Float64Array.from({ length: W * N }, () => (u() - 0.5) * 0.06 + (u() < 0.05 ? -0.05 : 0))
  const quantity = Float64Array.from({ length: N }, (_, i) => (i % 4 === 3 ? -1 : 1) * (100 + Math.floor(u() * 5000)))
  const price = Float64Array.from({ length: N }, () => 10 + u() * 200)
  const L = new Float64Array(W)
  for (let t = 0; t < W; t++) for (let i = 0; i < N; i++) L[t]! += quantity[i]! * price[i]! * R[t * N + i]!
  return { R, W, N, quantity, price, target: historicalVaR(L, C) * 0.7 }
}

describe('least-turnover reduce: properties', () => {
  it('reaches the target in whole shares, never flips or grows a position, and reports turnover exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const p = randomProblem(seed)
        const plan = leastTurnoverReduce(p)
        let turnover = 0
        for (let i = 0; i < p.N; i++) {
          const q = p.quantity[i]!
          const to = plan.toQuantity[i]!
          expect(Number.isInteger(to)).toBe(true)
          expect(Math.abs(to)).toBeLessThanOrEqual(Math.abs(q))
          expect(to === 0 || Math.sign(to) === Math.sign(q)).toBe(true)
          turnover += Math.abs(q - to) * p.price[i]!
        }
        expect(plan.turnover).toBeCloseTo(turnover, 6)
        if (plan.reachesTarget) expect(plan.riskAfter).toBeLessThanOrEqual(p.target)
        // riskAfter is the exact VaR of the traded book
        const L = new Float64Array(p.W)
        for (let t = 0; t < p.W; t++) for (let i = 0; i < p.N; i++) L[t]! += plan.toQuantity[i]! * p.price[i]! * p.R[t * p.N + i]!
        expect(plan.riskAfter).toBeCloseTo(historicalVaR(L, C), 6)
      }),
      { numRuns: 25 },
    )
  })
  it('leaves a book already under its target alone', () => {
    const p = randomProblem(7)
    const plan = leastTurnoverReduce({ ...p, target: plan0(p) * 2 })
    expect(Array.from(plan.toQuantity)).toEqual(Array.from(p.quantity))
    expect(plan).toMatchObject({ turnover: 0, reachesTarget: true })
    expect(proRataReduce({ ...p, target: plan0(p) * 2 })).toMatchObject({ turnover: 0, fraction: 0 })
  })
  it('never trades a position marked untradable; says so when the rest cannot reach the target', () => {
    const p = randomProblem(11)
    const tradable = Uint8Array.from({ length: p.N }, (_, i) => (i === 0 ? 1 : 0))
    const plan = leastTurnoverReduce({ ...p, tradable, target: 1e-6 })
    for (let i = 1; i < p.N; i++) expect(plan.toQuantity[i]).toBe(p.quantity[i])
    expect(plan.reachesTarget).toBe(false)
    expect(proRataReduce({ ...p, tradable, target: 1e-6 })).toMatchObject({ reachesTarget: false, fraction: 1 })
  })
  it('pro rata: one common fraction, cuts rounded up to whole shares, reaches the target', () => {
    const p = randomProblem(3)
    const pr = proRataReduce(p)
    expect(pr.reachesTarget).toBe(true)
    expect(pr.riskAfter).toBeLessThanOrEqual(p.target)
    for (let i = 0; i < p.N; i++) expect(Math.abs(p.quantity[i]! - pr.toQuantity[i]!)).toBe(Math.ceil(Math.abs(p.quantity[i]!) * pr.fraction - 1e-9))
  })
  it('a fractional holding (after a split with a non-integer ratio) is cut in whole shares or closed, never flipped', () => {
    for (const seed of [5, 9, 13]) {
      const p0 = randomProblem(seed)
      const p = { ...p0, quantity: Float64Array.from(p0.quantity, (q) => q + Math.sign(q) * 0.732) }
      for (const plan of [leastTurnoverReduce(p), proRataReduce(p)]) {
        expect(plan.reachesTarget).toBe(true)
        expect(plan.riskAfter).toBeLessThanOrEqual(p.target)
        for (let i = 0; i < p.N; i++) {
          const q = p.quantity[i]!
          const to = plan.toQuantity[i]!
          const traded = Math.abs(q - to)
          expect(to === 0 || Math.abs(traded - Math.round(traded)) < 1e-6, `position ${i}: ${q} -> ${to}`).toBe(true)
          expect(to === 0 || Math.sign(to) === Math.sign(q)).toBe(true)
          expect(Math.abs(to)).toBeLessThanOrEqual(Math.abs(q))
        }
      }
    }
  })
  it('refuses non-finite quantities, non-positive prices and targets, and shape mismatches', () => {
    const p = randomProblem(5)
    expect(() => leastTurnoverReduce({ ...p, quantity: Float64Array.from(p.quantity, (q, i) => (i === 1 ? Number.NaN : q)) })).toThrow(/quantity\[1\] must be finite/)
    expect(() => leastTurnoverReduce({ ...p, price: Float64Array.from(p.price, () => 0) })).toThrow(/price/)
    expect(() => leastTurnoverReduce({ ...p, target: 0 })).toThrow(/target/)
    expect(() => proRataReduce({ ...p, W: p.W + 1 })).toThrow(RangeError)
  })
})

function plan0(p: ReduceProblem): number {
  return leastTurnoverReduce({ ...p, target: Number.MAX_VALUE }).riskBefore
}

describe('minimum-variance hedge: properties', () => {
  it('x* = -cov(P,H)/var(H); whole shares; the nearest whole share has the lowest variance', () => {
    const H = Float64Array.from({ length: 50 }, (_, t) => Math.sin(t) * 0.02)
    const P = Float64Array.from(H, (h, t) => -3_000_000 * h + 1000 * Math.cos(3 * t))
    const h = minVarianceHedge(P, { symbol: 'SPY', returns: H, price: 300 })!
    const v = (n: number): number => {
      const x = hedgedPnL(P, { symbol: 'SPY', returns: H, price: 300 }, n)
      const m = x.reduce((a, b) => a + b, 0) / x.length
      return x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)
    }
    expect(Number.isInteger(h.shares)).toBe(true)
    expect(h.residualVariance).toBeCloseTo(v(h.shares), 3)
    expect(v(h.shares)).toBeLessThanOrEqual(v(h.shares + 1))
    expect(v(h.shares)).toBeLessThanOrEqual(v(h.shares - 1))
    expect(h.dollars).toBeGreaterThan(2_900_000)
  })
  it('an ETF with constant returns cannot hedge (null, listed as unusable), never a zero hedge', () => {
    const P = Float64Array.from({ length: 10 }, (_, t) => t)
    expect(minVarianceHedge(P, { symbol: 'FLAT', returns: new Float64Array(10).fill(0.001), price: 10 })).toBeNull()
    expect(chooseHedge(P, [{ symbol: 'FLAT', returns: new Float64Array(10), price: 10 }])).toEqual({ ranked: [], unusable: ['FLAT'] })
    expect(() => chooseHedge(P, [])).toThrow(/no hedge candidate/)
    expect(() => minVarianceHedge(P, { symbol: 'X', returns: new Float64Array(9), price: 10 })).toThrow(RangeError)
  })
})

interface Fixture {
  window: number
  target: number
  symbols: string[]
  quantity: number[]
  cases: {
    asof: string
    varBefore: number
    hedge: { candidates: { symbol: string; price: number; dollars: number; shares: number; residualVariance: number; varAfter: number }[]; chosen: string }
    leastTurnover: { toQuantity: number[]; turnover: number; varAfter: number }
    proRata: { fraction: number; toQuantity: number[]; turnover: number; varAfter: number }
  }[]
}

/** Tolerances: the same data and formulas in two languages agree to rounding; the greedy may break an exact tie otherwise. */
const REL_FIGURE = 1e-9
const REL_TURNOVER = 0.005

describe('demo book, 2020-02-03..2020-04-30: every breach day against the NumPy reference', () => {
  const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/actions/demo-window.json'), 'utf8')) as Fixture
  let market: MarketContext
  beforeAll(() => {
    market = loadMarket(bundledMarketFiles())
  })
  const book = () => readBookFile(join(ROOT, 'assets/books/demo-desk.csv')).book

  it('the fixture covers the crash: at least 30 breach days', () => expect(fx.cases.length).toBeGreaterThanOrEqual(30))

  it.each(fx.cases.map((c) => [c.asof, c] as const))('%s: VaR, hedge ratio, post-trade VaR; least turnover < pro rata', (_asof, c) => {
    const val = valueBook(book(), market, c.asof, fx.window)
    expect(val.mw.symbols).toEqual(fx.symbols)
    const { returns: R, close } = val.mw
    const W = fx.window
    const N = val.M
    const quantity = Float64Array.from(fx.quantity)
    const measure = (pnl: Float64Array): number => historicalVaR(pnl, C)
    const problem: ReduceProblem = { R, W, N, quantity, price: close, target: fx.target, measure }

    const lt = leastTurnoverReduce(problem)
    expect(lt.riskBefore).toBeCloseTo(c.varBefore, 4)
    expect(lt.reachesTarget).toBe(true)
    expect(lt.riskAfter).toBeLessThanOrEqual(fx.target)
    expect(Math.abs(lt.turnover / c.leastTurnover.turnover - 1)).toBeLessThan(REL_TURNOVER)
    // post-trade VaR of the reference's traded book, recomputed here
    const refAfter = leastTurnoverReduce({ ...problem, quantity: Float64Array.from(c.leastTurnover.toQuantity), target: Number.MAX_VALUE }).riskBefore
    expect(Math.abs(refAfter / c.leastTurnover.varAfter - 1)).toBeLessThan(REL_FIGURE)

    const pr = proRataReduce(problem)
    expect(Math.abs(pr.fraction - c.proRata.fraction)).toBeLessThan(1e-9)
    expect(Array.from(pr.toQuantity)).toEqual(c.proRata.toQuantity)
    expect(Math.abs(pr.riskAfter / c.proRata.varAfter - 1)).toBeLessThan(REL_FIGURE)
    // the "done means": the least-turnover reduce trades less notional than pro rata and reaches the target
    expect(lt.turnover).toBeLessThan(pr.turnover)

    const pnl = Float64Array.from({ length: W }, (_, t) => {
      let s = 0
      for (let i = 0; i < N; i++) s += quantity[i]! * close[i]! * R[t * N + i]!
      return s
    })
    const hw = buildMarketWindow(market.store, ['SPY', 'QQQ'], c.asof, W)
    const candidates = hw.symbols.map((symbol, k) => ({ symbol, price: hw.close[k]!, returns: Float64Array.from({ length: W }, (_, t) => hw.returns[t * hw.symbols.length + k]!) }))
    const { ranked } = chooseHedge(pnl, candidates)
    expect(ranked[0]!.symbol).toBe(c.hedge.chosen)
    for (const ref of c.hedge.candidates) {
      const h = ranked.find((x) => x.symbol === ref.symbol)!
      expect(Math.abs(h.dollars / ref.dollars - 1)).toBeLessThan(REL_FIGURE)
      expect(h.shares).toBe(ref.shares)
      expect(Math.abs(h.residualVariance / ref.residualVariance - 1)).toBeLessThan(1e-7)
      const after = historicalVaR(hedgedPnL(pnl, candidates.find((x) => x.symbol === ref.symbol)!, h.shares), C)
      expect(Math.abs(after / ref.varAfter - 1)).toBeLessThan(REL_FIGURE)
    }
  })
})
