/**
 * One historical scenario on a prepared book: per-position P&L (market value x the instrument's return over the
 * window, proxies by β), options revalued fully with the VIX ratio on implied vols, the book's value path with its
 * worst day, maximum drawdown and time to recover. Conventions: docs/RISK-CONVENTIONS.md "Stress tests".
 */
import { pathDrawdown, recoveryIndex, worstDay } from '../engine/stress-path'
import { factorPath, lastIndexAtOrBefore, MAX_RECOVERY_DAYS, truncateCalendar, windowCalendar, type FactorPath, type ProxyMode, type WindowCalendar } from './factor-paths'
import { optionShockPnL } from './option-shock'
import type { HistoricalScenarioDef } from './scenario-library'
import type { StressBook } from './stress-book'
import type { StressMarket } from './stress-market'
import type { ScenarioResult, StressPositionResult } from './stress-types'
import { sectorTotals, UNCLASSIFIED } from './sector-totals'

export interface HistoricalOptions {
  readonly proxy?: ProxyMode
}

/** Days after the window end searched for the recovery in the first step; then 4x, up to MAX_RECOVERY_DAYS. */
const RECOVERY_FIRST_STEP = 250

/** VIX(t) / VIX(base) per calendar row (carried forward), or null when VIX has no close on or before the base date. */
function vixRatios(sm: StressMarket, dates: readonly string[]): Float64Array | null {
  const v = sm.vix
  if (!v) return null
  const b = lastIndexAtOrBefore(v.dates, dates[0]!)
  // The VIX must print on the base date itself (not a stale earlier value) for the ratio to mean the window's change.
  if (b < 0 || v.dates[b] !== dates[0]) return null
  const out = new Float64Array(dates.length)
  let k = b
  for (let t = 0; t < dates.length; t++) {
    while (k + 1 < v.dates.length && v.dates[k + 1]! <= dates[t]!) k++
    out[t] = v.close[k]! / v.close[b]!
  }
  return out
}

/**
 * The book's cumulative P&L on the rows of `cal` (positions moved by their factor paths; options fully revalued with
 * the VIX ratio), the factor path of each position, and the last row every used series covers.
 */
function bookPath(sm: StressMarket, book: StressBook, cal: WindowCalendar, mode: ProxyMode) {
  const paths = new Map<string, FactorPath | { reason: string }>()
  const proxyCache = new Map<string, Float64Array>()
  const ratios = vixRatios(sm, cal.dates)
  const rows = cal.dates.length
  const total = new Float64Array(rows)
  let lastRow = rows - 1
  const moved = book.positions.map((p) => {
    const key = `${p.factor}\u0000${p.sector ?? ''}`
    let fp = paths.get(key)
    if (!fp) paths.set(key, (fp = factorPath(sm, book, p.factor, p.sector, cal, mode, proxyCache)))
    if ('reason' in fp) return { p, fp }
    lastRow = Math.min(lastRow, fp.lastRow)
    const R = fp.R
    if (p.option) {
      const o = p.option
      for (let t = 0; t < rows; t++) total[t] = total[t]! + p.units * optionShockPnL(o.input, o.price, R[t]!, ratios ? ratios[t]! : 1)
    } else {
      const v = p.marketValue
      for (let t = 0; t < rows; t++) total[t] = total[t]! + v * R[t]!
    }
    return { p, fp }
  })
  return { total, ratios, moved, lastRow }
}

/**
 * Runs one historical scenario.
 * @returns the result. When no position can be moved (the window is outside the data, or no proxy covers it) the
 *   P&L is reported as 0 with every position in `excluded` and the reason in `notes`, and pnlPct, the path and the
 *   drawdown are null: never a silent 0.
 */
