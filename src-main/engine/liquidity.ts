/**
 * Liquidity figures. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Liquidity".
 */

/** Default ADV look-back in trading days. */
export const ADV_DAYS = 20
/** Default participation rate: the share of a day's volume the desk may trade. */
export const DEFAULT_PARTICIPATION = 0.2

/**
 * Average daily volume: the mean of the last `days` entries of `volume` (all of it when shorter).
 * @param volume daily share volumes, oldest first (raw shares, not split-adjusted).
 * @param days look-back, an integer >= 1 (default 20).
 * @returns ADV in shares; NaN when there is no volume or a NaN (missing) volume in the look-back, so that the
 *   caller lists the instrument as lacking volume data rather than giving it zero days.
 * @throws RangeError when days is not a positive integer or a volume in the look-back is negative or infinite.
 */
export function averageDailyVolume(volume: Float64Array, days = ADV_DAYS): number {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`averageDailyVolume: days must be an integer >= 1, got ${days}`)
  const n = volume.length
  if (n === 0) return NaN
  const from = Math.max(0, n - days)
  let sum = 0
  for (let i = from; i < n; i++) {
    const x = volume[i]!
    if (Number.isNaN(x)) return NaN
    if (!(x >= 0 && x < Infinity)) throw new RangeError(`averageDailyVolume: volume[${i}] must be finite and >= 0, got ${x}`)
    sum += x
  }
  return sum / (n - from)
}

/**
 * Days to liquidate = |q| / (ρ · ADV).
 * @param quantity signed position in shares.
 * @param adv average daily volume in shares.
 * @param participation ρ in (0, 1], default 0.2.
 * @returns days (0 for a flat position); null when ADV is not finite or <= 0 (no usable volume data).
 * @throws RangeError when quantity is not finite or ρ is outside (0, 1].
 */
export function daysToLiquidate(quantity: number, adv: number, participation = DEFAULT_PARTICIPATION): number | null {
  if (!Number.isFinite(quantity)) throw new RangeError(`daysToLiquidate: quantity must be finite, got ${quantity}`)
  if (!(participation > 0 && participation <= 1)) {
    throw new RangeError(`daysToLiquidate: participation must be in (0, 1], got ${participation}`)
  }
  if (!(Number.isFinite(adv) && adv > 0)) return null
  return Math.abs(quantity) / (participation * adv)
}
