import type { RiskFrame } from '@shared/domain/risk-frame'
import type { FeedCheckEvent } from '../../desk/feed-checks'

const pct = (r: number): string => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(Math.abs(r) >= 10 ? 0 : 1)} %`

/** One readable line per feed-check event (suspect ticks, staleness). */
export function describeFeedCheck(e: FeedCheckEvent): string {
  switch (e.type) {
    case 'tick.suspect': {
      const h = e.held
      return `  ? SUSPECT tick held, not applied: ${h.symbol} ${h.date} close ${h.close} (${h.basis === 'close' ? 'close ' : ''}${pct(h.ret)} vs ${h.lastDate}, robust z ${h.z.toFixed(1)} > ${h.k}); ${h.reason}`
    }
    case 'tick.confirmed':
      return `  tick confirmed ${e.held.id} by ${e.by}: applied (${e.reason})`
    case 'tick.dropped':
      return `  tick dropped ${e.held.id} by ${e.by}: ${e.reason}`
    case 'price.stale':
      return `  ! STALE ${e.symbol} on ${e.date}: no price for ${e.missed} market updates while the market ticked; the ${e.lastDate} price is carried forward`
    case 'price.restored':
      return `  ${e.symbol} priced again on ${e.date} after ${e.missed} market updates without a price (stale flag cleared)`
  }
}

/** The mark a risk line carries when its figures use a held-back, stale or carried-forward price ('' when none). */
export function dataQualityMark(frame: RiskFrame): string {
  const notes = frame.dataQuality ?? []
  return notes.length === 0 ? '' : ` DATA: ${notes.map((n) => `${n.symbol} ${n.issue} (price of ${n.priceDate})`).join(', ')}`
}
