import type { Tick } from './feed'

export type TickVerdict = { ok: true } | { ok: false; field: keyof Tick; reason: string }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Checks one tick before it may touch the book: known symbol, ISO date equal to the batch being applied (not stale,
 * not from the future), strictly after the symbol's previous tick (in order, no duplicate), and finite positive prices.
 * Volume may be NaN (unknown) but not negative or infinite. A rejected tick is logged by the caller, never applied.
 *
 * @param tick the untrusted tick
 * @param batchDate the market date being applied
 * @param lastDate the date of the symbol's last applied tick, or undefined for its first tick
 * @param known the book's symbols
 */
export function validateTick(tick: Tick, batchDate: string, lastDate: string | undefined, known: ReadonlySet<string>): TickVerdict {
  if (typeof tick.symbol !== 'string' || !known.has(tick.symbol)) {
    return { ok: false, field: 'symbol', reason: `unknown symbol ${JSON.stringify(tick.symbol)}` }
  }
  if (typeof tick.date !== 'string' || !ISO_DATE.test(tick.date)) {
    return { ok: false, field: 'date', reason: `malformed date ${JSON.stringify(tick.date)}` }
  }
  if (tick.date < batchDate) return { ok: false, field: 'date', reason: `stale tick dated ${tick.date} while applying ${batchDate}` }
  if (tick.date > batchDate) return { ok: false, field: 'date', reason: `tick dated ${tick.date} is ahead of ${batchDate}` }
  if (lastDate !== undefined && tick.date <= lastDate) {
    return { ok: false, field: 'date', reason: `out of order: ${tick.date} is not after the last tick ${lastDate}` }
  }
  for (const field of ['close', 'adjClose'] as const) {
    const x = tick[field]
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) {
      return { ok: false, field, reason: `${field} must be a finite positive number, got ${String(x)}` }
    }
  }
  const vol = tick.volume
  if (typeof vol !== 'number' || vol < 0 || vol === Infinity) {
    return { ok: false, field: 'volume', reason: `volume must be a non-negative number, got ${String(vol)}` }
  }
  return { ok: true }
}
