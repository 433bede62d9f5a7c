/**
 * The suspect-tick rule (docs/RISK-CONVENTIONS.md "Feed checks"): pure functions, no state. A tick is suspect when its
 * return is far outside the instrument's recent behaviour (a robust z-score beyond k) and the market did not move
 * with it (neither the index nor the instrument's sector moved at least a quarter as far, in their own robust
 * standard deviations, in the same direction). tick-guard.ts holds such ticks; the next tick resolves them.
 */
import { selectInPlace } from '../../engine/quantile'

/** Robust z-score beyond which a tick's return is an outlier (about 8 robust standard deviations). */
export const SUSPECT_K = 8
/**
 * A market reference confirms an outlier when it moved the same way by at least this fraction of the instrument's
 * robust z-score; "far less" means below it (or the other way).
 */
export const CONFIRM_RATIO = 0.25
/**
 * Floor of the robust scale, as a daily simple return (0.1 %). A price that barely moved in the window (a halted
 * stock, a run of carried-forward prices) would otherwise make every ordinary move an outlier.
 */
export const MIN_SCALE = 0.001
/** 1 / Φ⁻¹(0.75): MAD × this estimates σ for normal data. */
export const MAD_TO_SIGMA = 1.482602218505602
/** sqrt(π/2): mean absolute deviation × this estimates σ for normal data (used when MAD = 0). */
const MEAN_AD_TO_SIGMA = 1.2533141373155001

export interface SuspectRuleParams {
  /** outlier threshold on |z|, > 0 (default SUSPECT_K) */
  readonly k: number
  /** confirmation ratio in (0, 1] (default CONFIRM_RATIO) */
  readonly confirmRatio: number
}

export const DEFAULT_SUSPECT_RULE: SuspectRuleParams = { k: SUSPECT_K, confirmRatio: CONFIRM_RATIO }

/** Location and robust scale of a return window. */
export interface RobustScale {
  /** median return */
  readonly median: number
  /** robust standard deviation: max(1.4826 · MAD, MIN_SCALE), or 1.2533 · mean absolute deviation when MAD = 0 */
  readonly scale: number
  /** which estimate `scale` is: 'mad', 'mean-ad' (MAD = 0) or 'floor' (the estimate was below MIN_SCALE) */
  readonly source: 'mad' | 'mean-ad' | 'floor'
}

/**
 * Median and robust standard deviation of a window of daily simple returns.
 * scale = 1.4826 · median(|r − median(r)|); when that MAD is 0 (over half the returns equal, e.g. a carried-forward
 * run), 1.2533 · mean(|r − median(r)|); never below MIN_SCALE.
 *
 * @param returns - n >= 1 finite daily simple returns (any order); not modified
 * @param scratch - optional work array of length >= n (avoids an allocation per call)
 * @throws RangeError on an empty window or a non-finite return (named by index)
 * Source: F. Hampel (1974), "The influence curve and its role in robust estimation", JASA 69, the MAD scale;
 *   B. Iglewicz & D. Hoaglin (1993), How to Detect and Handle Outliers, the modified z-score.
 */
export function robustScale(returns: ArrayLike<number>, scratch?: Float64Array): RobustScale {
  const n = returns.length
  if (n === 0) throw new RangeError('robustScale: the return window is empty')
  const a = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n)
  for (let t = 0; t < n; t++) {
    const r = returns[t] as number
    if (!Number.isFinite(r)) throw new RangeError(`robustScale: return ${t} is not finite (${r})`)
    a[t] = r
  }
  const median = medianInPlace(a)
  let meanAd = 0
  for (let t = 0; t < n; t++) {
    const d = Math.abs((returns[t] as number) - median)
    a[t] = d
    meanAd += d
  }
  meanAd /= n
  const mad = medianInPlace(a)
  const estimate = mad > 0 ? MAD_TO_SIGMA * mad : MEAN_AD_TO_SIGMA * meanAd
  if (estimate < MIN_SCALE) return { median, scale: MIN_SCALE, source: 'floor' }
  return { median, scale: estimate, source: mad > 0 ? 'mad' : 'mean-ad' }
}

