/**
 * Extreme value theory, peaks over threshold: a generalised Pareto distribution (GPD) fitted by maximum likelihood
 * to the losses above a high threshold, and the tail VaR/ES it implies (McNeil & Frey 2000).
 * Definitions: docs/RISK-MEASURES.md.
 */
import { nelderMead } from './nelder-mead'
import { quantile } from './quantile'

/** Default threshold: the 95th percentile (type 7) of the losses. */
export const DEFAULT_POT_THRESHOLD_QUANTILE = 0.95
/** Fewer exceedances than this give a GPD fit too noisy to report. */
export const MIN_EXCEEDANCES = 10
/** |ξ| below this is treated as the exponential limit ξ = 0 in the formulas (avoids 0/0). */
const XI_ZERO = 1e-9

/**
 * GPD log-likelihood of excesses y_j > 0 with shape ξ and scale β > 0:
 * ξ ≠ 0: −k ln β − (1 + 1/ξ) Σ ln(1 + ξ y_j / β), −Infinity outside the support 1 + ξ y/β > 0;
 * ξ = 0: −k ln β − Σ y_j / β.
 */
export function gpdLogLikelihood(y: ArrayLike<number>, xi: number, beta: number): number {
  if (!(beta > 0)) return -Infinity
  const k = y.length
  let s = 0
  if (Math.abs(xi) < XI_ZERO) {
    for (let j = 0; j < k; j++) s += y[j]!
    return -k * Math.log(beta) - s / beta
  }
  for (let j = 0; j < k; j++) {
    const u = (xi * y[j]!) / beta
    if (!(u > -1)) return -Infinity
    s += Math.log1p(u)
  }
  return -k * Math.log(beta) - (1 + 1 / xi) * s
}

/**
 * Maximum-likelihood GPD fit to excesses (values above the threshold, minus the threshold). Nelder–Mead on
 * (ξ, ln β) with the excesses scaled by their mean for conditioning; start ξ = 0.1, β = 0.9 · mean (the GPD mean is
 * β/(1 − ξ)).
 * @param excesses - y_j > 0, at least MIN_EXCEEDANCES of them
 * @throws RangeError on too few, non-finite or non-positive excesses (named by index)
 * Source: Grimshaw, "Computing maximum likelihood estimates for the generalized Pareto distribution",
 * Technometrics 35 (1993) (the likelihood); scipy.stats.genpareto (the parameterisation, c = ξ).
 */
export function fitGpd(excesses: ArrayLike<number>): { xi: number; beta: number; logLikelihood: number; converged: boolean } {
  const k = excesses.length
  if (k < MIN_EXCEEDANCES) throw new RangeError(`fitGpd: need at least ${MIN_EXCEEDANCES} excesses, got ${k}`)
  let mean = 0
  for (let j = 0; j < k; j++) {
    const y = excesses[j]!
    if (!(Number.isFinite(y) && y > 0)) throw new RangeError(`fitGpd: excesses[${j}] must be finite and > 0, got ${y}`)
    mean += y / k
  }
  const z = new Float64Array(k)
  for (let j = 0; j < k; j++) z[j] = excesses[j]! / mean
  const res = nelderMead((th) => -gpdLogLikelihood(z, th[0]!, Math.exp(th[1]!)), [0.1, Math.log(0.9)], {
    xatol: 1e-10,
    fatol: 1e-12,
    restarts: 3,
  })
  const xi = res.x[0]!
  const beta = Math.exp(res.x[1]!) * mean
  return { xi, beta, logLikelihood: -res.fx - k * Math.log(mean), converged: res.converged }
}

/**
 * Tail VaR and ES at confidence q from a GPD fitted above threshold u with k of n observations exceeding it:
 * VaR_q = u + (β/ξ) [((n/k)(1 − q))^{−ξ} − 1]   (ξ = 0: u − β ln((n/k)(1 − q)));
 * ES_q = (VaR_q + β − ξ u) / (1 − ξ).
 * Valid for 1 − q < k/n (the quantile lies above the threshold) and ξ < 1 (finite mean).
 * @throws RangeError when 1 − q >= k/n, q outside (0, 1) or ξ >= 1 (ES infinite)
 * Source: A. McNeil & R. Frey, "Estimation of tail-related risk measures for heteroscedastic financial time
 * series: an extreme value approach", J. Empirical Finance 7 (2000), eq. (6)–(7).
 */
export function gpdTailVaRES(u: number, xi: number, beta: number, n: number, k: number, q: number): { var: number; es: number } {
  if (!(q > 0 && q < 1)) throw new RangeError(`gpdTailVaRES: confidence must be in (0, 1), got ${q}`)
  if (!(1 - q < k / n)) throw new RangeError(`gpdTailVaRES: confidence ${q} is not beyond the threshold (k/n = ${k / n})`)
  if (!(xi < 1)) throw new RangeError(`gpdTailVaRES: shape xi = ${xi} >= 1, the tail has no finite mean (ES infinite)`)
  const ratio = (n / k) * (1 - q)
  const v = Math.abs(xi) < XI_ZERO ? u - beta * Math.log(ratio) : u + (beta / xi) * (Math.pow(ratio, -xi) - 1)
  return { var: v, es: (v + beta - xi * u) / (1 - xi) }
}

export interface PotResult {
  readonly threshold: number
  readonly thresholdQuantile: number
  readonly n: number
  readonly exceedances: number
  readonly xi: number
  readonly beta: number
  readonly logLikelihood: number
  readonly converged: boolean
  readonly levels: { readonly confidence: number; readonly var: number; readonly es: number }[]
}

/**
 * Peaks-over-threshold VaR/ES of a P&L series: losses ℓ_t = −L_t, threshold u = type-7 quantile of ℓ at
 * thresholdQuantile (default 0.95), excesses ℓ − u for ℓ > u, GPD by maximum likelihood, then gpdTailVaRES at each
 * confidence (default 0.99 and 0.999). Positive losses, in the units of the P&L.
 * @param pnl - P&L series (finite), enough days for MIN_EXCEEDANCES exceedances (>= 200 at 0.95)
 * @throws RangeError on non-finite values, too few exceedances, a confidence not beyond the threshold, or ξ >= 1
 * Source: McNeil & Frey (2000), section 2.3 (applied to the raw, unfiltered losses).
 */
export function peaksOverThresholdVaRES(
  pnl: Float64Array,
  confidences: readonly number[] = [0.99, 0.999],
  thresholdQuantile: number = DEFAULT_POT_THRESHOLD_QUANTILE,
): PotResult {
  if (!(thresholdQuantile > 0 && thresholdQuantile < 1)) {
    throw new RangeError(`peaksOverThresholdVaRES: thresholdQuantile must be in (0, 1), got ${thresholdQuantile}`)
  }
  const n = pnl.length
  const losses = pnl.map((x) => -x)
  const u = quantile(losses, thresholdQuantile)
  const excesses: number[] = []
  for (let t = 0; t < n; t++) if (losses[t]! > u) excesses.push(losses[t]! - u)
  const fit = fitGpd(excesses)
  const k = excesses.length
  return {
    threshold: u,
    thresholdQuantile,
    n,
    exceedances: k,
    xi: fit.xi,
    beta: fit.beta,
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    levels: confidences.map((c) => ({ confidence: c, ...gpdTailVaRES(u, fit.xi, fit.beta, n, k, c) })),
  }
}
