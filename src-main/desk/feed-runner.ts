import type { FeedStatus } from '@shared/domain/feed'
import type { DayBatch, Feed } from '../market/feeds/feed'

export type Speed = number | 'max'

export interface FeedRunnerOptions {
  readonly feed: Feed
  readonly from: string
  readonly to: string
  /** market days per second, or 'max' (as fast as possible, yielding to the event loop between days) */
  readonly speed: Speed
  /** applies one day; called strictly in order, never concurrently */
  readonly onDay: (batch: DayBatch) => void
  readonly onStatus: (status: FeedStatus) => void
  /** called between days (e.g. to apply auto-policy actions and pending decisions); it may `hold()` the runner */
  readonly between?: () => void
}

/**
 * Paces a pull-based feed: play, pause, speed, and feed health (idle, active, paused, stale, error, finished). The
 * desk session adds the feed checks to what it reports: 'degraded' while an instrument is stale, the held ticks.
 * An exception from the feed or from applying a day stops the runner with health `error` and the message; the
 * desk state already committed stays as it is.
 */
export class FeedRunner {
  private health: FeedStatus['health'] = 'idle'
  private speed: Speed
  private date: string | null = null
  private message: string | null = null
  /** run-to target: pause once a day on or after this market date has been applied */
  private stopAt: string | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private immediate: ReturnType<typeof setImmediate> | null = null
  private done: Promise<void>
  private resolveDone: () => void = () => {}

  constructor(private readonly opts: FeedRunnerOptions) {
    this.speed = opts.speed
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
  }

  status(): FeedStatus {
    return { health: this.health, date: this.date, speed: this.speed, from: this.opts.from, to: this.opts.to, rejectedTicks: 0, message: this.message }
  }

  /** Resolves when the feed is finished or has failed. */
  finished(): Promise<void> {
    return this.done
  }

  play(): FeedStatus {
    if (this.health === 'finished' || this.health === 'error' || this.health === 'active') return this.status()
    this.setHealth('active')
    this.schedule(0)
    return this.status()
  }

  /**
   * Plays until the first market day on or after `date` has been applied, then pauses there (a seek forward that
   * waits on the market date, not on wall time). A date already passed pauses after the next day.
   * @throws RangeError when `date` is after the replay's last date
   */
  runTo(date: string): FeedStatus {
    if (date > this.opts.to) throw new RangeError(`run to ${date}: the replay ends on ${this.opts.to}`)
    this.stopAt = date
    return this.play()
  }

  pause(): FeedStatus {
    this.stopAt = null
    if (this.health !== 'active' && this.health !== 'holding') return this.status()
    this.cancelScheduled()
    this.setHealth('paused')
    return this.status()
  }

  /**
   * Holds the replay at a proposal (health 'holding'): no further market day until `release`, so the proposal's
   * preview cannot go stale while a person decides. No-op unless playing.
   */
  hold(): void {
    if (this.health !== 'active') return
    this.cancelScheduled()
    this.setHealth('holding')
  }

  /** Plays on after a hold (a decision was taken). No-op unless holding. */
  release(): void {
    if (this.health !== 'holding') return
    this.setHealth('active')
    this.schedule(0)
  }

  setSpeed(speed: Speed): FeedStatus {
    this.speed = speed
    this.opts.onStatus(this.status())
    return this.status()
  }

  stop(): void {
    this.cancelScheduled()
    if (this.health !== 'finished' && this.health !== 'error') this.setHealth('finished')
    this.resolveDone()
  }

  private schedule(delayMs: number): void {
    // setTimeout(0) waits at least 1 ms (Node clamps it), which held --speed max under 1,000 days/s. setImmediate runs
    // the next day right after the pending I/O callbacks (IPC, WebSocket, the pause and decision messages), so the
    // loop stays as responsive to them as before.
    if (delayMs <= 0) this.immediate = setImmediate(() => this.step())
    else this.timer = setTimeout(() => this.step(), delayMs)
  }

  private cancelScheduled(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }

  private step(): void {
    this.timer = null
    this.immediate = null
    if (this.health !== 'active') return
    try {
      this.opts.between?.()
      if (this.health !== 'active') return // held at a proposal by the step between days
      const batch = this.opts.feed.next()
      if (batch === null) {
        this.setHealth('finished')
        this.resolveDone()
        return
      }
      this.date = batch.date
      this.opts.onDay(batch)
      this.opts.between?.()
      if (this.health !== 'active') return
      if (this.stopAt !== null && batch.date >= this.stopAt) {
        this.stopAt = null
        this.setHealth('paused')
        return
      }
    } catch (e) {
      this.message = e instanceof Error ? e.message : String(e)
      this.setHealth('error')
      this.resolveDone()
      return
    }
    if (this.health === 'active') this.schedule(this.speed === 'max' ? 0 : 1000 / this.speed)
  }

  private setHealth(health: FeedStatus['health']): void {
    this.health = health
    this.opts.onStatus(this.status())
  }
}
