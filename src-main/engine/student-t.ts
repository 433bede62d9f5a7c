/**
 * Student-t parametric VaR/ES (unit-variance scaling) and a maximum-likelihood fit of a location-scale t to a
 * P&L series. Conventions: docs/RISK-CONVENTIONS.md "Parametric"; definitions: docs/RISK-MEASURES.md.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile'
import gammaln from '@stdlib/math-base-special-gammaln'
import { nelderMead } from './nelder-mead'

/** Default degrees of freedom of RISK-CONVENTIONS. */
export const DEFAULT_T_NU = 5

function checkArgs(sigma: number, c: number, nu: number): void {
  if (!(Number.isFinite(sigma) && sigma >= 0)) throw new RangeError(`student-t: sigma must be finite and >= 0, got ${sigma}`)
  if (!(c > 0 && c < 1)) throw new RangeError(`student-t: confidence must be in (0, 1), got ${c}`)
  if (!(nu > 2 && Number.isFinite(nu))) throw new RangeError(`student-t: nu must be finite and > 2 (unit variance), got ${nu}`)
}

/**
 * Log-density of the standard Student-t with ν degrees of freedom at x.
 * ln f_ν(x) = lnΓ((ν+1)/2) − lnΓ(ν/2) − ½ ln(νπ) − (ν+1)/2 · ln(1 + x²/ν).
 */
export function studentTLogPdf(x: number, nu: number): number {
  return gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI) - ((nu + 1) / 2) * Math.log1p((x * x) / nu)
}

/**
 * Student-t VaR and ES of a zero-mean P&L with standard deviation σ (currency per day), the t scaled to unit variance:
 * VaR_c = σ · sqrt((ν − 2)/ν) · t_ν⁻¹(c);
 * ES_c  = σ · sqrt((ν − 2)/ν) · f_ν(t_ν⁻¹(c)) / (1 − c) · (ν + t_ν⁻¹(c)²) / (ν − 1).
 * Both are positive losses in the units of σ.
 * @param sigma - portfolio standard deviation σ_P (>= 0), e.g. sqrt(vᵀΣv)
 * @param c - confidence in (0, 1), measured from the bottom (0.99 = 99 %)
 * @param nu - degrees of freedom, > 2 (default 5)
 * @throws RangeError on σ < 0 or not finite, c outside (0, 1), ν <= 2
 * Source: RISK-CONVENTIONS; McNeil, Frey, Embrechts, Quantitative Risk Management (2005), Example 2.18.
 */
export function studentTVaRES(sigma: number, c: number, nu: number = DEFAULT_T_NU): { var: number; es: number } {
  checkArgs(sigma, c, nu)
  const q = tQuantile(c, nu)
  const scale = sigma * Math.sqrt((nu - 2) / nu)
  const density = Math.exp(studentTLogPdf(q, nu))
  return { var: scale * q, es: ((scale * density) / (1 - c)) * ((nu + q * q) / (nu - 1)) }
}

/** Student-t VaR_c (see studentTVaRES). */
export function studentTVaR(sigma: number, c: number, nu: number = DEFAULT_T_NU): number {
  return studentTVaRES(sigma, c, nu).var
}

/** Student-t ES_c (see studentTVaRES). */
export function studentTES(sigma: number, c: number, nu: number = DEFAULT_T_NU): number {
  return studentTVaRES(sigma, c, nu).es
}

/** Maximum-likelihood location-scale t fit: x = μ + s · T, T ~ t_ν. */
export interface StudentTFit {
  readonly mu: number
  /** the t scale s (not the standard deviation; sd = s · sqrt(ν/(ν − 2))) */
  readonly scale: number
  readonly nu: number
  /** Σ ln f(x_t; μ, s, ν) at the optimum, in the units of the input */
  readonly logLikelihood: number
  readonly iterations: number
  readonly converged: boolean
}

/** Log-likelihood of a location-scale t, the objective of fitStudentTNu (exported for tests and diagnostics). */
export function studentTLogLikelihood(x: ArrayLike<number>, mu: number, scale: number, nu: number): number {
  const n = x.length
  const c = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(scale)
  let s = 0
  for (let t = 0; t < n; t++) {
    const z = (x[t]! - mu) / scale
    s += Math.log1p((z * z) / nu)
  }
  return n * c - ((nu + 1) / 2) * s
}

/**
 * Fit ν (with location μ and scale s) of a Student-t to a P&L or return series by maximum likelihood.
 * Nelder–Mead on θ = (μ, ln s, ln(ν − 2)) so that s > 0 and ν > 2 (a finite variance, as the unit-variance VaR
 * needs); the data are standardised first for conditioning and the answer mapped back. Starts from the sample
 * mean and s = sd · sqrt(3/5) (ν = 5).
 * @param pnl - the series (any units), length >= 10, finite, not constant
 * @throws RangeError on fewer than 10 points, a non-finite value (named by index) or zero variance
 * Source: Lange, Little, Taylor, "Robust statistical modeling using the t distribution", JASA 84 (1989).
 */
export function fitStudentTNu(pnl: ArrayLike<number>): StudentTFit {
  const n = pnl.length
  if (n < 10) throw new RangeError(`student-t: need at least 10 observations to fit, got ${n}`)
  let mean = 0
  for (let t = 0; t < n; t++) {
    const v = pnl[t]!
    if (!Number.isFinite(v)) throw new RangeError(`student-t: pnl[${t}] is not finite`)
    mean += v
  }
  mean /= n
  let ss = 0
  for (let t = 0; t < n; t++) ss += (pnl[t]! - mean) ** 2
  const sd = Math.sqrt(ss / (n - 1))
  if (!(sd > 1e-12 * Math.abs(mean))) throw new RangeError('student-t: series has zero variance')
  const z = new Float64Array(n)
  for (let t = 0; t < n; t++) z[t] = (pnl[t]! - mean) / sd
  const negLL = (th: Float64Array): number => -studentTLogLikelihood(z, th[0]!, Math.exp(th[1]!), 2 + Math.exp(th[2]!))
  const res = nelderMead(negLL, [0, 0.5 * Math.log(3 / 5), Math.log(3)], { xatol: 1e-9, fatol: 1e-11, restarts: 3 })
  const muZ = res.x[0]!
  const sZ = Math.exp(res.x[1]!)
  const nu = 2 + Math.exp(res.x[2]!)
  return {
    mu: mean + sd * muZ,
    scale: sd * sZ,
    nu,
    // The Jacobian of the standardisation: ln f_x = ln f_z − ln sd per observation.
    logLikelihood: -res.fx - n * Math.log(sd),
    iterations: res.iterations,
    converged: res.converged,
  }
}