export function runHistorical(sm: StressMarket, book: StressBook, def: HistoricalScenarioDef, opts: HistoricalOptions = {}): ScenarioResult {
  const mode = opts.proxy ?? 'sector'
  const cal = windowCalendar(sm.calendar, def.start, def.end)
  const empty = (why: string): ScenarioResult => ({
    id: def.id, name: def.name, kind: 'historical', start: def.start, end: def.end, pnl: 0, pnlPct: null, worstDay: null, maxDrawdown: null,
    maxDrawdownAmount: null, timeToRecover: null, positions: [], sectors: [], path: null, volScale: null,
    excluded: book.positions.map((p) => ({ symbol: p.symbol, reason: why })), notes: [why],
  })
  if (!cal) return empty(`no trading days of the scenario calendar between ${def.start} and ${def.end}`)
  // The window first; the value path after it is followed only as far as the recovery needs (see below).
  const first = bookPath(sm, book, truncateCalendar(cal, cal.endRow + 1), mode)
  const { total, ratios } = first
  const positions: StressPositionResult[] = []
  const excluded = [...book.excluded]
  let included = 0
  let netValue = 0
  for (const { p, fp } of first.moved) {
    if ('reason' in fp) {
      excluded.push({ symbol: p.symbol, reason: fp.reason })
      continue
    }
    included++
    netValue += p.marketValue
    const r = fp.R[cal.endRow]!
    const pnl = p.option ? p.units * optionShockPnL(p.option.input, p.option.price, r, ratios ? ratios[cal.endRow]! : 1) : p.marketValue * r
    positions.push({ symbol: p.symbol, sector: p.sector ?? UNCLASSIFIED, marketValue: p.marketValue, pnl, return: r, proxied: fp.proxied, proxy: fp.proxy, beta: fp.beta })
  }
  const notes: string[] = [`${def.description} Source: ${sm.dataVersion}.`]
  const hasOptions = book.positions.some((p) => p.option)
  const volScale = ratios ? ratios[cal.endRow]! : null
  if (hasOptions) notes.push(volScale === null ? `implied vols unchanged: no VIX close on the base date ${cal.dates[0]}` : `implied vols x ${volScale.toFixed(4)} (VIX ${cal.dates[0]} to ${cal.dates[cal.endRow]})`)
  const proxied = positions.filter((p) => p.proxied).length
  if (proxied > 0) notes.push(`${proxied} position(s) proxied by beta (${mode} proxies)`)
  if (included === 0) return { ...empty('no position could be moved'), excluded, notes: [...notes, 'no position could be moved in this window'] }

  const window = total
  const dd = pathDrawdown(window, netValue)
  const wd = worstDay(window)
  let timeToRecover: ScenarioResult['timeToRecover'] = null
  if (dd.amount > 0) {
    let rec: number | null = null
    let followed = cal.endRow
    for (let ext = RECOVERY_FIRST_STEP; ; ext = Math.min(MAX_RECOVERY_DAYS, ext * 4)) {
      const longer = bookPath(sm, book, truncateCalendar(cal, cal.endRow + 1 + ext), mode)
      followed = Math.max(cal.endRow, Math.min(longer.lastRow, longer.total.length - 1))
      rec = recoveryIndex(longer.total.subarray(0, followed + 1), dd.peakIndex, dd.troughIndex)
      if (rec !== null || ext >= MAX_RECOVERY_DAYS || longer.total.length >= cal.dates.length || longer.lastRow < longer.total.length - 1) break
    }
    if (rec !== null) timeToRecover = { days: rec - dd.troughIndex, date: cal.dates[rec]! }
    else notes.push(`not recovered by ${cal.dates[followed]} (the end of the data followed)`)
  }
  const pnl = positions.reduce((s, p) => s + p.pnl, 0)
  return {
    id: def.id,
    name: def.name,
    kind: 'historical',
    start: def.start,
    end: def.end,
    pnl,
    pnlPct: netValue > 0 ? pnl / netValue : null,
    worstDay: { date: cal.dates[wd.index]!, pnl: wd.pnl },
    maxDrawdown: dd.fraction,
    maxDrawdownAmount: dd.amount,
    timeToRecover,
    positions,
    sectors: sectorTotals(positions),
    path: { dates: cal.dates.slice(0, cal.endRow + 1), pnl: Array.from(window) },
    volScale,
    excluded,
    notes,
  }
}
