/**
 * The desk's control loop on one live book (issue 8): the tested, I/O-free ControlLoop (limits -> alerts -> policy
 * -> actions -> overrides) on a DeskClock, with the live book's sizing (least-turnover reduce, minimum-variance hedge,
 * flatten), execution through a venue, and the views the panel and the CLI show. It returns what to report and what
 * to audit; the session owns the book, the frames and the trail.
 */
import type { Action, ActionKind } from '@shared/domain/action'
import type { Alert, LimitKind } from '@shared/domain/alert'
import type { Controls } from '@shared/domain/controls'
import { automationArmed, refusal, OverrideError, type OverrideRequest } from './overrides'
import type { Actor } from './roles'
import type { ActionChange, AlertChange, DeskEvent, OverrideChange } from './desk-events'
import { graceRemaining, previewAge, SYSTEM_ACTOR, type ActionPlan, type ActionRecord, type Execution } from './lifecycle/action-lifecycle'
import { policyFromLimits, type SeverityPolicy } from './lifecycle/action-policy'
import { flattenPlan, sizeHedge, sizeReduce, sizingBasis, type HedgeInstrument, type SizingBook } from './lifecycle/action-sizing'
import type { AlertRecord, Recipient } from './lifecycle/alert-lifecycle'
import { ControlLoop, DEFAULT_LOOP_CONFIG, type ControlLoopState, type LimitReading, type LoopEvent, type Sizer } from './lifecycle/control-loop'
import { DeskClock, type DeskTime, type FeedMode, type Span } from './lifecycle/desk-time'
import { paperVenue, type Venue } from './lifecycle/venue'
import type { Limits } from '@shared/domain/limits'

/** An action aims this far under the limit in force, so the breach is handled with a margin for the next day's move. */
export const ACTION_TARGET = 0.95

/** What the control loop needs from the live book (the desk session implements it). */
export interface ControlBook {
  /** the live book for sizing: quantities, prices, the window and what no trade changes */
  sizingBook(): SizingBook
  /** index ETFs that may hedge (returns over the window, current price); empty when none is loaded */
  hedgeCandidates(): HedgeInstrument[]
  /** the VaR limit in force now (a high-volatility regime may tighten it) */
  limitInForce(): number
  /** sequence number of the newest frame */
  frameSeq(): number
  /** the current price of a tradable symbol, or null */
  priceOf(symbol: string): number | null
  /** moves a position to `toQuantity` shares at its current price (paper fill) */
  tradeTo(symbol: string, toQuantity: number): void
  /** VaR (the limits' method) and historical ES of the book as it is now, recomputed */
  riskNow(): { var: number; es: number | null }
}

/** The control state that survives a restart (stored with the book's market date and holdings). */
export interface SavedControl {
  readonly updates: number
  readonly loop: ControlLoopState
  readonly notify: Readonly<Record<string, readonly Recipient[]>>
}

/** One step's output: what listeners see and what the trail records (type, actor, payload). */
export interface ControlOutput {
  readonly events: DeskEvent[]
  readonly entries: { type: string; actor: string; payload: object }[]
}

export interface DeskControlOptions {
  readonly book: string
  readonly limits: Limits
  readonly mode: FeedMode
  /** wall clock, ms since the epoch */
  readonly wall: () => number
  readonly marketDate: string
  /** ids of this session's alerts and actions start with these */
  readonly ids: { readonly alert: string; readonly action: string }
  /** the kind every automated action takes (default: the policy's, reduce) */
  readonly actionKind?: 'reduce' | 'hedge'
  /** a replay holds at a proposal until a person decides (default true) */
  readonly hold?: boolean
  readonly venue?: Venue
  readonly restore?: SavedControl
}

const kindOfKey = (key: string): { kind: LimitKind; symbol: string | null } => {
  const [kind, symbol] = key.split(':') as [LimitKind, string | undefined]
  return { kind, symbol: symbol ?? null }
}

export class DeskControl {
  readonly clock: DeskClock
  private loop: ControlLoop
  private readonly notify = new Map<string, readonly Recipient[]>()
  private readonly venue: Venue | null
  private readonly hold: boolean

  constructor(
    private readonly opts: DeskControlOptions,
    private readonly book: ControlBook,
  ) {
    this.clock = new DeskClock(opts.mode, opts.wall, opts.marketDate, opts.restore?.updates ?? 0)
    this.hold = opts.hold ?? true
    this.loop = this.makeLoop(opts.limits, opts.restore?.loop)
    for (const [id, n] of Object.entries(opts.restore?.notify ?? {})) this.notify.set(id, n)
    this.venue = opts.venue ?? null
  }

