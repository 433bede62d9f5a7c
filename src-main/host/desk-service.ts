import type { Database } from 'better-sqlite3'
import { invokeSchemas, pushSchemas, type InvokeChannel, type InvokeRequest, type InvokeResponse, type PushChannel, type Result } from '@shared/api/contract'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { FeedHealth } from '@shared/domain/feed'
import { BooksRepository } from '../audit/books-repository'
import { openDeskAuditLog } from '../audit/desk-audit-log'
import type { ComputePool } from '../compute/compute-pool'
import { DeskStateStore } from '../audit/desk-state-store'
import { ProfileStore } from '../audit/profile-store'
import type { SavedControl } from '../desk/desk-control'
import { DeskDecisionError } from '../desk/desk-session'
import { LifecycleError } from '../desk/lifecycle/lifecycle-error'
import { OverrideError } from '../desk/overrides'
import { nextBusinessDay } from '../market/iso-dates'
import type { DeskEvent } from '../desk/desk-events'
import type { DeskSession } from '../desk/desk-session'
import type { FeedRunner } from '../desk/feed-runner'
import { assembleLiveDesk } from '../desk/live-desk'
import type { MarketContext } from '../market/market-context'
import type { PgHistoryReader } from '../replication/pg-history-reader'
import { syncStatusEvent, type DeskSync } from './desk-sync'
import { auditHandlers } from './handlers/audit-handlers'
import { historyHandlers } from './handlers/history-handlers'
import { bookHandlers } from './handlers/book-handlers'
import { deskHandlers } from './handlers/desk-handlers'
import type { Handler, HostContext, ReplayPlan } from './handlers/handler-context'
import { riskHandlers } from './handlers/risk-handlers'
import { stressHandlers } from './handlers/stress-handlers'
import { syncHandlers } from './handlers/sync-handlers'
import { whatIfHandlers } from './handlers/whatif-handlers'
import type { HostPort } from './host-port'
import { FrameCoalescer } from './push-coalescer'

export type { ReplayPlan } from './handlers/handler-context'

export interface DeskServiceOptions {
  readonly market: MarketContext
  /** an open audit database (openDatabase): events and saved books */
  readonly db: Database
  /** the desk's user (the OS user in Electron, the token holder in browser mode) */
  readonly user: string
  readonly replay: ReplayPlan
  /** the book opened at start, with its limits */
  readonly initial: { readonly book: Book; readonly limits: Limits; readonly sourceFile: string }
  /** wall clock for decisions and grace periods */
  readonly clock?: () => Date
  /**
   * worker pool for the Monte Carlo paths of `risk:report` (owned by the caller, which closes it after the service);
   * null or absent: simulated in-process, same numbers
   */
  readonly pool?: ComputePool | null
  /** the History tab's source when it is the desk's PostgreSQL (owned by the caller); absent: the local trail */
  readonly historyPg?: PgHistoryReader | null
  /** the desk's background replication (owned by the caller, stopped before `close`); every status change is audited */
  readonly sync?: DeskSync | null
  /** a replay holds at a proposal until a decision (default true) */
  readonly hold?: boolean
  /** the kind of every automated action (default reduce) */
  readonly actionKind?: 'reduce' | 'hedge'
  /**
   * resume a book where the desk left it on this database (market date, holdings, open alerts, pending actions,
   * overrides), when that date lies inside the replay; default true
   */
  readonly resume?: boolean
}

/** Feed states in which frames keep coming: their pushes may stay coalesced. */
const RUNNING: ReadonlySet<FeedHealth> = new Set<FeedHealth>(['active', 'degraded', 'stale'])

/**
 * The desk service: wires market data, books, the live desk and the audit trail behind the API contract, once, for
 * every transport (Electron IPC, loopback WebSocket) and for tests. Every request is parsed with its schema here;
 * failures come back as `{ ok: false, error }` values. Frame pushes are coalesced (at most ~20 per second).
 */
