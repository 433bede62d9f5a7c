/**
 * Cornish–Fisher ("modified") VaR and ES of a P&L series, as R PerformanceAnalytics `VaR(method = "modified")` and
 * `ES(method = "modified")` (operational form). Conventions: docs/RISK-CONVENTIONS.md "Parametric";
 * definitions: docs/RISK-MEASURES.md.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'

/**
 * Which standard deviation multiplies the Cornish–Fisher quantile:
 * - 'sample': sd with the n − 1 denominator, as RISK-CONVENTIONS states (the desk default);
 * - 'population': sqrt(m2) with the n denominator, which is what PerformanceAnalytics (R/PortfolioRisk.R,
 *   VaR.CornishFisher and operES.CornishFisher, `centeredmoment(R, 2)`) actually uses; pick it to reproduce
 *   PerformanceAnalytics' numbers exactly.
 * Skewness and excess kurtosis are population moments (m3/m2^1.5, m4/m2² − 3) in both cases.
 */
export type CornishFisherScale = 'sample' | 'population'

export interface CornishFisherResult {
  /** modified VaR_c, a positive loss in the units of the series */
  readonly var: number
  /** modified ES_c (operational: never below the modified VaR), same units */
  readonly es: number
  readonly mean: number
  /** the standard deviation used (see CornishFisherScale) */
  readonly sd: number
  readonly skewness: number
  readonly excessKurtosis: number
  /** the Cornish–Fisher quantile z_cf = h of the standardised P&L (negative for usual c) */
  readonly zCF: number
  /** E_G: the Edgeworth-density tail mean of the standardised P&L below z_cf */
  readonly tailMean: number
  /** true when E_G > z_cf and the operational ES was floored at the modified VaR */
  readonly floored: boolean
}

/**
 * Modified (Cornish–Fisher) VaR and ES.
 * With μ the mean, σ the sd (see scale), S = m3/m2^{3/2}, K = m4/m2² − 3 (population central moments m_k),
 * α = 1 − c and z = Φ⁻¹(α) < 0:
 *   h = z_cf = z + (z² − 1) S/6 + (z³ − 3z) K/24 − (2z³ − 5z) S²/36,     VaR_c = −(μ + h σ);
 *   E_G = −φ(h) [1 + h³ S/6 + (h⁶ − 9h⁴ + 9h² + 3) S²/72 + (h⁴ − 2h² − 1) K/24] / α,
 *   ES_c = −μ − σ · min(E_G, h).
 * E_G is the mean of z below h under the second-order Edgeworth density (Boudt, Peterson, Croux 2008, appendix);
 * PerformanceAnalytics writes the same quantity with its Ipower() integrals of x^k φ(x); the closed form above
 * is their sum, expanded. The min() is PerformanceAnalytics' `operational = TRUE` default: ES never below VaR.
 * @param pnl - P&L (or return) series, length >= 3, finite, not constant
 * @param c - confidence in (0, 1), measured from the bottom (0.99 = 99 %)
 * @param scale - 'sample' (default, RISK-CONVENTIONS) or 'population' (PerformanceAnalytics)
 * @throws RangeError on fewer than 3 points, a non-finite value (named by index), zero variance or bad c
 * Source: Zangari, RiskMetrics Monitor (1996) and Favre & Galeano (2002) for modified VaR; K. Boudt, B. Peterson,
 * C. Croux, "Estimation and decomposition of downside risk for portfolios with non-normal returns", J. Risk 11
 * (2008), eq. (9)–(11); PerformanceAnalytics R/PortfolioRisk.R (VaR.CornishFisher, operES.CornishFisher).
 */
