import type { Chart } from 'chart.js'
import { dayNumber } from './day-axis'

/**
 * Spans a chart's x axis over the whole replay window (feed `from`..`to`) as *suggested* bounds: the chart shows the
 * full period from the first frame (or with none yet) and fills in as the replay advances, and data outside the window
 * still widens the axis. With no window known, the axis falls back to the data range.
 * Mutates the chart's options in place; the caller runs `chart.update`.
 */
export function applyReplayWindow(chart: Chart, window: { from: string; to: string } | null): void {
  const x = chart.options.scales?.x
  if (!x) return
  x.suggestedMin = window ? dayNumber(window.from) : undefined
  x.suggestedMax = window ? dayNumber(window.to) : undefined
}
