import type { CorporateActions } from '../market/corporate-actions'
import type { LiveBook } from './live-book'

/** Audit payload of 'position.split': a split applied to the live book on its ex-date. */
export interface SplitRecord {
  readonly symbol: string
  /** ex-date of the split (the market date of the first tick at the new share basis) */
  readonly exDate: string
  /** new shares per old share */
  readonly ratio: number
  readonly fromQuantity: number
  readonly toQuantity: number
  /** cost per share before and after (null when the book gives no cost) */
  readonly fromCost: number | null
  readonly toCost: number | null
  /** option positions on the symbol adjusted with it (strike ÷ ratio, multiplier × ratio) */
  readonly options: readonly string[]
}

/**
 * Applies to factor i every split of its symbol dated after its last applied tick and on or before the incoming tick's
 * date (the ex-date, or a later first tick when the feed skipped it), before that tick's raw close is applied: the
 * quantity is multiplied and the cost per share divided by the ratio (BookState.applySplit), and the options on it
 * are adjusted (OptionBook.applySplit). Market value and unrealised P&L are unchanged at the old price, so the raw
 * close's jump is no loss; returns come from adjusted closes and do not see the split.
 * Conventions: docs/RISK-CONVENTIONS.md "Corporate actions".
 * @returns one record per split applied (empty on most ticks)
 */
export function applySplits(live: LiveBook, actions: CorporateActions | null | undefined, i: number, tickDate: string): SplitRecord[] {
  if (!actions) return []
  const { state, options } = live
  const symbol = state.symbols[i]!
  const after = state.lastDate[i]!
  const out: SplitRecord[] = []
  for (const s of actions.splits(symbol)) {
    if (s.date <= after || s.date > tickDate) continue
    const q = state.applySplit(i, s.ratio)
    const adjusted = options.applySplit(i, s.ratio)
    out.push({ symbol, exDate: s.date, ratio: s.ratio, ...q, options: adjusted })
  }
  return out
}
