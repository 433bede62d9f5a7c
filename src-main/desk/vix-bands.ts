import type { VixReading } from '@shared/domain/market-state'
import { vixOn, type VixSeries } from '../market/vix-loader'

/**
 * Lower edges of the VIX bands, in index points: low below 15, normal from 15, elevated from 20, stressed from 30.
 * No standards body defines VIX bands; these are the practitioners' rule of thumb (VIX 20 ≈ 1.26 % expected daily
 * S&P 500 move, 30 ≈ 1.89 %, since VIX is an annualised volatility in percent: daily ≈ VIX / √252). On the bundled
 * 2005-2021 data the bands hold 42 %, 25 %, 23 % and 9 % of days (docs/RISK-CONVENTIONS.md "Desk conventions").
 */
export const VIX_BAND_EDGES = { normal: 15, elevated: 20, stressed: 30 } as const

export type VixBand = VixReading['band']

/**
 * The band of a VIX level: 'low' (< 15), 'normal' (15 <= v < 20), 'elevated' (20 <= v < 30), 'stressed' (>= 30);
 * an edge belongs to the band above it.
 * @throws RangeError when the level is not a finite number > 0
 */
export function vixBand(level: number): VixBand {
  if (!(Number.isFinite(level) && level > 0)) throw new RangeError(`vixBand: level must be a finite number > 0, got ${level}`)
  if (level >= VIX_BAND_EDGES.stressed) return 'stressed'
  if (level >= VIX_BAND_EDGES.elevated) return 'elevated'
  if (level >= VIX_BAND_EDGES.normal) return 'normal'
  return 'low'
}

/** The VIX close of `date` with its band, or null when no VIX data is loaded or the date has no VIX print. */
export function vixReading(vix: VixSeries | null | undefined, date: string): VixReading | null {
  if (!vix) return null
  const level = vixOn(vix, date)
  return level === null ? null : { level, band: vixBand(level) }
}
