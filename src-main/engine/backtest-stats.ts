/**
 * VaR backtest statistics: Kupiec proportion of failures, Christoffersen independence and conditional coverage,
 * and the Basel traffic light for any number of days and confidence level.
 * Conventions: docs/RISK-CONVENTIONS.md "VaR backtesting"; definitions: docs/RISK-MEASURES.md.
 */
import gammainc from '@stdlib/math-base-special-gammainc'
import gammaln from '@stdlib/math-base-special-gammaln'

/** A likelihood-ratio statistic with its chi-square degrees of freedom and upper-tail p-value. */
export interface LikelihoodRatioTest {
  /** the LR statistic, >= 0 */
  readonly lr: number
  /** degrees of freedom of the asymptotic chi-square distribution */
  readonly df: number
  /** P(chi2(df) >= lr) */
  readonly pValue: number
}

/** Transition counts of a 0/1 exception indicator: nij = number of days t with I_{t-1} = i and I_t = j. */
export interface TransitionCounts {
  readonly n00: number
  readonly n01: number
  readonly n10: number
  readonly n11: number
}

/** x ln y with the convention 0 ln 0 = 0 (the limit), as the LR formulas need for zero counts. */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y)
}

function assertCount(name: string, x: number): void {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`backtest-stats: ${name} must be a non-negative integer, got ${x}`)
}

function assertConfidence(c: number): void {
  if (!(c > 0 && c < 1)) throw new RangeError(`backtest-stats: confidence must be in (0, 1), got ${c}`)
}

/**
 * Upper-tail probability of the chi-square distribution, P(chi2(df) >= x) = Q(df/2, x/2).
 * Uses the upper regularized incomplete gamma function directly (not 1 − cdf) so that p-values far in the tail
 * keep their relative precision instead of collapsing to 0.
 * @param x - statistic, >= 0
 * @param df - degrees of freedom, > 0
 * @throws RangeError when x < 0 or df <= 0
 * Source: Abramowitz & Stegun 26.4.19; @stdlib/math-base-special-gammainc (regularized, upper).
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`backtest-stats: df must be > 0, got ${df}`)
  if (!(x >= 0)) throw new RangeError(`backtest-stats: chi-square statistic must be >= 0, got ${x}`)
  return gammainc(x / 2, df / 2, true, true)
}

/**
 * Kupiec (1995) proportion-of-failures test.
 * LR_POF = −2 ln[(1 − p)^{n−x} p^x] + 2 ln[(1 − x/n)^{n−x} (x/n)^x] ~ chi2(1), with p = 1 − c and 0 ln 0 = 0.
 * @param n - number of backtest days (integer > 0)
 * @param x - number of exceptions (integer, 0 <= x <= n)
 * @param c - VaR confidence level in (0, 1), measured from the bottom (0.99 = 99 %)
 * @throws RangeError on non-integer or out-of-range counts or c outside (0, 1)
 * Source: P. Kupiec, "Techniques for verifying the accuracy of risk measurement models", J. Derivatives 3 (1995).
 */
export function kupiecPOF(n: number, x: number, c: number): LikelihoodRatioTest {
  assertCount('n', n)
  assertCount('x', x)
  assertConfidence(c)
  if (n === 0) throw new RangeError('backtest-stats: n must be > 0')
  if (x > n) throw new RangeError(`backtest-stats: exceptions x = ${x} exceed days n = ${n}`)
  const p = 1 - c
  const phat = x / n
  const logNull = xlogy(n - x, 1 - p) + xlogy(x, p)
  const logAlt = xlogy(n - x, 1 - phat) + xlogy(x, phat)
  // Clamp the rounding noise of order 1e-15 when phat == p: the statistic is non-negative by construction.
  const lr = Math.max(0, -2 * logNull + 2 * logAlt)
  return { lr, df: 1, pValue: chiSquareSurvival(lr, 1) }
}

/**
 * Transition counts of an exception indicator series (1 = exception on that day), in time order.
 * @param indicator - 0/1 values, length n >= 2; counts are over the n − 1 consecutive pairs
 * @throws RangeError when a value is not 0 or 1 (named by index) or there are fewer than 2 days
 * Source: Christoffersen (1998), section 3.
 */
