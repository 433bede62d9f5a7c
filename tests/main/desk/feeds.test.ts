import { describe, expect, it } from 'vitest'
import { sampleCovariance, ewmaCovariance } from '../../../src-main/engine/covariance'
import { createReplayFeed } from '../../../src-main/market/feeds/replay-feed'
import { createSimulatedFeed } from '../../../src-main/market/feeds/simulated-feed'
import { nextBusinessDay } from '../../../src-main/market/iso-dates'
import { simulatedFeedFor } from '../../../src-main/market/feeds/simulated-feed-for'
import { validateTick } from '../../../src-main/market/feeds/tick-validator'
import { buildMarketWindow } from '../../../src-main/market/history'
import { PriceStore } from '../../../src-main/market/price-store'
import { bundledMarket } from './desk-fixture'

const series = (symbol: string, dates: string[], start = 10) => ({
  symbol,
  dates,
  close: Float64Array.from(dates, (_, k) => start + k),
  adjClose: Float64Array.from(dates, (_, k) => start + k),
  volume: Float64Array.from(dates, () => 100),
})

describe('replay feed', () => {
  const store = new PriceStore([series('A', ['2020-01-02', '2020-01-03', '2020-01-06']), series('B', ['2020-01-02', '2020-01-06', '2020-01-07'])])
  it('emits the union calendar of the book in order; a symbol missing a day simply has no tick', () => {
    const feed = createReplayFeed(store, ['A', 'B'], '2020-01-03', '2020-01-07')
    expect(feed.remaining()).toBe(3)
    const days = [feed.next(), feed.next(), feed.next(), feed.next()]
    expect(days.map((d) => d?.date ?? null)).toEqual(['2020-01-03', '2020-01-06', '2020-01-07', null])
    expect(days[0]!.ticks.map((t) => t.symbol)).toEqual(['A'])
    expect(days[1]!.ticks.map((t) => t.symbol)).toEqual(['A', 'B'])
  })
  it('refuses an empty or reversed range', () => {
    expect(() => createReplayFeed(store, ['A'], '2020-02-01', '2020-01-01')).toThrow(RangeError)
    expect(() => createReplayFeed(store, ['A'], '2021-01-01', '2021-02-01')).toThrow(/no prices/)
  })
})

describe('tick validation', () => {
  const known = new Set(['A'])
  const t = { symbol: 'A', date: '2020-01-03', close: 10, adjClose: 9, volume: 5 }
  it('accepts a good tick and names the field of a bad one', () => {
    expect(validateTick(t, '2020-01-03', '2020-01-02', known)).toEqual({ ok: true })
    expect(validateTick({ ...t, volume: Number.NaN }, '2020-01-03', undefined, known)).toEqual({ ok: true })
    const cases: [Partial<typeof t> & Record<string, unknown>, string][] = [
      [{ symbol: 'Z' }, 'symbol'],
      [{ date: '03/01/2020' }, 'date'],
      [{ date: '2020-01-02' }, 'date'],
      [{ close: 0 }, 'close'],
      [{ close: Number.POSITIVE_INFINITY }, 'close'],
      [{ adjClose: -1 }, 'adjClose'],
      [{ close: '10' as unknown as number }, 'close'],
      [{ volume: -1 }, 'volume'],
    ]
    for (const [patch, field] of cases) {
      const v = validateTick({ ...t, ...patch } as typeof t, '2020-01-03', undefined, known)
      expect(v.ok ? null : v.field).toBe(field)
    }
    expect(validateTick(t, '2020-01-03', '2020-01-03', known)).toMatchObject({ ok: false, field: 'date', reason: /out of order/ })
  })
})

describe('simulated feed', () => {
  it('is reproducible by seed, runs on business days, and is calibrated to the EWMA covariance', () => {
    const market = bundledMarket()
    const symbols = ['AAPL', 'JPM', 'XOM']
    const a = simulatedFeedFor(market, symbols, '2020-02-03', '2020-02-14', 42)
    const b = simulatedFeedFor(market, symbols, '2020-02-03', '2020-02-14', 42)
    const c = simulatedFeedFor(market, symbols, '2020-02-03', '2020-02-14', 43)
    const da = [a.next()!, a.next()!]
    expect(da).toEqual([b.next(), b.next()])
    expect(c.next()).not.toEqual(da[0])
    expect(da.map((d) => d.date)).toEqual(['2020-02-03', '2020-02-04'])
    expect(nextBusinessDay('2020-02-07')).toBe('2020-02-10')

    const mw = buildMarketWindow(market.store, symbols, '2020-01-31', 250)
    const days = 20_000
    const feed = createSimulatedFeed({ market: mw, lastAdjClose: Float64Array.from(mw.close), volume: new Float64Array(3), days, seed: 1 })
    const R = new Float64Array(days * 3)
    const prev = Float64Array.from(mw.close)
    for (let d = 0; d < days; d++) {
      const batch = feed.next()!
      batch.ticks.forEach((t, i) => {
        R[d * 3 + i] = t.adjClose / prev[i]! - 1
        prev[i] = t.adjClose
      })
    }
    expect(feed.next()).toBeNull()
    const target = ewmaCovariance(mw.returns, 250, 3)
    const got = sampleCovariance(R, days, 3)
    // sampling error of a variance estimate with n = 20,000 normal draws: sd ≈ sqrt(2/n) ≈ 1 %; allow 5 sd
    const SAMPLING_REL_TOL = 0.05
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i * 4]! / target[i * 4]! - 1)).toBeLessThan(SAMPLING_REL_TOL)
  })
})
