/**
 * Measurement code injected into the desk page by the browser bench (page.addInitScript), so the page itself
 * records its frames; the renderer is not changed. It is JavaScript in a string, not a function, because Playwright
 * would serialise a function's bundled source, which Vite may rewrite; and the bench's tsconfig has no DOM types.
 *
 * What `window.__riskdeskProbe` records, in ms since navigation start (performance.now()):
 * - frames: the timestamp of every requestAnimationFrame callback (the page's frame rate; a frame the main thread is
 *   too busy to produce is missing);
 * - loadedAt: the first frame at which the desk reports its book loaded ([data-testid=desk][data-loaded=true]);
 * - playAt: when the bench pressed Play (set by {@link PRESS_PLAY});
 * - firstVarPaintAt: the first frame after Play at which the VaR chart's canvas holds more than
 *   VAR_PIXEL_THRESHOLD pixels of the historical-VaR line colour beyond those present before Play (the legend swatch
 *   has that colour too). Chart.js draws synchronously when the store applies frames, so the line is on the canvas
 *   by the next animation frame: the resolution is one frame;
 * - finishedAt: the first frame at which the feed badge reads `finished`;
 * - chartDraws: each clear of the VaR chart's canvas after Play, i.e. each redraw of the chart.
 */

/** Pixels of the line colour that make the chart "painted": a 2-point line across the plot is hundreds. */
export const VAR_PIXEL_THRESHOLD = 30

/**
 * The init script.
 * @param rgb - the historical-VaR line colour (src-renderer/src/charts/theme.ts DESK_COLORS.historical)
 */
export function probeScript(rgb: readonly [number, number, number]): string {
  const [r, g, b] = rgb
  return `(() => {
  const probe = { frames: [], loadedAt: null, playAt: null, firstVarPaintAt: null, finishedAt: null, chartDraws: [], baseline: 0 }
  window.__riskdeskProbe = probe
  const chartCanvas = () => document.querySelector('[data-testid=risk-chart] canvas')
  const clearRect = CanvasRenderingContext2D.prototype.clearRect
  CanvasRenderingContext2D.prototype.clearRect = function (...args) {
    if (probe.playAt !== null && this.canvas === chartCanvas()) probe.chartDraws.push(performance.now())
    return clearRect.apply(this, args)
  }
  probe.varPixels = () => {
    const c = chartCanvas()
    if (!c || c.width === 0 || c.height === 0) return 0
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let k = 0; k < d.length; k += 4) {
      if (d[k + 3] > 200 && Math.abs(d[k] - ${r}) < 24 && Math.abs(d[k + 1] - ${g}) < 24 && Math.abs(d[k + 2] - ${b}) < 24) n++
    }
    return n
  }
  const frame = (t) => {
    probe.frames.push(t)
    if (probe.loadedAt === null && document.querySelector('[data-testid=desk][data-loaded=true]')) probe.loadedAt = performance.now()
    if (probe.playAt !== null) {
      if (probe.firstVarPaintAt === null && probe.varPixels() > probe.baseline + ${VAR_PIXEL_THRESHOLD}) probe.firstVarPaintAt = performance.now()
      const health = document.querySelector('[data-testid=feed-health]')
      if (probe.finishedAt === null && health && health.textContent.trim() === 'finished') probe.finishedAt = performance.now()
    }
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
})()`
}

/** Expression that records the pixel baseline and the time, then presses Play (evaluated in the page). */
export const PRESS_PLAY = `(() => {
  const p = window.__riskdeskProbe
  p.baseline = p.varPixels()
  p.playAt = performance.now()
  document.querySelector('[data-testid=feed-play]').click()
  return p.baseline
})()`

/** What the bench reads back from the page at the end of a run (the frame lists trimmed to the replay). */
export interface ProbeResult {
  readonly frames: number[]
  readonly loadedAt: number | null
  readonly playAt: number | null
  readonly firstVarPaintAt: number | null
  readonly finishedAt: number | null
  readonly chartDraws: number[]
  readonly baseline: number
}

/** Expression returning the probe's records as plain data. */
export const READ_PROBE = `(() => {
  const p = window.__riskdeskProbe
  return { frames: p.frames, loadedAt: p.loadedAt, playAt: p.playAt, firstVarPaintAt: p.firstVarPaintAt, finishedAt: p.finishedAt, chartDraws: p.chartDraws, baseline: p.baseline }
})()`