/** Robust z-score of one return against a window's robust scale: (r − median) / scale. */
export function robustZ(r: number, s: RobustScale): number {
  return (r - s.median) / s.scale
}

/** What the market did on the tick's date, as a robust z-score in its own units. */
export interface MarketReference {
  /** e.g. 'index SPY' or 'sector Energy (median of 7)' */
  readonly label: string
  readonly z: number
}

export type TickJudgement =
  /** within k robust standard deviations */
  | { readonly kind: 'normal'; readonly z: number }
  /** an outlier, but the market moved with it: applied */
  | { readonly kind: 'confirmed'; readonly z: number; readonly by: MarketReference }
  /** an outlier the market did not confirm: held */
  | { readonly kind: 'suspect'; readonly z: number; readonly reason: string }

/**
 * Judges one tick: normal when |z| <= k; otherwise confirmed when some reference moved the same way with
 * |z_ref| >= confirmRatio · |z|; otherwise suspect (also when no reference is available: an outlier nobody confirms
 * is held, never applied).
 *
 * @param z - the tick's robust z-score (robustZ)
 * @param references - the index and sector readings available for the date (may be empty)
 * @throws RangeError on a non-finite z or bad params
 */
export function judgeTick(z: number, references: readonly MarketReference[], params: SuspectRuleParams = DEFAULT_SUSPECT_RULE): TickJudgement {
  if (!Number.isFinite(z)) throw new RangeError(`judgeTick: z must be finite, got ${z}`)
  if (!(params.k > 0)) throw new RangeError(`judgeTick: k must be > 0, got ${params.k}`)
  if (!(params.confirmRatio > 0 && params.confirmRatio <= 1)) throw new RangeError(`judgeTick: confirmRatio must be in (0, 1], got ${params.confirmRatio}`)
  if (Math.abs(z) <= params.k) return { kind: 'normal', z }
  const need = params.confirmRatio * Math.abs(z)
  const by = references.find((ref) => Math.sign(ref.z) === Math.sign(z) && Math.abs(ref.z) >= need)
  if (by) return { kind: 'confirmed', z, by }
  const seen = references.length === 0 ? 'no index, sector or market price for the date' : references.map((r) => `${r.label} z=${r.z.toFixed(1)}`).join(', ')
  return {
    kind: 'suspect',
    z,
    reason: `return ${z > 0 ? 'up' : 'down'} ${Math.abs(z).toFixed(1)} robust sd (limit ${params.k}) not confirmed by the market (${seen}; needs the same direction and |z| >= ${need.toFixed(1)})`,
  }
}

/**
 * Resolves a held tick with the instrument's next price: 'confirmed' when the next price lies nearer the held level
 * than the last applied level (in log distance: |ln(next/held)| < |ln(next/last)|: the level persists), else
 * 'reverted' (the price went back, or moved away from both; then the held tick is dropped and the next one is judged
 * against the last applied level). Prices are adjusted closes.
 *
 * @throws RangeError when a price is not finite and positive
 */
export function resolveHeld(lastAdj: number, heldAdj: number, nextAdj: number): 'confirmed' | 'reverted' {
  for (const [name, x] of [['last', lastAdj], ['held', heldAdj], ['next', nextAdj]] as const) {
    if (!Number.isFinite(x) || x <= 0) throw new RangeError(`resolveHeld: ${name} price must be finite and positive, got ${x}`)
  }
  return Math.abs(Math.log(nextAdj / heldAdj)) < Math.abs(Math.log(nextAdj / lastAdj)) ? 'confirmed' : 'reverted'
}

/** Median of a (scrambled) work array: type-7 midpoint for even n. */
function medianInPlace(a: Float64Array): number {
  const n = a.length
  const hi = n >>> 1
  selectInPlace(a, hi)
  const upper = a[hi] as number
  if (n % 2 === 1) return upper
  // after selecting hi, the lower half holds the n/2 smallest values: their maximum is the lower middle
  let lower = -Infinity
  for (let t = 0; t < hi; t++) if ((a[t] as number) > lower) lower = a[t] as number
  return (lower + upper) / 2
}
