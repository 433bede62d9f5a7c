import type { Action } from '@shared/domain/action'
import type { Alert } from '@shared/domain/alert'
import type { DeskEvent } from '../../desk/desk-events'
import { dataQualityMark, describeFeedCheck } from './feed-check-line'

const money = (x: number): string => Math.round(x).toLocaleString('en-US')
const fmt = (x: number): string => (Math.abs(x) < 100 ? x.toFixed(2) : money(x))

/** A figure in its unit: a weight in percent, days to liquidate in days, money otherwise. */
function figure(alert: Alert, v: number): string {
  if (alert.kind === 'positionWeight') return `${(v * 100).toFixed(1)} %`
  if (alert.kind === 'daysToLiquidate') return `${v.toFixed(2)} days`
  return money(v)
}

/** "VaR (historical) 462,593 > limit 392,000 (118 %)": the alert's figure against its limit, in plain words. */
function reading(alert: Alert): string {
  const ratio = alert.limit > 0 ? ` (${Math.round((alert.value / alert.limit) * 100)} %)` : ''
  return `${alert.label} ${figure(alert, alert.value)} ${alert.value > alert.limit ? '>' : '<='} limit ${figure(alert, alert.limit)}${ratio}`
}

function describeAlert(e: Extract<DeskEvent, { type: 'alert' }>): string {
  const a = e.alert
  switch (e.change) {
    case 'raised':
      return `  ${a.date}  alert raised (${a.severity}): ${reading(a)}; notified ${a.notify.join(', ')}`
    case 'escalated':
      return `  alert escalated to ${a.severity}: ${reading(a)}; notified ${a.notify.join(', ')} (raised ${a.date})`
    case 'acknowledged':
      return `  alert acknowledged by ${a.acknowledgedBy ?? '?'}: ${a.label} (raised ${a.date})`
    case 'resolved':
      return `  ${a.resolvedDate ?? a.date}  alert resolved: ${a.label} back at ${figure(a, a.value)} (limit ${figure(a, a.limit)}; raised ${a.date})`
    case 'snoozed':
      return `  alert snoozed by ${a.snoozed?.by ?? '?'}: ${a.label}${a.snoozed ? ` for ${a.snoozed.span.updates} market updates: ${a.snoozed.reason}` : ''}`
    case 'noted': {
      const n = a.notes.at(-1)
      return `  ${n?.date ?? a.date}  note on ${a.label} by ${n?.actor ?? '?'}: ${n?.text ?? ''}`
    }
  }
}

const legs = (a: Pick<Action['plan'], 'legs'>): string => a.legs.map((l) => `${l.symbol} ${money(l.fromQuantity)} -> ${money(l.toQuantity)}`).join(', ')
const plan = (a: Action['plan']): string => `${a.kind} (${a.method}): ${legs(a)}; VaR after ${money(a.varAfter)}, turnover ${money(a.turnover)}`

function describeAction(e: Extract<DeskEvent, { type: 'action' }>): string {
  const a = e.action
  const d = a.decision
  switch (e.change) {
    case 'proposed':
      return `  ${a.date}  action proposed ${a.id} (${a.policy}): ${plan(a.plan)}; VaR ${money(a.basis.varBefore)}, limit ${money(a.basis.varLimit)}${a.alternative ? `; pro rata would trade ${money(a.alternative.turnover)}` : ''}`
    case 'resized':
      return `  action re-sized ${a.id} on current prices: ${plan(a.plan)}${a.previousPlan ? ` (was ${legs(a.previousPlan)}, VaR after ${money(a.previousPlan.varAfter)})` : ''}; confirm again`
    case 'approved':
      return `  ${d?.date ?? a.date}  action approved ${a.id}${d?.automatic ? ' automatically' : ` by ${d?.actor ?? '?'}`}${d?.reason ? `: ${d.reason}` : ''}`
    case 'rejected':
      return `  ${d?.date ?? a.date}  action rejected ${a.id} by ${d?.actor ?? '?'}: ${d?.reason ?? ''}`
    case 'modified':
      return `  ${d?.date ?? a.date}  action modified ${a.id} by ${d?.actor ?? '?'}: ${d?.reason ?? ''}; now ${plan(a.plan)}`
    case 'applied': {
      const x = a.execution
      const date = e.executedDate ?? x?.executedDate ?? a.date
      const varAfter = e.varAfter ?? x?.varAfter
      const trades = e.trades ?? a.plan.legs
      return `  ${date}  action applied ${a.id}: ${trades.map((t) => `${t.symbol} ${money(t.fromQuantity)} -> ${money(t.toQuantity)}`).join(', ')}; VaR after ${varAfter === undefined ? '?' : money(varAfter)}${x ? ` ${x.withinLimit ? 'within' : 'over'} limit ${money(x.limit)}` : ''}`
    }
    case 'expired':
      return `  action expired ${a.id}${a.expiry ? ` (${a.expiry.cause}): ${a.expiry.detail}` : ''}`
  }
}

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
      return describeAlert(e)
    case 'action':
      return describeAction(e)
    case 'override':
      return `  override ${e.change} by ${e.actor}${e.reason ? `: ${e.reason}` : ''}`
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
