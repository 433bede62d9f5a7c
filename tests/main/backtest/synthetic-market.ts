import { PriceStore, type SymbolSeries } from '../../../src-main/market/price-store'
import type { MarketContext } from '../../../src-main/market/market-context'

/** Small synthetic markets for the backtest's structural tests (gaps, listings, delistings); seeded, deterministic. */

/** `count` ISO weekdays from 2010-01-04 (a Monday). */
export function weekdays(count: number): string[] {
  const out: string[] = []
  for (let t = Date.UTC(2010, 0, 4); out.length < count; t += 86_400_000) {
    const d = new Date(t)
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10))
  }
  return out
}

/** Park-Miller minimal standard generator in (0, 1): enough for price paths, and the same on every machine. */
function uniform(seed: number): () => number {
  let s = seed % 2147483647 || 1
  return () => (s = (s * 48271) % 2147483647) / 2147483647
}

/**
 * A series on `dates` with daily log-returns of volatility `vol` (Box-Muller); raw close = adjusted close × `split`
 * (a constant factor, so raw and adjusted prices differ as in real data).
 */
export function series(symbol: string, dates: readonly string[], seed: number, vol = 0.015, split = 1.5): SymbolSeries {
  const u = uniform(seed)
  const adj = new Float64Array(dates.length)
  let p = 50 + 100 * u()
  for (let k = 0; k < dates.length; k++) {
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
    p *= Math.exp(vol * z)
    adj[k] = p
  }
  return { symbol, dates: [...dates], close: adj.map((x) => x * split), adjClose: adj, volume: new Float64Array(dates.length).fill(1e6) }
}

/** The series without the rows at the given dates (a vendor gap or a delisting). */
export function without(s: SymbolSeries, drop: (date: string, k: number) => boolean): SymbolSeries {
  const keep = s.dates.map((d, k) => !drop(d, k))
  const pick = (a: Float64Array): Float64Array => a.filter((_, k) => keep[k])
  return { symbol: s.symbol, dates: s.dates.filter((_, k) => keep[k]), close: pick(s.close), adjClose: pick(s.adjClose), volume: pick(s.volume) }
}

export function marketOf(list: readonly SymbolSeries[], flags: Record<string, { date: string; issue: string }[]> = {}): MarketContext {
  return { store: new PriceStore(list), sectors: new Map(), qualityFlags: new Map(Object.entries(flags)) }
}