export function transitionCounts(indicator: ArrayLike<number>): TransitionCounts {
  if (indicator.length < 2) throw new RangeError('backtest-stats: need at least 2 days for transition counts')
  const counts = [0, 0, 0, 0]
  let prev = -1
  for (let t = 0; t < indicator.length; t++) {
    const v = indicator[t]
    if (v !== 0 && v !== 1) throw new RangeError(`backtest-stats: indicator[${t}] must be 0 or 1, got ${String(v)}`)
    if (prev >= 0) counts[prev * 2 + v]! += 1
    prev = v
  }
  return { n00: counts[0]!, n01: counts[1]!, n10: counts[2]!, n11: counts[3]! }
}

/**
 * Christoffersen (1998) independence test against a first-order Markov alternative.
 * π01 = n01/(n00 + n01), π11 = n11/(n10 + n11), π = (n01 + n11)/(n00 + n01 + n10 + n11);
 * LR_ind = −2 ln[(1 − π)^{n00+n10} π^{n01+n11}] + 2 ln[(1 − π01)^{n00} π01^{n01} (1 − π11)^{n10} π11^{n11}] ~ chi2(1).
 * Zero counts use 0 ln 0 = 0; a row with no transitions (n10 + n11 = 0, e.g. no exception before the last day)
 * contributes nothing, so the statistic is 0 rather than NaN.
 * @throws RangeError on negative or non-integer counts, or all counts zero
 * Source: P. Christoffersen, "Evaluating interval forecasts", International Economic Review 39 (1998).
 */
export function christoffersenIndependence(counts: TransitionCounts): LikelihoodRatioTest {
  const { n00, n01, n10, n11 } = counts
  assertCount('n00', n00)
  assertCount('n01', n01)
  assertCount('n10', n10)
  assertCount('n11', n11)
  const total = n00 + n01 + n10 + n11
  if (total === 0) throw new RangeError('backtest-stats: all transition counts are zero')
  const pi = (n01 + n11) / total
  const pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0
  const pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0
  const logNull = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi)
  const logAlt = xlogy(n00, 1 - pi01) + xlogy(n01, pi01) + xlogy(n10, 1 - pi11) + xlogy(n11, pi11)
  const lr = Math.max(0, -2 * logNull + 2 * logAlt)
  return { lr, df: 1, pValue: chiSquareSurvival(lr, 1) }
}

/** Kupiec, Christoffersen independence and conditional coverage for one exception series. */
export interface CoverageTests {
  readonly days: number
  readonly exceptions: number
  readonly counts: TransitionCounts
  readonly pof: LikelihoodRatioTest
  readonly independence: LikelihoodRatioTest
  /** LR_cc = LR_POF + LR_ind ~ chi2(2) */
  readonly conditionalCoverage: LikelihoodRatioTest
}

/**
 * Christoffersen conditional coverage: LR_cc = LR_POF + LR_ind ~ chi2(2), where LR_POF uses all n days and
 * LR_ind the n − 1 transitions (the decomposition of RISK-CONVENTIONS; Christoffersen 1998 eq. 9 up to the first
 * observation).
 * @param indicator - 0/1 exception indicator, time order, length >= 2
 * @param c - VaR confidence in (0, 1)
 * @throws RangeError as kupiecPOF / transitionCounts
 */
export function coverageTests(indicator: ArrayLike<number>, c: number): CoverageTests {
  const counts = transitionCounts(indicator)
  let x = 0
  for (let t = 0; t < indicator.length; t++) x += indicator[t]!
  const pof = kupiecPOF(indicator.length, x, c)
  const independence = christoffersenIndependence(counts)
  const lr = pof.lr + independence.lr
  return {
    days: indicator.length,
    exceptions: x,
    counts,
    pof,
    independence,
    conditionalCoverage: { lr, df: 2, pValue: chiSquareSurvival(lr, 2) },
  }
}

/** ln of the binomial pmf, computed with lgamma so that it stays finite for any n. */
function logBinomialPmf(k: number, n: number, p: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p)
}

/**
 * Exact binomial pmf and cdf P(X = k), P(X <= k) for X ~ Bin(n, p), k = 0..kMax.
 * Terms are computed in log space (lgamma) and the cdf is a log-sum-exp running sum, so it neither overflows for
 * large n nor loses the small early terms.
 * @throws RangeError when n or kMax is not a non-negative integer or p is outside (0, 1)
 */