export class DeskService implements HostPort {
  private readonly listeners = new Set<(channel: PushChannel, payload: unknown) => void>()
  private readonly frames: FrameCoalescer
  private readonly clock: () => Date
  private readonly ctx: HostContext
  /** one handler per invoke channel, merged from the feature modules (a channel without one fails to compile) */
  private readonly handlers: { readonly [C in InvokeChannel]: Handler<C> }
  private session!: DeskSession
  private runner!: FeedRunner
  private unsubscribe: () => void = () => {}
  private readonly unsubscribeSync: () => void
  private readonly deskState: DeskStateStore
  /** the book as opened (its file's quantities, not the held book), where a restarted replay begins again */
  private openedBook!: Book
  /** the figure's value each live alert had in its last push */
  private readonly pushedValue = new Map<string, number>()

  constructor(private readonly opts: DeskServiceOptions) {
    this.clock = opts.clock ?? (() => new Date())
    this.frames = new FrameCoalescer((payload) => {
      this.emit('desk:frame', payload)
      this.pushAlertValues()
    })
    this.ctx = {
      db: opts.db,
      market: opts.market,
      replay: opts.replay,
      audit: openDeskAuditLog(opts.db),
      books: new BooksRepository(opts.db),
      profiles: new ProfileStore(opts.db),
      pool: opts.pool ?? null,
      historyPg: opts.historyPg ?? null,
      sync: opts.sync ?? null,
      session: () => this.session,
      runner: () => this.runner,
      open: (book, limits) => {
        this.open(book, limits)
        return this.snapshot()
      },
      restart: (actor) => {
        this.open(this.openedBook, this.session.limits, { fresh: true, reason: `replay restarted by ${actor}` })
        return this.snapshot()
      },
      checked: (channel, value) => this.checkedResponse(channel, value),
    }
    this.deskState = new DeskStateStore(opts.db)
    this.handlers = { ...deskHandlers(this.ctx), ...bookHandlers(this.ctx), ...auditHandlers(this.ctx), ...historyHandlers(this.ctx), ...riskHandlers(this.ctx), ...stressHandlers(this.ctx), ...syncHandlers(this.ctx), ...whatIfHandlers(this.ctx) }
    const { book, limits, sourceFile } = opts.initial
    if (!this.ctx.books.get(book.name)) this.ctx.books.create({ name: book.name, sourceFile, positions: book.positions, limits })
    this.open(book, limits)
    this.unsubscribeSync =
      opts.sync?.onChange((status, previous) => {
        try {
          this.ctx.audit.appendMany([syncStatusEvent(status, previous, this.session.envelope())])
        } catch (e) {
          // the syncer must keep running; the trail itself is what failed here
          console.error(`sync status not audited: ${e instanceof Error ? e.message : String(e)}`)
        }
      }) ?? (() => {})
  }

  onPush(listener: (channel: PushChannel, payload: unknown) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async handle(channel: InvokeChannel, request: unknown, actor: string): Promise<Result<unknown>> {
    const schema = invokeSchemas[channel]
    if (!schema) return { ok: false, error: { code: 'bad_channel', message: `unknown channel ${String(channel)}` } }
    const parsed = schema.req.safeParse(request ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      return { ok: false, error: { code: 'bad_request', message: `${channel}: ${where}${issue?.message ?? 'invalid request'}` } }
    }
    try {
      const handler = this.handlers[channel] as Handler<InvokeChannel>
      return { ok: true, value: await handler(parsed.data as never, actor) }
    } catch (e) {
      if (e instanceof DeskDecisionError || e instanceof LifecycleError || e instanceof OverrideError) return { ok: false, error: { code: e.code, message: e.message } }
      return { ok: false, error: { code: 'failed', message: e instanceof Error ? e.message : String(e) } }
    }
  }

  /** The typed form of `handle` for in-process callers (tests, the CLI). */
  async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>, actor: string): Promise<Result<InvokeResponse<C>>> {
    return (await this.handle(channel, request, actor)) as Result<InvokeResponse<C>>
  }

  /** The session is the one source of the desk's state, feed status included (the runner reports into it). */
  snapshot(): DeskSnapshot {
    return this.session.snapshot()
  }

  /** Stops the feed and timers (the database is closed by its owner). */
  async close(): Promise<void> {
    this.runner.stop()
    this.frames.dispose()
    this.unsubscribe()
    this.unsubscribeSync()
    this.session.end({ reason: 'desk closed' })
  }

