import type { FrameDataNote, HeldTick } from '@shared/domain/feed-checks'
import type { CorporateActions } from '../market/corporate-actions'
import type { Tick } from '../market/feeds/feed'
import { DEFAULT_SUSPECT_RULE } from '../market/feeds/suspect-tick-rule'
import { LifecycleError as ActionError } from './lifecycle/lifecycle-error'
import { StalenessTracker, type StalenessChange } from './staleness-tracker'
import { TickGuard, type AppliedPrices, type HeldTick as GuardHeldTick, type TickGuardInit } from './tick-guard'

/** A held tick as the desk shows it (CLI JSON, feed status, audit payloads): the contract's HeldTick. */
export type HeldTickView = HeldTick

/** Desk events of the feed checks (each durable in the audit trail under the same type before it is reported). */
export type FeedCheckEvent =
  | { readonly type: 'tick.suspect'; readonly held: HeldTickView }
  | { readonly type: 'tick.confirmed'; readonly held: HeldTickView; readonly by: string; readonly reason: string }
  | { readonly type: 'tick.dropped'; readonly held: HeldTickView; readonly by: string; readonly reason: string }
  | { readonly type: 'price.stale' | 'price.restored'; readonly symbol: string; readonly missed: number; readonly lastDate: string; readonly date: string }

/** One event with the actor and audit payload to record it under. */
export interface FeedCheckNote {
  readonly event: FeedCheckEvent
  readonly actor: string
  readonly payload: Record<string, unknown>
}

/** One step of a screened day: notes to record, then at most one tick to apply (in this order). */
export interface FeedCheckStep {
  readonly notes: readonly FeedCheckNote[]
  readonly apply: { readonly i: number; readonly tick: Tick } | null
}

/** Session-level settings of the feed checks. */
export interface FeedCheckSettings {
  /**
   * false: every valid tick is applied, none is held (reference tests that compare the live figures with a
   * recompute on the raw prices); default true
   */
  readonly suspectTicks?: boolean
  /** outlier threshold in robust standard deviations (default SUSPECT_K = 8) */
  readonly k?: number
  /** market updates without a price after which an instrument is stale (default STALE_AFTER_UPDATES = 2) */
  readonly staleAfter?: number
}

/** The FeedChecksInit fields for a session's settings. */
export function feedCheckInit(s: FeedCheckSettings | undefined): Pick<FeedChecksInit, 'params' | 'staleAfter'> {
  if (s === undefined) return {}
  const k = s.suspectTicks === false ? Number.POSITIVE_INFINITY : (s.k ?? DEFAULT_SUSPECT_RULE.k)
  return { params: { ...DEFAULT_SUSPECT_RULE, k }, ...(s.staleAfter === undefined ? {} : { staleAfter: s.staleAfter }) }
}

export interface FeedChecksInit extends TickGuardInit {
  /** each factor's last price date before the session (index-aligned with symbols) */
  readonly lastDates: readonly string[]
  /** market updates without a price after which a factor is stale (STALE_AFTER_UPDATES) */
  readonly staleAfter?: number
  /** actor of automatic resolutions */
  readonly systemActor: string
}

/**
 * The desk's feed checks in one place (RISK-CONVENTIONS "Feed checks"): suspect ticks held by the TickGuard and
 * resolved by the next tick or by hand, and staleness per instrument. Turns both into desk events, audit payloads,
 * position-row flags, frame data-quality notes and the feed status fields. The session applies what it is told to.
 */
export class FeedChecks {
  private readonly guard: TickGuard
  private readonly staleness: StalenessTracker
  private readonly actor: string

  constructor(init: FeedChecksInit) {
    this.guard = new TickGuard(init)
    this.staleness = new StalenessTracker(init.symbols, init.lastDates, init.staleAfter)
    this.actor = init.systemActor
  }

  /**
   * Screens one day's validated ticks (feed order) against the book's last applied prices (as before the day).
   * @returns the steps to carry out in order
   */
  screen(date: string, ticks: readonly { readonly tick: Tick; readonly i: number }[], book: AppliedPrices): FeedCheckStep[] {
    return this.guard.screen(date, ticks, book).map((step): FeedCheckStep => {
      switch (step.kind) {
        case 'apply':
          return { notes: [], apply: { i: step.i, tick: step.tick } }
        case 'hold': {
          const held = view(step.held)
          return { notes: [{ event: { type: 'tick.suspect', held }, actor: this.actor, payload: heldPayload(step.held) }], apply: null }
        }
        case 'resolved': {
          const held = view(step.held)
          const confirmed = step.resolution === 'confirmed'
          const reason = confirmed
            ? `next tick ${step.next.date} ${step.held.basis} ${step.next[step.held.basis]} kept the held level ${step.held.tick[step.held.basis]}`
            : `next tick ${step.next.date} ${step.held.basis} ${step.next[step.held.basis]} did not keep the held level ${step.held.tick[step.held.basis]} (last applied ${step.held.last[step.held.basis]})`
          const event: FeedCheckEvent = { type: confirmed ? 'tick.confirmed' : 'tick.dropped', held, by: this.actor, reason }
          return {
            notes: [{ event, actor: this.actor, payload: { ...heldPayload(step.held), resolution: 'next tick', reason, next: tickPayload(step.next) } }],
            apply: null,
          }
        }
      }
    })
  }

