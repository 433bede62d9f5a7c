import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import type { ActionPlan } from '../../../../src-main/desk/lifecycle/action-lifecycle'
import { orderTicketCsv, orderTicketVenue, paperVenue, sideOf, ORDER_TICKET_COLUMNS } from '../../../../src-main/desk/lifecycle/venue'

const plan: ActionPlan = {
  kind: 'hedge',
  method: 'min-variance',
  legs: [
    { symbol: 'MSFT', fromQuantity: 8000, toQuantity: 6000, price: 158.83 },
    { symbol: 'SPY', fromQuantity: -3000, toQuantity: -36101, price: 269.32 },
  ],
  varAfter: 1,
  esAfter: null,
  turnover: 1,
}
const order = { actionId: 'X1', book: 'demo-desk', marketDate: '2020-03-13', plan, reason: '=HYPERLINK("evil") approved' }

describe('venues', () => {
  it('paper: fills every leg at the current price, signed', () => {
    const prices: Record<string, number> = { MSFT: 160, SPY: 270 }
    expect(paperVenue((s) => prices[s] ?? null).execute(order)).toEqual({
      status: 'filled',
      fills: [
        { symbol: 'MSFT', quantity: -2000, price: 160 },
        { symbol: 'SPY', quantity: -33101, price: 270 },
      ],
    })
  })
  it('paper: a leg without a price rejects the whole action, never a fill at 0', () => {
    expect(paperVenue((s) => (s === 'MSFT' ? 160 : null)).execute(order)).toEqual({ status: 'rejected', reason: 'no current price for SPY: nothing was filled' })
    expect(paperVenue(() => 0).execute(order).status).toBe('rejected')
  })
  it('sides: sell a long, buy to cover a short, sell short to grow a short, buy to grow a long', () => {
    expect([sideOf(100, 50), sideOf(-100, -50), sideOf(-100, -150), sideOf(0, -10), sideOf(100, 150)]).toEqual(['SELL', 'BUY TO COVER', 'SELL SHORT', 'SELL SHORT', 'BUY'])
  })
  it('order ticket: one row per leg, unsigned quantities, a CSV that reads back, formulae defused', () => {
    const r = orderTicketVenue().execute(order)
    if (r.status !== 'ticketed') throw new Error('expected a ticket')
    const csv = orderTicketCsv(r.ticket)
    const back = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
    expect(back.meta.fields).toEqual([...ORDER_TICKET_COLUMNS])
    expect(back.data.map((x) => [x.ticket, x.symbol, x.side, x.quantity, x.from_quantity, x.to_quantity])).toEqual([
      ['X1-1', 'MSFT', 'SELL', '2000', '8000', '6000'],
      ['X1-2', 'SPY', 'SELL SHORT', '33101', '-3000', '-36101'],
    ])
    expect(back.data[0]!.reason).toBe('\'=HYPERLINK("evil") approved')
  })
})
