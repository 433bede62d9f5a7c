import type { Anomaly } from '@shared/domain/market-state'
import { DEFAULT_ANOMALY_THRESHOLD, detectAnomalies } from '../engine/anomaly'

/** Day-over-day changes each z-score is computed against (the trailing window, the newest change included). */
export const ANOMALY_WINDOW = 60
/**
 * Changes a metric needs before it is scored: with fewer, the median absolute deviation rests on too few points to be
 * a stable scale (one calm week would make every ordinary move look extreme).
 */
export const ANOMALY_MIN_CHANGES = 20

export type AnomalyMetric = Anomaly['metric']
export const ANOMALY_METRICS: readonly AnomalyMetric[] = ['var', 'pnl', 'correlation']

/** One market day's values of the watched metrics; correlation null when the signal is not computed. */
export interface MetricValues {
  /** historical VaR (currency) */
  readonly var: number
  /** cumulative P&L since the session start (currency); its change is the day's P&L */
  readonly pnl: number
  /** first-component share λ₁ / N of the window's correlation matrix, or null */
  readonly correlation: number | null
}

/** A flagged change with what the audit trail needs to reproduce it. */
export interface AnomalyFinding extends Anomaly {
  readonly value: number
  readonly change: number
  readonly median: number
  readonly mad: number
  /** changes in the window the z-score was computed on */
  readonly changes: number
  /** the |z| cut-off that was exceeded */
  readonly threshold: number
}

/**
 * Watches the risk stream for jumps that are not limit breaches: per metric, the market-day values are kept (the
 * session's initial state first), and each new day's change d_T = x_T − x_{T−1} is scored with the modified z-score
 * of Iglewicz and Hoaglin against the last ANOMALY_WINDOW changes (median and MAD, engine/anomaly.ts
 * detectAnomalies), flagged when |z| > 3.5. Scoring starts once ANOMALY_MIN_CHANGES changes exist.
 */
export class AnomalyMonitor {
  private readonly series: Record<AnomalyMetric, number[]> = { var: [], pnl: [], correlation: [] }

  constructor(initial: MetricValues, readonly threshold: number = DEFAULT_ANOMALY_THRESHOLD) {
    this.append(initial)
  }

  /**
   * Records a new market day and returns the metrics whose change that day is anomalous (in ANOMALY_METRICS order).
   * A null correlation is not recorded (the next change spans the gap).
   */
  pushDay(values: MetricValues): AnomalyFinding[] {
    this.append(values)
    const out: AnomalyFinding[] = []
    for (const metric of ANOMALY_METRICS) {
      if (metric === 'correlation' && values.correlation === null) continue
      const finding = this.score(metric)
      if (finding) out.push(finding)
    }
    return out
  }

  /** Replaces the newest day's values (the book changed within the day, e.g. a paper execution); nothing is scored. */
  replaceLast(values: MetricValues): void {
    this.series.var[this.series.var.length - 1] = values.var
    this.series.pnl[this.series.pnl.length - 1] = values.pnl
    const corr = this.series.correlation
    if (values.correlation !== null && corr.length > 0) corr[corr.length - 1] = values.correlation
  }

  private append(values: MetricValues): void {
    for (const metric of ANOMALY_METRICS) {
      const v = values[metric]
      if (v === null) continue
      const list = this.series[metric]
      list.push(v)
      // keep one value more than the window: ANOMALY_WINDOW changes need ANOMALY_WINDOW + 1 values
      if (list.length > ANOMALY_WINDOW + 1) list.shift()
    }
  }

  private score(metric: AnomalyMetric): AnomalyFinding | null {
    const values = this.series[metric]
    const changes = values.length - 1
    if (changes < ANOMALY_MIN_CHANGES) return null
    const report = detectAnomalies(values, this.threshold, 'difference')
    const z = report.z[changes - 1]!
    if (!(Math.abs(z) > this.threshold)) return null
    const value = values[changes]!
    const change = value - values[changes - 1]!
    return { metric, z, message: describe(metric, value, change, z, changes), value, change, median: report.median, mad: report.mad, changes, threshold: this.threshold }
  }
}

const money = (x: number): string => Math.round(x).toLocaleString('en-US')
const signedMoney = (x: number): string => `${x >= 0 ? '+' : '-'}${money(Math.abs(x))}`

/** One line for the desk and the audit trail, e.g. "historical VaR rose by 52,340 to 410,112 in a day (robust z 6.1 …)". */
function describe(metric: AnomalyMetric, value: number, change: number, z: number, changes: number): string {
  const against = `robust z ${z.toFixed(1)} against the last ${changes} daily changes`
  const dir = change >= 0 ? 'rose' : 'fell'
  if (metric === 'var') return `historical VaR ${dir} by ${money(Math.abs(change))} to ${money(value)} in a day (${against})`
  if (metric === 'pnl') return `book P&L of the day ${signedMoney(change)} (${against})`
  return `correlation first-component share ${dir} by ${(Math.abs(change) * 100).toFixed(1)} pts to ${(value * 100).toFixed(1)} % (${against})`
}
