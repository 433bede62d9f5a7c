import type { RiskFrame } from '@shared/domain/risk-frame'
import type { Limits } from '@shared/domain/limits'
import { dayNumber } from './day-axis'

/** A chart point with parsing disabled: x = day number (day-axis.ts), y in currency. */
export interface XY {
  x: number
  y: number
}

/** The frame history as the desk store holds it (see stores/desk.ts). */
export interface FrameSource {
  readonly epoch: number
  readonly frames: readonly RiskFrame[]
}

/** A run of consecutive breached frames, as day numbers (inclusive). */
export interface BreachRun {
  from: number
  to: number
}

/**
 * Incrementally maintained chart series. The arrays are created once and mutated in place (push / length = 0), so a
 * Chart.js dataset can hold them for the chart's whole life; Chart.js's Decimation plugin keeps the array we gave it
 * as its source (`dataset._data`), so pushing into it stays correct while decimation is active.
 */
export interface VarSeries {
  epoch: number
  /** the limited measure the breach markers were placed on */
  method: Limits['varMethod']
  cursor: number
  readonly historical: XY[]
  readonly parametric: XY[]
  readonly ewma: XY[]
  /** points of the limited VaR measure (limits.varMethod) on breached frames */
  readonly breaches: XY[]
  readonly runs: BreachRun[]
  /** points on the historical VaR line at frames that flagged an anomaly (frame.anomalies non-empty) */
  readonly anomalies: XY[]
  /** the anomaly messages by day number (x), for the tooltip */
  readonly anomalyNotes: Map<number, string[]>
}

export interface PnlSeries {
  epoch: number
  cursor: number
  readonly pnl: XY[]
}

/** Empty VaR series; the first sync fills it (epoch -1 never matches a store epoch). */
export function createVarSeries(): VarSeries {
  return { epoch: -1, method: 'historical', cursor: 0, historical: [], parametric: [], ewma: [], breaches: [], runs: [], anomalies: [], anomalyNotes: new Map() }
}

/** Empty P&L series; the first sync fills it. */
export function createPnlSeries(): PnlSeries {
  return { epoch: -1, cursor: 0, pnl: [] }
}

/**
 * Brings `series` up to date with `source`: appends frames[cursor..], or rebuilds when the epoch or the method changed.
 * A frame is marked as a breach when the host flagged it (`frame.breached`); the marker sits on the VaR of the method
 * the limit applies to (`method`, from limits.varMethod). Consecutive breached frames merge into one run. A frame with
 * anomalies gets a marker on the historical VaR line (the anomaly monitor watches historical VaR) and its messages.
 * @returns the number of frames consumed (0 = nothing changed).
 */
export function syncVarSeries(series: VarSeries, source: FrameSource, method: Limits['varMethod']): number {
  if (series.epoch !== source.epoch || series.method !== method) {
    series.epoch = source.epoch
    series.method = method
    series.cursor = 0
    series.historical.length = 0
    series.parametric.length = 0
    series.ewma.length = 0
    series.breaches.length = 0
    series.runs.length = 0
    series.anomalies.length = 0
    series.anomalyNotes.clear()
  }
  const start = series.cursor
  const frames = source.frames
  for (let i = start; i < frames.length; i++) {
    const f = frames[i]!
    const x = dayNumber(f.date)
    series.historical.push({ x, y: f.var.historical })
    series.parametric.push({ x, y: f.var.parametric })
    series.ewma.push({ x, y: f.var.ewma })
    if (f.breached) {
      series.breaches.push({ x, y: f.var[method] })
      const prev = i > 0 ? frames[i - 1] : undefined
      const last = series.runs.at(-1)
      if (last && prev?.breached && last.to === dayNumber(prev.date)) last.to = x
      else series.runs.push({ from: x, to: x })
    }
    if (f.anomalies.length > 0) {
      series.anomalies.push({ x, y: f.var.historical })
      series.anomalyNotes.set(x, [...(series.anomalyNotes.get(x) ?? []), ...f.anomalies.map((a) => a.message)])
    }
  }
  series.cursor = frames.length
  return frames.length - start
}

/**
 * Brings the P&L series up to date. `frame.pnl` is taken as the book's P&L since the start of the replay
 * (cumulative), which is what the chart plots.
 * @returns the number of frames consumed.
 */
export function syncPnlSeries(series: PnlSeries, source: FrameSource): number {
  if (series.epoch !== source.epoch) {
    series.epoch = source.epoch
    series.cursor = 0
    series.pnl.length = 0
  }
  const start = series.cursor
  for (let i = start; i < source.frames.length; i++) {
    const f = source.frames[i]!
    series.pnl.push({ x: dayNumber(f.date), y: f.pnl })
  }
  series.cursor = source.frames.length
  return source.frames.length - start
}
