import { randomUUID } from 'node:crypto'
import type { Action, Span } from '@shared/domain/action'
import type { Alert } from '@shared/domain/alert'
import type { Controls } from '@shared/domain/controls'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import type { FeedStatus } from '@shared/domain/feed'
import type { PositionRow } from '@shared/domain/position-row'
import type { RiskFrame } from '@shared/domain/risk-frame'
import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { IncrementalRisk } from '../engine/incremental-risk'
import { ENGINE_VERSION } from '../engine/engine-version'
import { DEFAULT_PARTICIPATION } from '../engine/liquidity'
import type { DayBatch, Tick } from '../market/feeds/feed'
import { validateTick } from '../market/feeds/tick-validator'
import { dayBefore } from '../market/iso-dates'
import type { MarketContext } from '../market/market-context'
import { DEFAULT_CONFIDENCE, DEFAULT_WINDOW } from '../risk/risk-report'
import type { AuditEntry, AuditSink } from './audit-sink'
import type { BookState } from './book-state'
import { applySplits } from './corporate-actions'
import { closeOptionsDay, factorExposure, heldBook, HEDGE_ETFS, openLiveBook, revalueOptionsOn, type LiveBook } from './live-book'
import { DeskControl, type ControlBook, type ControlOutput, type SavedControl } from './desk-control'
import type { SizingBook } from './lifecycle/action-sizing'
import { loopReadings } from './lifecycle/limit-readings'
import { LifecycleError } from './lifecycle/lifecycle-error'
import type { OverrideRequest } from './overrides'
import type { Actor } from './roles'
import type { DeskEvent, DeskListener } from './desk-events'
import { DeskMonitors, type MonitorReading } from './desk-monitors'
import { FeedChecks, feedCheckInit, splitFactorOf, type FeedCheckNote, type FeedCheckSettings, type HeldTickView } from './feed-checks'
import { readLimits, varLimitInForce } from './limits'
import type { RiskState } from './risk-state'
import { ANOMALY_WINDOW } from './risk-anomalies'
import { buildRiskState, positionRows, riskFrame } from './risk-state-builder'

export interface DeskSessionOptions {
  readonly book: Book
  readonly limits: Limits
  readonly market: MarketContext
  /** first market date the feed will deliver; the initial risk window ends on the last date before it */
  readonly start: string
  readonly window?: number
  readonly confidence?: number
  readonly participation?: number
  readonly audit?: AuditSink | null
  /** wall clock (live) or the feed's virtual clock (replay) */
  readonly clock?: () => Date
  /** who runs the desk (recorded as actor of automated steps is 'desk') */
  readonly user: string
  /** the session's id in the audit trail (default a random UUID); alert and action ids carry its first 12 hex digits */
  readonly sessionId?: string
  /** feed checks (RISK-CONVENTIONS "Feed checks"); default on with k = 8 and staleness after 2 market updates */
  readonly feedChecks?: FeedCheckSettings
  /** a replay holds at a proposal until a person decides (default true; `--no-hold` turns it off) */
  readonly hold?: boolean
  /** the kind every automated action takes; 'hedge' also carries the index ETFs (SPY, QQQ) in the window */
  readonly actionKind?: 'reduce' | 'hedge'
  /** the control loop saved before a restart (desk-state-store.ts); the book passed is then the held book */
  readonly restore?: SavedControl
  /** wall clock in ms for the control loop's time (default Date.now) */
  readonly wall?: () => number
  /** where the state that survives a restart is written with each step's audit events; null: not kept */
  readonly state?: DeskStateSink | null
}

/** Keeps the desk's resumable state (audit/desk-state-store.ts), written in the same transaction as the audit events. */
export interface DeskStateSink {
  save(state: { version: 1; book: string; marketDate: string; held: unknown; control: unknown }): void
  atomically<T>(fn: () => T): T
}

