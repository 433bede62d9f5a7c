import type { PriceStore } from '../price-store'
import { lastIndexOnOrBefore } from './replay-feed'
import { robustScale, robustZ, type RobustScale } from './suspect-tick-rule'

/** Fewest own returns before a date for a reference instrument to count (a month of trading days). */
export const MIN_REFERENCE_RETURNS = 20

/** One instrument's move on one date: its simple return and robust z-score against its own recent returns. */
export interface ReferenceMove {
  readonly r: number
  readonly z: number
  readonly scale: RobustScale
}

/**
 * A reference instrument's move on `date` from the price history (its own rows, no calendar alignment):
 * r = A_d / A_prev − 1 on adjusted closes, z against the up-to-W returns that end on the row before `date`.
 * This is how the desk sees the index and the sector on a replayed date; a live feed would deliver the same prints.
 *
 * @returns null when the store has no row of `symbol` on `date` or fewer than MIN_REFERENCE_RETURNS returns before it
 */
export function storeMove(store: PriceStore, symbol: string, date: string, W: number, scratch?: Float64Array): ReferenceMove | null {
  const s = store.get(symbol)
  if (s === undefined) return null
  const k = lastIndexOnOrBefore(s.dates, date)
  if (k < 1 || s.dates[k] !== date) return null
  const first = Math.max(1, k - W)
  if (k - first < MIN_REFERENCE_RETURNS) return null
  const window = new Float64Array(k - first)
  for (let t = first; t < k; t++) window[t - first] = (s.adjClose[t] as number) / (s.adjClose[t - 1] as number) - 1
  const r = (s.adjClose[k] as number) / (s.adjClose[k - 1] as number) - 1
  if (!Number.isFinite(r) || window.some((x) => !Number.isFinite(x))) return null
  const scale = robustScale(window, scratch)
  return { r, z: robustZ(r, scale), scale }
}
