import { describe, expect, it } from 'vitest'
import type { Tick } from '../../../src-main/market/feeds/feed'
import { PriceStore } from '../../../src-main/market/price-store'
import { robustScale } from '../../../src-main/market/feeds/suspect-tick-rule'
import { TickGuard, type AppliedPrices, type GuardStep } from '../../../src-main/desk/tick-guard'

const W = 60
const SYMBOLS = ['AAA', 'BBB', 'CCC']
const SECTORS = ['Tech', 'Tech', 'Energy']

/** Deterministic returns: a Park-Miller stream mapped to roughly ±1.7 % (uniform), so every robust scale is ~1 %. */
function windowReturns(N: number, seed = 42): Float64Array {
  let s = seed
  const out = new Float64Array(W * N)
  for (let k = 0; k < out.length; k++) {
    s = (s * 16807) % 2147483647
    out[k] = (s / 2147483647 - 0.5) * 0.035
  }
  return out
}

function book(adj: number[], date = '2024-01-02'): AppliedPrices & { lastAdj: Float64Array; price: Float64Array; lastDate: string[] } {
  return { lastAdj: Float64Array.from(adj), price: Float64Array.from(adj), lastDate: adj.map(() => date) }
}

const tick = (symbol: string, date: string, adjClose: number): Tick => ({ symbol, date, close: adjClose, adjClose, volume: 1000 })
const kinds = (steps: GuardStep[]): string[] => steps.map((s) => (s.kind === 'resolved' ? `resolved:${s.resolution}` : s.kind))

function guard(market: ConstructorParameters<typeof TickGuard>[0]['market'] = null): TickGuard {
  return new TickGuard({ symbols: SYMBOLS, sectors: SECTORS, returns: windowReturns(3), W, market })
}

describe('TickGuard: a fat-finger tick is held, then dropped when the price goes back', () => {
  it('holds a x100 tick the market did not confirm and applies the others', () => {
    const g = guard()
    const b = book([100, 50, 20])
    const steps = g.screen('2024-01-03', [
      { tick: tick('AAA', '2024-01-03', 10_000), i: 0 },
      { tick: tick('BBB', '2024-01-03', 50.2), i: 1 },
      { tick: tick('CCC', '2024-01-03', 19.9), i: 2 },
    ], b)
    expect(kinds(steps)).toEqual(['hold', 'apply', 'apply'])
    const held = g.held()
    expect(held).toHaveLength(1)
    expect(held[0]).toMatchObject({ id: 'AAA@2024-01-03', ret: 99, k: 8, last: { date: '2024-01-02', adjClose: 100 } })
    expect(held[0]!.z).toBeGreaterThan(1000)
    // the sector peer BBB and the market (BBB, CCC) ticked in the batch; there is no index (SPY not in the book, no store)
    expect(held[0]!.references.map((r) => r.label)).toEqual(['sector Tech (median of 1)', 'market (median of 2)'])
  })

  it('drops the held tick when the next one goes back, then judges the next one against the last applied price', () => {
    const g = guard()
    const b = book([100, 50, 20])
    g.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], b)
    g.rollDay(new Float64Array(3))
    const steps = g.screen('2024-01-04', [{ tick: tick('AAA', '2024-01-04', 100.5), i: 0 }, { tick: tick('BBB', '2024-01-04', 50), i: 1 }], b)
    expect(kinds(steps)).toEqual(['resolved:reverted', 'apply', 'apply'])
    expect(steps[1]).toMatchObject({ kind: 'apply', tick: { adjClose: 100.5 } })
    expect(g.held()).toHaveLength(0)
  })

  it('applies the held tick, then the next one, when the next tick keeps the level', () => {
    const g = guard()
    const b = book([100, 50, 20])
    g.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 160), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], b)
    expect(g.held()).toHaveLength(1)
    g.rollDay(new Float64Array(3))
    const steps = g.screen('2024-01-04', [{ tick: tick('AAA', '2024-01-04', 158), i: 0 }], b)
    expect(kinds(steps)).toEqual(['resolved:confirmed', 'apply', 'apply'])
    expect(steps.filter((s) => s.kind === 'apply').map((s) => (s.kind === 'apply' ? s.tick.date : ''))).toEqual(['2024-01-03', '2024-01-04'])
  })

  it('holds the next tick too when it is itself far from the held and the last level (judged after the drop)', () => {
    const g = guard()
    const b = book([100, 50, 20])
    g.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], b)
    g.rollDay(new Float64Array(3))
    const steps = g.screen('2024-01-04', [{ tick: tick('AAA', '2024-01-04', 1), i: 0 }, { tick: tick('BBB', '2024-01-04', 50), i: 1 }], b)
    expect(kinds(steps)).toEqual(['resolved:reverted', 'hold', 'apply'])
    expect(g.held()[0]).toMatchObject({ id: 'AAA@2024-01-04', last: { adjClose: 100 } })
  })
})

