import type { ChartConfiguration } from 'chart.js'
import { formatMoney } from '../util/format'
import { liveChartBase } from './axis-format'
import { isoOfDayNumber } from './day-axis'
import type { XY } from './series'
import { DESK_COLORS } from './theme'

/** Dataset order of the backtest's small chart. */
export const BACKTEST_DATASET = { negVar: 0, pnl: 1, exceptions: 2 } as const

/**
 * The backtest panel's own chart, for a backtest whose days are not on the live VaR chart: −VaR_t as a line (the
 * loss threshold of each day), the realised P&L L_t as small points, and the exceptions (L_t below the line) as the
 * same white triangles as on the VaR chart. Static: rebuilt data, no zoom, no animation.
 */
export function buildBacktestChartConfig(data: { negVar: XY[]; pnl: XY[]; exceptions: XY[] }): ChartConfiguration<'line', XY[]> {
  return {
    type: 'line',
    data: {
      datasets: [
        { label: '−VaR', data: data.negVar, borderColor: DESK_COLORS.historical, backgroundColor: DESK_COLORS.historical, borderWidth: 1.25, pointRadius: 0 },
        { label: 'P&L', data: data.pnl, showLine: false, pointRadius: 1.25, borderColor: DESK_COLORS.pnlDot, backgroundColor: DESK_COLORS.pnlDot },
        {
          label: 'Exception',
          data: data.exceptions,
          showLine: false,
          pointStyle: 'triangle',
          pointRadius: 4,
          borderColor: DESK_COLORS.exception,
          backgroundColor: DESK_COLORS.exception,
        },
      ],
    },
    options: {
      ...liveChartBase(4, 4),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? isoOfDayNumber(items[0].parsed.x ?? 0) : ''),
            label: (item) => `${item.dataset.label ?? ''}: ${formatMoney(item.parsed.y)}`,
          },
        },
        annotation: { annotations: {} },
        zoom: { zoom: { wheel: { enabled: false } }, pan: { enabled: false } },
      },
    },
  }
}
