// Loads tests/fixtures/desk/desk_monitors.json (written by make_desk_monitors.py; the tests never run Python) and
// replays its cases through a DeskSession on the bundled data.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { RiskFrame } from '@shared/domain/risk-frame'
import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { AuditEntry } from '../../../src-main/desk/audit-sink'
import { DeskSession } from '../../../src-main/desk/desk-session'
import { createReplayFeed } from '../../../src-main/market/feeds/replay-feed'
import type { MarketContext } from '../../../src-main/market/market-context'
import { PriceStore } from '../../../src-main/market/price-store'
import { bundledMarket, limits } from './desk-fixture'

export interface ReferenceDay {
  date: string
  var: number
  pnl: number
  correlationShare: number
  vix: number | null
  band: string | null
  probabilityHigh: number
  z: { var: number | null; pnl: number | null; correlation: number | null }
  flagged: ('var' | 'pnl' | 'correlation')[]
}

export interface ReferenceCase {
  name: string
  symbols: string[]
  quantities: number[]
  start: string
  end: string
  source: 'SPY' | 'book-pnl'
  dropSpyFromStore: boolean
  fit: { from: string; to: string; observations: number; initialProbabilityHigh: number }
  days: ReferenceDay[]
}

export const REFERENCE = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/desk/desk_monitors.json'), 'utf8')) as {
  window: number
  confidence: number
  vixEdges: { normal: number; elevated: number; stressed: number }
  cases: ReferenceCase[]
}

let withoutSpy: MarketContext | undefined

/** The bundled market, or the same data with SPY removed from the price store (the regime falls back to the book). */
export function marketFor(c: ReferenceCase): MarketContext {
  const market = bundledMarket()
  if (!c.dropSpyFromStore) return market
  withoutSpy ??= {
    ...market,
    store: new PriceStore(market.store.symbols().filter((s) => s !== 'SPY').map((s) => market.store.get(s)!)),
  }
  return withoutSpy
}

export function bookOf(c: ReferenceCase): Book {
  return { name: 'reference', positions: c.symbols.map((symbol, i) => ({ symbol, quantity: c.quantities[i]! })) }
}

/** Replays a case (limits out of reach unless given) and returns its market-day frames and every audit entry. */
export function replayCase(c: ReferenceCase, over: Partial<Limits> = { varLimit: 1e12 }): { frames: RiskFrame[]; audit: AuditEntry[]; session: DeskSession } {
  const market = marketFor(c)
  const book = bookOf(c)
  const audit: AuditEntry[] = []
  // the reference recomputes on the raw prices: every valid tick applies (no tick held as suspect by the feed checks)
  const session = new DeskSession({
    book,
    limits: limits(over),
    market,
    start: c.start,
    user: 't',
    audit: { appendMany: (e) => audit.push(...e) },
    feedChecks: { suspectTicks: false },
  })
  session.begin({})
  const frames: RiskFrame[] = []
  session.on((e) => e.type === 'risk' && frames.push(e.frame))
  const feed = createReplayFeed(market.store, c.symbols, c.start, c.end)
  for (let b = feed.next(); b !== null; b = feed.next()) session.applyDay(b)
  return { frames, audit, session }
}