  /**
   * A response assembled from many modules is checked against the contract before it leaves, as pushes are: a bug
   * here must come back as a failed request naming the field, not reach a renderer that trusts the schema.
   * @throws Error naming the channel and the first mismatching field
   */
  private checkedResponse<C extends InvokeChannel>(channel: C, value: unknown): InvokeResponse<C> {
    const checked = invokeSchemas[channel].res.safeParse(value)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new Error(`${channel}: response does not match the contract at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`)
    }
    return checked.data as InvokeResponse<C>
  }

  /**
   * Starts a desk session on a book, replacing the current one (its feed stops, its trail stays). The book resumes
   * where the desk left it on this database unless `fresh` (a restarted replay): then it begins at the replay's first
   * date with the book's own quantities, and the saved desk of that book is dropped (the trail keeps what it held).
   */
  private open(book: Book, limits: Limits, how: { readonly fresh?: boolean; readonly reason?: string } = {}): void {
    if (this.runner) this.runner.stop()
    this.unsubscribe()
    this.frames.dispose()
    if (this.session) this.session.end({ reason: how.reason ?? `switched to book ${book.name}` })
    this.openedBook = book
    const { replay } = this.opts
    if (how.fresh === true) this.deskState.clear(book.name)
    const saved = this.opts.resume === false || how.fresh === true ? null : this.deskState.load(book.name)
    const resumable = saved !== null && saved.marketDate >= replay.from && saved.marketDate < replay.to
    const from = resumable ? nextBusinessDay(saved.marketDate) : replay.from
    const live = assembleLiveDesk({
      book: resumable ? (saved.held as Book) : book,
      limits,
      market: this.opts.market,
      user: this.opts.user,
      plan: { ...replay, from },
      audit: this.ctx.audit,
      clock: this.clock,
      state: this.deskState,
      tickMs: 1000,
      ...(this.opts.hold === undefined ? {} : { hold: this.opts.hold }),
      ...(this.opts.actionKind === undefined ? {} : { actionKind: this.opts.actionKind }),
      ...(resumable ? { restore: saved.control as SavedControl } : {}),
    })
    this.session = live.session
    this.runner = live.runner
    this.unsubscribe = this.session.on((e) => this.forward(e))
    this.session.begin({ mode: 'desk', from, to: replay.to, ...(resumable ? { resumedAfter: saved.marketDate } : {}) })
    this.pushedValue.clear()
    this.emit('desk:reset', this.snapshot())
    if (replay.autoplay) this.runner.play()
  }

  private forward(e: DeskEvent): void {
    switch (e.type) {
      case 'risk':
        this.frames.push(e.frame, [...e.positions])
        return
      case 'alert':
        this.frames.flush()
        this.pushedValue.set(e.alert.id, e.alert.value)
        this.emit(e.change === 'raised' || e.change === 'escalated' ? 'alert:raised' : 'alert:updated', e.alert)
        return
      case 'action':
        this.frames.flush()
        this.emit(e.change === 'proposed' ? 'action:proposed' : 'action:updated', e.action)
        return
      case 'override':
        this.frames.flush()
        this.emit('controls:updated', e.controls)
        return
      case 'feed':
        // a feed that stops (paused on a date, held at a proposal, finished) must not be seen before that day's frame
        if (!RUNNING.has(e.status.health)) this.frames.flush()
        this.emit('feed:status', e.status)
        return
      default:
        return
    }
  }

  /**
   * A live alert shows the figure's latest value (the loop updates it every frame), yet lifecycle pushes come only on
   * a step: with each coalesced frame push, the live alerts whose value moved since their last push are pushed too,
   * so the list never shows a figure the desk no longer holds (at most one alert push per alert per frame push).
   */
  private pushAlertValues(): void {
    for (const a of this.session.alerts()) {
      if (a.state === 'resolved') {
        this.pushedValue.delete(a.id)
        continue
      }
      if (this.pushedValue.get(a.id) === a.value) continue
      this.pushedValue.set(a.id, a.value)
      this.emit('alert:updated', a)
    }
  }

  private emit<C extends PushChannel>(channel: C, payload: unknown): void {
    // the host's own pushes are checked against the contract too: a bug here must not reach a renderer
    const checked = pushSchemas[channel].safeParse(payload)
    if (!checked.success) throw new Error(`push ${channel} does not match the contract: ${checked.error.issues[0]?.message}`)
    for (const l of this.listeners) l(channel, checked.data)
  }
}
