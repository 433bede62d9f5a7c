/**
 * Black–Scholes–Merton prices and Greeks of European options with a continuous dividend yield, and the
 * delta-gamma parametric VaR of an option book. Definitions: docs/RISK-MEASURES.md.
 */
import { standardNormalCdf, standardNormalPdf, standardNormalQuantile } from './distributions'
import { cornishFisherFromMoments } from './cornish-fisher'
import { assertConfidence, assertLength, assertSquare } from './validate'

export type OptionType = 'call' | 'put'

export interface BsmInput {
  readonly type: OptionType
  /** spot S > 0 */
  readonly spot: number
  /** strike K > 0 */
  readonly strike: number
  /** time to expiry T >= 0, in years */
  readonly expiry: number
  /** continuously compounded risk-free rate r (per year, 0.05 = 5 %) */
  readonly rate: number
  /** continuous dividend yield q (per year) */
  readonly dividendYield: number
  /** volatility σ >= 0 (per sqrt(year), 0.2 = 20 %) */
  readonly vol: number
}

/** Price and Greeks per unit of underlying (one option on one share). */
export interface BsmResult {
  readonly price: number
  /** ∂V/∂S */
  readonly delta: number
  /** ∂²V/∂S² */
  readonly gamma: number
  /** ∂V/∂σ per unit of σ (σ from 0.20 to 1.20) */
  readonly vegaPerUnit: number
  /** ∂V/∂σ per vol point (σ from 0.20 to 0.21) = vegaPerUnit / 100 */
  readonly vega: number
  /** ∂V/∂t per year of calendar time (= −∂V/∂T), usually negative */
  readonly thetaPerYear: number
  /** thetaPerYear / 365: value change over one calendar day */
  readonly thetaPerDay: number
  /** ∂V/∂r per unit of rate */
  readonly rho: number
  readonly d1: number
  readonly d2: number
}

function checkInput(x: BsmInput): void {
  const bad = (name: string, v: number): never => {
    throw new RangeError(`black-scholes: ${name} is invalid (${v})`)
  }
  if (x.type !== 'call' && x.type !== 'put') throw new RangeError(`black-scholes: type must be 'call' or 'put', got ${String(x.type)}`)
  if (!(x.spot > 0 && Number.isFinite(x.spot))) bad('spot (must be > 0)', x.spot)
  if (!(x.strike > 0 && Number.isFinite(x.strike))) bad('strike (must be > 0)', x.strike)
  if (!(x.expiry >= 0 && Number.isFinite(x.expiry))) bad('expiry (must be >= 0 years)', x.expiry)
  if (!(x.vol >= 0 && Number.isFinite(x.vol))) bad('vol (must be >= 0)', x.vol)
  if (!Number.isFinite(x.rate)) bad('rate', x.rate)
  if (!Number.isFinite(x.dividendYield)) bad('dividendYield', x.dividendYield)
}

/**
 * Black–Scholes–Merton with continuous dividend yield q:
 * d1 = [ln(S/K) + (r − q + σ²/2) T] / (σ√T), d2 = d1 − σ√T;
 * call = S e^{−qT} N(d1) − K e^{−rT} N(d2); put = K e^{−rT} N(−d2) − S e^{−qT} N(−d1);
 * delta_call = e^{−qT} N(d1), delta_put = −e^{−qT} N(−d1); gamma = e^{−qT} φ(d1) / (S σ √T);
 * vega (per unit σ) = S e^{−qT} φ(d1) √T; theta_call = −S e^{−qT} φ(d1) σ / (2√T) − r K e^{−rT} N(d2) + q S e^{−qT} N(d1),
 * theta_put = −S e^{−qT} φ(d1) σ / (2√T) + r K e^{−rT} N(−d2) − q S e^{−qT} N(−d1) (per year);
 * rho_call = K T e^{−rT} N(d2), rho_put = −K T e^{−rT} N(−d2).
 * At T = 0 or σ = 0 the limits are returned: the discounted forward intrinsic value, delta 0 or ±e^{−qT}
 * (½ e^{−qT} at the money), gamma and vega 0.
 * @throws RangeError on S <= 0, K <= 0, T < 0, σ < 0, a non-finite r or q, or an unknown type
 * Source: Black & Scholes (1973); Merton (1973); Hull, Options, Futures and Other Derivatives, 10th ed., ch. 17, 19.
 */
