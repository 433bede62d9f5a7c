import { Chart, Decimation, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'
import annotationPlugin from 'chartjs-plugin-annotation'
import zoomPlugin from 'chartjs-plugin-zoom'
import { DESK_COLORS } from './theme'

let registered = false

/**
 * Registers the Chart.js parts the desk uses (tree-shaken build: only these are bundled) and the dark-theme defaults.
 * Idempotent; called by each chart component before it creates its Chart.
 */
export function registerDeskCharts(): void {
  if (registered) return
  registered = true
  Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Decimation, Filler, annotationPlugin, zoomPlugin)
  Chart.defaults.color = DESK_COLORS.text
  Chart.defaults.borderColor = DESK_COLORS.grid
  Chart.defaults.font.size = 11
  Chart.defaults.font.family = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
}