  private makeLoop(limits: Limits, state?: ControlLoopState): ControlLoop {
    const base = policyFromLimits(limits)
    const kind = this.opts.actionKind
    const policy: SeverityPolicy = kind === undefined ? base : { ...base, HIGH: { ...base.HIGH, kind }, CRITICAL: { ...base.CRITICAL, kind } }
    const cfg = { ...DEFAULT_LOOP_CONFIG, policy, risingUpdates: limits.risingUpdates, hold: this.hold }
    return new ControlLoop(this.opts.book, cfg, this.opts.ids, state)
  }

  /** New limits (policy, grace, rising updates) from the next update on; the loop's state is kept. */
  setLimits(limits: Limits): void {
    this.loop = this.makeLoop(limits, this.loop.state())
  }

  /** One market update (a frame): limits read, policy applied, decided actions executed. */
  update(readings: readonly LimitReading[], autoBlocked: string | null): ControlOutput {
    const now = this.clock.now()
    return this.settle(this.loop.onUpdate(readings, now, this.sizer(), autoBlocked))
  }

  /** Between updates: escalations and expiries by time, auto actions whose grace elapsed (also while stopped). */
  tick(): ControlOutput {
    return this.settle(this.loop.tick(this.clock.now(), this.sizer()))
  }

  acknowledge(alertId: string, actor: Actor): ControlOutput {
    return this.settle([this.loop.acknowledge(alertId, actor, this.clock.now())])
  }

  snooze(alertId: string, actor: Actor, reason: string, span: Span): ControlOutput {
    return this.settle([this.loop.snooze(alertId, actor, reason, span, this.clock.now())])
  }

  note(alertId: string, actor: Actor, text: string): ControlOutput {
    return this.settle([this.loop.note(alertId, actor, text, this.clock.now())])
  }

  /** @throws OverrideError (audited as override.refused), LifecycleError */
  approve(actionId: string, actor: Actor, reason: string): ControlOutput {
    return this.refusable(actor, 'approve', reason, () => [this.loop.approve(actionId, actor, reason, this.clock.now(), this.sizer())])
  }

  /** @throws OverrideError (audited as override.refused), LifecycleError */
  reject(actionId: string, actor: Actor, reason: string): ControlOutput {
    return this.refusable(actor, 'reject', reason, () => [this.loop.reject(actionId, actor, reason, this.clock.now())])
  }

  /**
   * The trader's own plan: another kind (sized now by the desk) or target quantities per symbol (previewed now).
   * @throws OverrideError (audited), LifecycleError; Error naming the symbol for a leg the desk cannot trade
   */
  modify(actionId: string, actor: Actor, reason: string, change: { kind: 'reduce' | 'hedge' } | { legs: readonly { symbol: string; toQuantity: number }[] }): ControlOutput {
    return this.refusable(actor, 'modify', reason, () => {
      const plan = 'kind' in change ? this.sizeKind(change.kind) : this.manualPlan(change.legs)
      return [this.loop.modify(actionId, actor, reason, plan, this.book.riskNow().var, this.clock.now())]
    })
  }

  /**
   * An override of the automation. The kill switch also withdraws any open action and, with `flatten`, closes every
   * tradable position at once (a flatten action, applied on the venue).
   * @throws OverrideError (audited as override.refused)
   */
  override(req: OverrideRequest, flatten: boolean): ControlOutput {
    return this.refusable(req.actor, req.kind, req.reason, () => {
      const now = this.clock.now()
      const events: LoopEvent[] = [this.loop.override(req, now)]
      if (req.kind === 'kill') {
        events.push(...this.loop.cancelOpen(`kill switch engaged by ${req.actor.name}`, now))
        if (flatten) {
          const sb = this.book.sizingBook()
          const limit = this.book.limitInForce()
          const basis = sizingBasis(sb, { marketDate: now.marketDate, frameSeq: this.book.frameSeq() }, limit, limit * ACTION_TARGET)
          events.push(...this.loop.manualAction(req.actor, `kill switch: ${req.reason}`, { plan: flattenPlan(sb), basis }, now))
        }
      }
      return events
    })
  }

  /** True while a proposal awaits a person and the hold setting is on. */
  wantsHold(): boolean {
    return this.loop.wantsHold()
  }

  holds(): boolean {
    return this.hold
  }

  alerts(): Alert[] {
    return Object.values(this.loop.state().alerts).map((a) => this.alertView(a))
  }

  actions(): Action[] {
    const now = this.clock.now()
    return this.loop.state().actions.map((a) => actionView(a, now))
  }

  openAction(): Action | undefined {
    const a = this.loop.openAction()
    return a === undefined ? undefined : actionView(a, this.clock.now())
  }

