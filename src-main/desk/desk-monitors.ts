import type { Regime, VixReading } from '@shared/domain/market-state'
import type { IncrementalRisk } from '../engine/incremental-risk'
import type { MarketContext } from '../market/market-context'
import type { BookState } from './book-state'
import { CorrelationTracker, correlationSignalSkipReason } from './correlation-signal'
import { AnomalyMonitor, type AnomalyFinding, type MetricValues } from './risk-anomalies'
import { REGIME_PROXY } from '../risk/market-regime'
import { proxyCloseOn, RegimeTracker, type RegimeFitAhead } from './regime-tracker'
import { vixReading } from './vix-bands'

/** What the monitors add to one frame. */
export interface MonitorReading {
  readonly regime: Regime | null
  readonly vix: VixReading | null
  readonly correlationShare: number | null
  readonly anomalies: readonly AnomalyFinding[]
}

export interface DeskMonitorsInit {
  readonly market: MarketContext
  /** the last market date before the session's first frame (the initial window's as-of date) */
  readonly asof: string
  /** the W + 1 dates of the initial window, ascending */
  readonly windowDates: readonly string[]
  readonly risk: IncrementalRisk
  readonly book: BookState
  /** historical VaR of the initial state */
  readonly initialVaR: number
  /**
   * the regime fit computed ahead (e.g. on the compute pool by buildRiskStateOnPool) of SPY's returns or of
   * risk.scenarioPnL(); default fitted here
   */
  readonly regimeFit?: RegimeFitAhead | null
}

/**
 * The desk's market and risk-stream monitors, read once per frame: the market regime (RegimeTracker, one Hamilton
 * step per market day), the VIX band of the day, the correlation-breakdown signal of the return window and the
 * anomaly scores of VaR, P&L and that signal. They inform (and, through the regime, may tighten the VaR limit); they
 * never change the book.
 */
export class DeskMonitors {
  private readonly regime: RegimeTracker | null
  private readonly anomalies: AnomalyMonitor
  /** facts about the monitors for the audit trail's session.started event */
  readonly info: Record<string, unknown>
  private lastCorrelation: number | null
  /** the correlation signal's running window sums (null when the signal is skipped for this book's size) */
  private correlation: CorrelationTracker | null
  /** risk.rolls when the tracker last saw the window */
  private correlationRolls: number

  constructor(private readonly init: DeskMonitorsInit) {
    const { market, asof, windowDates, risk, book } = init
    const started = RegimeTracker.start(
      market.store,
      asof,
      risk.scenarioPnL(),
      { from: windowDates[1] ?? asof, to: windowDates[windowDates.length - 1] ?? asof },
      init.regimeFit ?? undefined,
    )
    this.regime = started.tracker
    // the window is copied only when the signal is computed (N <= CORRELATION_SIGNAL_MAX_N)
    this.correlation = correlationSignalSkipReason(risk.N) === null ? new CorrelationTracker(risk.window(), risk.W, risk.N) : null
    this.correlationRolls = risk.rolls
    this.lastCorrelation = this.correlation?.share() ?? null
    this.anomalies = new AnomalyMonitor({ var: init.initialVaR, pnl: 0, correlation: this.lastCorrelation })
    const skip = correlationSignalSkipReason(book.symbols.length)
    this.info = {
      regime: this.regime ? { ...this.regime.info, initial: this.regime.current() } : { unavailable: started.reason },
      vix: market.vix ? 'VIX bands from the loaded VIX history' : 'no VIX data loaded',
      correlationSignal: skip ?? 'first-component share of the window correlation matrix, every frame',
    }
  }

  /** The regime as it stands (before the next day's step). */
  currentRegime(): Regime | null {
    return this.regime?.current() ?? null
  }

  /**
   * A new market day: one regime step, the day's VIX, the correlation signal of the rolled window, and the anomaly
   * scores of the day's changes.
   * @param values - the day's historical VaR and cumulative P&L (the correlation is computed here)
   */
  day(date: string, values: Omit<MetricValues, 'correlation'>): MonitorReading {
    this.stepRegime(date)
    this.lastCorrelation = this.correlationOfWindow()
    const anomalies = this.anomalies.pushDay({ ...values, correlation: this.lastCorrelation })
    return { regime: this.currentRegime(), vix: vixReading(this.init.market.vix, date), correlationShare: this.lastCorrelation, anomalies }
  }

  /** The book changed within the day (a paper execution): same regime, VIX and window; the day's values replaced. */
  sameDay(date: string, values: Omit<MetricValues, 'correlation'>): MonitorReading {
    this.anomalies.replaceLast({ ...values, correlation: this.lastCorrelation })
    return { regime: this.currentRegime(), vix: vixReading(this.init.market.vix, date), correlationShare: this.lastCorrelation, anomalies: [] }
  }

  /**
   * The signal of the risk engine's current window: the tracker takes the newest row when exactly one day was rolled
   * since it last looked (the desk rolls once per market day), and is rebuilt from the window otherwise.
   */
  private correlationOfWindow(): number | null {
    const risk = this.init.risk
    if (this.correlation === null) return null
    if (risk.rolls === this.correlationRolls + 1) this.correlation.roll(risk.newestRow())
    else if (risk.rolls !== this.correlationRolls) this.correlation = new CorrelationTracker(risk.window(), risk.W, risk.N)
    this.correlationRolls = risk.rolls
    return this.correlation.share()
  }

  /** One filter step; a day without a proxy close (or with an unusable observation) leaves the probability as it is. */
  private stepRegime(date: string): void {
    const tracker = this.regime
    if (tracker === null) return
    if (tracker.source === 'book-pnl') {
      tracker.stepObservation(this.init.risk.newestPnL())
      return
    }
    const close = this.proxyClose(date)
    if (close !== null) tracker.stepProxyClose(close)
  }

  /** SPY's adjusted close of the day: the accepted tick when the book holds SPY, else the loaded history's close. */
  private proxyClose(date: string): number | null {
    const { book, market } = this.init
    const i = book.index.get(REGIME_PROXY)
    if (i !== undefined && book.lastDate[i] === date) return book.lastAdj[i]!
    return proxyCloseOn(market.store, date)
  }
}