/** A decision refused by the control loop; the host returns its code and message to the person who asked. */
export class DeskDecisionError extends Error {
  override readonly name = 'DeskDecisionError'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const SYSTEM_ACTOR = 'desk'

/**
 * The live monitor of one book: ticks -> incremental risk -> limits -> alerts -> action policy -> overrides, with every
 * step written to the audit trail (one transaction per frame) before it is reported to listeners.
 * Frames are market days in replay. Decisions (approve/reject/acknowledge) may arrive between frames.
 */
export class DeskSession {
  readonly book: Book
  limits: Limits
  private readonly market: MarketContext
  private readonly W: number
  private readonly c: number
  private readonly participation: number
  private readonly audit: AuditSink | null
  private readonly clock: () => Date
  readonly user: string
  private readonly state: BookState
  private readonly risk: IncrementalRisk
  /** the book as the desk holds it: linear factors, options, risk engine, exclusions (live-book.ts) */
  private readonly live: LiveBook
  readonly sessionId: string
  /** the control loop: alerts, actions, overrides on the desk's time (desk-control.ts) */
  private readonly control: DeskControl
  private readonly stateSink: DeskStateSink | null
  /** market date the desk is at: the last date of the initial window, then each applied day's date */
  private marketDate: string
  private readonly listeners = new Set<DeskListener>()
  private readonly frames: RiskFrame[] = []
  private readonly excluded: { symbol: string; reason: string }[]
  private readonly flags = new Map<string, Set<string>>()
  private readonly known: ReadonlySet<string>
  private readonly initialNet: number
  private readonly monitors: DeskMonitors
  /** suspect ticks and staleness (feed-checks.ts, RISK-CONVENTIONS "Feed checks") */
  private readonly checks: FeedChecks
  private lastPositions: PositionRow[] = []
  private lastRisk: RiskState | null = null
  private seq = 0
  private rejectedTicks = 0
  private readonly hedgeFactors: ReadonlySet<string>
  feed: FeedStatus

  /** @throws RangeError when no instrument of the book has enough history before `start`. */
  constructor(opts: DeskSessionOptions) {
    this.book = opts.book
    this.limits = opts.limits
    this.market = opts.market
    this.W = opts.window ?? DEFAULT_WINDOW
    this.c = opts.confidence ?? DEFAULT_CONFIDENCE
    this.participation = opts.participation ?? DEFAULT_PARTICIPATION
    this.audit = opts.audit ?? null
    this.clock = opts.clock ?? (() => new Date())
    this.user = opts.user
    this.sessionId = opts.sessionId ?? randomUUID()
    // ids unique across sessions: the session's tag, then a counter
    const tag = this.sessionId.replace(/-/g, '').slice(0, 12)
    const before = dayBefore(opts.start)
    const hedgeFactors = opts.actionKind === 'hedge' ? HEDGE_ETFS.filter((s) => opts.market.store.get(s) !== undefined) : []
    this.live = openLiveBook(opts.book, opts.market, before, this.W, opts.start, hedgeFactors)
    this.hedgeFactors = new Set(hedgeFactors)
    this.stateSink = opts.state ?? null
    const mw = this.live.val.mw
    this.excluded = [...this.live.excluded]
    for (const dq of mw.dataQuality) {
      if (dq.filledDays > 0) this.flag(dq.symbol, `${dq.filledDays} carried-forward prices in window`)
      for (const f of dq.flags) this.flag(dq.symbol, `vendor flag ${f.date}: ${f.issue}`)
    }
    this.state = this.live.state
    // ticks come for the book's stocks and its options' underlyings
    this.known = new Set([...opts.book.positions.map((p) => p.symbol), ...mw.symbols])
    this.risk = this.live.risk
    this.checks = new FeedChecks({
      symbols: this.state.symbols,
      sectors: this.state.sector,
      returns: mw.returns,
      W: this.W,
      market: { store: opts.market.store, sectors: opts.market.sectors },
      splitFactor: splitFactorOf(opts.market.corporateActions),
      lastDates: this.state.lastDate,
      systemActor: SYSTEM_ACTOR,
      ...feedCheckInit(opts.feedChecks),
    })
    this.marketDate = mw.asof
    this.feed = { health: 'idle', date: mw.asof, speed: 'max', from: opts.start, to: opts.start, rejectedTicks: 0, message: null }
    this.lastRisk = this.computeState(mw.asof)
    this.initialNet = this.lastRisk.net
    this.lastPositions = positionRows(this.lastRisk, this.flags)
    this.control = new DeskControl(
      {
        book: opts.book.name,
        limits: opts.limits,
        mode: 'replay',
        wall: opts.wall ?? (() => Date.now()),
        marketDate: mw.asof,
        ids: { alert: `${tag}-A`, action: `${tag}-X` },
        ...(opts.actionKind === undefined ? {} : { actionKind: opts.actionKind }),
        ...(opts.hold === undefined ? {} : { hold: opts.hold }),
        ...(opts.restore === undefined ? {} : { restore: opts.restore }),
      },
      this.controlBook(),
    )
    this.monitors = new DeskMonitors({
      market: opts.market,
      asof: mw.asof,
      windowDates: mw.dates,
      risk: this.risk,
      book: this.state,
      initialVaR: this.lastRisk.var.historical,
    })
  }