export function blackScholes(x: BsmInput): BsmResult {
  checkInput(x)
  const { spot: S, strike: K, expiry: T, rate: r, dividendYield: q, vol: sigma } = x
  const call = x.type === 'call'
  const dq = Math.exp(-q * T)
  const dr = Math.exp(-r * T)
  const sqrtT = Math.sqrt(T)
  const sst = sigma * sqrtT
  if (sst === 0) {
    const fwd = S * dq - K * dr
    const itm = call ? fwd > 0 : fwd < 0
    const atm = fwd === 0
    const price = Math.max(call ? fwd : -fwd, 0)
    const delta = atm ? (call ? 0.5 : -0.5) * dq : itm ? (call ? dq : -dq) : 0
    // Theta at σ = 0 (T > 0): only carry, d/dt of the discounted intrinsic value when in the money.
    const theta = T > 0 && itm ? (call ? q * S * dq - r * K * dr : r * K * dr - q * S * dq) : 0
    const rho = itm ? (call ? K * T * dr : -K * T * dr) : 0
    const inf = fwd === 0 ? 0 : fwd > 0 ? Infinity : -Infinity
    return { price, delta, gamma: 0, vegaPerUnit: 0, vega: 0, thetaPerYear: theta, thetaPerDay: theta / 365, rho, d1: inf, d2: inf }
  }
  const d1 = (Math.log(S / K) + (r - q + 0.5 * sigma * sigma) * T) / sst
  const d2 = d1 - sst
  const pdf1 = standardNormalPdf(d1)
  const price = call
    ? S * dq * standardNormalCdf(d1) - K * dr * standardNormalCdf(d2)
    : K * dr * standardNormalCdf(-d2) - S * dq * standardNormalCdf(-d1)
  const delta = call ? dq * standardNormalCdf(d1) : -dq * standardNormalCdf(-d1)
  const gamma = (dq * pdf1) / (S * sst)
  const vegaPerUnit = S * dq * pdf1 * sqrtT
  const decay = (-S * dq * pdf1 * sigma) / (2 * sqrtT)
  const thetaPerYear = call
    ? decay - r * K * dr * standardNormalCdf(d2) + q * S * dq * standardNormalCdf(d1)
    : decay + r * K * dr * standardNormalCdf(-d2) - q * S * dq * standardNormalCdf(-d1)
  const rho = call ? K * T * dr * standardNormalCdf(d2) : -K * T * dr * standardNormalCdf(-d2)
  return { price, delta, gamma, vegaPerUnit, vega: vegaPerUnit / 100, thetaPerYear, thetaPerDay: thetaPerYear / 365, rho, d1, d2 }
}

/** Cumulants of the delta-gamma P&L aᵀr + ½ rᵀBr, r ~ N(0, Σ). */
export interface DeltaGammaMoments {
  readonly mean: number
  readonly variance: number
  readonly skewness: number
  readonly excessKurtosis: number
}

