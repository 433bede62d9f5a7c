/**
 * Two-state Gaussian hidden Markov model of daily returns (a calm and a turbulent regime): Baum–Welch (EM) with
 * scaled forward-backward recursions, and the Hamilton filter giving P(high-volatility state | data up to t).
 * Definitions: docs/RISK-MEASURES.md.
 */

export interface HmmParams {
  /** initial state probabilities π (2) */
  readonly initial: readonly [number, number]
  /** transition matrix A, row-major: A[i*2 + j] = P(S_t = j | S_{t−1} = i) */
  readonly transition: readonly [number, number, number, number]
  readonly means: readonly [number, number]
  readonly variances: readonly [number, number]
}

export interface HmmFit extends HmmParams {
  /** index (0 or 1) of the state with the larger variance */
  readonly highVolState: 0 | 1
  readonly logLikelihood: number
  /** P(S_t = high | x_0..x_t), the Hamilton-filtered probability, per day */
  readonly filteredHighVol: Float64Array
  /** P(S_t = high | x_0..x_{T−1}), smoothed, per day */
  readonly smoothedHighVol: Float64Array
  readonly iterations: number
  readonly converged: boolean
}

const LOG_2PI = Math.log(2 * Math.PI)

function density(x: number, mean: number, variance: number): number {
  const d = x - mean
  return Math.exp(-0.5 * (LOG_2PI + Math.log(variance) + (d * d) / variance))
}

/**
 * Hamilton filter (scaled forward recursion): filtered[t*2 + j] = P(S_t = j | x_0..x_t) and the log-likelihood
 * Σ_t ln c_t, c_t = p(x_t | x_0..x_{t−1}).
 * @param x - observations in time order (finite)
 * @throws RangeError when a predictive density underflows to 0 (an observation impossible under the parameters)
 * Source: J. D. Hamilton, "A new approach to the economic analysis of nonstationary time series and the business
 * cycle", Econometrica 57 (1989); Rabiner, Proc. IEEE 77 (1989), section V.A (scaling).
 */
export function hmmFilter(x: ArrayLike<number>, p: HmmParams): { filtered: Float64Array; scale: Float64Array; logLikelihood: number } {
  const n = x.length
  const filtered = new Float64Array(2 * n)
  const scale = new Float64Array(n)
  const A = p.transition
  let ll = 0
  let prev0 = p.initial[0]
  let prev1 = p.initial[1]
  for (let t = 0; t < n; t++) {
    const pred0 = t === 0 ? prev0 : prev0 * A[0] + prev1 * A[2]
    const pred1 = t === 0 ? prev1 : prev0 * A[1] + prev1 * A[3]
    const a0 = pred0 * density(x[t]!, p.means[0], p.variances[0])
    const a1 = pred1 * density(x[t]!, p.means[1], p.variances[1])
    const c = a0 + a1
    if (!(c > 0)) throw new RangeError(`hmmFilter: observation ${t} has zero likelihood under the parameters`)
    prev0 = a0 / c
    prev1 = a1 / c
    filtered[2 * t] = prev0
    filtered[2 * t + 1] = prev1
    scale[t] = c
    ll += Math.log(c)
  }
  return { filtered, scale, logLikelihood: ll }
}

/**
 * One step of the Hamilton filter: from the filtered probabilities of day t − 1 and the observation of day t, the
 * filtered probabilities of day t, P(S_t = j | x_0..x_t) = (Σ_i prev_i A_ij) φ(x_t; μ_j, σ_j²) / c_t, with the
 * predictive density c_t = p(x_t | x_0..x_{t−1}). Running it from hmmFilter's day-0 output over x_1..x_{n−1}
 * reproduces hmmFilter's `filtered` and `scale` (the same arithmetic in the same order), so a live desk can update
 * the regime probability in O(1) per day instead of re-filtering its history.
 * @param prev - [P(S_{t−1} = 0 | ·), P(S_{t−1} = 1 | ·)], each in [0, 1], summing to 1
 * @param x - the observation of day t, finite, in the units of the parameters
 * @returns the filtered pair for day t and c_t (its log is the day's log-likelihood contribution)
 * @throws RangeError when x is not finite or its predictive density underflows to 0
 * Source: J. D. Hamilton, Econometrica 57 (1989), eq. (4.5)–(4.6); Rabiner, Proc. IEEE 77 (1989), section V.A.
 */
