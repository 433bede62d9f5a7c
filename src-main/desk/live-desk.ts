import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { Feed } from '../market/feeds/feed'
import { createReplayFeed } from '../market/feeds/replay-feed'
import type { MarketContext } from '../market/market-context'
import type { AuditSink } from './audit-sink'
import { DeskSession } from './desk-session'
import { FeedRunner, type Speed } from './feed-runner'
import { feedSymbols } from './live-book'

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
  })
  const symbols = feedSymbols(opts.book)
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
    },
    onStatus: (status) => session.setFeedStatus(status),
  })
  session.setFeedStatus(runner.status())
  return { session, runner }
}
