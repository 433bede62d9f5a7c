/**
 * GARCH(1,1) by Gaussian quasi-maximum likelihood, its variance forecasts, and forecast-accuracy losses (MSE,
 * QLIKE) for comparing GARCH and EWMA against realised squared returns. Definitions: docs/RISK-MEASURES.md.
 */
import { nelderMead } from './nelder-mead'

export interface Garch11Params {
  /** constant ω > 0 (units of x²) */
  readonly omega: number
  /** ARCH coefficient α >= 0 */
  readonly alpha: number
  /** GARCH coefficient β >= 0, α + β < 1 */
  readonly beta: number
}

export interface Garch11Fit extends Garch11Params {
  /** mean removed before fitting: 0 ('zero') or the sample mean ('sample') */
  readonly mu: number
  /** σ²_0, the backcast: mean of ε² over the sample */
  readonly backcast: number
  /** Gaussian log-likelihood at the optimum, in the units of x */
  readonly logLikelihood: number
  readonly persistence: number
  /** ω / (1 − α − β) */
  readonly longRunVariance: number
  /** σ²_{T+1}, next-day variance forecast */
  readonly nextVariance: number
  /** σ²_0..σ²_{n−1}: in-sample conditional variances (one-step-ahead forecasts) */
  readonly conditionalVariance: Float64Array
  readonly iterations: number
  readonly converged: boolean
}

function checkSeries(fn: string, x: ArrayLike<number>, min: number): void {
  if (x.length < min) throw new RangeError(`${fn}: need at least ${min} observations, got ${x.length}`)
  for (let t = 0; t < x.length; t++) {
    if (!Number.isFinite(x[t])) throw new RangeError(`${fn}: x[${t}] must be finite, got ${x[t]}`)
  }
}

/**
 * Conditional variances of a GARCH(1,1): σ²_0 = backcast, σ²_t = ω + α ε²_{t−1} + β σ²_{t−1}; the last entry
 * (index n) is the next-day forecast σ²_n.
 * @param eps - innovations ε_t (demeaned series), time order
 * @returns Float64Array(n + 1)
 */
export function garchVarianceSeries(eps: ArrayLike<number>, p: Garch11Params, backcast: number): Float64Array {
  const n = eps.length
  const out = new Float64Array(n + 1)
  out[0] = backcast
  for (let t = 1; t <= n; t++) out[t] = p.omega + p.alpha * eps[t - 1]! ** 2 + p.beta * out[t - 1]!
  return out
}

/**
 * Gaussian log-likelihood −½ Σ_t [ln 2π + ln σ²_t + ε²_t / σ²_t] of a GARCH(1,1) with σ²_0 = backcast.
 * Returns −Infinity for parameters outside ω > 0, α, β >= 0.
 */
export function garch11LogLikelihood(eps: ArrayLike<number>, p: Garch11Params, backcast: number): number {
  if (!(p.omega > 0 && p.alpha >= 0 && p.beta >= 0)) return -Infinity
  const n = eps.length
  let s2 = backcast
  let ll = 0
  for (let t = 0; t < n; t++) {
    const e2 = eps[t]! ** 2
    if (t > 0) s2 = p.omega + p.alpha * eps[t - 1]! ** 2 + p.beta * s2
    ll += Math.log(s2) + e2 / s2
  }
  return -0.5 * (n * Math.log(2 * Math.PI) + ll)
}

const logistic = (u: number): number => 1 / (1 + Math.exp(-u))
const logit = (p: number): number => Math.log(p / (1 - p))

/**
 * Fit a GARCH(1,1) by Gaussian (quasi-)maximum likelihood.
 * ε_t = x_t − μ (μ = 0 or the sample mean), σ²_0 = mean(ε²) (backcast, fixed). Nelder–Mead on the unconstrained
 * θ = (ln ω, logit(α + β), logit(α / (α + β))), which keeps ω > 0, α, β >= 0 and α + β < 1 (covariance
 * stationarity). The data are standardised by sd = sqrt(backcast) for conditioning; ω is mapped back.
 * Start: α = 0.05, β = 0.90, ω = 0.05 · backcast (variance targeting), plus restarts from the optimum.
 * @param x - returns or P&L in time order, finite, length >= 50
 * @param mean - 'zero' (default, RiskMetrics-style zero mean) or 'sample'
 * @throws RangeError on a short or non-finite series or zero variance
 * Source: T. Bollerslev, "Generalized autoregressive conditional heteroskedasticity", J. Econometrics 31 (1986);
 * Bollerslev & Wooldridge (1992) for QML.
 */
