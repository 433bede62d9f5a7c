import type { BookProfile } from '@shared/domain/risk-report'
import { concentrationRatio, correlationSpectrum, diversificationRatio, effectiveNumberOfPositions, giniOfWeights } from '../engine/concentration-ext'
import { drawdownReport } from '../engine/drawdown'
import { ewmaVarianceForecasts } from '../engine/ewma-volatility'
import { fitGarch11, forecastAccuracy, type ForecastAccuracy } from '../engine/garch'
import type { BookValuation } from './book-valuation'
import { userReason } from './unavailable-figures'

/** Per-instrument GARCH fits cost ~20 ms each; beyond this many instruments the table is left out (and said so). */
export const INSTRUMENT_MODELS_MAX = 50

/** Eigenvalues of the correlation matrix reported (largest first); the rest add nothing a desk reads. */
const TOP_EIGENVALUES = 5

/**
 * The book's profile beside the VaR figures (issue #4, docs/RISK-MEASURES.md "Book profile"):
 * - concentration and diversification on the factors' dollar deltas: CR4, effective number of positions (1/HHI),
 *   Gini of |weights|, diversification ratio Σ|a_i|σ_i / σ_P, and the correlation spectrum with the variance share of
 *   the first principal component (a correlation-breakdown signal: it rises when everything moves together);
 * - drawdown of today's holdings' value path over the window, V_t = Σ_i a_i A_{t,i}/A_{T,i} (null when that value is
 *   not positive every day, e.g. a net-short book);
 * - per instrument (books of at most INSTRUMENT_MODELS_MAX): next-day EWMA and GARCH(1,1) volatility of its daily
 *   return with the same forecast losses;
 * - volatility models of the book's one-day P&L: RiskMetrics EWMA and GARCH(1,1) by maximum likelihood, next-day σ
 *   forecasts, and their one-step-ahead accuracy (MSE, QLIKE against realised squared P&L) over the window, so the
 *   models can be compared honestly (GARCH in-sample: its parameters are fitted on the same window).
 * Each block is null when it cannot be computed for this book; `reasons` says why.
 */
export function bookProfile(val: BookValuation, cov: Float64Array, pnl: Float64Array): BookProfile {
  const reasons: { figure: string; reason: string }[] = []
  const attempt = <T>(figure: string, f: () => T): T | null => {
    try {
      return f()
    } catch (e) {
      reasons.push({ figure, reason: e instanceof Error ? e.message : String(e) })
      return null
    }
  }
  const a = val.dollarDelta
  const M = val.M
  const concentration =
    M === 0
      ? null
      : attempt('concentration', () => {
          const spectrum = correlationSpectrum(cov, M)
          return {
            cr4: concentrationRatio(a, 4),
            effectiveN: effectiveNumberOfPositions(a),
            gini: giniOfWeights(a),
            diversificationRatio: diversificationRatio(cov, a, M),
            firstComponentShare: spectrum.firstComponentShare,
            eigenvalues: Array.from(spectrum.eigenvalues.subarray(0, TOP_EIGENVALUES)),
          }
        })
  const drawdown = M === 0 ? null : attempt('drawdown', () => holdingsDrawdown(val))
  const volatilityModels = pnl.length === 0 ? null : attempt('volatilityModels', () => volatilityModelsOf(pnl))
  let instruments: BookProfile['instrumentVolatility'] = null
  if (M > INSTRUMENT_MODELS_MAX) reasons.push({ figure: 'instrumentVolatility', reason: `only computed for books of at most ${INSTRUMENT_MODELS_MAX} instruments (this one has ${M})` })
  else if (M > 0) instruments = attempt('instrumentVolatility', () => instrumentVolatility(val))
  return { concentration, drawdown, volatilityModels, instrumentVolatility: instruments, reasons }
}

