/**
 * Time as the desk's control loop sees it. A replay runs market days at any speed, a live feed delivers ticks in
 * wall time, and either may be paused, held at a proposal, finished or stale. Deadlines (an auto action's grace, an
 * alert's escalation, a cooldown, a snooze) are therefore a Span counted in market updates in replay and in wall
 * time on a live feed; while a replay's feed is stopped, wall time counts too, so nothing waits for updates that
 * will never come (issue 8: "a paused feed never leaves an action stuck").
 */

export type FeedMode = 'replay' | 'live'

/** The desk's time at one instant. Pure value: the lifecycles read it, never a global clock. */
export interface DeskTime {
  readonly mode: FeedMode
  /** market updates (frames) applied so far in this session; monotone, from 0 */
  readonly updates: number
  /** wall clock, milliseconds since the Unix epoch */
  readonly wallMs: number
  /** wall ms when the feed stopped delivering (paused, held at a proposal, finished, stale); null while it runs */
  readonly stoppedAtMs: number | null
  /** market date (YYYY-MM-DD) of the last update */
  readonly marketDate: string
}

/** When something started: the update count and the wall time at that instant. */
export interface TimeMark {
  readonly updates: number
  readonly wallMs: number
  readonly marketDate: string
}

/** A duration: `updates` market updates in replay, `ms` wall milliseconds live (and in a stopped replay). */
export type { Span } from '@shared/domain/action'
import type { Span } from '@shared/domain/action'

/** How much of a span is left; `updates` is null on a live feed, `ms` is null in a running replay. */
export interface Remaining {
  readonly updates: number | null
  readonly ms: number | null
  readonly elapsed: boolean
}

export function markOf(now: DeskTime): TimeMark {
  return { updates: now.updates, wallMs: now.wallMs, marketDate: now.marketDate }
}

/**
 * Whether `span` has passed since `since`. Live: wall time only. Replay: market updates, or, while the feed is stopped,
 * the wall time since it stopped (or since `since`, if later) reaching `span.ms`.
 * @throws RangeError for a negative or non-finite span
 */
export function spanElapsed(span: Span, since: TimeMark, now: DeskTime): boolean {
  return remaining(span, since, now).elapsed
}

/**
 * What is left of `span` since `since` at `now` (for a countdown: "2 updates" in a running replay, "12 s" live or
 * while the replay is stopped).
 * @throws RangeError for a negative or non-finite span
 */
export function remaining(span: Span, since: TimeMark, now: DeskTime): Remaining {
  if (!(span.updates >= 0 && span.ms >= 0 && Number.isFinite(span.updates) && Number.isFinite(span.ms))) {
    throw new RangeError(`a time span needs non-negative finite updates and ms, got ${span.updates} updates, ${span.ms} ms`)
  }
  const wallLeft = (from: number): number => Math.max(0, span.ms - (now.wallMs - from))
  if (now.mode === 'live') {
    const ms = wallLeft(since.wallMs)
    return { updates: null, ms, elapsed: ms === 0 }
  }
  const updates = Math.max(0, span.updates - (now.updates - since.updates))
  if (now.stoppedAtMs === null) return { updates, ms: null, elapsed: updates === 0 }
  const ms = wallLeft(Math.max(since.wallMs, now.stoppedAtMs))
  return { updates, ms, elapsed: updates === 0 || ms === 0 }
}

/**
 * A desk clock the session drives: one `update()` per market frame, `stop()`/`run()` when the feed pauses or resumes.
 * The wall clock is injected, so a test drives everything by hand (`wall: () => fakeMs`).
 */
export class DeskClock {
  private updates = 0
  private stoppedAtMs: number | null = null
  private marketDate: string

  /** @param updates - updates already counted (a session restored after a restart continues its count) */
  constructor(
    readonly mode: FeedMode,
    private readonly wall: () => number,
    marketDate: string,
    updates = 0,
  ) {
    this.marketDate = marketDate
    this.updates = updates
  }

  /** One market update (a frame) on `marketDate`; a frame means the feed runs. */
  update(marketDate: string): DeskTime {
    this.updates++
    this.marketDate = marketDate
    this.stoppedAtMs = null
    return this.now()
  }

  /** The feed stopped delivering (paused, held, finished, stale); idempotent, keeps the first stop time. */
  stop(): DeskTime {
    this.stoppedAtMs ??= this.wall()
    return this.now()
  }

  /** The feed runs again. */
  run(): DeskTime {
    this.stoppedAtMs = null
    return this.now()
  }

  now(): DeskTime {
    return { mode: this.mode, updates: this.updates, wallMs: this.wall(), stoppedAtMs: this.stoppedAtMs, marketDate: this.marketDate }
  }
}
