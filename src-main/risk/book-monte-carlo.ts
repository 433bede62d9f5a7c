/**
 * Monte Carlo VaR/ES of a valued book (engine/monte-carlo.ts): seeded multivariate normal or Student-t factor
 * returns with covariance h·Σ, linear revaluation for an option-free book, full Black-Scholes-Merton revaluation of
 * every option otherwise. Conventions: docs/RISK-CONVENTIONS.md "Monte Carlo"; docs/RISK-MEASURES.md.
 */
import type { MonteCarloInfo } from '@shared/domain/risk-report'
import { prepareMonteCarlo, simulatePnLChunk, summarizeMonteCarlo, type McDistribution, type MonteCarloModel } from '../engine/monte-carlo'
import type { BookValuation } from './book-valuation'
import { spotRepricer } from './option-pricing'

export interface BookMonteCarloOptions {
  readonly paths: number
  /** integer in [0, 2^32 − 1] */
  readonly seed: number
  readonly distribution: McDistribution
  /** degrees of freedom of the multivariate t (> 2); ignored for the normal */
  readonly nu: number
  /** horizon in days: the factor covariance is h·Σ (square-root-of-time on the returns, then revaluation) */
  readonly horizon: number
  /** confidence in (0, 1) */
  readonly confidence: number
}

/**
 * Simulates `paths` factor-return vectors r ~ N(0, hΣ) (or the multivariate t with that covariance) from the seed and
 * reads VaR/ES and their standard errors with the historical estimators. P&L of a path: Σ_f linearExposure_f r_f plus,
 * for each option, units x (P(S (1 + r_f)) − P(S)) with P the price-only Black-Scholes-Merton repricer at the as-of
 * inputs (implied vol and time to expiry held fixed). An empty book gives zeros.
 * @param cov - M x M sample covariance of the factors' daily returns
 * @throws RangeError from the engine (bad seed, paths, nu)
 * Source: Glasserman, Monte Carlo Methods in Financial Engineering (2003), 9.1 (full revaluation).
 */
export function bookMonteCarlo(
  val: BookValuation,
  cov: Float64Array,
  options: BookMonteCarloOptions,
  presimulated?: { readonly model: MonteCarloModel; readonly pnl: Float64Array },
): { var: number; es: number; info: MonteCarloInfo } {
  const base = {
    paths: options.paths,
    seed: options.seed,
    distribution: options.distribution,
    nu: options.distribution === 'student-t' ? options.nu : null,
    revaluation: val.hasOptions ? ('full' as const) : ('linear' as const),
  }
  const model = presimulated?.model ?? monteCarloModelFor(val, cov, options)
  if (model === null) {
    return { var: 0, es: 0, info: { ...base, varStdError: 0, esStdError: 0, tailCount: 0, repaired: false, repair: { minEigenvalue: 0, floor: 0, clipped: 0 } } }
  }
  if (presimulated !== undefined && (val.hasOptions || presimulated.pnl.length !== model.paths)) {
    throw new RangeError(`bookMonteCarlo: a presimulated P&L must be linear and have ${model.paths} paths, got ${presimulated.pnl.length}`)
  }
  const pnl = presimulated?.pnl ?? simulatePnLChunk(model, 0, model.paths, val.hasOptions ? revaluer(val) : undefined)
  const level = summarizeMonteCarlo(pnl, [options.confidence])[0]!
  const { repaired, minEigenvalue, floor, clipped } = model.repair
  return {
    var: level.var,
    es: level.es,
    info: { ...base, varStdError: level.varStdError, esStdError: level.esStdError, tailCount: level.tailCount, repaired, repair: { minEigenvalue, floor, clipped } },
  }
}

/**
 * The seeded simulation model of a book (factor covariance h·Σ, linear exposures), or null for an empty book. A worker
 * pool can simulate it (linear books) and hand the P&L back to bookMonteCarlo as `presimulated`: same numbers.
 */
export function monteCarloModelFor(val: BookValuation, cov: Float64Array, options: BookMonteCarloOptions): MonteCarloModel | null {
  if (val.M === 0) return null
  const h = options.horizon
  const scaled = h === 1 ? cov : cov.map((x) => x * h)
  return prepareMonteCarlo(scaled, val.linearExposure, val.M, { seed: options.seed, paths: options.paths, dist: options.distribution, nu: options.nu })
}

/** The P&L of a simulated factor-return vector for a book with options (full revaluation). */
function revaluer(val: BookValuation): (r: Float64Array) => number {
  const linear = val.linearExposure
  const M = val.M
  const options = val.positions
    .filter((p) => p.option !== null)
    .map((p) => {
      const price = spotRepricer(p.option!.input)
      return { factor: p.factor, units: p.units, spot: p.spot, price, base: price(p.spot) }
    })
  return (r) => {
    let s = 0
    for (let f = 0; f < M; f++) s += linear[f]! * r[f]!
    for (const o of options) s += o.units * (o.price(o.spot * (1 + r[o.factor]!)) - o.base)
    return s
  }
}
