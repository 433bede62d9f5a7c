import type { ChartConfiguration } from 'chart.js'
import { formatSignedMoney } from '../util/format'
import { liveChartBase } from './axis-format'
import { isoOfDayNumber } from './day-axis'
import type { PnlSeries, XY } from './series'
import { DESK_COLORS } from './theme'

export type PnlChartConfig = ChartConfiguration<'line', XY[]>

/**
 * The P&L chart's configuration, built once (the dataset holds the series array by reference). The line is green
 * above zero and red below (per-segment colour), filled to the zero line; same performance settings as the VaR chart.
 */
export function buildPnlChartConfig(series: PnlSeries): PnlChartConfig {
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'P&L vs start',
          data: series.pnl,
          borderWidth: 1.5,
          pointRadius: 0,
          borderColor: DESK_COLORS.gain,
          backgroundColor: DESK_COLORS.gainFill,
          fill: 'origin',
          segment: {
            borderColor: (ctx) => ((ctx.p1.parsed.y ?? 0) < 0 ? DESK_COLORS.loss : DESK_COLORS.gain),
          },
        },
      ],
    },
    options: {
      ...liveChartBase(8, 5),
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? isoOfDayNumber(items[0].parsed.x ?? 0) : ''),
            label: (item) => `P&L ${formatSignedMoney(item.parsed.y)}`,
          },
        },
      },
    },
  }
}
