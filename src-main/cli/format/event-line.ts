import type { DeskEvent } from '../../desk/desk-events'
import { dataQualityMark, describeFeedCheck } from './feed-check-line'

const money = (x: number): string => Math.round(x).toLocaleString('en-US')
const fmt = (x: number): string => (Math.abs(x) < 100 ? x.toFixed(2) : money(x))

/** One readable line per notable desk event (ticks are not shown; risk once per frame). */
export function describeEvent(e: DeskEvent): string | null {
  switch (e.type) {
    case 'tick':
    case 'feed':
      return null
    case 'tick.rejected':
      return `  ! tick rejected (${e.field}): ${e.reason}`
    case 'tick.suspect':
    case 'tick.confirmed':
    case 'tick.dropped':
    case 'price.stale':
    case 'price.restored':
      return describeFeedCheck(e)
    case 'risk': {
      const f = e.frame
      const mark = `${f.breached ? ' BREACH' : ''}${f.partial === true ? ` PARTIAL (excluded: ${(f.excluded ?? []).map((x) => `${x.symbol}: ${x.reason}`).join('; ')})` : ''}`
      return `${f.date}  VaR ${money(f.var.historical).padStart(11)} / limit ${money(f.varLimit)}  ES ${money(f.es.historical).padStart(11)}  P&L ${money(f.pnl).padStart(11)}${mark}${dataQualityMark(f)}`
    }
    case 'alert':
      if (e.change === 'cleared') {
        return `  alert cleared      ${e.alert.id} ${e.alert.limit}${e.alert.symbol ? ` ${e.alert.symbol}` : ''} back within limit (${fmt(e.alert.value)} vs ${fmt(e.alert.threshold)})`
      }
      return `  alert ${e.change.padEnd(12)} ${e.alert.id} ${e.alert.message}`
    case 'action': {
      const a = e.action
      const trades = a.trades.map((t) => `${t.symbol} ${t.fromQuantity}->${t.toQuantity}`).join(', ')
      return `  action ${e.change.padEnd(11)} ${a.id} reduce ${(a.fraction * 100).toFixed(1)} % of ${trades}; VaR ${money(a.varBefore)} -> ${money(a.varAfterPreview)}`
    }
    case 'override':
      return `  override ${e.decision} ${e.action.id} by ${e.action.decidedBy ?? '?'}${e.action.reason ? `: ${e.action.reason}` : ''}`
    case 'position': {
      if (e.change === 'split') {
        const d = e.detail
        return `  split ${d.symbol} ${d.ratio}:1 on ${d.exDate}: quantity ${d.fromQuantity} -> ${d.toQuantity}${d.toCost !== null ? `, cost ${fmt(d.fromCost ?? NaN)} -> ${fmt(d.toCost)}` : ''}${d.options.length > 0 ? `; options adjusted: ${d.options.join(', ')}` : ''}`
      }
      const d = e.detail
      return `  option expired ${d.symbol} on ${d.expiry}: settled at intrinsic ${fmt(d.intrinsic)} (${d.underlying} ${fmt(d.underlyingPrice)}), cash ${money(d.cash)}, realised ${money(d.realisedPnL)}; left the book`
    }
    case 'position': {
      if (e.change === 'split') {
        const d = e.detail
        return `  split ${d.symbol} ${d.ratio}:1 on ${d.exDate}: quantity ${d.fromQuantity} -> ${d.toQuantity}${d.toCost !== null ? `, cost ${fmt(d.fromCost ?? NaN)} -> ${fmt(d.toCost)}` : ''}${d.options.length > 0 ? `; options adjusted: ${d.options.join(', ')}` : ''}`
      }
      const d = e.detail
      return `  option expired ${d.symbol} on ${d.expiry}: settled at intrinsic ${fmt(d.intrinsic)} (${d.underlying} ${fmt(d.underlyingPrice)}), cash ${money(d.cash)}, realised ${money(d.realisedPnL)}; left the book`
    }
  }
}
