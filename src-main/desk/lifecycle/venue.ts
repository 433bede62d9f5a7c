/**
 * Where a decided action goes (issue 8, "Execution goes through a venue interface"): the paper venue (default) fills
 * every leg at the current price; the order-ticket venue fills nothing and writes a ticket (CSV) for traders who
 * execute elsewhere. A leg without a current price is never filled at a made-up price: the whole action is rejected
 * with the reason (the control loop then records it as not executable).
 */
import Papa from 'papaparse'
import type { ActionPlan } from './action-lifecycle'

export interface Fill {
  readonly symbol: string
  /** signed shares traded */
  readonly quantity: number
  readonly price: number
}

export type VenueResult =
  | { readonly status: 'filled'; readonly fills: readonly Fill[] }
  | { readonly status: 'ticketed'; readonly ticket: readonly OrderTicketRow[] }
  | { readonly status: 'rejected'; readonly reason: string }

export interface Venue {
  readonly name: 'paper' | 'order-ticket'
  execute(order: { readonly actionId: string; readonly book: string; readonly marketDate: string; readonly plan: ActionPlan; readonly reason: string }): VenueResult
}

/** The paper venue: fills at `priceOf(symbol)` (the last raw close, or the live price), all legs or none. */
export function paperVenue(priceOf: (symbol: string) => number | null): Venue {
  return {
    name: 'paper',
    execute({ plan }) {
      const fills: Fill[] = []
      for (const l of plan.legs) {
        const price = priceOf(l.symbol)
        if (price === null || !(price > 0) || !Number.isFinite(price)) return { status: 'rejected', reason: `no current price for ${l.symbol}: nothing was filled` }
        fills.push({ symbol: l.symbol, quantity: l.toQuantity - l.fromQuantity, price })
      }
      return { status: 'filled', fills }
    },
  }
}

export type Side = 'BUY' | 'SELL' | 'SELL SHORT' | 'BUY TO COVER'

export interface OrderTicketRow {
  readonly ticket: string
  readonly book: string
  readonly action: string
  readonly marketDate: string
  readonly symbol: string
  readonly side: Side
  /** unsigned shares */
  readonly quantity: number
  readonly orderType: 'MKT'
  /** the price the plan was sized on, for reference (not a limit) */
  readonly referencePrice: number
  readonly fromQuantity: number
  readonly toQuantity: number
  readonly reason: string
}

/** The side of a leg: shrinking a long sells, shrinking a short buys to cover, growing a short sells short. */
export function sideOf(from: number, to: number): Side {
  if (to > from) return from < 0 ? 'BUY TO COVER' : 'BUY'
  return to < 0 && from <= 0 ? 'SELL SHORT' : 'SELL'
}

/** The order-ticket venue: one row per leg; nothing is filled (the book changes when the fills are reported back). */
export function orderTicketVenue(): Venue {
  return {
    name: 'order-ticket',
    execute({ actionId, book, marketDate, plan, reason }) {
      const ticket = plan.legs.map((l, k) => ({
        ticket: `${actionId}-${k + 1}`,
        book,
        action: actionId,
        marketDate,
        symbol: l.symbol,
        side: sideOf(l.fromQuantity, l.toQuantity),
        quantity: Math.abs(l.toQuantity - l.fromQuantity),
        orderType: 'MKT' as const,
        referencePrice: l.price,
        fromQuantity: l.fromQuantity,
        toQuantity: l.toQuantity,
        reason,
      }))
      return { status: 'ticketed', ticket }
    },
  }
}

export const ORDER_TICKET_COLUMNS = ['ticket', 'book', 'action', 'market_date', 'symbol', 'side', 'quantity', 'order_type', 'reference_price', 'from_quantity', 'to_quantity', 'reason'] as const

/**
 * Order tickets as CSV (papaparse unparse, "\n" line ends, header row). Cells that a spreadsheet would run as a
 * formula (=, +, -, @ first) are escaped (escapeFormulae), since reasons are free text.
 */
export function orderTicketCsv(rows: readonly OrderTicketRow[]): string {
  const data = rows.map((r) => [r.ticket, r.book, r.action, r.marketDate, r.symbol, r.side, r.quantity, r.orderType, r.referencePrice, r.fromQuantity, r.toQuantity, r.reason])
  return Papa.unparse({ fields: [...ORDER_TICKET_COLUMNS], data }, { newline: '\n', escapeFormulae: true }) + '\n'
}