export function fitGarch11(x: ArrayLike<number>, mean: 'zero' | 'sample' = 'zero'): Garch11Fit {
  checkSeries('fitGarch11', x, 50)
  const n = x.length
  let mu = 0
  if (mean === 'sample') {
    for (let t = 0; t < n; t++) mu += x[t]!
    mu /= n
  }
  const eps = new Float64Array(n)
  let backcast = 0
  for (let t = 0; t < n; t++) {
    eps[t] = x[t]! - mu
    backcast += eps[t]! ** 2 / n
  }
  if (!(backcast > (1e-12 * mu) ** 2)) throw new RangeError('fitGarch11: series has zero variance')
  const sd = Math.sqrt(backcast)
  const z = eps.map((e) => e / sd)
  const toParams = (th: Float64Array): Garch11Params => {
    const pers = logistic(th[1]!)
    const share = logistic(th[2]!)
    return { omega: Math.exp(th[0]!), alpha: pers * share, beta: pers * (1 - share) }
  }
  const res = nelderMead((th) => -garch11LogLikelihood(z, toParams(th), 1), [Math.log(0.05), logit(0.95), logit(0.05 / 0.95)], {
    xatol: 1e-9,
    fatol: 1e-11,
    restarts: 3,
    maxIterations: 2000,
  })
  const pz = toParams(res.x)
  const params: Garch11Params = { omega: pz.omega * backcast, alpha: pz.alpha, beta: pz.beta }
  const cond = garchVarianceSeries(eps, params, backcast)
  const persistence = params.alpha + params.beta
  return {
    ...params,
    mu,
    backcast,
    logLikelihood: -res.fx - n * Math.log(sd),
    persistence,
    longRunVariance: params.omega / (1 - persistence),
    nextVariance: cond[n]!,
    conditionalVariance: cond.subarray(0, n),
    iterations: res.iterations,
    converged: res.converged,
  }
}

/**
 * h-day-ahead variance forecast of a GARCH(1,1): σ²_{T+h} = V_L + (α + β)^{h−1} (σ²_{T+1} − V_L), V_L the long-run
 * variance; and the h-day cumulative variance Σ_{j=1..h} σ²_{T+j} (for an h-day VaR).
 * @throws RangeError when h is not an integer >= 1
 */
export function garchForecast(fit: Garch11Fit, h: number): { variance: number; cumulativeVariance: number } {
  if (!(Number.isInteger(h) && h >= 1)) throw new RangeError(`garchForecast: h must be an integer >= 1, got ${h}`)
  const p = fit.persistence
  const vl = fit.longRunVariance
  let cum = 0
  let pk = 1
  let last = fit.nextVariance
  for (let j = 1; j <= h; j++) {
    last = vl + pk * (fit.nextVariance - vl)
    cum += last
    pk *= p
  }
  return { variance: last, cumulativeVariance: cum }
}

/** Forecast losses of variance forecasts h_t against realised squared returns r_t² (lower is better). */
export interface ForecastAccuracy {
  readonly n: number
  /** mean (r_t² − h_t)² */
  readonly mse: number
  /** mean (ln h_t + r_t² / h_t) */
  readonly qlike: number
}

/**
 * MSE and QLIKE of variance forecasts. QLIKE is written ln h + r²/h, which differs from Patton's normalised
 * r²/h − ln(r²/h) − 1 by a term free of h, so it ranks forecasts identically and stays finite on zero-return days.
 * Both are robust to noise in the r² proxy (Patton 2011).
 * @param forecasts - h_t > 0, the variance forecast for day t made before day t
 * @param realised - r_t for the same days
 * @throws RangeError on a length mismatch, an empty input, h_t <= 0 or a non-finite value (named by index)
 * Source: A. Patton, "Volatility forecast comparison using imperfect volatility proxies", J. Econometrics 160 (2011).
 */
export function forecastAccuracy(forecasts: ArrayLike<number>, realised: ArrayLike<number>): ForecastAccuracy {
  const n = forecasts.length
  if (n === 0 || realised.length !== n) {
    throw new RangeError(`forecastAccuracy: need equal, non-zero lengths, got ${n} forecasts and ${realised.length} returns`)
  }
  let mse = 0
  let qlike = 0
  for (let t = 0; t < n; t++) {
    const h = forecasts[t]!
    const r2 = realised[t]! ** 2
    if (!(h > 0 && Number.isFinite(h))) throw new RangeError(`forecastAccuracy: forecasts[${t}] must be finite and > 0, got ${h}`)
    if (!Number.isFinite(r2)) throw new RangeError(`forecastAccuracy: realised[${t}] must be finite`)
    mse += (r2 - h) ** 2
    qlike += Math.log(h) + r2 / h
  }
  return { n, mse: mse / n, qlike: qlike / n }
}
