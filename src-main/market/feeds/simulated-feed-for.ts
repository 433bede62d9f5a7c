import { buildMarketWindow } from '../history'
import type { MarketContext } from '../market-context'
import type { Feed } from './feed'
import { lastIndexOnOrBefore } from './replay-feed'
import { dayBefore, nextBusinessDay } from '../iso-dates'
import { createSimulatedFeed } from './simulated-feed'

/** Calibration window of the simulated feed (trading days of history before the first simulated day). */
export const SIMULATION_CALIBRATION_DAYS = 250

/**
 * A simulated feed for a book from `from` to `to` (business days), calibrated on the 250 days before `from`.
 * @throws RangeError when no instrument has enough history before `from`
 */
export function simulatedFeedFor(market: MarketContext, symbols: readonly string[], from: string, to: string, seed: number): Feed {
  const mw = buildMarketWindow(market.store, symbols, dayBefore(from), SIMULATION_CALIBRATION_DAYS)
  const lastAdj = new Float64Array(mw.symbols.length)
  const volume = new Float64Array(mw.symbols.length)
  mw.symbols.forEach((s, i) => {
    const series = market.store.get(s)!
    const last = lastIndexOnOrBefore(series.dates, mw.asof)
    lastAdj[i] = series.adjClose[last]!
    volume[i] = mw.adv[i]!
  })
  let days = 0
  for (let d = nextBusinessDay(mw.asof); d <= to; d = nextBusinessDay(d)) days++
  return createSimulatedFeed({ market: mw, lastAdjClose: lastAdj, volume, days, seed })
}