  on(listener: DeskListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Records the start of the session in the audit trail. */
  begin(details: Record<string, unknown>): void {
    this.commit([], [
      this.entry('session.started', this.user, { ...details, ...this.settings(), limits: this.limits, excluded: this.excluded, monitors: this.monitors.info }),
    ])
  }

  end(details: Record<string, unknown>): void {
    this.commit([], [this.entry('session.ended', this.user, details)])
  }

  /**
   * Applies one market day: validates each tick (a rejected tick is logged, never applied), screens the valid ones
   * (a suspect tick is held, not applied; feed-checks.ts), applies the rest, counts staleness, rolls the risk window,
   * checks limits, runs the action policy, writes the frame to the audit trail and then reports it.
   */
  applyDay(batch: DayBatch): void {
    this.marketDate = batch.date
    const events: DeskEvent[] = []
    const entries: AuditEntry[] = []
    const N = this.state.symbols.length
    const row = new Float64Array(N)
    const valid: { tick: Tick; i: number }[] = []
    const seen = new Map<number, string>() // a second tick of a symbol in one batch is out of order
    for (const tick of batch.ticks) {
      const i = this.state.index.get(tick.symbol)
      if (i === undefined && this.known.has(tick.symbol)) continue // an excluded instrument: listed at start, not priced
      const lastDate = i === undefined ? undefined : (seen.get(i) ?? this.checks.lastSeen(i, this.state.lastDate[i]!))
      const verdict = validateTick(tick, batch.date, lastDate, this.known)
      if (!verdict.ok || i === undefined) {
        const reason = verdict.ok ? 'not in the book' : verdict.reason
        const field = verdict.ok ? 'symbol' : verdict.field
        this.rejectedTicks++
        if (typeof tick.symbol === 'string') this.flag(tick.symbol, `rejected tick: ${reason}`)
        events.push({ type: 'tick.rejected', tick, field, reason })
        entries.push(this.entry('tick.rejected', SYSTEM_ACTOR, { tick: sanitise(tick), field, reason }))
        continue
      }
      valid.push({ tick, i })
      seen.set(i, tick.date)
    }
    for (const step of this.checks.screen(batch.date, valid, this.state)) {
      this.recordChecks(step.notes, events, entries)
      if (step.apply) {
        const r = this.applyTick(step.apply.i, step.apply.tick, events, entries)
        row[step.apply.i] = (1 + row[step.apply.i]!) * (1 + r) - 1 // a held tick confirmed today, then today's
      }
    }
    this.recordChecks(this.checks.endOfDay(batch.date, new Set(valid.map((v) => v.tick.symbol)), row), events, entries)
    this.risk.rollDay(row)
    for (const settled of closeOptionsDay(this.live, batch.date)) {
      events.push({ type: 'position', change: 'expired', symbol: settled.symbol, detail: settled })
      entries.push(this.entry('option.expired', SYSTEM_ACTOR, settled))
    }
    this.updateFeed(this.withChecks({ ...this.feed, date: batch.date, rejectedTicks: this.rejectedTicks }), events, entries)
    this.frameTail(batch.date, events, entries)
  }

  /**
   * A trader's decision on a held suspect tick, with a reason: 'accept' applies it now (valued at once; its return
   * enters the risk window with the next day) and reads risk and limits again; 'drop' discards it. Audited.
   * @throws ActionError 'reason_required' (under 3 characters) or 'not_found' (no such held tick)
   */
  decideHeldTick(id: string, decision: 'accept' | 'drop', actor: string, reason: string): HeldTickView {
    const { note, held, apply } = this.checks.decide(id, decision, actor, reason)
    const events: DeskEvent[] = []
    const entries: AuditEntry[] = []
    this.recordChecks([note], events, entries)
    if (apply) {
      this.checks.carryReturn(apply.i, this.applyTick(apply.i, apply.tick, events, entries))
      revalueOptionsOn(this.live, apply.i, this.lastFrameDate())
      this.reassess(this.lastFrameDate(), events, entries)
    }
    this.updateFeed(this.withChecks(this.feed), events, entries)
    this.commit(events, entries)
    return held
  }

  /** Applies one accepted tick to the book and the risk engine; returns its adjusted-close return. */
  private applyTick(i: number, tick: Tick, events: DeskEvent[], entries: AuditEntry[]): number {
    for (const split of applySplits(this.live, this.market.corporateActions, i, tick.date)) {
      events.push({ type: 'position', change: 'split', symbol: split.symbol, detail: split })
      entries.push(this.entry('position.split', SYSTEM_ACTOR, { ...split, date: tick.date }))
    }
    const r = this.state.applyTick(i, tick.date, tick.close, tick.adjClose, tick.volume)
    this.risk.setValue(i, factorExposure(this.live, i))
    events.push({ type: 'tick', tick })
    return r
  }

  private recordChecks(notes: readonly FeedCheckNote[], events: DeskEvent[], entries: AuditEntry[]): void {
    for (const n of notes) {
      events.push(n.event)
      entries.push(this.entry(n.event.type, n.actor, n.payload))
    }
  }

  /**
   * Replaces the feed status within a frame: a health change (e.g. to 'degraded') is reported and audited, a change of
   * the held or stale lists only reported (their tick.* / price.* events are the audit record).
   */
  private updateFeed(next: FeedStatus, events: DeskEvent[], entries: AuditEntry[]): void {
    const prev = this.feed
    this.feed = next
    if (next.health !== prev.health) {
      events.push({ type: 'feed', status: next })
      entries.push(this.entry('feed.health', SYSTEM_ACTOR, { status: next }))
    } else if (JSON.stringify([prev.stale, prev.held?.map((h) => h.id)]) !== JSON.stringify([next.stale, next.held?.map((h) => h.id)])) {
      events.push({ type: 'feed', status: next })
    }
  }

  /** The feed status with the feed checks: held ticks, stale instruments, and health 'degraded' while any is stale. */
  private withChecks(status: FeedStatus): FeedStatus {
    const stale = this.checks.stale()
    const degraded = stale.length > 0 && (status.health === 'active' || status.health === 'degraded')
    return {
      ...status,
      health: degraded ? 'degraded' : status.health === 'degraded' ? 'active' : status.health,
      message: degraded ? `stale: ${stale.join(', ')}` : status.health === 'degraded' ? null : status.message,
      stale,
      held: this.checks.held(),
    }
  }

  /**
   * Between frames (and on a timer while the feed is stopped): escalations and expiries by time, auto actions whose
   * grace elapsed. A paused or held replay counts wall time, so nothing waits for updates that will not come.
   */
  pollDue(): void {
    this.step(() => this.control.tick())
  }

  acknowledge(alertId: string, actor: Actor): Alert {
    this.step(() => this.control.acknowledge(alertId, actor))
    return this.control.alert(alertId)
  }

  /** No escalation by time for `span`, with a reason. @throws DeskDecisionError */
  snooze(alertId: string, actor: Actor, reason: string, span: Span): Alert {
    this.step(() => this.control.snooze(alertId, actor, reason, span))
    return this.control.alert(alertId)
  }

  note(alertId: string, actor: Actor, text: string): Alert {
    this.step(() => this.control.note(alertId, actor, text))
    return this.control.alert(alertId)
  }

  /**
   * Approves the open action: re-sized on current prices; within the tolerance it is executed at once on the paper
   * venue and the VaR recomputed; beyond it, it comes back 'resized' for a second confirmation.
   * @throws DeskDecisionError (code: reason_required, forbidden, unauthenticated, risk_increasing, illegal_transition, ...)
   */
  approve(actionId: string, actor: Actor, reason: string): Action {
    this.step(() => this.control.approve(actionId, actor, reason))
    return this.control.action(actionId)
  }

  /** Rejects the open action; a reason is required. @throws DeskDecisionError */
  reject(actionId: string, actor: Actor, reason: string): Action {
    this.step(() => this.control.reject(actionId, actor, reason))
    return this.control.action(actionId)
  }

  /** The trader's own plan (another kind, or target quantities), decided and executed at once. @throws DeskDecisionError */
  modify(actionId: string, actor: Actor, reason: string, change: { kind: 'reduce' | 'hedge' } | { legs: readonly { symbol: string; toQuantity: number }[] }): Action {
    this.step(() => this.control.modify(actionId, actor, reason, change))
    return this.control.action(actionId)
  }

  /** Pause, resume, kill switch (optionally flattening the book), re-arm, reduce-only, lock. @throws DeskDecisionError */
  override(req: OverrideRequest, flatten = false): Controls {
    this.step(() => this.control.override(req, flatten))
    return this.control.controls()
  }

  /** The action's plan (for an order ticket). */
  actionPlan(actionId: string): ReturnType<DeskControl['plan']> {
    return this.control.plan(actionId)
  }

  controls(): Controls {
    return this.control.controls()
  }

  /** Every alert the control loop holds (live ones with the figure's latest value), as views. */
  alerts(): Alert[] {
    return this.control.alerts()
  }

  /** True while a replay should hold: a proposal awaits a person and the hold setting is on. */
  wantsHold(): boolean {
    return this.control.wantsHold()
  }

  /**
   * Runs one control step: its events are audited (with the risk snapshot they were decided on), a paper execution
   * makes the desk read risk and limits again, and then everything is reported. A refused decision is audited too
   * (override.refused) and comes back as a DeskDecisionError.
   */
  private step(run: () => ControlOutput): void {
    const events: DeskEvent[] = []
    const entries: AuditEntry[] = []
    const held = this.heldBook().positions
    let out: ControlOutput
    try {
      out = run()
    } catch (e) {
      const audit = (e as { audit?: ControlOutput }).audit
      if (audit) this.commit(audit.events, audit.entries.map((x) => this.entry(x.type, x.actor, x.payload)))
      if (e instanceof LifecycleError || (e instanceof Error && 'code' in e)) throw new DeskDecisionError(String((e as { code: unknown }).code), e.message)
      throw new DeskDecisionError('not_found', e instanceof Error ? e.message : String(e))
    }
    this.recordControl(out, events, entries, held)
    if (this.hasExecuted(events)) this.reassess(this.lastFrameDate(), events, entries)
    this.commit(events, entries)
  }

  /** The control loop's output into the frame: a risk snapshot first (the book the decision was made on), then the events. */
  private recordControl(out: ControlOutput, events: DeskEvent[], entries: AuditEntry[], held: Book['positions']): void {
    if (out.entries.length === 0) return
    const frame = this.frames[this.frames.length - 1]
    if (frame) entries.push(this.entry('risk.snapshot', SYSTEM_ACTOR, { ...this.settings(), frame, limits: this.limits, positions: held }))
    for (const x of out.entries) entries.push(this.entry(x.type, x.actor, x.payload))
    events.push(...out.events)
  }

  /** Replaces the limits (recorded with who and why); takes effect from the next frame. */
  updateLimits(limits: Limits, actor: string, reason: string): Limits {
    const before = this.limits
    this.limits = limits
    this.control.setLimits(limits)
    this.commit([], [this.entry('limits.changed', actor, { before, after: limits, reason })])
    return limits
  }

  setFeedStatus(status: FeedStatus): void {
    // the desk's time counts wall time while the feed does not deliver (paused, held, finished, failed)
    if (status.health === 'active') this.control.clock.run()
    else this.control.clock.stop()
    const next = this.withChecks({ ...status, rejectedTicks: this.rejectedTicks })
    const changed = next.health !== this.feed.health
    this.feed = next
    if (changed) this.commit([{ type: 'feed', status: this.feed }], [this.entry('feed.health', SYSTEM_ACTOR, { status: this.feed })])
    else this.emit([{ type: 'feed', status: this.feed }])
  }

  snapshot(): DeskSnapshot {
    return {
      book: this.book.name,
      limits: this.limits,
      feed: this.feed,
      frames: [...this.frames],
      positions: this.lastPositions,
      excluded: this.excluded,
      alerts: this.control.alerts(),
      actions: this.control.actions(),
      controls: this.control.controls(),
      hold: this.control.holds(),
      user: this.user,
    }
  }

  /** The open action (proposed or re-sized), if any. */
  pendingAction(): Action | undefined {
    return this.control.openAction()
  }

  currentRisk(): RiskState | null {
    return this.lastRisk
  }

  /** The book as held now (live quantities, split-adjusted costs and option terms, settled options left out). */
  heldBook(): Book {
    return heldBook(this.live, this.book)
  }

  private frameTail(date: string, events: DeskEvent[], entries: AuditEntry[]): void {
    const { state, reading } = this.pushFrame(date, events, 'day')
    for (const a of reading.anomalies) {
      entries.push(this.entry('anomaly.flagged', SYSTEM_ACTOR, { date, ...a, window: ANOMALY_WINDOW }))
    }
    this.control.clock.update(date)
    this.readControl(state, date, events, entries)
    if (this.hasExecuted(events)) this.reassess(date, events, entries)
    this.commit(events, entries)
  }

  /** The limits read on `state` into the control loop (alerts, policy, decided actions executed). */
  private readControl(state: RiskState, date: string, events: DeskEvent[], entries: AuditEntry[]): void {
    const held = this.heldBook().positions
    const readings = loopReadings(readLimits(state, this.limits, this.regimeState()), this.limits.varMethod, {
      marketDate: date,
      window: this.W,
      confidence: this.c,
      method: this.limits.varMethod,
      engineVersion: ENGINE_VERSION,
    })
    // figures that leave positions out must not trade on their own: under 'auto' a partial book's action is proposed
    const autoBlocked = state.partial === true && this.limits.policy === 'auto' ? `auto policy not applied: partial book (${(state.excluded ?? []).map((e) => e.symbol).join(', ')} excluded)` : null
    this.recordControl(this.control.update(readings, autoBlocked), events, entries, held)
  }

  /** A new frame on the same market date after the book changed, with the limits read again (alerts may clear). */
  private reassess(date: string, events: DeskEvent[], entries: AuditEntry[]): void {
    const { state } = this.pushFrame(date, events, 'same-day')
    this.readControl(state, date, events, entries)
  }

  /** The market date the desk stands on: its last frame's, else the feed's, else the date it opened on (a desk
   *  resumed after a restart has no frame until its first market day, yet a decision on it must be dated). */
  private lastFrameDate(): string {
    return this.frames[this.frames.length - 1]?.date ?? this.feed.date ?? this.marketDate
  }

  private hasExecuted(events: readonly DeskEvent[]): boolean {
    return events.some((e) => e.type === 'action' && e.change === 'applied')
  }

  /**
   * Computes and records a frame. 'day': a new market day (one regime step, anomaly scores); 'same-day': the book
   * changed within the day (the monitors' day values are replaced, nothing is stepped or scored).
   */
  private pushFrame(date: string, events: DeskEvent[], kind: 'day' | 'same-day'): { state: RiskState; reading: MonitorReading } {
    const state = this.computeState(date)
    this.lastRisk = state
    this.lastPositions = positionRows(state, this.checks.rowFlags(this.flags))
    const pnl = state.net + this.state.cash - this.initialNet
    const values = { var: state.var.historical, pnl }
    const reading = kind === 'day' ? this.monitors.day(date, values) : this.monitors.sameDay(date, values)
    const inForce = varLimitInForce(this.limits, reading.regime?.state ?? null)
    const frame = riskFrame(state, ++this.seq, pnl, state.var[this.limits.varMethod], {
      varLimit: inForce.limit,
      regimeTightened: inForce.tightened,
      regime: reading.regime,
      vix: reading.vix,
      correlationShare: reading.correlationShare,
      anomalies: reading.anomalies,
    })
    const dataQuality = this.checks.frameNotes()
    if (dataQuality.length > 0) frame.dataQuality = dataQuality
    this.frames.push(frame)
    events.push({ type: 'risk', frame, positions: this.lastPositions })
    return { state, reading }
  }

  /** The regime state the VaR limit is read against (null without a regime model). */
  private regimeState(): 'low' | 'high' | null {
    return this.monitors.currentRegime()?.state ?? null
  }

  private computeState(date: string): RiskState {
    return buildRiskState(date, this.risk, this.state, this.c, this.participation, this.live.layout)
  }

  private flag(symbol: string, note: string): void {
    const set = this.flags.get(symbol) ?? new Set<string>()
    set.add(note)
    this.flags.set(symbol, set)
  }

  /** The envelope of this session's audit events (session id, market date), for events the host writes on its behalf. */
  envelope(): { sessionId: string; marketDate: string } {
    return { sessionId: this.sessionId, marketDate: this.marketDate }
  }

  /** What the session's figures are computed with (recorded at start and with every snapshot). */
  private settings(): { window: number; confidence: number; method: string; engineVersion: string } {
    return { window: this.W, confidence: this.c, method: this.limits.varMethod, engineVersion: ENGINE_VERSION }
  }

  private entry(type: string, actor: string, payload: object): AuditEntry {
    // ts is stamped by the audit log with the wall clock: the trail records when it was written, even in replay
    return { type, actor, book: this.book.name, payload: { ...this.envelope(), ...payload } }
  }

  /** Durable first (one transaction, with the state that survives a restart), then reported. */
  private commit(events: readonly DeskEvent[], entries: readonly AuditEntry[]): void {
    if (entries.length > 0) {
      const write = (): void => {
        this.audit?.appendMany(entries)
        this.stateSink?.save({ version: 1, book: this.book.name, marketDate: this.marketDate, held: this.heldBook(), control: this.control.save() })
      }
      if (this.stateSink) this.stateSink.atomically(write)
      else write()
    }
    this.emit(events)
  }

  /** The live book as the control loop sizes and trades it (desk-control.ts ControlBook). */
  private controlBook(): ControlBook {
    return {
      sizingBook: () => this.sizingBook(),
      hedgeCandidates: () =>
        [...this.hedgeFactors].flatMap((symbol) => {
          const i = this.state.index.get(symbol)
          if (i === undefined) return []
          const R = this.risk.window()
          const { W, N } = this.risk
          return [{ symbol, returns: Float64Array.from({ length: W }, (_, t) => R[t * N + i]!), price: this.state.price[i]! }]
        }),
      limitInForce: () => varLimitInForce(this.limits, this.regimeState()).limit,
      frameSeq: () => this.seq,
      priceOf: (symbol) => {
        const i = this.state.index.get(symbol)
        return i === undefined ? null : this.state.price[i]!
      },
      tradeTo: (symbol, toQuantity) => {
        const i = this.state.index.get(symbol)
        if (i === undefined) throw new LifecycleError('not_found', `${symbol} is no longer in the book`)
        this.state.trade(i, toQuantity)
        this.risk.setValue(i, factorExposure(this.live, i))
      },
      riskNow: () => {
        const s = this.computeState(this.marketDate)
        return { var: s.var[this.limits.varMethod], es: Number.isFinite(s.es.historical) ? s.es.historical : null }
      },
    }
  }

  /**
   * The book for sizing: quantities and raw prices per factor, the risk window, and the scenario P&L no trade changes
   * (options; the desk's scenario P&L minus the linear holdings'), so every preview is the desk's own VaR.
   */
  private sizingBook(): SizingBook {
    const { W, N } = this.risk
    const R = this.risk.window()
    const quantity = Float64Array.from(this.state.quantity)
    const price = Float64Array.from(this.state.price)
    const fixed = this.risk.scenarioPnL()
    for (let t = 0; t < W; t++) {
      let s = 0
      for (let i = 0; i < N; i++) s += quantity[i]! * price[i]! * R[t * N + i]!
      fixed[t] = fixed[t]! - s
    }
    const tradable = Uint8Array.from(this.state.symbols, (sym, i) => (this.state.held[i] || this.hedgeFactors.has(sym) ? 1 : 0))
    return { symbols: this.state.symbols, quantity, price, R, W, N, tradable, method: this.limits.varMethod, confidence: this.c, fixedPnL: fixed }
  }

  private emit(events: readonly DeskEvent[]): void {
    for (const e of events) for (const l of this.listeners) l(e)
  }
}

/** Keeps a rejected tick loggable: canonical JSON refuses NaN, Infinity and undefined, so those become strings. */
function sanitise(tick: unknown): unknown {
  if (tick === null || typeof tick !== 'object') return String(tick)
  const loggable = (v: unknown): unknown =>
    v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : String(v)
  return Object.fromEntries(Object.entries(tick as Record<string, unknown>).map(([k, v]) => [k, loggable(v)]))
}