/**
 * Moments of the delta-gamma P&L ΔP ≈ aᵀ r + ½ rᵀ B r with daily returns r ~ N(0, Σ), M = BΣ:
 * κ1 = ½ tr M; κ2 = aᵀΣa + ½ tr M²; κ3 = 3 aᵀΣBΣa + tr M³; κ4 = 12 aᵀΣBΣBΣa + 3 tr M⁴.
 * @param a - N dollar deltas a_i = Σ_positions q · delta · S_i (currency per unit return of underlying i)
 * @param B - N×N dollar gammas B_ij = Σ q · ∂²V/∂S_i∂S_j · S_i S_j (currency per unit return²), row-major, symmetric
 * @param cov - N×N covariance of daily simple returns, row-major
 * @throws RangeError on shape mismatch; when κ2 = 0
 * Source: Mathai & Provost, Quadratic Forms in Random Variables (1992), thm 3.2b.2 (cumulants of a quadratic
 * form); Zangari, "A VaR methodology for portfolios that include options", RiskMetrics Monitor Q1 1996.
 */
export function deltaGammaMoments(a: Float64Array, B: Float64Array, cov: Float64Array, N: number): DeltaGammaMoments {
  assertLength('deltaGammaMoments', 'a', a, N)
  assertSquare('deltaGammaMoments', 'B', B, N)
  assertSquare('deltaGammaMoments', 'cov', cov, N)
  const M = matMul(B, cov, N)
  const M2 = matMul(M, M, N)
  const M3 = matMul(M2, M, N)
  const M4 = matMul(M2, M2, N)
  const sa = matVec(cov, a, N)
  const bsa = matVec(B, sa, N)
  const sbsa = matVec(cov, bsa, N)
  const bsbsa = matVec(B, sbsa, N)
  const sbsbsa = matVec(cov, bsbsa, N)
  const k1 = 0.5 * trace(M, N)
  const k2 = dot(a, sa) + 0.5 * trace(M2, N)
  const k3 = 3 * dot(a, sbsa) + trace(M3, N)
  const k4 = 12 * dot(a, sbsbsa) + 3 * trace(M4, N)
  if (!(k2 > 0)) throw new RangeError('deltaGammaMoments: the P&L has zero variance')
  return { mean: k1, variance: k2, skewness: k3 / k2 ** 1.5, excessKurtosis: k4 / (k2 * k2) }
}

/**
 * Delta-gamma parametric VaR (and ES) of an option book, one-day horizon, positive losses in currency.
 * - 'cornish-fisher' (default): the four cumulants of deltaGammaMoments in the Cornish–Fisher quantile and the
 *   operational modified ES (cornishFisherFromMoments), so the skew a short-gamma book has is priced;
 * - 'normal': delta-gamma-normal, VaR = z_c sqrt(κ2) − κ1, ES = sqrt(κ2) φ(z_c)/(1 − c) − κ1.
 * @throws RangeError as deltaGammaMoments, or c outside (0, 1)
 * Source: Zangari (1996); Jorion, Value at Risk, 3rd ed., 10.3 ("delta-gamma").
 */
export function deltaGammaVaR(
  a: Float64Array,
  B: Float64Array,
  cov: Float64Array,
  N: number,
  c: number,
  method: 'cornish-fisher' | 'normal' = 'cornish-fisher',
): { var: number; es: number; moments: DeltaGammaMoments } {
  assertConfidence('deltaGammaVaR', c)
  const m = deltaGammaMoments(a, B, cov, N)
  const sd = Math.sqrt(m.variance)
  if (method === 'normal') {
    const z = standardNormalQuantile(c)
    return { var: z * sd - m.mean, es: (sd * standardNormalPdf(z)) / (1 - c) - m.mean, moments: m }
  }
  const cf = cornishFisherFromMoments(m.mean, sd, m.skewness, m.excessKurtosis, c)
  return { var: cf.var, es: cf.es, moments: m }
}

function matMul(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = A[i * n + k]!
      if (aik === 0) continue
      for (let j = 0; j < n; j++) C[i * n + j] = C[i * n + j]! + aik * B[k * n + j]!
    }
  }
  return C
}

function matVec(A: Float64Array, x: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!
    y[i] = s
  }
  return y
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!
  return s
}

function trace(A: Float64Array, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += A[i * n + i]!
  return s
}
