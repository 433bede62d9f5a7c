import type { PushPayload } from '@shared/api/contract'
import type { Action } from '@shared/domain/action'
import type { Alert } from '@shared/domain/alert'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import type { FeedStatus } from '@shared/domain/feed'
import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'
import { DeskSnapshotSchema } from '@shared/domain/desk-snapshot'

/**
 * Builders for contract objects used by the renderer tests. Every builder output is parsed with the contract schema
 * in `snapshot()`, so a fixture that drifts from the contract fails loudly instead of testing a shape the host never sends.
 */

const DAY_MS = 86_400_000

/** ISO date `n` days after 2024-01-02. */
export function dateAt(n: number): string {
  return new Date(Date.UTC(2024, 0, 2) + n * DAY_MS).toISOString().slice(0, 10)
}

export function frame(seq: number, over: Partial<RiskFrame> = {}): RiskFrame {
  const historical = 100_000 + seq * 1_000
  return {
    date: dateAt(seq),
    seq,
    net: 5_000_000 + seq,
    gross: 7_000_000 + seq,
    pnl: seq * 250 - 1_000,
    volatility: 40_000,
    var: { historical, parametric: historical * 0.9, ewma: historical * 1.1 },
    es: { historical: historical * 1.25, parametric: historical * 1.15 },
    hhi: 0.12,
    worstSector: { sector: 'Information Technology', shareOfGross: 0.41 },
    varLimit: 150_000,
    breached: historical > 150_000,
    regimeTightened: false,
    regime: { probabilityHigh: 0.2, state: 'low', source: 'SPY' },
    vix: { level: 17.5, band: 'normal' },
    correlationShare: 0.35,
    anomalies: [],
    ...over,
  }
}

export function position(symbol: string, over: Partial<PositionRow> = {}): PositionRow {
  return {
    symbol,
    quantity: 100,
    price: 50,
    marketValue: 5_000,
    weight: 0.1,
    unrealisedPnL: 0,
    componentVaR: 1_000,
    daysToLiquidate: 0.5,
    sector: 'Industrials',
    flags: [],
    ...over,
  }
}

export function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    limit: 'var',
    symbol: null,
    severity: 'MEDIUM',
    value: 160_000,
    threshold: 150_000,
    message: `alert ${id}`,
    raisedAt: '2024-06-01T10:00:00.000Z',
    date: '2024-06-01',
    state: 'open',
    acknowledgedBy: null,
    ...over,
  }
}

export function action(id: string, over: Partial<Action> = {}): Action {
  return {
    id,
    alertId: 'a1',
    kind: 'reduce',
    fraction: 0.25,
    trades: [
      { symbol: 'AAPL', fromQuantity: 400, toQuantity: 300, componentVaR: 40_000 },
      { symbol: 'MSFT', fromQuantity: 200, toQuantity: 150, componentVaR: 30_000 },
    ],
    varBefore: 180_000,
    varAfterPreview: 140_000,
    limit: 150_000,
    policy: 'propose',
    state: 'pending',
    proposedAt: '2024-06-01T10:00:05.000Z',
    autoApplyAt: null,
    decidedBy: null,
    reason: null,
    date: '2024-06-01',
    ...over,
  }
}

export function feed(over: Partial<FeedStatus> = {}): FeedStatus {
  return {
    health: 'paused',
    date: null,
    speed: 5,
    from: '2024-01-02',
    to: '2024-12-31',
    rejectedTicks: 0,
    message: null,
    ...over,
  }
}

/** A desk snapshot validated against the contract (zero frames unless given). */
export function snapshot(over: Partial<DeskSnapshot> = {}): DeskSnapshot {
  return DeskSnapshotSchema.parse({
    book: 'demo-book',
    limits: {
      varLimit: 150_000,
      varMethod: 'historical',
      maxLossPerPosition: 50_000,
      maxPositionWeight: 0.25,
      maxDaysToLiquidate: 5,
      policy: 'propose',
      graceSeconds: 30,
      risingUpdates: 3,
    },
    feed: feed(),
    frames: [],
    positions: [],
    excluded: [],
    alerts: [],
    actions: [],
    user: 'trader1',
    ...over,
  })
}

/** A `desk:frame` push of `frames` (oldest first): the newest as `frame`, the rest as `earlier`, as the host sends. */
export function framePush(frames: RiskFrame | RiskFrame[], positions: PositionRow[] = []): PushPayload<'desk:frame'> {
  const list = Array.isArray(frames) ? frames : [frames]
  const newest = list.at(-1)
  if (!newest) throw new Error('framePush needs at least one frame')
  return { frame: newest, earlier: list.slice(0, -1), positions }
}
