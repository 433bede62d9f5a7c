import { isoOfDayNumber } from './day-axis'

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** Tick label for the x axis (day numbers, see day-axis.ts). */
export function dayTick(value: string | number): string {
  return isoOfDayNumber(Number(value))
}

/** Tick label for a money axis: 1250000 -> "1.3M". */
export function moneyTick(value: string | number): string {
  return compact.format(Number(value))
}

/**
 * The options every live desk chart shares: no animation (live data), pre-parsed sorted {x,y} points (decimation
 * needs `parsing: false`), nearest-x hover, a day-number x axis and a compact money y axis.
 * @param xTicks most x labels shown; @param yTicks most y labels shown; @param yFromZero start the y axis at 0
 */
export function liveChartBase(xTicks: number, yTicks: number, yFromZero = false) {
  return {
    animation: false as const,
    parsing: false as const,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest' as const, axis: 'x' as const, intersect: false },
    scales: {
      x: { type: 'linear' as const, bounds: 'data' as const, ticks: { callback: dayTick, maxTicksLimit: xTicks, maxRotation: 0, includeBounds: false } },
      y: { type: 'linear' as const, beginAtZero: yFromZero, ticks: { callback: moneyTick, maxTicksLimit: yTicks } },
    },
  }
}
