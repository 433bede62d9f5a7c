import type { BacktestResult } from '@shared/domain/backtest-result'
import { dayNumber } from './day-axis'
import type { XY } from './series'

/** Whether the backtest's days and a chart's window (feed from..to) share at least one date. */
export function backtestOverlaps(result: Pick<BacktestResult, 'from' | 'to'> | null, window: { from: string; to: string } | null): boolean {
  return result !== null && window !== null && result.from <= window.to && result.to >= window.from
}

/**
 * Exception markers for the live VaR chart, written into `out` (cleared first, so a Chart.js dataset can keep the
 * array): one point per exception date inside the chart window and not after the newest frame (a replay does not show
 * what it has not reached yet), at y = the realised loss −L_t, which lies above that day's VaR by definition.
 * @returns `out`
 */
export function fillExceptionMarkers(
  out: XY[],
  result: BacktestResult | null,
  window: { from: string; to: string } | null,
  lastFrameDate: string | null,
): XY[] {
  out.length = 0
  if (!result || !window || lastFrameDate === null || !backtestOverlaps(result, window)) return out
  const end = lastFrameDate < window.to ? lastFrameDate : window.to
  const byDate = new Map(result.series.map((s) => [s.date, s]))
  for (const date of result.exceptionDates) {
    if (date < window.from || date > end) continue
    const day = byDate.get(date)
    if (day) out.push({ x: dayNumber(date), y: -day.pnl })
  }
  return out
}

/** The backtest's own VaR-vs-P&L series for its small chart: −VaR_t (a line), L_t (points) and the exceptions. */
export function backtestSeries(result: BacktestResult): { negVar: XY[]; pnl: XY[]; exceptions: XY[] } {
  const negVar: XY[] = []
  const pnl: XY[] = []
  const exceptions: XY[] = []
  for (const s of result.series) {
    const x = dayNumber(s.date)
    negVar.push({ x, y: -s.var })
    pnl.push({ x, y: s.pnl })
    if (s.pnl < -s.var) exceptions.push({ x, y: s.pnl })
  }
  return { negVar, pnl, exceptions }
}
