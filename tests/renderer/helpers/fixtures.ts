import type { PushPayload } from '@shared/api/contract'
import { ActionPlanSchema, ActionSchema, SizingBasisSchema, type Action, type ActionPlan, type SizingBasis } from '@shared/domain/action'
import { AlertSchema, type Alert } from '@shared/domain/alert'
import { ControlsSchema, type Controls } from '@shared/domain/controls'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import type { FeedStatus } from '@shared/domain/feed'
import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'
import { DeskSnapshotSchema } from '@shared/domain/desk-snapshot'

/**
 * Builders for contract objects used by the renderer tests. Alerts, actions, controls and snapshots are parsed with
 * their domain schemas when built, so a fixture that drifts from the contract fails loudly instead of testing a shape
 * the host never sends.
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

/** An alert view parsed with the domain schema, so a fixture cannot drift from what the host sends. */
export function alert(id: string, over: Partial<Alert> = {}): Alert {
  return AlertSchema.parse({
    id,
    ruleKey: 'var',
    kind: 'var',
    symbol: null,
    label: 'VaR (historical)',
    severity: 'MEDIUM',
    state: 'open',
    value: 160_000,
    limit: 150_000,
    date: '2024-06-03',
    raisedAt: '2024-06-01T10:00:00.000Z',
    acknowledgedBy: null,
    snoozed: null,
    notes: [],
    resolvedDate: null,
    notify: ['trader'],
    ...over,
  })
}

/** A least-turnover reduce plan: AAPL 400 -> 300, MSFT 200 -> 150 (turnover 100·180 + 50·400 = 38,000). */
export function plan(over: Partial<ActionPlan> = {}): ActionPlan {
  return ActionPlanSchema.parse({
    kind: 'reduce',
    method: 'least-turnover',
    legs: [
      { symbol: 'AAPL', fromQuantity: 400, toQuantity: 300, price: 180 },
      { symbol: 'MSFT', fromQuantity: 200, toQuantity: 150, price: 400 },
    ],
    varAfter: 140_000,
    esAfter: 175_000,
    turnover: 38_000,
    ...over,
  })
}

export function basis(over: Partial<SizingBasis> = {}): SizingBasis {
  return SizingBasisSchema.parse({
    marketDate: '2024-06-03',
    frameSeq: 12,
    method: 'historical',
    confidence: 0.99,
    window: 250,
    varBefore: 180_000,
    esBefore: 225_000,
    varLimit: 150_000,
    target: 144_000,
    positions: [
      { symbol: 'AAPL', quantity: 400, price: 180 },
      { symbol: 'MSFT', quantity: 200, price: 400 },
    ],
    ...over,
  })
}

/** A proposed action view (policy propose) parsed with the domain schema. */
export function action(id: string, over: Partial<Action> = {}): Action {
  return ActionSchema.parse({
    id,
    alertId: 'a1',
    kind: 'reduce',
    policy: 'propose',
    state: 'proposed',
    plan: plan(),
    previousPlan: null,
    alternative: { method: 'pro-rata', turnover: 61_000, varAfter: 141_000 },
    basis: basis(),
    date: '2024-06-03',
    proposedAt: '2024-06-01T10:00:05.000Z',
    age: { updates: 0, ms: 0 },
    grace: null,
    decision: null,
    execution: null,
    expiry: null,
    ...over,
  })
}

/** Controls with nothing in force: automation armed. */
export function controls(over: Partial<Controls> = {}): Controls {
  return ControlsSchema.parse({
    book: 'demo-book',
    pause: null,
    kill: null,
    killedAt: null,
    reduceOnly: null,
    lock: null,
    armed: true,
    armedReason: null,
    ...over,
  })
}

/** When something was set: update count, wall ms, market date. */
export function mark(marketDate = '2024-06-03', updates = 12): NonNullable<Controls['killedAt']> {
  return { updates, wallMs: Date.UTC(2024, 5, 1, 10), marketDate }
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
    controls: controls(),
    hold: true,
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
