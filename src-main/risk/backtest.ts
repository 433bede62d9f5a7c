/**
 * Out-of-sample VaR backtest of a book (RISK-CONVENTIONS.md "VaR backtesting"): exceptions, Kupiec and Christoffersen
 * tests and the Basel traffic light, for one method or for several in one pass over the data.
 */
import type { BacktestMethod, BacktestResult } from '@shared/domain/backtest-result'
import type { Book } from '@shared/domain/book'
import { baselZones, binomialTable, coverageTests } from '../engine/backtest-stats'
import { IncrementalRisk } from '../engine/incremental-risk'
import type { MarketContext } from '../market/market-context'
import { buildBacktestPanel, type BacktestPanel } from './backtest-data'
import { BACKTEST_METHODS, DEFAULT_BACKTEST_MODEL, forecastVaR, type BacktestModel } from './backtest-methods'

export const DEFAULT_BACKTEST_WINDOW = 250
export const DEFAULT_BACKTEST_CONFIDENCE = 0.99

export interface BacktestOptions {
  /** first backtest date (ISO); the first market date >= from is used */
  readonly from: string
  /** last backtest date (ISO); the last market date <= to is used */
  readonly to: string
  /** W, returns per VaR window (default 250) */
  readonly window?: number
  /** c in (0, 1), measured from the bottom (default 0.99) */
  readonly confidence?: number
  /** default historical */
  readonly method?: BacktestMethod
  /** Student-t degrees of freedom, > 2 (default 5) */
  readonly nu?: number
  /** EWMA decay in (0, 1) for ewma and filteredHistorical (default 0.94) */
  readonly lambda?: number
}

/**
 * Backtest of one method. See runBacktests for the procedure, the output and the errors.
 * Source: RISK-CONVENTIONS.md "VaR backtesting"; Kupiec (1995); Christoffersen (1998); Basel Committee (1996).
 */
export function runBacktest(book: Book, market: MarketContext, opts: BacktestOptions): BacktestResult {
  const [result] = runBacktests(book, market, [opts.method ?? 'historical'], opts)
  return result as BacktestResult
}

/**
 * Out-of-sample backtests of several VaR methods in one pass. On each market day t in [from, to] (the book's calendar):
 * quantities q_i fixed; v_{t−1,i} = q_i P_{t−1,i} at the raw close of t − 1 (carried forward when missing);
 * VaR_t = the method's one-day VaR of v_{t−1} from the W returns ending on t − 1; realised L_t = Σ_i v_{t−1,i} r_{t,i}
 * with r the simple adj_close return; an exception is L_t < −VaR_t (strict). Instruments excluded at the day before
 * the first backtest day (as the risk report would exclude them) stay excluded throughout and are listed.
 * The window is rolled day by day in an IncrementalRisk (rank-one covariance and EWMA updates, O(N²) per day, plus
 * O(WN) to revalue at each close) rather than rebuilt (O(WN²)).
 *
 * Statistics over the n days: Kupiec POF (χ²(1)), Christoffersen independence on the n − 1 transitions (χ²(1)),
 * conditional coverage LR_POF + LR_ind (χ²(2)), Basel zone for n and c (engine/backtest-stats.ts).
 *
 * @returns one result per method, in the order given; money in the book's currency, VaR positive, P&L signed
 * @throws RangeError for W < 2, c outside (0, 1), ν <= 2, λ outside (0, 1), an unknown method, a range with fewer
 *   than 2 market days or without W returns before it, a book with no usable instrument (buildBacktestPanel), or a
 *   window on which a method is undefined (e.g. a constant P&L for Cornish–Fisher), named by date
 */
