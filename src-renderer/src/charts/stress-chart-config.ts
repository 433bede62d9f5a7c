import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration } from 'chart.js'
import type { StressScenarioResultView } from '@shared/domain/stress-result'
import { formatMoney, formatSignedMoney } from '../util/format'
import { liveChartBase, moneyTick } from './axis-format'
import { dayNumber, isoOfDayNumber } from './day-axis'
import { registerDeskCharts } from './register'
import type { XY } from './series'
import { DESK_COLORS } from './theme'

let registered = false

/** The desk's chart parts plus the bar chart of the Stress Lab (idempotent). */
export function registerStressCharts(): void {
  registerDeskCharts()
  if (registered) return
  registered = true
  Chart.register(BarController, BarElement, CategoryScale)
}

/**
 * Scenario P&L bars, one per scenario in the table's order: losses red, gains green. Static (no animation).
 * @param rows - scenario results; the bar is the scenario's P&L in the book's currency
 */
export function buildStressBarConfig(rows: readonly Pick<StressScenarioResultView, 'id' | 'name' | 'pnl'>[]): ChartConfiguration<'bar', number[], string> {
  return {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.id),
      datasets: [
        {
          label: 'Scenario P&L',
          data: rows.map((r) => r.pnl),
          backgroundColor: rows.map((r) => (r.pnl < 0 ? DESK_COLORS.loss : DESK_COLORS.gain)),
          borderWidth: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: 'y',
      scales: {
        x: { type: 'linear', ticks: { callback: moneyTick, maxTicksLimit: 4 } },
        y: { type: 'category', ticks: { autoSkip: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${rows[item.dataIndex]?.name ?? ''}: ${formatSignedMoney(item.parsed.x)}` } },
      },
    },
  }
}

/** A historical scenario's value path as chart points: x = day number of each date, y = cumulative book P&L. */
export function stressPathPoints(path: NonNullable<StressScenarioResultView['path']>): XY[] {
  return path.dates.map((d, i) => ({ x: dayNumber(d), y: path.pnl[i] ?? Number.NaN }))
}

/** The value path through a historical window: cumulative book P&L from 0 at the base date. Static. */
export function buildStressPathConfig(points: XY[]): ChartConfiguration<'line', XY[]> {
  return {
    type: 'line',
    data: {
      datasets: [{ label: 'Cumulative P&L', data: points, borderColor: DESK_COLORS.historical, backgroundColor: DESK_COLORS.historical, borderWidth: 1.5, pointRadius: points.length > 60 ? 0 : 1.5 }],
    },
    options: {
      ...liveChartBase(4, 4),
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? isoOfDayNumber(items[0].parsed.x ?? 0) : ''),
            label: (item) => `P&L: ${formatMoney(item.parsed.y)}`,
          },
        },
        annotation: { annotations: {} },
        zoom: { zoom: { wheel: { enabled: false } }, pan: { enabled: false } },
      },
    },
  }
}