  controls(): Controls {
    const s = this.loop.state().controls
    const armed = automationArmed(s)
    return { ...s, armed: armed.armed, armedReason: armed.reason }
  }

  alert(id: string): Alert {
    const a = this.loop.state().alerts[id]
    if (!a) throw new Error(`no alert ${id}`)
    return this.alertView(a)
  }

  action(id: string): Action {
    const a = this.loop.state().actions.find((x) => x.id === id)
    if (!a) throw new Error(`no action ${id}`)
    return actionView(a, this.clock.now())
  }

  /** The plan of an action (for an order ticket). */
  plan(id: string): ActionPlan {
    const a = this.loop.state().actions.find((x) => x.id === id)
    if (!a) throw new Error(`no action ${id}`)
    return a.plan
  }

  save(): SavedControl {
    return { updates: this.clock.now().updates, loop: this.loop.state(), notify: Object.fromEntries(this.notify) }
  }

  private sizer(): Sizer {
    return (kind) => this.sizeWithBasis(kind)
  }

  private sizeWithBasis(kind: ActionKind): ReturnType<Sizer> {
    const sb = this.book.sizingBook()
    const limit = this.book.limitInForce()
    const target = limit * ACTION_TARGET
    const at = { marketDate: this.clock.now().marketDate, frameSeq: this.book.frameSeq() }
    if (kind === 'flatten') return { plan: flattenPlan(sb), basis: sizingBasis(sb, at, limit, target) }
    if (kind === 'hedge') {
      const candidates = this.book.hedgeCandidates()
      if (candidates.length === 0) return null
      const h = sizeHedge(sb, candidates)
      return h === null ? null : { plan: h.plan, basis: sizingBasis(sb, at, limit, target) }
    }
    const r = sizeReduce(sb, target)
    if (r === null) return null
    return { plan: r.plan, basis: sizingBasis(sb, at, limit, target), alternative: { method: 'pro-rata', turnover: r.proRata.turnover, varAfter: r.proRata.varAfter } }
  }

  private sizeKind(kind: 'reduce' | 'hedge'): ActionPlan {
    const sized = this.sizeWithBasis(kind)
    if (sized === null) {
      throw new OverrideError('invalid', kind === 'hedge' ? 'no hedge is available: the desk has no index ETF (SPY, QQQ) in its window, or the best hedge is 0 shares' : 'nothing to reduce: the VaR is already under the target')
    }
    return sized.plan
  }

  /** A plan of the trader's target quantities, previewed on the live window. */
  private manualPlan(legs: readonly { symbol: string; toQuantity: number }[]): ActionPlan {
    const sb = this.book.sizingBook()
    const to = Float64Array.from(sb.quantity)
    const planLegs = legs.map((l) => {
      const i = sb.symbols.indexOf(l.symbol)
      if (i < 0 || (sb.tradable !== undefined && !sb.tradable[i])) throw new OverrideError('invalid', `${l.symbol} cannot be traded by the desk (not a stock or ETF in the book's window)`)
      to[i] = l.toQuantity
      return { symbol: l.symbol, fromQuantity: sb.quantity[i]!, toQuantity: l.toQuantity, price: sb.price[i]! }
    })
    const preview = flattenPlan({ ...sb, quantity: to, tradable: new Uint8Array(sb.N) })
    const turnover = planLegs.reduce((s, l) => s + Math.abs(l.toQuantity - l.fromQuantity) * l.price, 0)
    return { kind: 'reduce', method: 'manual', legs: planLegs.filter((l) => l.toQuantity !== l.fromQuantity), varAfter: preview.varAfter, esAfter: preview.esAfter, turnover }
  }

  /** Runs a decision; a refused override is audited (who tried what, and why it was refused) before it is thrown. */
  private refusable(actor: Actor, kind: Parameters<typeof refusal>[2], reason: string, step: () => LoopEvent[]): ControlOutput {
    try {
      return this.settle(step())
    } catch (e) {
      if (e instanceof OverrideError) {
        const out = this.settle([refusal(this.loop.state().controls, actor, kind, reason, e, this.clock.now())])
        throw Object.assign(e, { audit: out })
      }
      throw e
    }
  }

  /** Executes what was decided, then turns the loop's events into desk events and audit entries. */
  private settle(loopEvents: LoopEvent[]): ControlOutput {
    const all = [...loopEvents, ...this.executeDecided()]
    const out: ControlOutput = { events: [], entries: [] }
    for (const e of all) {
      const { type, ...payload } = e
      out.entries.push({ type, actor: e.actor, payload })
      out.events.push(this.deskEvent(e))
    }
    return out
  }