export function hmmFilterStep(
  prev: readonly [number, number],
  x: number,
  p: HmmParams,
): { filtered: [number, number]; scale: number } {
  if (!Number.isFinite(x)) throw new RangeError(`hmmFilterStep: observation must be finite, got ${x}`)
  const A = p.transition
  const pred0 = prev[0] * A[0] + prev[1] * A[2]
  const pred1 = prev[0] * A[1] + prev[1] * A[3]
  const a0 = pred0 * density(x, p.means[0], p.variances[0])
  const a1 = pred1 * density(x, p.means[1], p.variances[1])
  const c = a0 + a1
  if (!(c > 0)) throw new RangeError(`hmmFilterStep: observation ${x} has zero likelihood under the parameters`)
  return { filtered: [a0 / c, a1 / c], scale: c }
}

/**
 * Fit a two-state Gaussian HMM by Baum–Welch (EM) and return the filtered probability of the high-volatility state.
 * The data are standardised (mean 0, sd 1) for the iterations and the means/variances mapped back. Start: the
 * observations are split at the median of |x − mean| into a calm and a turbulent half (their variances), equal
 * means, A = [[0.95, 0.05], [0.05, 0.95]], π = (½, ½). Variances are floored at 1e-6 of the sample variance so
 * that a state cannot collapse onto one observation. EM increases the likelihood every step; it stops when the
 * gain is below tol (1e-10 · n) or after maxIterations (500).
 * @param x - daily returns or P&L in time order, finite, length >= 20, not constant
 * @throws RangeError on a short, non-finite or constant series
 * Source: L. Baum, T. Petrie, G. Soules, N. Weiss, Ann. Math. Statist. 41 (1970); Rabiner (1989), eq. (40a)–(40c),
 * (53)–(54); Hamilton (1989) for the filtered probabilities.
 */