export function runBacktests(book: Book, market: MarketContext, methods: readonly BacktestMethod[], opts: BacktestOptions): BacktestResult[] {
  const W = opts.window ?? DEFAULT_BACKTEST_WINDOW
  const c = opts.confidence ?? DEFAULT_BACKTEST_CONFIDENCE
  const model: BacktestModel = {
    confidence: c,
    nu: opts.nu ?? DEFAULT_BACKTEST_MODEL.nu,
    lambda: opts.lambda ?? DEFAULT_BACKTEST_MODEL.lambda,
    fhsWarmup: DEFAULT_BACKTEST_MODEL.fhsWarmup,
  }
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be in (0, 1), got ${c}`)
  if (!(model.nu > 2 && Number.isFinite(model.nu))) throw new RangeError(`nu must be finite and > 2, got ${model.nu}`)
  if (!(model.lambda > 0 && model.lambda < 1)) throw new RangeError(`lambda must be in (0, 1), got ${model.lambda}`)
  if (methods.length === 0) throw new RangeError('no backtest method given')
  for (const m of methods) if (!BACKTEST_METHODS.includes(m)) throw new RangeError(`unknown backtest method ${String(m)}; expected one of ${BACKTEST_METHODS.join(', ')}`)
  if (methods.includes('filteredHistorical') && !(W > model.fhsWarmup + 1)) {
    throw new RangeError(`filteredHistorical needs a window longer than ${model.fhsWarmup + 1} days (its volatility warm-up), got ${W}`)
  }
  const panel = buildBacktestPanel(book, market, opts.from, opts.to, W)
  const M = methods.length
  const vars = walkBacktest(panel, methods, model)
  const pnl = vars.pnl
  return methods.map((method, m) => {
    const v = new Float64Array(panel.days)
    for (let j = 0; j < panel.days; j++) v[j] = vars.var[j * M + m] as number
    return summarise(book.name, method, panel, model, v, pnl)
  })
}

/**
 * The day loop: per backtest day j the VaR of every method (n x M row-major) and the realised P&L (n).
 * State before day j: the window of the W returns ending on dates[W + j] and the values at that day's close.
 */
function walkBacktest(panel: BacktestPanel, methods: readonly BacktestMethod[], model: BacktestModel): { var: Float64Array; pnl: Float64Array } {
  const { window: W, days: n, symbols, quantities, returns, close, dates } = panel
  const N = symbols.length
  const M = methods.length
  const values = new Float64Array(N)
  const valueAt = (k: number): Float64Array => {
    for (let i = 0; i < N; i++) values[i] = (quantities[i] as number) * (close[k * N + i] as number)
    return values
  }
  const risk = new IncrementalRisk({ returns: returns.subarray(0, W * N), W, N, values: valueAt(W), lambda: model.lambda })
  const out = new Float64Array(n * M)
  const pnl = new Float64Array(n)
  const row = new Float64Array(M)
  for (let j = 0; j < n; j++) {
    try {
      forecastVaR(risk, methods, model, row)
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      throw new RangeError(`VaR forecast for ${dates[W + 1 + j]} failed: ${why}`)
    }
    out.set(row, j * M)
    const r = returns.subarray((W + j) * N, (W + j + 1) * N)
    let L = 0
    for (let i = 0; i < N; i++) L += (values[i] as number) * (r[i] as number)
    pnl[j] = L
    if (j + 1 < n) {
      risk.rollDay(r)
      risk.setValues(valueAt(W + 1 + j))
    }
  }
  return { var: out, pnl }
}

function summarise(
  book: string,
  method: BacktestMethod,
  panel: BacktestPanel,
  model: BacktestModel,
  v: Float64Array,
  pnl: Float64Array,
): BacktestResult {
  const { window: W, days: n, dates } = panel
  const c = model.confidence
  const indicator = new Uint8Array(n)
  const series: BacktestResult['series'] = []
  const exceptionDates: string[] = []
  for (let j = 0; j < n; j++) {
    const date = dates[W + 1 + j] as string
    const hit = (pnl[j] as number) < -(v[j] as number)
    indicator[j] = hit ? 1 : 0
    if (hit) exceptionDates.push(date)
    series.push({ date, var: v[j] as number, pnl: pnl[j] as number })
  }
  const tests = coverageTests(indicator, c)
  const zones = baselZones(n, c)
  const x = tests.exceptions
  const cumulative = binomialTable(n, 1 - c, x).cdf[x] as number
  return {
    book,
    method,
    from: dates[W + 1] as string,
    to: dates[W + n] as string,
    window: W,
    confidence: c,
    lambda: method === 'ewma' || method === 'filteredHistorical' ? model.lambda : null,
    nu: method === 'studentT' ? model.nu : null,
    observations: n,
    exceptions: x,
    expectedExceptions: n * (1 - c),
    exceptionDates,
    series,
    kupiec: { lr: tests.pof.lr, pValue: tests.pof.pValue },
    christoffersen: { lrInd: tests.independence.lr, pValue: tests.independence.pValue, ...tests.counts },
    conditionalCoverage: { lr: tests.conditionalCoverage.lr, pValue: tests.conditionalCoverage.pValue },
    trafficLight: {
      zone: x <= zones.greenMax ? 'green' : x < zones.redFrom ? 'yellow' : 'red',
      greenMax: zones.greenMax,
      yellowMax: zones.redFrom - 1,
      cumulativeProbability: cumulative,
    },
    symbols: [...panel.symbols],
    excluded: panel.excluded.map((e) => ({ symbol: e.symbol, reason: e.reason })),
    dataQuality: panel.dataQuality.map((d) => ({ symbol: d.symbol, filledDays: d.filledDays, flags: d.flags.map((f) => ({ date: f.date, issue: f.issue })) })),
  }
}