export function binomialTable(n: number, p: number, kMax: number): { pmf: Float64Array; cdf: Float64Array } {
  assertCount('n', n)
  assertCount('kMax', kMax)
  if (!(p > 0 && p < 1)) throw new RangeError(`backtest-stats: p must be in (0, 1), got ${p}`)
  const m = Math.min(kMax, n)
  const pmf = new Float64Array(m + 1)
  const cdf = new Float64Array(m + 1)
  let logCum = -Infinity
  for (let k = 0; k <= m; k++) {
    const lp = logBinomialPmf(k, n, p)
    const hi = Math.max(logCum, lp)
    logCum = hi + Math.log(Math.exp(logCum - hi) + Math.exp(lp - hi))
    pmf[k] = Math.exp(lp)
    cdf[k] = Math.min(1, Math.exp(logCum))
  }
  return { pmf, cdf }
}

export type BaselZone = 'green' | 'yellow' | 'red'

/** Zone boundaries in number of exceptions: green 0..greenMax, yellow greenMax+1..redFrom−1, red >= redFrom. */
export interface BaselZones {
  readonly days: number
  readonly confidence: number
  readonly greenMax: number
  readonly redFrom: number
}

/** Cumulative-probability thresholds of the Basel Committee (1996): yellow from 95 %, red from 99.99 %. */
export const BASEL_YELLOW_CUMULATIVE = 0.95
export const BASEL_RED_CUMULATIVE = 0.9999

/**
 * Basel traffic-light zone boundaries for n days at confidence c: the yellow zone starts at the smallest k with
 * P(X <= k) >= 95 % and the red zone at the smallest k with P(X <= k) >= 99.99 %, X ~ Bin(n, 1 − c).
 * For n = 250, c = 0.99 this gives green 0–4, yellow 5–9, red 10+ (the published table).
 * @param n - backtest days (integer > 0)
 * @param c - VaR confidence in (0, 1)
 * @throws RangeError on invalid n or c
 * Source: Basel Committee on Banking Supervision, "Supervisory framework for the use of 'backtesting' ...", 1996, Table 1.
 */
export function baselZones(n: number, c: number): BaselZones {
  assertConfidence(c)
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`backtest-stats: n must be a positive integer, got ${n}`)
  const { cdf } = binomialTable(n, 1 - c, n)
  let yellowFrom = -1
  let redFrom = -1
  for (let k = 0; k <= n; k++) {
    if (yellowFrom < 0 && cdf[k]! >= BASEL_YELLOW_CUMULATIVE) yellowFrom = k
    if (cdf[k]! >= BASEL_RED_CUMULATIVE) {
      redFrom = k
      break
    }
  }
  // cdf(n) = 1 up to rounding, so both thresholds are reached by k = n; the fallbacks only guard rounding below 1.
  if (redFrom < 0) redFrom = n
  if (yellowFrom < 0) yellowFrom = redFrom
  return { days: n, confidence: c, greenMax: yellowFrom - 1, redFrom }
}

/**
 * Zone of an observed number of exceptions.
 * @throws RangeError on invalid counts (x > n) or c
 */
export function baselZone(exceptions: number, n: number, c: number): BaselZone {
  assertCount('exceptions', exceptions)
  if (exceptions > n) throw new RangeError(`backtest-stats: exceptions ${exceptions} exceed days ${n}`)
  const z = baselZones(n, c)
  if (exceptions <= z.greenMax) return 'green'
  return exceptions < z.redFrom ? 'yellow' : 'red'
}

/** One row of the Basel table: k exceptions, P(X = k), P(X <= k), zone. */
export interface BaselTableRow {
  readonly exceptions: number
  readonly probability: number
  readonly cumulativeProbability: number
  readonly zone: BaselZone
}

/**
 * The full Basel traffic-light table for n days at confidence c, from k = 0 up to the first red k (that last row
 * stands for "k or more", as in the published table).
 * @throws RangeError on invalid n or c
 * Source: Basel Committee (1996), Table 1 (the 250-day, 99 % case); generalised by the same 95 % / 99.99 % rule.
 */
export function baselTable(n: number, c: number): BaselTableRow[] {
  const zones = baselZones(n, c)
  const { pmf, cdf } = binomialTable(n, 1 - c, zones.redFrom)
  const rows: BaselTableRow[] = []
  for (let k = 0; k < pmf.length; k++) {
    const zone: BaselZone = k <= zones.greenMax ? 'green' : k < zones.redFrom ? 'yellow' : 'red'
    rows.push({ exceptions: k, probability: pmf[k]!, cumulativeProbability: cdf[k]!, zone })
  }
  return rows
}
