import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { Feed } from '../market/feeds/feed'
import { createReplayFeed } from '../market/feeds/replay-feed'
import type { MarketContext } from '../market/market-context'
import type { AuditSink } from './audit-sink'
import type { SavedControl } from './desk-control'
import { DeskSession, type DeskStateSink } from './desk-session'
import { FeedRunner, type Speed } from './feed-runner'
import { feedSymbols, HEDGE_ETFS } from './live-book'

/** The stretch of market days a desk runs over, and how fast. */
export interface LivePlan {
  readonly from: string
  readonly to: string
  readonly speed: Speed
}

export interface LiveDeskOptions {
  readonly book: Book
  readonly limits: Limits
  readonly market: MarketContext
  readonly user: string
  readonly plan: LivePlan
  /** where every frame is written before it is reported (the audit log, with the event vocabulary), or null */
  readonly audit: AuditSink | null
  /**
   * the desk's clock: 'market-close' stamps each frame at 21:00 UTC of its market date (a replay's virtual time, so
   * grace periods count market days); a function is the wall clock of a live desk
   */
  readonly clock: 'market-close' | (() => Date)
  /** the feed; default a historical replay of the book's instruments (options' underlyings included) over the plan */
  readonly feed?: (symbols: readonly string[]) => Feed
  /** called between market days, after pending decisions could arrive (e.g. the CLI's --approve-all) */
  readonly decide?: (session: DeskSession) => void
  readonly sessionId?: string
  /** the replay holds at a proposal until a decision (default true) */
  readonly hold?: boolean
  /** the kind of every automated action (default reduce); 'hedge' carries SPY and QQQ in the window */
  readonly actionKind?: 'reduce' | 'hedge'
  /** a desk restored after a restart: its control loop (the book passed is the held book, `plan.from` the next day) */
  readonly restore?: SavedControl
  /** where the state that survives a restart is kept (written with the audit events), or null */
  readonly state?: DeskStateSink | null
  /**
   * while the feed is stopped (paused, held, finished), the desk's time is advanced every this many wall ms, so an
   * escalation or an auto action's grace runs out by wall time; absent: only between market days (CLI)
   */
  readonly tickMs?: number
}

/** A desk session and the runner that feeds it: the one live loop of RiskDesk. */
export interface LiveDesk {
  readonly session: DeskSession
  readonly runner: FeedRunner
}

/** Replay frames are stamped at the market close of their date (21:00 UTC, 16:00 New York in winter). */
export const marketCloseOf = (date: string): Date => new Date(`${date}T21:00:00.000Z`)

/**
 * Assembles the live loop once for every host (the desk service behind Electron and browser mode, and `riskdesk
 * replay`): feed -> runner -> session (ticks, risk, limits, alerts, actions, audit) with the between-days step (the
 * caller's decisions, then auto-policy actions that are due) and the feed's health reported into the session.
 * The caller subscribes to `session.on`, calls `session.begin(...)`, then `runner.play()`.
 * @throws RangeError when no instrument of the book has enough history before `plan.from` (from DeskSession), or the
 *   replay has no prices in the plan's range (from the replay feed)
 */
export function assembleLiveDesk(opts: LiveDeskOptions): LiveDesk {
  let marketTime = marketCloseOf(opts.plan.from)
  const clock = opts.clock === 'market-close' ? () => marketTime : opts.clock
  const session = new DeskSession({
    book: opts.book,
    limits: opts.limits,
    market: opts.market,
    start: opts.plan.from,
    audit: opts.audit,
    user: opts.user,
    clock,
    ...(opts.sessionId === undefined ? {} : { sessionId: opts.sessionId }),
    ...(opts.hold === undefined ? {} : { hold: opts.hold }),
    ...(opts.actionKind === undefined ? {} : { actionKind: opts.actionKind }),
    ...(opts.restore === undefined ? {} : { restore: opts.restore }),
    ...(opts.state === undefined ? {} : { state: opts.state }),
  })
  const hedges = opts.actionKind === 'hedge' ? HEDGE_ETFS.filter((s) => opts.market.store.get(s) !== undefined) : []
  const symbols = feedSymbols(opts.book, hedges)
  const feed = opts.feed ? opts.feed(symbols) : createReplayFeed(opts.market.store, symbols, opts.plan.from, opts.plan.to)
  const runner = new FeedRunner({
    feed,
    from: opts.plan.from,
    to: opts.plan.to,
    speed: opts.plan.speed,
    onDay: (batch) => {
      marketTime = marketCloseOf(batch.date)
      session.applyDay(batch)
    },
    between: () => {
      opts.decide?.(session)
      session.pollDue()
      if (session.wantsHold()) runner.hold()
    },
    onStatus: (status) => session.setFeedStatus(status),
  })
  session.setFeedStatus(runner.status())
  // a decision on the held proposal lets the replay play on
  session.on((e) => {
    if (e.type === 'action' && !session.wantsHold()) runner.release()
  })
  if (opts.tickMs !== undefined) {
    const timer = setInterval(() => {
      const health = runner.status().health
      if (health !== 'active' && health !== 'error') session.pollDue()
    }, opts.tickMs)
    timer.unref()
    void runner.finished().then(() => clearInterval(timer))
  }
  return { session, runner }
}
