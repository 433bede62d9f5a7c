import type { PriceStore } from '../price-store'
import type { DayBatch, Feed, Tick } from './feed'

/**
 * Historical replay of daily closes as a live feed: for each date of the union calendar of `symbols` in [from, to]
 * (inclusive, ISO dates), one batch holding a tick for every symbol that traded that day.
 *
 * @throws RangeError if from > to or no symbol has data in the range.
 */
export function createReplayFeed(store: PriceStore, symbols: readonly string[], from: string, to: string): Feed {
  if (from > to) throw new RangeError(`replay: --from ${from} is after --to ${to}`)
  const series = symbols.flatMap((symbol) => store.get(symbol) ?? [])
  // per-series read position: the next row not yet emitted
  const pos = Int32Array.from(series, (s) => lowerBound(s.dates, from))
  const calendar = new Set<string>()
  series.forEach((s, j) => {
    for (let k = pos[j] as number; k < s.dates.length && (s.dates[k] as string) <= to; k++) calendar.add(s.dates[k] as string)
  })
  const dates = [...calendar].sort()
  if (dates.length === 0) throw new RangeError(`replay: no prices for the book between ${from} and ${to}`)
  let d = 0
  return {
    kind: 'replay',
    remaining: () => dates.length - d,
    next(): DayBatch | null {
      const date = dates[d]
      if (date === undefined) return null
      d++
      const ticks: Tick[] = []
      series.forEach((s, j) => {
        const k = pos[j] as number
        if (s.dates[k] !== date) return
        ticks.push({ symbol: s.symbol, date, close: s.close[k] as number, adjClose: s.adjClose[k] as number, volume: s.volume[k] as number })
        pos[j] = k + 1
      })
      return { date, ticks }
    },
  }
}

/** First index whose date is >= `date` (binary search on ascending ISO strings). */
export function lowerBound(dates: readonly string[], date: string): number {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((dates[mid] as string) < date) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the last date <= `date`, or -1 when every date is later. */
export function lastIndexOnOrBefore(dates: readonly string[], date: string): number {
  const k = lowerBound(dates, date)
  return dates[k] === date ? k : k - 1
}
