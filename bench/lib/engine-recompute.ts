/**
 * The pure-engine part of a full recompute, timed function by function: scenario P&L, historical VaR/ES (type 7),
 * sample covariance (n − 1), RiskMetrics EWMA covariance (λ = 0.94) with its portfolio σ, and the Euler
 * decomposition of delta-normal VaR. The same steps, in the same order, are timed in bench/numpy_reference.py.
 */
import { ewmaCovariance, RISKMETRICS_LAMBDA, sampleCovariance } from '../../src-main/engine/covariance'
import { eulerDecomposition } from '../../src-main/engine/decomposition'
import { historicalVaRES, scenarioPnL } from '../../src-main/engine/historical'
import { portfolioSigma } from '../../src-main/engine/parametric'
import { nowMs } from './stats'

/** Names of the timed steps, in order (also the keys of the NumPy reference's per-step timings). */
export const ENGINE_STEPS = ['scenarioPnL', 'historicalVaRES', 'sampleCovariance', 'ewmaCovariance', 'eulerDecomposition'] as const
export type EngineStep = (typeof ENGINE_STEPS)[number]

/** Figures of one recompute (to check JS against NumPy) and the time of each step in ms. */
export interface EngineRun {
  readonly figures: { historicalVaR: number; historicalES: number; sigma: number; ewmaSigma: number; parametricVaR: number; componentSum: number }
  readonly component: Float64Array
  readonly stepMs: Record<EngineStep, number>
  readonly totalMs: number
  /** CPU time (user + system) of the covariance step, ms: unlike wall time it does not grow when other processes take the core */
  readonly covarianceCpuMs: number
}

/**
 * One full recompute of the engine figures for returns R (W x N row-major, t = 0 oldest) and values v (N, currency).
 * @throws RangeError from the engine on bad shapes.
 */
export function engineRecompute(R: Float64Array, W: number, N: number, v: Float64Array, c: number): EngineRun {
  const t0 = nowMs()
  const pnl = scenarioPnL(R, W, N, v)
  const t1 = nowMs()
  const hist = historicalVaRES(pnl, c)
  const t2 = nowMs()
  const c2 = process.cpuUsage()
  const cov = sampleCovariance(R, W, N)
  const c3 = process.cpuUsage(c2)
  const t3 = nowMs()
  const ewmaSigma = portfolioSigma(ewmaCovariance(R, W, N, RISKMETRICS_LAMBDA), v, N)
  const t4 = nowMs()
  const euler = eulerDecomposition(cov, v, N, c)
  const t5 = nowMs()
  let componentSum = 0
  for (let i = 0; i < N; i++) componentSum += euler.component[i]!
  return {
    figures: { historicalVaR: hist.var, historicalES: hist.es, sigma: euler.sigma, ewmaSigma, parametricVaR: euler.var, componentSum },
    component: euler.component,
    covarianceCpuMs: (c3.user + c3.system) / 1000,
    stepMs: {
      scenarioPnL: t1 - t0,
      historicalVaRES: t2 - t1,
      sampleCovariance: t3 - t2,
      ewmaCovariance: t4 - t3,
      eulerDecomposition: t5 - t4,
    },
    totalMs: t5 - t0,
  }
}
