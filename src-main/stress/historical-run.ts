/**
 * One historical scenario on a prepared book: per-position P&L (market value x the instrument's return over the
 * window, proxies by β), options revalued fully with the VIX ratio on implied vols, the book's value path with its
 * worst day, maximum drawdown and time to recover. Conventions: docs/RISK-CONVENTIONS.md "Stress tests".
 */
import { pathDrawdown, recoveryIndex, worstDay } from '../engine/stress-path'
import { factorPath, lastIndexAtOrBefore, windowCalendar, type FactorPath, type ProxyMode } from './factor-paths'
import { optionShockPnL } from './option-shock'
import type { HistoricalScenarioDef } from './scenario-library'
import type { StressBook } from './stress-book'
import type { StressMarket } from './stress-market'
import type { ScenarioResult, StressPositionResult } from './stress-types'
import { sectorTotals, UNCLASSIFIED } from './sector-totals'

export interface HistoricalOptions {
  readonly proxy?: ProxyMode
}

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
 * Runs one historical scenario.
 * @returns the result; a scenario whose dates are outside the data has pnl 0 only if it also lists every position
 *   as excluded — it is never silently 0: see `notes` and `excluded`
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
  const paths = new Map<string, FactorPath | { reason: string }>()
  const pathOf = (factor: string, sector: string | null): FactorPath | { reason: string } => {
    const key = `${factor}\u0000${sector ?? ''}`
    let p = paths.get(key)
    if (!p) paths.set(key, (p = factorPath(sm, book, factor, sector, cal, mode)))
    return p
  }
  const ratios = vixRatios(sm, cal.dates)
  const rows = cal.dates.length
  const total = new Float64Array(rows)
  const positions: StressPositionResult[] = []
  const excluded = [...book.excluded]
  let lastRow = rows - 1
  let included = 0
  let netValue = 0
  for (const p of book.positions) {
    const fp = pathOf(p.factor, p.sector)
    if ('reason' in fp) {
      excluded.push({ symbol: p.symbol, reason: fp.reason })
      continue
    }
    included++
    netValue += p.marketValue
    lastRow = Math.min(lastRow, fp.lastRow)
    if (p.option) {
      const o = p.option
      for (let t = 0; t < rows; t++) total[t] = total[t]! + p.units * optionShockPnL(o.input, o.price, fp.R[t]!, ratios ? ratios[t]! : 1)
    } else {
      for (let t = 0; t < rows; t++) total[t] = total[t]! + p.marketValue * fp.R[t]!
    }
    const r = fp.R[cal.endRow]!
    const pnl = p.option ? p.units * optionShockPnL(p.option.input, p.option.price, r, ratios ? ratios[cal.endRow]! : 1) : p.marketValue * r
    positions.push({ symbol: p.symbol, sector: p.sector ?? UNCLASSIFIED, marketValue: p.marketValue, pnl, return: r, proxied: fp.proxied, proxy: fp.proxy, beta: fp.beta })
  }
  const notes: string[] = []
  const hasOptions = book.positions.some((p) => p.option)
  const volScale = ratios ? ratios[cal.endRow]! : null
  if (hasOptions) notes.push(volScale === null ? `implied vols unchanged: no VIX close on the base date ${cal.dates[0]}` : `implied vols x ${volScale.toFixed(4)} (VIX ${cal.dates[0]} to ${cal.dates[cal.endRow]})`)
  const proxied = positions.filter((p) => p.proxied).length
  if (proxied > 0) notes.push(`${proxied} position(s) proxied by beta (${mode} proxies)`)
  if (included === 0) return { ...empty('no position could be moved'), excluded, notes: [...notes, 'no position could be moved in this window'] }

  const window = total.subarray(0, cal.endRow + 1)
  const dd = pathDrawdown(window, netValue)
  const wd = worstDay(window)
  let timeToRecover: ScenarioResult['timeToRecover'] = null
  if (dd.amount > 0) {
    const rec = recoveryIndex(total.subarray(0, Math.max(lastRow, cal.endRow) + 1), dd.peakIndex, dd.troughIndex)
    if (rec !== null) timeToRecover = { days: rec - dd.troughIndex, date: cal.dates[rec]! }
    else notes.push(`not recovered by ${cal.dates[Math.max(lastRow, cal.endRow)]} (the end of the data followed)`)
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