function holdingsDrawdown(val: BookValuation): NonNullable<BookProfile['drawdown']> {
  const { mw, M } = val
  const W = mw.window
  const R = mw.returns
  // growth[i] runs backwards from 1 on the as-of date: A_{t,i}/A_{T,i}
  const growth = new Float64Array(M).fill(1)
  const path = new Float64Array(W + 1)
  const value = (): number => {
    let s = 0
    for (let i = 0; i < M; i++) s += val.dollarDelta[i]! * growth[i]!
    return s
  }
  path[W] = value()
  for (let t = W - 1; t >= 0; t--) {
    for (let i = 0; i < M; i++) growth[i] = growth[i]! / (1 + R[t * M + i]!)
    path[t] = value()
  }
  if (!path.every((x) => x > 0)) throw new RangeError('the holdings value is not positive over the whole window (net-short or hedged book)')
  const d = drawdownReport(path)
  const date = (k: number | null): string | null => (k === null ? null : (mw.dates[k] ?? null))
  return {
    maxDrawdown: d.maxDrawdown,
    currentDrawdown: d.currentDrawdown,
    peakDate: date(d.peakIndex),
    troughDate: date(d.troughIndex),
    recoveryDate: date(d.recoveryIndex),
    durationDays: d.maxDrawdownDuration,
    timeToRecoveryDays: d.timeToRecovery,
    currentUnderwaterDays: d.currentUnderwaterDuration,
  }
}

function volatilityModelsOf(pnl: Float64Array): NonNullable<BookProfile['volatilityModels']> {
  const n = pnl.length
  const ewma = ewmaVarianceForecasts(pnl)
  // out[t] is the forecast for t + 1: compare out[t − 1] with pnl[t] for t = 1..n−1
  const ewmaAcc = forecastAccuracy(ewma.subarray(0, n - 1), pnl.subarray(1))
  const garch = fitGarch11(pnl)
  const garchAcc = forecastAccuracy(garch.conditionalVariance.subarray(1, n), pnl.subarray(1))
  return {
    ewma: { forecast: Math.sqrt(ewma[n - 1]!), lambda: 0.94, accuracy: ewmaAcc },
    garch: {
      forecast: Math.sqrt(garch.nextVariance),
      omega: garch.omega,
      alpha: garch.alpha,
      beta: garch.beta,
      persistence: garch.persistence,
      converged: garch.converged,
      accuracy: garchAcc,
    },
  }
}

/**
 * Next-day volatility of each instrument's daily return by EWMA and GARCH(1,1), with their forecast losses. An
 * instrument whose models cannot be computed keeps its row with null figures and the reason; the others stand.
 */
function instrumentVolatility(val: BookValuation): NonNullable<BookProfile['instrumentVolatility']> {
  const { mw, M } = val
  const W = mw.window
  return mw.symbols.map((symbol, i) => {
    const r = new Float64Array(W)
    for (let t = 0; t < W; t++) r[t] = mw.returns[t * M + i]!
    try {
      return instrumentModels(symbol, r)
    } catch (e) {
      return { symbol, ewmaForecast: null, ewmaAccuracy: null, garch: null, unavailable: instrumentFailure(r, mw.dates, e) }
    }
  })
}

/** Why an instrument's models failed, in the user's terms (its returns), not the engine's. */
function instrumentFailure(r: Float64Array, dates: readonly string[], e: unknown): string {
  // EWMA forecasts start at r_0²: a window that opens with unchanged prices gives a zero forecast, and a forecast
  // loss (QLIKE divides by it) is undefined.
  let zeros = 0
  while (zeros < r.length && r[zeros] === 0) zeros++
  if (zeros > 0) {
    const until = dates[zeros] ?? dates[dates.length - 1] ?? '?'
    return `its returns are exactly 0 from the window start to ${until} (unchanged or carried-forward prices), so the EWMA forecast starts at 0 and its forecast losses are undefined`
  }
  return userReason(e instanceof Error ? e.message : String(e))
}

function instrumentModels(symbol: string, r: Float64Array): NonNullable<BookProfile['instrumentVolatility']>[number] {
  const W = r.length
  const ewma = ewmaVarianceForecasts(r)
  const ewmaAccuracy = forecastAccuracy(ewma.subarray(0, W - 1), r.subarray(1))
  let garch: { forecast: number; persistence: number; accuracy: ForecastAccuracy } | null = null
  try {
    const fit = fitGarch11(r)
    garch = { forecast: Math.sqrt(fit.nextVariance), persistence: fit.persistence, accuracy: forecastAccuracy(fit.conditionalVariance.subarray(1, W), r.subarray(1)) }
  } catch {
    garch = null // a constant series (e.g. carried-forward prices) has no GARCH fit; EWMA still stands
  }
  return { symbol, ewmaForecast: Math.sqrt(ewma[W - 1]!), ewmaAccuracy, garch }
}