export function cornishFisherVaRES(
  pnl: ArrayLike<number>,
  c: number,
  scale: CornishFisherScale = 'sample',
): CornishFisherResult {
  const n = pnl.length
  if (n < 3) throw new RangeError(`cornish-fisher: need at least 3 observations, got ${n}`)
  if (!(c > 0 && c < 1)) throw new RangeError(`cornish-fisher: confidence must be in (0, 1), got ${c}`)
  let mean = 0
  for (let t = 0; t < n; t++) {
    const v = pnl[t]!
    if (!Number.isFinite(v)) throw new RangeError(`cornish-fisher: pnl[${t}] is not finite`)
    mean += v
  }
  mean /= n
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let t = 0; t < n; t++) {
    const d = pnl[t]! - mean
    const d2 = d * d
    m2 += d2
    m3 += d2 * d
    m4 += d2 * d2
  }
  m2 /= n
  m3 /= n
  m4 /= n
  // Relative test: a constant series leaves rounding noise of order 1e-16 |mean| in m2.
  if (!(Math.sqrt(m2) > 1e-12 * Math.abs(mean))) throw new RangeError('cornish-fisher: series has zero variance')
  const S = m3 / m2 ** 1.5
  const K = m4 / (m2 * m2) - 3
  const sd = scale === 'population' ? Math.sqrt(m2) : Math.sqrt((m2 * n) / (n - 1))
  return { ...cornishFisherFromMoments(mean, sd, S, K, c), mean, sd, skewness: S, excessKurtosis: K }
}

/** The moment-free part of a Cornish–Fisher result. */
export interface CornishFisherFigures {
  readonly var: number
  readonly es: number
  readonly zCF: number
  readonly tailMean: number
  readonly floored: boolean
}

/**
 * Modified VaR and operational ES from the first four moments (the formulas of cornishFisherVaRES), for callers
 * that know the moments analytically (e.g. the delta-gamma P&L of an option book).
 * @param mean - μ of the P&L; @param sd - σ > 0; @param skewness - S; @param excessKurtosis - K
 * @param c - confidence in (0, 1)
 * @throws RangeError when σ is not finite and > 0, a moment is not finite, or c is outside (0, 1)
 */
export function cornishFisherFromMoments(
  mean: number,
  sd: number,
  skewness: number,
  excessKurtosis: number,
  c: number,
): CornishFisherFigures {
  if (!(c > 0 && c < 1)) throw new RangeError(`cornish-fisher: confidence must be in (0, 1), got ${c}`)
  if (!(sd > 0 && Number.isFinite(sd))) throw new RangeError(`cornish-fisher: sd must be finite and > 0, got ${sd}`)
  if (!Number.isFinite(mean + skewness + excessKurtosis)) throw new RangeError('cornish-fisher: moments must be finite')
  const S = skewness
  const K = excessKurtosis
  const alpha = 1 - c
  const z = normalQuantile(alpha, 0, 1)
  const h = z + ((z * z - 1) * S) / 6 + ((z ** 3 - 3 * z) * K) / 24 - ((2 * z ** 3 - 5 * z) * S * S) / 36
  const phi = Math.exp(-0.5 * h * h) / Math.sqrt(2 * Math.PI)
  const h2 = h * h
  const h4 = h2 * h2
  const tailMean =
    (-phi * (1 + (h2 * h * S) / 6 + ((h4 * h2 - 9 * h4 + 9 * h2 + 3) * S * S) / 72 + ((h4 - 2 * h2 - 1) * K) / 24)) / alpha
  return {
    var: -(mean + h * sd),
    es: -mean - sd * Math.min(tailMean, h),
    zCF: h,
    tailMean,
    floored: tailMean > h,
  }
}

/** Modified VaR_c (see cornishFisherVaRES). */
export function modifiedVaR(pnl: ArrayLike<number>, c: number, scale: CornishFisherScale = 'sample'): number {
  return cornishFisherVaRES(pnl, c, scale).var
}

/** Modified (operational) ES_c (see cornishFisherVaRES). */
export function modifiedES(pnl: ArrayLike<number>, c: number, scale: CornishFisherScale = 'sample'): number {
  return cornishFisherVaRES(pnl, c, scale).es
}