describe('TickGuard: outliers the market confirms are applied', () => {
  it('by the sector (median z of the peers that ticked)', () => {
    const g = guard()
    const steps = g.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 70), i: 0 }, { tick: tick('BBB', '2024-01-03', 40), i: 1 }], book([100, 50, 20]))
    expect(kinds(steps)).toEqual(['apply', 'apply'])
    expect(steps[0]).toMatchObject({ outlier: { by: { label: 'sector Tech (median of 1)' } } })
  })

  it('by the index from the price history when the index is not in the book', () => {
    const dates: string[] = []
    const adj: number[] = []
    let p = 400
    const r = windowReturns(1, 7)
    for (let k = 0; k < W; k++) {
      dates.push(`2023-${String(1 + Math.floor(k / 28)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`)
      p *= 1 + r[k]!
      adj.push(p)
    }
    dates.push('2024-01-03')
    adj.push(p * 0.88) // the index fell 12 %
    const series = { symbol: 'SPY', dates, close: Float64Array.from(adj), adjClose: Float64Array.from(adj), volume: new Float64Array(adj.length) }
    const g = guard({ store: new PriceStore([series]), sectors: new Map() })
    const steps = g.screen('2024-01-03', [{ tick: tick('CCC', '2024-01-03', 14), i: 2 }], book([100, 50, 20]))
    expect(steps[0]).toMatchObject({ kind: 'apply', outlier: { by: { label: 'index SPY' } } })
    // the same fall of CCC on a day the index rose is held
    adj[adj.length - 1] = p * 1.01
    const up = { ...series, close: Float64Array.from(adj), adjClose: Float64Array.from(adj) }
    const g2 = guard({ store: new PriceStore([up]), sectors: new Map() })
    expect(kinds(g2.screen('2024-01-03', [{ tick: tick('CCC', '2024-01-03', 14), i: 2 }], book([100, 50, 20])))).toEqual(['hold'])
  })
})

describe('TickGuard: window and hand decisions', () => {
  it('keeps the rolled rows as its window (the robust scale follows the desk)', () => {
    const g = guard()
    // a calm instrument: roll W rows of ±0.01 % for CCC; a 1 % move is then beyond 8 robust sd (floor 0.1 %: z = 10)
    for (let t = 0; t < W; t++) g.rollDay(Float64Array.of(0, 0, t % 2 === 0 ? 0.0001 : -0.0001))
    expect(robustScale(Float64Array.from({ length: W }, (_, t) => (t % 2 === 0 ? 0.0001 : -0.0001))).source).toBe('floor')
    expect(kinds(g.screen('2024-01-03', [{ tick: tick('CCC', '2024-01-03', 20.2), i: 2 }], book([100, 50, 20])))).toEqual(['hold'])
  })

  it('take() removes a held tick by id; a carried return is folded into the next rolled row', () => {
    const g = guard()
    g.screen('2024-01-03', [{ tick: tick('AAA', '2024-01-03', 10_000), i: 0 }], book([100, 50, 20]))
    expect(g.take('AAA@2024-01-02')).toBeUndefined()
    const taken = g.take('AAA@2024-01-03')
    expect(taken).toMatchObject({ i: 0, held: { tick: { adjClose: 10_000 } } })
    expect(g.held()).toHaveLength(0)
    g.carryReturn(0, 0.5)
    g.carryReturn(0, 0.1)
    const row = Float64Array.of(0.02, 0, 0)
    g.rollDay(row)
    expect(row[0]).toBeCloseTo(1.02 * 1.5 * 1.1 - 1, 14)
    const next = Float64Array.of(0.02, 0, 0)
    g.rollDay(next)
    expect(next[0]).toBe(0.02)
  })

  it('refuses a window of the wrong size', () => {
    expect(() => new TickGuard({ symbols: SYMBOLS, sectors: SECTORS, returns: new Float64Array(5), W, market: null })).toThrow(/W x N/)
  })
})

describe('TickGuard: the raw close is checked too (the valuation price), split-adjusted', () => {
  const t = (close: number, adjClose: number): Tick => ({ symbol: 'AAA', date: '2024-01-03', close, adjClose, volume: 1 })
  const b = (): ReturnType<typeof book> => book([100, 50, 20])

  it('holds a close-only fat finger (adjusted close normal) on the close basis and resolves it on closes', () => {
    const g = guard()
    const steps = g.screen('2024-01-03', [{ tick: t(10_000, 100.3), i: 0 }, { tick: tick('BBB', '2024-01-03', 50), i: 1 }], b())
    expect(kinds(steps)).toEqual(['hold', 'apply'])
    expect(g.held()[0]).toMatchObject({ basis: 'close', ret: 99 })
    g.rollDay(new Float64Array(3))
    const next = { symbol: 'AAA', date: '2024-01-04', close: 100.1, adjClose: 100.6, volume: 1 }
    expect(kinds(g.screen('2024-01-04', [{ tick: next, i: 0 }], b()))).toEqual(['resolved:reverted', 'apply'])
  })

  it('does not take a known split for a bad print (4:1: the raw close falls 75 %)', () => {
    const split = new TickGuard({
      symbols: SYMBOLS,
      sectors: SECTORS,
      returns: windowReturns(3),
      W,
      market: null,
      splitFactor: (symbol, after, upTo) => (symbol === 'AAA' && after < '2024-01-03' && upTo >= '2024-01-03' ? 4 : 1),
    })
    expect(kinds(split.screen('2024-01-03', [{ tick: t(25.1, 100.4), i: 0 }], b()))).toEqual(['apply'])
    // without the corporate action the same print is held (then confirmed by the next tick if the level persists)
    expect(kinds(guard().screen('2024-01-03', [{ tick: t(25.1, 100.4), i: 0 }], b()))).toEqual(['hold'])
  })
})
