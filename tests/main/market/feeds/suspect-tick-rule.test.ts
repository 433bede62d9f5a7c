import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { storeMove } from '../../../../src-main/market/feeds/market-reference'
import {
  CONFIRM_RATIO,
  judgeTick,
  MIN_SCALE,
  resolveHeld,
  robustScale,
  robustZ,
  SUSPECT_K,
  type MarketReference,
} from '../../../../src-main/market/feeds/suspect-tick-rule'
import { bundledMarket } from '../../desk/desk-fixture'

/** Made by tests/fixtures/feeds/make_suspect_ticks.py (NumPy/SciPy, an independent implementation). */
interface Fixture {
  minScale: number
  window: number
  k: number
  confirmRatio: number
  scales: { name: string; returns: number[]; median: number; scale: number; source: 'mad' | 'mean-ad' | 'floor' }[]
  days2020: { symbol: string; date: string; r: number; z: number; references: MarketReference[]; verdict: 'normal' | 'confirmed' | 'suspect' }[]
  resolutions: { last: number; held: number; next: number; resolution: 'confirmed' | 'reverted' }[]
}
const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'feeds', 'suspect_ticks.json'), 'utf8')) as Fixture
/** selection vs NumPy's sort-based median and MAD: the same order statistics, so only the last bits may differ */
const TOL_REL = 1e-12

describe('robust scale (median, MAD-scaled standard deviation)', () => {
  it('uses the documented defaults the reference used', () => {
    expect([SUSPECT_K, CONFIRM_RATIO, MIN_SCALE]).toEqual([fixture.k, fixture.confirmRatio, fixture.minScale])
  })

  it.each(fixture.scales.map((c) => [c.name, c] as const))('matches SciPy median_abs_deviation(scale=normal): %s', (_, c) => {
    const s = robustScale(Float64Array.from(c.returns))
    expect(s.source).toBe(c.source)
    expect(Math.abs(s.median - c.median)).toBeLessThanOrEqual(TOL_REL * Math.max(1e-3, Math.abs(c.median)))
    expect(Math.abs(s.scale - c.scale)).toBeLessThanOrEqual(TOL_REL * c.scale)
  })

  it('does not modify its input and takes a scratch array', () => {
    const x = [0.01, -0.02, 0.03, 0.0, 0.005]
    const copy = [...x]
    const a = robustScale(x, new Float64Array(10))
    expect(x).toEqual(copy)
    expect(a).toEqual(robustScale(x))
  })

  it('refuses an empty window and names a non-finite return', () => {
    expect(() => robustScale([])).toThrow(/empty/)
    expect(() => robustScale([0.01, Number.NaN])).toThrow(/return 1 is not finite/)
  })

  it('z = (r - median) / scale', () => {
    expect(robustZ(0.1, { median: 0.01, scale: 0.02, source: 'mad' })).toBeCloseTo(4.5, 12)
  })
})

