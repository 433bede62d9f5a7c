import { describe, expect, it } from 'vitest'
import type { DeskEvent } from '../../../src-main/desk/desk-events'
import { DeskSession } from '../../../src-main/desk/desk-session'
import { createReplayFeed } from '../../../src-main/market/feeds/replay-feed'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import type { AuditEntry } from '../../../src-main/desk/audit-sink'
import { bundledMarket, limits, SMALL_BOOK } from './desk-fixture'

const TRADER = { name: 'trader1', role: 'trader' as const, verified: false }

/** Incremental (O(W) per tick) and full recompute agree to rounding: a few ulps times the number of updates. */
const REL_TOL = 1e-9

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

function replay(session: DeskSession, from: string, to: string): void {
  const feed = createReplayFeed(bundledMarket().store, SMALL_BOOK.positions.map((p) => p.symbol), from, to)
  for (let b = feed.next(); b !== null; b = feed.next()) session.applyDay(b)
}

describe('DeskSession (live path on real data)', () => {
  it('after each replayed day, the incremental figures equal a full recompute at that date', () => {
    const market = bundledMarket()
    const session = new DeskSession({ book: SMALL_BOOK, limits: limits({ varLimit: 1e9 }), market, start: '2020-02-03', user: 't' })
    const frames: DeskEvent[] = []
    session.on((e) => e.type === 'risk' && frames.push(e))
    replay(session, '2020-02-03', '2020-03-31')
    expect(frames.length).toBeGreaterThan(35)
    for (const e of frames) {
      if (e.type !== 'risk') continue
      const full = computeRiskReport(SMALL_BOOK, market, { asof: e.frame.date })
      expect(full.asof).toBe(e.frame.date)
      expect(rel(e.frame.var.historical, full.var.historical)).toBeLessThan(REL_TOL)
      expect(rel(e.frame.es.historical, full.es.historical)).toBeLessThan(REL_TOL)
      expect(rel(e.frame.var.parametric, full.var.parametric)).toBeLessThan(REL_TOL)
      expect(rel(e.frame.var.ewma, full.var.ewma)).toBeLessThan(REL_TOL)
      expect(rel(e.frame.es.parametric, full.es.parametric)).toBeLessThan(REL_TOL)
      expect(rel(e.frame.net, full.marketValue.net)).toBeLessThan(REL_TOL)
      expect(rel(e.frame.hhi, full.concentration.hhi)).toBeLessThan(REL_TOL)
      e.positions.forEach((p, i) => {
        expect(p.symbol).toBe(full.positions[i]!.symbol)
        expect(rel(p.componentVaR, full.positions[i]!.componentVaR)).toBeLessThan(REL_TOL)
      })
    }
  })

  it('raises a VaR alert in the March 2020 crash, proposes a reduction after rising VaR, and an approval brings VaR under the limit', () => {
    const written: AuditEntry[][] = []
    const session = new DeskSession({
      book: SMALL_BOOK,
      limits: limits({ varLimit: 40_000, risingUpdates: 2 }),
      market: bundledMarket(),
      start: '2020-02-03',
      user: 'trader1',
      audit: { appendMany: (e) => written.push([...e]) },
      hold: false,
    })
    const events: DeskEvent[] = []
    session.on((e) => events.push(e))
    const feed = createReplayFeed(bundledMarket().store, SMALL_BOOK.positions.map((p) => p.symbol), '2020-02-03', '2020-03-31')
    let approvedVarAfter: number | null = null
    for (let b = feed.next(); b !== null; b = feed.next()) {
      session.applyDay(b)
      const pending = session.pendingAction()
      if (pending && approvedVarAfter === null) {
        expect(pending.plan.varAfter).toBeLessThan(pending.basis.varLimit)
        expect(pending.basis.varBefore).toBeGreaterThan(pending.basis.varLimit)
        // what it was sized on is the desk's own figure
        expect(rel(pending.basis.varBefore, session.currentRisk()!.var.historical)).toBeLessThan(REL_TOL)
        const applied = session.approve(pending.id, TRADER, 'cut risk')
        expect(applied.state).toBe('applied')
        approvedVarAfter = session.currentRisk()!.var.historical
        // the preview is the VaR of the book actually held after the whole-share trades, and so is the recorded outcome
        expect(rel(approvedVarAfter, pending.plan.varAfter)).toBeLessThan(REL_TOL)
        expect(rel(applied.execution!.varAfter, approvedVarAfter)).toBeLessThan(REL_TOL)
        expect(applied.execution!.withinLimit).toBe(true)
      }
    }
    const raised = events.filter((e) => e.type === 'alert' && e.change === 'raised')
    expect(raised.length).toBeGreaterThan(0)
    expect(approvedVarAfter).not.toBeNull()
    expect(approvedVarAfter!).toBeLessThan(40_000)
    const types = written.flat().map((e) => e.type)
    expect(types).toContain('alert.raised')
    expect(types).toContain('action.proposed')
    expect(types).toContain('action.approved')
    expect(types).toContain('action.applied')
    const approval = written.flat().find((e) => e.type === 'action.approved')!
    expect(approval.actor).toBe('trader1')
  })

  it('rejects bad ticks (NaN, negative, out of order, stale, unknown symbol) without touching the book, and logs each', () => {
    const written: AuditEntry[] = []
    const session = new DeskSession({
      book: SMALL_BOOK,
      limits: limits({ varLimit: 1e9 }),
      market: bundledMarket(),
      start: '2020-02-03',
      user: 't',
      audit: { appendMany: (e) => written.push(...e) },
    })
    const before = session.currentRisk()!
    const good = { symbol: 'AAPL', date: '2020-02-03', close: 308.66, adjClose: 305.02, volume: 1e6 }
    const bad = [
      { ...good, close: Number.NaN },
      { ...good, close: -1 },
      { ...good, adjClose: Number.POSITIVE_INFINITY },
      { ...good, date: '2020-01-31' },
      { ...good, date: '2020-02-04' },
      { ...good, symbol: 'NOPE' },
      { ...good, volume: -5 },
    ]
    session.applyDay({ date: '2020-02-03', ticks: bad })
    const rejected = written.filter((e) => e.type === 'tick.rejected')
    expect(rejected).toHaveLength(bad.length)
    const after = session.currentRisk()!
    const aapl = after.positions.find((p) => p.symbol === 'AAPL')!
    expect(aapl.price).toBe(before.positions.find((p) => p.symbol === 'AAPL')!.price)
    // a duplicate of an applied tick is out of order
    session.applyDay({ date: '2020-02-04', ticks: [{ ...good, date: '2020-02-04' }, { ...good, date: '2020-02-04' }] })
    expect(written.filter((e) => e.type === 'tick.rejected')).toHaveLength(bad.length + 1)
    expect(session.snapshot().positions.find((p) => p.symbol === 'AAPL')!.flags.some((f) => f.includes('rejected tick'))).toBe(true)
  })

  it('rejecting needs a reason, and a decided action cannot be decided again', () => {
    const session = new DeskSession({ book: SMALL_BOOK, limits: limits({ varLimit: 30_000, risingUpdates: 1 }), market: bundledMarket(), start: '2020-03-02', user: 't' })
    const feed = createReplayFeed(bundledMarket().store, SMALL_BOOK.positions.map((p) => p.symbol), '2020-03-02', '2020-03-31')
    for (let b = feed.next(); b !== null && !session.pendingAction(); b = feed.next()) session.applyDay(b)
    const pending = session.pendingAction()!
    expect(pending).toBeDefined()
    expect(session.wantsHold()).toBe(true)
    expect(() => session.reject(pending.id, TRADER, '  ')).toThrow(/reason/)
    const rejected = session.reject(pending.id, TRADER, 'hedge coming')
    expect(rejected.state).toBe('rejected')
    expect(rejected.decision?.reason).toBe('hedge coming')
    expect(session.wantsHold()).toBe(false)
    expect(() => session.approve(pending.id, TRADER, 'changed my mind')).toThrow(/is rejected/)
  })

  it('auto policy: the grace counts market updates while the replay runs, and wall time while it is stopped', () => {
    let wall = Date.parse('2026-01-05T09:00:00Z')
    const session = new DeskSession({
      book: SMALL_BOOK,
      limits: limits({ varLimit: 30_000, risingUpdates: 1, policy: 'auto', graceSeconds: 60 }),
      market: bundledMarket(),
      start: '2020-03-02',
      user: 't',
      wall: () => wall,
    })
    const feed = createReplayFeed(bundledMarket().store, SMALL_BOOK.positions.map((p) => p.symbol), '2020-03-02', '2020-03-31')
    for (let b = feed.next(); b !== null && !session.pendingAction(); b = feed.next()) session.applyDay(b)
    const pending = session.pendingAction()!
    expect(pending.policy).toBe('auto')
    expect(session.wantsHold()).toBe(false)
    expect(pending.grace).toEqual({ updates: 1, ms: null })
    // the feed stops (paused): from now on the grace runs out by wall time, never stuck at "0 s"
    session.setFeedStatus({ ...session.feed, health: 'paused' })
    wall += 59_000
    session.pollDue()
    expect(session.pendingAction()?.id).toBe(pending.id)
    expect(session.pendingAction()!.grace!.ms).toBe(1_000)
    wall += 2_000
    session.pollDue()
    expect(session.pendingAction()).toBeUndefined()
    const applied = session.snapshot().actions.find((a) => a.id === pending.id)!
    expect(applied.state).toBe('applied')
    expect(applied.decision?.actor).toBe('desk')
    expect(applied.decision?.automatic).toBe(true)
  })
})
