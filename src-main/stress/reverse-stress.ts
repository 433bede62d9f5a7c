/**
 * Reverse stress test of a book (docs/RISK-CONVENTIONS.md "Stress tests"): the smallest market move m such that the
 * book loses at least `limit` when every position's instrument moves β_i m (β to SPY, or to the S&P 500 index where
 * SPY is absent, over the 250 returns before the as-of date); options fully revalued, vols unchanged.
 */
import { reverseStress, type ReverseStressResult } from '../engine/stress-reverse'
import { optionShockPnL } from './option-shock'
import { INDEX_SYMBOL, MARKET_PROXY } from './sector-industry'
import type { StressBook } from './stress-book'
import type { StressMarket } from './stress-market'

export interface ReverseStressReport extends ReverseStressResult {
  readonly limit: number
  readonly proxy: string
  readonly betas: readonly { symbol: string; beta: number }[]
  readonly excluded: readonly { symbol: string; reason: string }[]
}

export function runReverseStress(sm: StressMarket, book: StressBook, limit: number): ReverseStressReport {
  const proxy = sm.levels.has(MARKET_PROXY) ? MARKET_PROXY : INDEX_SYMBOL
  const excluded = [...book.excluded]
  const used: { p: StressBook['positions'][number]; beta: number }[] = []
  for (const p of book.positions) {
    const b = book.beta(p.factor, proxy)
    if ('reason' in b) excluded.push({ symbol: p.symbol, reason: b.reason })
    else used.push({ p, beta: b.beta })
  }
  const lossAt = (m: number): number => {
    let pnl = 0
    for (const { p, beta } of used) {
      const r = Math.max(-1, beta * m)
      pnl += p.option ? p.units * optionShockPnL(p.option.input, p.option.price, r, 1) : p.marketValue * r
    }
    return -pnl
  }
  const res = used.length ? reverseStress(lossAt, limit) : { move: null, loss: null, reason: 'no position has a beta' }
  return { ...res, limit, proxy, betas: used.map((u) => ({ symbol: u.p.symbol, beta: u.beta })), excluded }
}