  /**
   * Ends a market day before the risk window rolls: folds returns of ticks accepted by hand into `row` (in place),
   * records the row for the robust scales, and counts staleness.
   * @param delivered - symbols that delivered a valid price on `date` (applied or held)
   */
  endOfDay(date: string, delivered: ReadonlySet<string>, row: Float64Array): FeedCheckNote[] {
    this.guard.rollDay(row)
    return this.staleness.update(date, delivered).map((c) => this.stalenessNote(c))
  }

  /**
   * A trader's decision on a held tick. 'accept': the caller applies the returned tick now and reports its return
   * with carryReturn; 'drop': it is discarded. Both need a reason.
   * @throws ActionError 'reason_required' for a reason under 3 characters, 'not_found' when no such tick is held
   */
  decide(
    id: string,
    decision: 'accept' | 'drop',
    actor: string,
    reason: string,
  ): { note: FeedCheckNote; held: HeldTickView; apply: { i: number; tick: Tick } | null } {
    const why = reason.trim()
    if (why.length < 3) throw new ActionError('reason_required', `a reason of at least 3 characters is required to ${decision} held tick ${id}`)
    const taken = this.guard.take(id)
    if (!taken) throw new ActionError('not_found', `no held tick ${id}`)
    const held = view(taken.held)
    const type = decision === 'accept' ? 'tick.confirmed' : 'tick.dropped'
    return {
      note: { event: { type, held, by: actor, reason: why }, actor, payload: { ...heldPayload(taken.held), resolution: 'by hand', reason: why } },
      held,
      apply: decision === 'accept' ? { i: taken.i, tick: taken.held.tick } : null,
    }
  }

  /** A tick applied between frames: its return enters the risk window with the next rolled row. */
  carryReturn(i: number, r: number): void {
    this.guard.carryReturn(i, r)
  }

  /** The latest date a tick of factor i was accepted or held: a later tick must be after it (validateTick's lastDate). */
  lastSeen(i: number, applied: string): string {
    const held = this.guard.heldFor(i)
    return held && held.tick.date > applied ? held.tick.date : applied
  }

  held(): HeldTickView[] {
    return this.guard.held().map(view)
  }

  stale(): string[] {
    return this.staleness.stale()
  }

  /** Position-row flags: the session's own notes plus held, stale and carried-forward prices. */
  rowFlags(base: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>([...base].map(([s, notes]) => [s, new Set(notes)]))
    for (const n of this.frameNotes()) {
      const set = out.get(n.symbol) ?? new Set<string>()
      set.add(n.note)
      out.set(n.symbol, set)
    }
    return out
  }

  /** Notes for the risk frame: every instrument valued at a price that is not a fresh, accepted one. */
  frameNotes(): FrameDataNote[] {
    const notes: FrameDataNote[] = []
    for (const h of this.guard.held()) {
      notes.push({
        symbol: h.tick.symbol,
        issue: 'suspect',
        priceDate: h.last.date,
        note: `suspect tick held: ${h.tick.date} close ${h.tick.close} (${h.basis === 'close' ? 'close ' : ''}${pct(h.ret)} vs ${h.last.date}, robust z ${h.z.toFixed(1)}); valued at the ${h.last.date} price`,
      })
    }
    for (const c of this.staleness.carried()) {
      notes.push({
        symbol: c.symbol,
        issue: c.stale ? 'stale' : 'carried-forward',
        priceDate: c.lastDate,
        note: c.stale
          ? `stale: no price for ${c.missed} market updates; the ${c.lastDate} price is carried forward`
          : `price of ${c.lastDate} carried forward (1 market update without a price)`,
      })
    }
    return notes
  }

  private stalenessNote(c: StalenessChange): FeedCheckNote {
    const event: FeedCheckEvent = { type: c.change === 'stale' ? 'price.stale' : 'price.restored', symbol: c.symbol, missed: c.missed, lastDate: c.lastDate, date: c.date }
    return { event, actor: this.actor, payload: { symbol: c.symbol, missed: c.missed, lastDate: c.lastDate, date: c.date, threshold: this.staleness.threshold } }
  }
}

/** TickGuardInit.splitFactor from the loaded corporate actions (undefined when none are loaded). */
export function splitFactorOf(actions: CorporateActions | null | undefined): TickGuardInit['splitFactor'] {
  if (!actions) return undefined
  return (symbol, after, upTo) => actions.splits(symbol).reduce((f, s) => (s.date > after && s.date <= upTo ? f * s.ratio : f), 1)
}

function view(h: GuardHeldTick): HeldTickView {
  return {
    id: h.id,
    symbol: h.tick.symbol,
    date: h.tick.date,
    close: h.tick.close,
    adjClose: h.tick.adjClose,
    lastDate: h.last.date,
    lastClose: h.last.close,
    basis: h.basis,
    ret: h.ret,
    z: h.z,
    k: h.k,
    references: h.references.map((r) => ({ label: r.label, z: r.z })),
    reason: h.reason,
  }
}

/** Audit payload of a held tick: canonical JSON takes finite numbers only (an unknown volume becomes null). */
function heldPayload(h: GuardHeldTick): Record<string, unknown> {
  return { ...view(h), references: h.references.map((r) => ({ label: r.label, z: r.z })), median: h.median, scale: h.scale, tick: tickPayload(h.tick), last: { ...h.last } }
}

function tickPayload(t: Tick): Record<string, unknown> {
  return { symbol: t.symbol, date: t.date, close: t.close, adjClose: t.adjClose, volume: Number.isFinite(t.volume) ? t.volume : null }
}

const pct = (r: number): string => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(r > 9.99 || r < -0.9999 ? 0 : 1)} %`
