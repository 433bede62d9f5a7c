/**
 * Robust anomaly flags on the changes of a series (prices, P&L, risk figures): modified z-scores from the median
 * and the median absolute deviation, flagged when |z| exceeds 3.5 (Iglewicz–Hoaglin). Definitions:
 * docs/RISK-MEASURES.md.
 */
import { quantileSorted } from './quantile'

/** Iglewicz & Hoaglin's recommended cut-off for |modified z|. */
export const DEFAULT_ANOMALY_THRESHOLD = 3.5
/** 0.6745 ≈ Φ⁻¹(0.75): makes MAD/0.6745 a consistent estimate of σ for normal data (the published constant). */
const MAD_CONSTANT = 0.6745
/** sqrt(π/2) ≈ 1.253314: mean absolute deviation × this estimates σ for normal data. */
const MEAN_AD_CONSTANT = 1.253314

/** 'difference': x_t − x_{t−1}; 'relative': x_t / x_{t−1} − 1 (needs x_{t−1} ≠ 0); 'level': the values themselves. */
export type ChangeKind = 'difference' | 'relative' | 'level'

export interface AnomalyReport {
  /** modified z-score of each change; change k compares x_{k+1} with x_k ('level': z of x_k itself) */
  readonly z: Float64Array
  /** indices into the input series of the flagged points (the later point of a flagged change) */
  readonly flagged: number[]
  readonly median: number
  readonly mad: number
  /** 'mad' normally; 'mean-ad' when MAD = 0 (over half the changes identical); 'none' when all changes are equal */
  readonly scale: 'mad' | 'mean-ad' | 'none'
  readonly threshold: number
  readonly changes: ChangeKind
}

/**
 * Modified z-scores M_k = 0.6745 (d_k − median(d)) / MAD(d) of the changes d of a series, flagging |M_k| > threshold.
 * When MAD = 0 (e.g. a price that did not move on most days) the mean absolute deviation around the median is used,
 * M_k = (d_k − median) / (1.253314 · MeanAD); when that is 0 too, every z is 0 and nothing is flagged.
 * @param series - values in time order, finite, length >= 2 (>= 1 for 'level')
 * @param threshold - cut-off for |M|, > 0 (default 3.5)
 * @param changes - which changes to score (default 'difference')
 * @throws RangeError on a short series, a non-finite value or a zero base for 'relative' (named by index), or a
 *   threshold <= 0
 * Source: B. Iglewicz & D. Hoaglin, How to Detect and Handle Outliers, ASQC Basic References in Quality Control 16
 * (1993); the MeanAD fallback as in IBM SPSS Modeler's anomaly node.
 */
export function detectAnomalies(
  series: ArrayLike<number>,
  threshold: number = DEFAULT_ANOMALY_THRESHOLD,
  changes: ChangeKind = 'difference',
): AnomalyReport {
  if (!(threshold > 0)) throw new RangeError(`detectAnomalies: threshold must be > 0, got ${threshold}`)
  const n = series.length
  const offset = changes === 'level' ? 0 : 1
  if (n < offset + 1) throw new RangeError(`detectAnomalies: need at least ${offset + 1} values, got ${n}`)
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(series[t])) throw new RangeError(`detectAnomalies: series[${t}] must be finite, got ${series[t]}`)
  }
  const m = n - offset
  const d = new Float64Array(m)
  for (let k = 0; k < m; k++) {
    if (changes === 'level') d[k] = series[k]!
    else if (changes === 'difference') d[k] = series[k + 1]! - series[k]!
    else {
      const base = series[k]!
      if (base === 0) throw new RangeError(`detectAnomalies: series[${k}] is 0, relative change undefined`)
      d[k] = series[k + 1]! / base - 1
    }
  }
  const median = quantileSorted(Float64Array.from(d).sort(), 0.5)
  const dev = d.map((x) => Math.abs(x - median))
  const mad = quantileSorted(Float64Array.from(dev).sort(), 0.5)
  let scale: AnomalyReport['scale'] = 'mad'
  let denom = mad / MAD_CONSTANT
  if (!(mad > 0)) {
    const meanAd = dev.reduce((s, x) => s + x, 0) / m
    scale = meanAd > 0 ? 'mean-ad' : 'none'
    denom = MEAN_AD_CONSTANT * meanAd
  }
  const z = new Float64Array(m)
  const flagged: number[] = []
  for (let k = 0; k < m; k++) {
    z[k] = denom > 0 ? (d[k]! - median) / denom : 0
    if (Math.abs(z[k]!) > threshold) flagged.push(k + offset)
  }
  return { z, flagged, median, mad, scale, threshold, changes }
}