  private executeDecided(): LoopEvent[] {
    const events: LoopEvent[] = []
    for (const a of this.loop.awaitingExecution()) {
      const now = this.clock.now()
      const venue = this.venue ?? paperVenue((s) => this.book.priceOf(s))
      const r = venue.execute({ actionId: a.id, book: this.opts.book, marketDate: now.marketDate, plan: a.plan, reason: a.decision?.reason ?? '' })
      if (r.status === 'rejected') {
        events.push(this.loop.recordFailure(a.id, r.reason, now))
        continue
      }
      if (r.status === 'ticketed') {
        events.push(this.loop.recordFailure(a.id, 'sent as an order ticket: the book changes when the fills are reported', now))
        continue
      }
      for (const l of a.plan.legs) this.book.tradeTo(l.symbol, l.toQuantity)
      const after = this.book.riskNow()
      const e: Execution = { executedDate: now.marketDate, fills: r.fills, varAfter: after.var, esAfter: after.es, limit: this.book.limitInForce() }
      events.push(this.loop.recordExecution(a.id, a.decision?.actor ?? SYSTEM_ACTOR, e, now))
    }
    return events
  }

  private deskEvent(e: LoopEvent): DeskEvent {
    if (e.type.startsWith('alert.')) {
      const id = (e as { alertId: string }).alertId
      if ('notify' in e) this.notify.set(id, e.notify)
      return { type: 'alert', change: e.type.slice('alert.'.length) as AlertChange, alert: this.alert(id) }
    }
    if (e.type.startsWith('action.')) {
      const id = (e as { actionId: string }).actionId
      const action = this.action(id)
      const change = e.type.slice('action.'.length) as ActionChange
      if (change !== 'applied' || action.execution === null) return { type: 'action', change, action }
      const trades = action.plan.legs.map((l) => ({ symbol: l.symbol, fromQuantity: l.fromQuantity, toQuantity: l.toQuantity, price: action.execution!.fills.find((f) => f.symbol === l.symbol)?.price ?? l.price }))
      return { type: 'action', change, action, executedDate: action.execution.executedDate, trades, varAfter: action.execution.varAfter }
    }
    const o = e as Extract<LoopEvent, { book: string }>
    return { type: 'override', change: o.type.slice('override.'.length) as OverrideChange, actor: o.actor, reason: o.reason, controls: this.controls() }
  }

  private alertView(a: AlertRecord): Alert {
    const { kind, symbol } = kindOfKey(a.ruleKey)
    return {
      id: a.id,
      ruleKey: a.ruleKey,
      kind,
      symbol,
      label: a.label,
      severity: a.severity,
      state: a.state,
      value: a.value,
      limit: a.limit,
      date: a.raisedAt.marketDate,
      raisedAt: new Date(a.raisedAt.wallMs).toISOString(),
      acknowledgedBy: a.acknowledged?.actor ?? null,
      snoozed: a.snooze === null ? null : { by: a.snooze.actor, reason: a.snooze.reason, span: a.snooze.span },
      notes: a.notes.map((n) => ({ actor: n.actor, text: n.text, date: n.at.marketDate })),
      resolvedDate: a.resolvedAt?.marketDate ?? null,
      notify: [...(this.notify.get(a.id) ?? ['trader'])],
    }
  }
}

/** The action as the panel shows it at `now`: the preview's age and the grace left are of that instant. */
export function actionView(a: ActionRecord, now: DeskTime): Action {
  const g = graceRemaining(a, now)
  const age = previewAge(a, now)
  return {
    id: a.id,
    alertId: a.alertId,
    kind: a.plan.kind,
    policy: a.policy,
    state: a.state,
    plan: a.plan,
    previousPlan: a.previousPlan,
    alternative: a.alternative,
    basis: a.basis,
    date: a.proposedAt.marketDate,
    proposedAt: new Date(a.proposedAt.wallMs).toISOString(),
    age: { updates: Math.max(0, age.updates), ms: Math.max(0, age.ms) },
    grace: g === null ? null : { updates: g.updates, ms: g.ms },
    decision: a.decision === null ? null : { actor: a.decision.actor, reason: a.decision.reason, date: a.decision.at.marketDate, automatic: a.decision.actor === SYSTEM_ACTOR },
    execution:
      a.execution === null
        ? null
        : { executedDate: a.execution.executedDate, fills: [...a.execution.fills], varAfter: a.execution.varAfter, esAfter: a.execution.esAfter, limit: a.execution.limit, withinLimit: a.execution.withinLimit },
    expiry: a.expiry === null ? null : { cause: a.expiry.cause, detail: a.expiry.detail },
  }
}
