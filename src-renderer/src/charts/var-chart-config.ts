import type { ChartConfiguration } from 'chart.js'
import type { AnnotationOptions } from 'chartjs-plugin-annotation'
import type { Limits } from '@shared/domain/limits'
import { formatMoney } from '../util/format'
import { liveChartBase } from './axis-format'
import { isoOfDayNumber } from './day-axis'
import type { BreachRun, VarSeries, XY } from './series'
import { DESK_COLORS } from './theme'

export type VarChartConfig = ChartConfiguration<'line', XY[]>

/** Dataset order in the VaR chart (tests and the component address datasets by these indices). */
export const VAR_DATASET = { historical: 0, parametric: 1, ewma: 2, breaches: 3, exceptions: 4, anomalies: 5 } as const

/**
 * The VaR chart's configuration, built once: the datasets hold the series' arrays by reference (they are mutated in
 * place afterwards). Historical and parametric VaR are lines; EWMA VaR is a third line, shown only when the limit is
 * on EWMA (one legend click shows it otherwise); breaches are red points on the limited measure; backtest exceptions
 * (`exceptions`, filled by charts/backtest-markers.ts) are white triangles at the realised loss; risk-stream anomalies
 * are cyan diamonds on the historical VaR line, their messages in the tooltip.
 * Performance settings follow the Chart.js performance guide: no animation, no parsing, normalized sorted data,
 * min-max decimation (keeps the peaks, which is what a limit chart is about).
 */
export function buildVarChartConfig(series: VarSeries, method: Limits['varMethod'], exceptions: XY[] = []): VarChartConfig {
  const line = (label: string, data: XY[], color: string, hidden = false) => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 1.5,
    pointRadius: 0,
    hidden,
  })
  return {
    type: 'line',
    data: {
      datasets: [
        line('VaR historical', series.historical, DESK_COLORS.historical),
        line('VaR parametric', series.parametric, DESK_COLORS.parametric),
        line('VaR EWMA', series.ewma, DESK_COLORS.ewma, method !== 'ewma'),
        {
          label: 'Breach',
          data: series.breaches,
          showLine: false,
          pointRadius: 2.5,
          pointHoverRadius: 4,
          borderColor: DESK_COLORS.breach,
          backgroundColor: DESK_COLORS.breach,
        },
        {
          label: 'Backtest exception (loss)',
          data: exceptions,
          showLine: false,
          pointStyle: 'triangle',
          pointRadius: 5,
          pointHoverRadius: 6,
          borderColor: DESK_COLORS.exception,
          backgroundColor: DESK_COLORS.exception,
        },
        {
          label: 'Anomaly',
          data: series.anomalies,
          showLine: false,
          pointStyle: 'rectRot',
          pointRadius: 4,
          pointHoverRadius: 5,
          borderColor: DESK_COLORS.anomaly,
          backgroundColor: DESK_COLORS.anomaly,
        },
      ],
    },
    options: {
      ...liveChartBase(8, 6, true),
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max' },
        legend: { position: 'top', align: 'end', labels: { boxWidth: 10, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? isoOfDayNumber(items[0].parsed.x ?? 0) : ''),
            label: (item) =>
              item.datasetIndex === VAR_DATASET.anomalies
                ? (series.anomalyNotes.get(item.parsed.x ?? NaN) ?? [`${item.dataset.label ?? ''}`])
                : `${item.dataset.label ?? ''}: ${formatMoney(item.parsed.y)}`,
          },
        },
        annotation: { annotations: {} },
        zoom: {
          zoom: { wheel: { enabled: true }, drag: { enabled: true, modifierKey: 'shift' }, mode: 'x' },
          pan: { enabled: true, mode: 'x' },
          limits: { x: { min: 'original', max: 'original' } },
        },
      },
    },
  }
}

/**
 * Annotations for the current state: the VaR limit as a dashed threshold line, the tightened high-volatility limit
 * (limits.highVolatilityVarLimit) as a dotted one when set, and one translucent box per run of breached dates (each box
 * spans half a day either side so a single-day breach is visible).
 * @param limit - the VaR limit in currency, or null when no limits are known yet (no line drawn).
 * @param highVolLimit - the limit in force in the high-volatility regime, or null when the limits set none.
 */
export function varAnnotations(limit: number | null, runs: readonly BreachRun[], highVolLimit: number | null = null): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {}
  if (highVolLimit !== null) {
    out.limitHighVol = {
      type: 'line',
      yMin: highVolLimit,
      yMax: highVolLimit,
      borderColor: DESK_COLORS.limitHighVol,
      borderWidth: 1,
      borderDash: [2, 3],
      label: {
        display: true,
        content: `high-vol limit ${formatMoney(highVolLimit)}`,
        position: 'end',
        backgroundColor: 'rgba(0,0,0,0)',
        color: DESK_COLORS.limitHighVol,
        font: { size: 10 },
        padding: 2,
        yAdjust: 8,
      },
    }
  }
  if (limit !== null) {
    out.limit = {
      type: 'line',
      yMin: limit,
      yMax: limit,
      borderColor: DESK_COLORS.limit,
      borderWidth: 1.5,
      borderDash: [6, 4],
      label: {
        display: true,
        content: `limit ${formatMoney(limit)}`,
        position: 'start',
        backgroundColor: 'rgba(0,0,0,0)',
        color: DESK_COLORS.limit,
        font: { size: 10 },
        padding: 2,
        yAdjust: -8,
      },
    }
  }
  runs.forEach((run, i) => {
    out[`breach${i}`] = {
      type: 'box',
      xMin: run.from - 0.5,
      xMax: run.to + 0.5,
      backgroundColor: DESK_COLORS.breachFill,
      borderWidth: 0,
      drawTime: 'beforeDatasetsDraw',
    }
  })
  return out
}
