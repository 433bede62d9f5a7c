/**
 * Generated stress scenarios (docs/RISK-CONVENTIONS.md "Stress tests"), seeded and reproducible:
 * - `bootstrap-crisis`: block bootstrap of the book's daily factor returns inside the library's crisis windows
 *   (proxies as in the historical scenarios), H-day draws of blocks of b days that never cross a window's end;
 * - `fhs-stressed`: filtered historical simulation under stressed volatility: each factor's daily returns over the
 *   last FHS_WINDOW days standardised by their EWMA volatility (λ = 0.94), then rescaled by the EWMA volatilities of
 *   the day in that span when the book's own EWMA volatility was highest, drawn iid over H days.
 * The distribution of stressed P&L is summarised by its worst draw and its 1 % and 5 % quantiles.
 */
import { ewmaVarianceForecasts } from '../engine/ewma-volatility'
import { stressTail, type BootstrapModel, type StressTail } from '../engine/stress-bootstrap'
import { bootstrapPnLChunk } from '../engine/stress-bootstrap'
import { buildMarketWindow } from '../market/history'
import { bookFactors } from './book-factors'
import { factorPath, truncateCalendar, windowCalendar, type FactorPath, type ProxyMode } from './factor-paths'
import { HISTORICAL_SCENARIOS, type HistoricalScenarioDef } from './scenario-library'
import type { StressBook } from './stress-book'
import type { StressMarket } from './stress-market'
import type { ScenarioResult } from './stress-types'

/** Days of returns standardised for the filtered-historical draws (about 10 years). */
export const FHS_WINDOW = 2500
/** Floor of a generated daily return (a β-scaled proxy day or a rescaled residual): −95 %. */
export const DAILY_FLOOR = -0.95
/** Warm-up days of the EWMA before standardised residuals are used. */
export const FHS_WARMUP = 20

export interface GeneratedOptions {
  readonly draws?: number
  readonly horizon?: number
  readonly block?: number
  readonly seed?: number
  readonly proxy?: ProxyMode
  readonly windows?: readonly HistoricalScenarioDef[]
}

export const GENERATED_DEFAULTS = { draws: 10_000, horizon: 10, block: 5, seed: 20_260_101 } as const

export interface PreparedGenerated {
  readonly id: 'bootstrap-crisis' | 'fhs-stressed'
  readonly name: string
  readonly model: BootstrapModel | null
  readonly notes: string[]
  readonly excluded: { symbol: string; reason: string }[]
  readonly netValue: number
}

/** The crisis-window bootstrap model of a book. */
export function prepareCrisisBootstrap(sm: StressMarket, book: StressBook, opts: GeneratedOptions = {}): PreparedGenerated {
  const o = { ...GENERATED_DEFAULTS, ...opts }
  const bf = bookFactors(book)
  const N = bf.factors.length
  const windows = opts.windows ?? HISTORICAL_SCENARIOS
  const rows: Float64Array[] = []
  const segments: number[] = []
  const notes: string[] = []
  for (const def of windows) {
    const full = windowCalendar(sm.calendar, def.start, def.end)
    // only the window's own days go into the pool
    const cal = full ? truncateCalendar(full, full.endRow + 1) : null
    if (!cal) {
      notes.push(`${def.id}: no trading days in the window`)
      continue
    }
    const proxyCache = new Map<string, Float64Array>()
    const paths = bf.factors.map((f, i) => factorPath(sm, book, f, bf.sectors[i]!, cal, opts.proxy ?? 'sector', proxyCache))
    const bad = paths.findIndex((p) => 'reason' in p)
    if (bad >= 0) {
      notes.push(`${def.id} left out of the pool: ${bf.factors[bad]}: ${(paths[bad] as { reason: string }).reason}`)
      continue
    }
    const start = rows.length
    for (let t = 1; t <= cal.endRow; t++) {
      const row = new Float64Array(N)
      for (let i = 0; i < N; i++) {
        const fp = paths[i] as FactorPath
        // a proxied factor's day is β x the proxy's daily return (floored so that a draw never loses over 100 %)
        row[i] = fp.proxyR ? Math.max(DAILY_FLOOR, fp.beta! * ((1 + fp.proxyR[t]!) / (1 + fp.proxyR[t - 1]!) - 1)) : (1 + fp.R[t]!) / (1 + fp.R[t - 1]!) - 1
      }
      rows.push(row)
    }
    segments.push(start, cal.endRow)
  }
  const netValue = book.positions.reduce((s, p) => s + p.marketValue, 0)
  const name = `Block bootstrap of crisis windows (${o.horizon}-day draws, blocks of ${o.block})`
  if (rows.length === 0) return { id: 'bootstrap-crisis', name, model: null, notes: [...notes, 'no crisis window could be used'], excluded: [], netValue }
  const pool = new Float64Array(rows.length * N)
  rows.forEach((r, t) => pool.set(r, t * N))
  notes.push(`pool: ${rows.length} crisis days from ${segments.length / 2} windows`)
  return {
    id: 'bootstrap-crisis',
    name,
    model: { pool, rows: rows.length, N, segments: Int32Array.from(segments), exposure: bf.exposure, options: bf.options, volScale: 1, horizon: o.horizon, block: o.block, draws: o.draws, seed: o.seed },
    notes,
    excluded: [],
    netValue,
  }
}

