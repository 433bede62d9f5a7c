/**
 * Exposure and concentration figures of a book. Conventions: ../shared/docs/RISK-CONVENTIONS.md, "Exposures".
 */
import type { SectorExposure } from '@shared/domain/risk-report'
import { assertLength } from './validate'

/** Label used for positions whose sector is unknown (null or blank). */
export const UNCLASSIFIED_SECTOR = 'Unclassified'

/** Result of {@link exposures}; money in the book's currency. */
export interface Exposures {
  /** Σ v_i */
  readonly net: number
  /** Σ |v_i| */
  readonly gross: number
  /** w_i = |v_i| / gross (all 0 when gross = 0) */
  readonly weights: Float64Array
  /** Herfindahl–Hirschman index Σ w_i², in [1/N, 1]; 0 for an empty or zero book */
  readonly hhi: number
  /** max_i w_i (0 for an empty or zero book) */
  readonly largestWeight: number
  /** index of the largest weight (first one on ties); -1 for an empty or zero book */
  readonly largestIndex: number
}

/**
 * Net, gross, concentration weights, HHI and the largest position.
 * @param v N signed market values in currency (N may be 0).
 * @throws RangeError when a value is not finite.
 */
export function exposures(v: Float64Array): Exposures {
  const N = v.length
  let net = 0
  let gross = 0
  for (let i = 0; i < N; i++) {
    const x = v[i]!
    if (!Number.isFinite(x)) throw new RangeError(`exposures: v[${i}] must be finite, got ${x}`)
    net += x
    gross += Math.abs(x)
  }
  const weights = new Float64Array(N)
  if (gross === 0) return { net, gross, weights, hhi: 0, largestWeight: 0, largestIndex: -1 }
  let hhi = 0
  let largestWeight = -1
  let largestIndex = -1
  for (let i = 0; i < N; i++) {
    const w = Math.abs(v[i]!) / gross
    weights[i] = w
    hhi += w * w
    if (w > largestWeight) {
      largestWeight = w
      largestIndex = i
    }
  }
  return { net, gross, weights, hhi, largestWeight, largestIndex }
}

/**
 * Net and gross market value per sector and the sector's share of the book's gross, sorted by gross descending
 * (ties by sector name, so the order is deterministic). A null or blank sector is reported as "Unclassified".
 * @param v N signed market values in currency.
 * @param sectors N GICS sector names (or null when unknown), aligned with v.
 * @throws RangeError when the lengths differ or a value is not finite.
 */
export function sectorExposure(v: Float64Array, sectors: readonly (string | null)[]): SectorExposure[] {
  assertLength('sectorExposure', 'sectors', sectors, v.length)
  const groups = new Map<string, { net: number; gross: number }>()
  let total = 0
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    if (!Number.isFinite(x)) throw new RangeError(`sectorExposure: v[${i}] must be finite, got ${x}`)
    const raw = sectors[i]
    const key = raw === null || raw === undefined || raw.trim() === '' ? UNCLASSIFIED_SECTOR : raw
    const g = groups.get(key)
    if (g) {
      g.net += x
      g.gross += Math.abs(x)
    } else {
      groups.set(key, { net: x, gross: Math.abs(x) })
    }
    total += Math.abs(x)
  }
  const rows: SectorExposure[] = []
  for (const [sector, g] of groups) {
    rows.push({ sector, net: g.net, gross: g.gross, shareOfGross: total > 0 ? g.gross / total : 0 })
  }
  rows.sort((a, b) => b.gross - a.gross || (a.sector < b.sector ? -1 : a.sector > b.sector ? 1 : 0))
  return rows
}