export function fitRegimeHmm(x: ArrayLike<number>, maxIterations = 500, tol = 1e-10): HmmFit {
  const n = x.length
  if (n < 20) throw new RangeError(`fitRegimeHmm: need at least 20 observations, got ${n}`)
  let mean = 0
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(x[t])) throw new RangeError(`fitRegimeHmm: x[${t}] must be finite, got ${x[t]}`)
    mean += x[t]! / n
  }
  let v = 0
  for (let t = 0; t < n; t++) v += (x[t]! - mean) ** 2 / n
  const sd = Math.sqrt(v)
  // Relative test: a constant series leaves rounding noise of order 1e-16 |mean| in the variance.
  if (!(sd > 1e-12 * Math.abs(mean))) throw new RangeError('fitRegimeHmm: series has zero variance')
  const z = new Float64Array(n)
  for (let t = 0; t < n; t++) z[t] = (x[t]! - mean) / sd
  const abs = Float64Array.from(z, Math.abs).sort()
  const cut = abs[Math.floor(n / 2)]!
  let s0 = 0
  let n0 = 0
  let s1 = 0
  let n1 = 0
  for (let t = 0; t < n; t++) {
    if (Math.abs(z[t]!) <= cut) {
      s0 += z[t]! ** 2
      n0++
    } else {
      s1 += z[t]! ** 2
      n1++
    }
  }
  const floor = 1e-6
  let p: HmmParams = {
    initial: [0.5, 0.5],
    transition: [0.95, 0.05, 0.05, 0.95],
    means: [0, 0],
    variances: [Math.max(s0 / Math.max(n0, 1), floor), Math.max(s1 / Math.max(n1, 1), floor)],
  }
  let ll = -Infinity
  let it = 0
  let converged = false
  const beta = new Float64Array(2 * n)
  const dens = new Float64Array(2 * n)
  for (; it < maxIterations; it++) {
    const f = hmmFilter(z, p)
    const gain = f.logLikelihood - ll
    ll = f.logLikelihood
    if (gain >= 0 && gain < tol * n) {
      converged = true
      break
    }
    for (let t = 0; t < n; t++) {
      dens[2 * t] = density(z[t]!, p.means[0], p.variances[0])
      dens[2 * t + 1] = density(z[t]!, p.means[1], p.variances[1])
    }
    const A = p.transition
    beta[2 * (n - 1)] = 1
    beta[2 * (n - 1) + 1] = 1
    for (let t = n - 2; t >= 0; t--) {
      const c = f.scale[t + 1]!
      const b0 = dens[2 * (t + 1)]! * beta[2 * (t + 1)]!
      const b1 = dens[2 * (t + 1) + 1]! * beta[2 * (t + 1) + 1]!
      beta[2 * t] = (A[0] * b0 + A[1] * b1) / c
      beta[2 * t + 1] = (A[2] * b0 + A[3] * b1) / c
    }
    const xi = [0, 0, 0, 0]
    const g = [0, 0]
    const gAll = [0, 0]
    const gx = [0, 0]
    for (let t = 0; t < n; t++) {
      const g0 = f.filtered[2 * t]! * beta[2 * t]!
      const g1 = f.filtered[2 * t + 1]! * beta[2 * t + 1]!
      gAll[0]! += g0
      gAll[1]! += g1
      gx[0]! += g0 * z[t]!
      gx[1]! += g1 * z[t]!
      if (t < n - 1) {
        g[0]! += g0
        g[1]! += g1
        const c = f.scale[t + 1]!
        const b0 = dens[2 * (t + 1)]! * beta[2 * (t + 1)]!
        const b1 = dens[2 * (t + 1) + 1]! * beta[2 * (t + 1) + 1]!
        xi[0]! += (f.filtered[2 * t]! * A[0] * b0) / c
        xi[1]! += (f.filtered[2 * t]! * A[1] * b1) / c
        xi[2]! += (f.filtered[2 * t + 1]! * A[2] * b0) / c
        xi[3]! += (f.filtered[2 * t + 1]! * A[3] * b1) / c
      }
    }
    const m0 = gx[0]! / gAll[0]!
    const m1 = gx[1]! / gAll[1]!
    let v0 = 0
    let v1 = 0
    for (let t = 0; t < n; t++) {
      v0 += f.filtered[2 * t]! * beta[2 * t]! * (z[t]! - m0) ** 2
      v1 += f.filtered[2 * t + 1]! * beta[2 * t + 1]! * (z[t]! - m1) ** 2
    }
    // γ_0 normalised explicitly: 1 − γ_0(0) can come out as −1e-16 when γ_0(0) rounds above 1.
    const pi0 = (f.filtered[0]! * beta[0]!) / (f.filtered[0]! * beta[0]! + f.filtered[1]! * beta[1]!)
    p = {
      initial: [pi0, Math.max(0, 1 - pi0)],
      transition: [xi[0]! / g[0]!, xi[1]! / g[0]!, xi[2]! / g[1]!, xi[3]! / g[1]!],
      means: [m0, m1],
      variances: [Math.max(v0 / gAll[0]!, floor), Math.max(v1 / gAll[1]!, floor)],
    }
  }
  const f = hmmFilter(z, p)
  const high: 0 | 1 = p.variances[1] >= p.variances[0] ? 1 : 0
  const filteredHighVol = new Float64Array(n)
  for (let t = 0; t < n; t++) filteredHighVol[t] = f.filtered[2 * t + high]!
  const smoothedHighVol = smoothed(z, p, f, high)
  return {
    initial: p.initial,
    transition: p.transition,
    means: [mean + sd * p.means[0], mean + sd * p.means[1]],
    variances: [p.variances[0] * v, p.variances[1] * v],
    highVolState: high,
    logLikelihood: f.logLikelihood - n * Math.log(sd),
    filteredHighVol,
    smoothedHighVol,
    iterations: it,
    converged,
  }
}

function smoothed(z: Float64Array, p: HmmParams, f: { filtered: Float64Array; scale: Float64Array }, high: 0 | 1): Float64Array {
  const n = z.length
  const out = new Float64Array(n)
  const A = p.transition
  let b0 = 1
  let b1 = 1
  out[n - 1] = f.filtered[2 * (n - 1) + high]!
  for (let t = n - 2; t >= 0; t--) {
    const c = f.scale[t + 1]!
    const d0 = density(z[t + 1]!, p.means[0], p.variances[0]) * b0
    const d1 = density(z[t + 1]!, p.means[1], p.variances[1]) * b1
    b0 = (A[0] * d0 + A[1] * d1) / c
    b1 = (A[2] * d0 + A[3] * d1) / c
    const g0 = f.filtered[2 * t]! * b0
    const g1 = f.filtered[2 * t + 1]! * b1
    out[t] = (high === 1 ? g1 : g0) / (g0 + g1)
  }
  return out
}