/** The filtered-historical stressed-volatility model of a book (own data only; short histories are left out). */
export function prepareFhsStressed(sm: StressMarket, book: StressBook, opts: GeneratedOptions = {}): PreparedGenerated {
  const o = { ...GENERATED_DEFAULTS, ...opts }
  const factors = [...new Set(book.positions.map((p) => p.factor))]
  const mw = buildMarketWindow(sm.market.store, factors, book.asof, FHS_WINDOW)
  const keepFactors = new Set(mw.symbols)
  const excluded = book.positions.filter((p) => !keepFactors.has(p.factor)).map((p) => ({ symbol: p.symbol, reason: `fewer than ${FHS_WINDOW} returns before ${book.asof} for filtered historical draws` }))
  const bf = bookFactors(book, (s) => !excluded.some((e) => e.symbol === s))
  const N = bf.factors.length
  const name = `Filtered historical stressed draws (${o.horizon}-day, EWMA-standardised, peak volatility)`
  const netValue = book.positions.reduce((s, p) => s + p.marketValue, 0)
  if (N === 0) return { id: 'fhs-stressed', name, model: null, notes: ['no instrument has enough history'], excluded, netValue }
  const col = bf.factors.map((f) => mw.symbols.indexOf(f))
  const W = mw.window
  const M = mw.symbols.length
  const sig = bf.factors.map((_, i) => {
    const x = new Float64Array(W)
    for (let t = 0; t < W; t++) x[t] = mw.returns[t * M + col[i]!]!
    return ewmaVarianceForecasts(x)
  })
  // the book's own EWMA variance, from its daily linear P&L (options at their underlying's exposure sign-agnostic delta)
  const p = new Float64Array(W)
  for (let t = 0; t < W; t++) for (let i = 0; i < N; i++) p[t] = p[t]! + bf.exposure[i]! * mw.returns[t * M + col[i]!]!
  const pv = ewmaVarianceForecasts(p)
  let peak = FHS_WARMUP
  for (let t = FHS_WARMUP; t < W - 1; t++) if (pv[t]! > pv[peak]!) peak = t
  const rows = W - 1 - FHS_WARMUP
  const pool = new Float64Array(rows * N)
  for (let t = FHS_WARMUP + 1; t < W; t++) {
    for (let i = 0; i < N; i++) {
      // z_t = r_t / σ_t with σ²_t the forecast made after day t−1; rescaled to the peak day's forecast
      const s = Math.sqrt(sig[i]![t - 1]!)
      const z = s > 0 ? mw.returns[t * M + col[i]!]! / s : 0
      pool[(t - FHS_WARMUP - 1) * N + i] = Math.max(DAILY_FLOOR, z * Math.sqrt(sig[i]![peak]!))
    }
  }
  const notes = [`${rows} standardised days ${mw.dates[FHS_WARMUP + 1]}..${mw.dates[W]}, rescaled to the EWMA volatilities forecast after ${mw.dates[peak + 1]} (the book's highest)`, 'daily stressed returns are floored at −95 %']
  return {
    id: 'fhs-stressed',
    name,
    model: { pool, rows, N, segments: Int32Array.from([0, rows]), exposure: bf.exposure, options: bf.options, volScale: 1, horizon: o.horizon, block: 1, draws: o.draws, seed: o.seed },
    notes,
    excluded,
    netValue,
  }
}

/** The scenario result of a generated set from its simulated P&L (pnl = the 1 % quantile; the tail in `extra`). */
export function generatedResult(g: PreparedGenerated, pnl: Float64Array | null, book: StressBook): ScenarioResult {
  const tail: StressTail | null = pnl ? stressTail(pnl) : null
  const m = g.model
  return {
    id: g.id,
    name: g.name,
    kind: 'generated',
    start: null,
    end: null,
    pnl: tail ? tail.q01 : 0,
    pnlPct: tail && g.netValue > 0 ? tail.q01 / g.netValue : null,
    worstDay: null,
    maxDrawdown: null,
    maxDrawdownAmount: null,
    timeToRecover: null,
    positions: [],
    sectors: [],
    path: null,
    volScale: null,
    excluded: [...book.excluded, ...g.excluded, ...(tail ? [] : book.positions.map((p) => ({ symbol: p.symbol, reason: 'no generated draws' })))],
    notes: [...g.notes, tail ? `pnl is the 1 % quantile of ${tail.draws} draws (worst ${tail.worst.toFixed(2)}, 5 % ${tail.q05.toFixed(2)})` : 'no draws: see the notes'],
    extra: tail && m ? { worst: tail.worst, q01: tail.q01, q05: tail.q05, mean: tail.mean, draws: tail.draws, horizon: m.horizon, block: m.block, seed: m.seed } : { worst: null, q01: null, q05: null },
  }
}

/** Runs a prepared generated set on this thread. */
export function runGeneratedLocal(g: PreparedGenerated, book: StressBook): ScenarioResult {
  return generatedResult(g, g.model ? bootstrapPnLChunk(g.model, 0, g.model.draws) : null, book)
}