describe('judging an outlier against the market (index and sector)', () => {
  const spy = (z: number): MarketReference => ({ label: 'index SPY', z })

  it('is normal within k robust standard deviations, whatever the market did', () => {
    expect(judgeTick(8, []).kind).toBe('normal')
    expect(judgeTick(-8, [spy(-30)]).kind).toBe('normal')
  })

  it('holds an outlier the market did not move with, naming what it saw', () => {
    const v = judgeTick(20, [spy(1), { label: 'sector Energy (median of 3)', z: 4.9 }])
    expect(v.kind).toBe('suspect')
    if (v.kind === 'suspect') expect(v.reason).toMatch(/up 20\.0 robust sd .*index SPY z=1\.0, sector Energy \(median of 3\) z=4\.9.*\|z\| >= 5\.0/)
  })

  it('is confirmed by a reference that moved the same way at least a quarter as far (either reference)', () => {
    expect(judgeTick(20, [spy(5)])).toMatchObject({ kind: 'confirmed', by: { label: 'index SPY' } })
    expect(judgeTick(-12, [spy(0.5), { label: 'sector', z: -3 }])).toMatchObject({ kind: 'confirmed', by: { label: 'sector' } })
  })

  it('is not confirmed by a market move the other way, however large', () => {
    expect(judgeTick(-12, [spy(30)]).kind).toBe('suspect')
  })

  it('holds an outlier when no reference is available', () => {
    const v = judgeTick(9, [])
    expect(v.kind).toBe('suspect')
    if (v.kind === 'suspect') expect(v.reason).toMatch(/no index, sector or market price/)
  })

  it('refuses a non-finite z and bad parameters', () => {
    expect(() => judgeTick(Number.POSITIVE_INFINITY, [])).toThrow(/finite/)
    expect(() => judgeTick(1, [], { k: 0, confirmRatio: 0.25 })).toThrow(/k must be > 0/)
    expect(() => judgeTick(1, [], { k: 8, confirmRatio: 1.5 })).toThrow(/confirmRatio/)
  })

  it('agrees with the reference on every day of the 2020 crash for six stocks and SPY (own z, verdict)', () => {
    const market = bundledMarket()
    let outliers = 0
    for (const d of fixture.days2020) {
      const own = storeMove(market.store, d.symbol, d.date, fixture.window)
      expect(own, `${d.symbol} ${d.date}`).not.toBeNull()
      expect(Math.abs(own!.r - d.r)).toBeLessThanOrEqual(1e-12)
      expect(Math.abs(own!.z - d.z)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(d.z)))
      const verdict = judgeTick(own!.z, d.references)
      expect(verdict.kind, `${d.symbol} ${d.date}`).toBe(d.verdict)
      if (verdict.kind !== 'normal') outliers++
    }
    // the crash is full of outliers beyond 8 robust sd; nearly all are confirmed by the index, the sector or the market
    expect(outliers).toBeGreaterThan(20)
    expect(fixture.days2020.filter((d) => d.verdict === 'suspect').length).toBeLessThan(3)
  })

  it('computes the index, sector-median and market-median references as the reference did', () => {
    const market = bundledMarket()
    const med = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b)
      const m = s.length >>> 1
      return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
    }
    const zs = (symbols: string[], date: string): number[] =>
      symbols.map((s) => storeMove(market.store, s, date, fixture.window)?.z).filter((z): z is number => z !== undefined)
    const outliers = fixture.days2020.filter((x) => x.verdict !== 'normal')
    expect(outliers.some((d) => d.symbol === 'SPY')).toBe(true) // the index itself is confirmed by the market
    for (const d of outliers) {
      const want = new Map(d.references.map((r) => [r.label.replace(/ \(median of \d+\)$/, ''), r]))
      const sector = market.sectors.get(d.symbol)!
      const got = new Map<string, number>([
        [`sector ${sector}`, med(zs([...market.sectors].filter(([s, sec]) => sec === sector && s !== d.symbol).map(([s]) => s), d.date))],
        ['market', med(zs(market.store.symbols().filter((s) => s !== d.symbol), d.date))],
      ])
      if (d.symbol !== 'SPY') got.set('index SPY', storeMove(market.store, 'SPY', d.date, fixture.window)!.z)
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort())
      for (const [label, z] of got) expect(Math.abs(z - want.get(label)!.z), `${d.symbol} ${d.date} ${label}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(z)))
    }
  })
})

describe('resolving a held tick with the next one', () => {
  it.each(fixture.resolutions.map((c) => [c.last, c.held, c.next, c.resolution] as const))('last %d, held %d, next %d: %s', (last, held, next, want) => {
    expect(resolveHeld(last, held, next)).toBe(want)
  })

  it('treats the exact midpoint (log distance) as a reversion', () => {
    expect(resolveHeld(100, 400, 200)).toBe('reverted')
  })

  it('refuses a non-positive price', () => {
    expect(() => resolveHeld(0, 1, 1)).toThrow(/last price/)
  })
})

describe('store moves', () => {
  it('is null without a row on the date or without enough history', () => {
    const market = bundledMarket()
    expect(storeMove(market.store, 'SPY', '2020-03-14', 250)).toBeNull() // a Saturday
    expect(storeMove(market.store, 'NOPE', '2020-03-13', 250)).toBeNull()
    const first = market.store.get('SPY')!.dates[5]!
    expect(storeMove(market.store, 'SPY', first, 250)).toBeNull()
  })
})
