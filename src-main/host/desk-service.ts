import type { Database } from 'better-sqlite3'
import type { z } from 'zod'
import {
  invokeSchemas,
  pushSchemas,
  type AuditEventView,
  type DeskSnapshot,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type PushChannel,
  type Result,
} from '@shared/api/contract'
import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import { openDeskAuditLog } from '../audit/desk-audit-log'
import type { AuditLog } from '../audit/event-log'
import { BooksRepository } from '../audit/books-repository'
import { verifyChain } from '../audit/verify'
import { parseBookText } from '../books/book-parser'
import type { ComputePool } from '../compute/compute-pool'
import { ActionError } from '../desk/action-manager'
import type { DeskEvent } from '../desk/desk-events'
import type { DeskSession } from '../desk/desk-session'
import type { FeedRunner, Speed } from '../desk/feed-runner'
import { assembleLiveDesk } from '../desk/live-desk'
import type { MarketContext } from '../market/market-context'
import { DeskBacktests } from '../risk/backtest-desk'
import { DeskRiskReports } from './desk-risk-reports'
import type { HostPort } from './host-port'
import { FrameCoalescer } from './push-coalescer'

export interface ReplayPlan {
  readonly from: string
  readonly to: string
  readonly speed: Speed
  /** start playing as soon as a book is opened */
  readonly autoplay: boolean
}

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
}

type Handler<C extends InvokeChannel> = (
  request: z.infer<(typeof invokeSchemas)[C]['req']>,
  actor: string,
) => InvokeResponse<C> | Promise<InvokeResponse<C>>

/**
 * The desk service: wires market data, books, the live desk and the audit trail behind the API contract, once, for
 * every transport (Electron IPC, loopback WebSocket) and for tests. Every request is parsed with its schema here;
 * failures come back as `{ ok: false, error }` values. Frame pushes are coalesced (at most ~20 per second).
 */
export class DeskService implements HostPort {
  private readonly audit: AuditLog
  private readonly books: BooksRepository
  private readonly listeners = new Set<(channel: PushChannel, payload: unknown) => void>()
  private readonly frames: FrameCoalescer
  private readonly clock: () => Date
  private readonly backtests: DeskBacktests
  private readonly reports: DeskRiskReports
  private session!: DeskSession
  private runner!: FeedRunner
  private unsubscribe: () => void = () => {}

  constructor(private readonly opts: DeskServiceOptions) {
    this.audit = openDeskAuditLog(opts.db)
    this.books = new BooksRepository(opts.db)
    this.clock = opts.clock ?? (() => new Date())
    this.backtests = new DeskBacktests(opts.market, opts.replay.from)
    this.reports = new DeskRiskReports(opts.market, opts.pool ?? null)
    this.frames = new FrameCoalescer((payload) => this.emit('desk:frame', payload))
    const { book, limits, sourceFile } = opts.initial
    if (!this.books.get(book.name)) this.books.create({ name: book.name, sourceFile, positions: book.positions, limits })
    this.open(book, limits)
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
      if (e instanceof ActionError) return { ok: false, error: { code: e.code, message: e.message } }
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
    this.session.end({ reason: 'desk closed' })
  }

  private readonly handlers: { [C in InvokeChannel]: Handler<C> } = {
    'desk:snapshot': () => this.snapshot(),
    'book:list': () => this.books.list().map((b) => ({ name: b.name, positions: b.positionCount, savedAt: b.updatedAt })),
    'book:open': ({ name }) => {
      const saved = this.books.get(name)
      if (!saved) throw new Error(`no saved book named ${name}`)
      this.open({ name: saved.name, positions: saved.positions }, saved.limits ?? this.session.limits)
      return this.snapshot()
    },
    'book:import': ({ fileName, content, save }, actor) => {
      const result = parseBookText(content, { file: fileName, knownSymbols: new Set(this.opts.market.store.symbols()) })
      const name = fileName.replace(/^.*[\\/]/, '').replace(/\.(csv|json)$/i, '')
      const canSave = save && result.rejected === 0 && result.accepted > 0
      if (canSave) {
        const existing = this.books.get(name)
        if (existing) this.books.update(name, { sourceFile: fileName, positions: result.book.positions })
        else this.books.create({ name, sourceFile: fileName, positions: result.book.positions, limits: this.session.limits })
        this.audit.appendMany([{ type: 'book.saved', actor, book: name, payload: { ...this.session.envelope(), fileName, positions: result.book.positions, rows: result.rows } }])
      }
      return { rows: result.rows, accepted: result.accepted, rejected: result.rejected, issues: [...result.issues], saved: canSave, name }
    },
    'limits:update': ({ limits, reason }, actor) => {
      const applied = this.session.updateLimits(limits, actor, reason)
      if (this.books.get(this.session.book.name)) this.books.update(this.session.book.name, { limits: applied })
      return applied
    },
    // the session's status: the runner's, with the feed checks (held ticks, stale instruments, 'degraded')
    'feed:play': () => (this.runner.play(), this.session.feed),
    'feed:pause': () => (this.runner.pause(), this.session.feed),
    'feed:speed': ({ speed }) => (this.runner.setSpeed(speed), this.session.feed),
    'feed:decideTick': ({ id, decision, reason }, actor) => this.session.decideHeldTick(id, decision, actor, reason),
    'alert:acknowledge': ({ alertId }, actor) => this.session.acknowledge(alertId, actor),
    'action:approve': ({ actionId, reason }, actor) => this.session.approve(actionId, actor, reason ?? null),
    'action:reject': ({ actionId, reason }, actor) => this.session.reject(actionId, actor, reason),
    'audit:query': ({ from, to, type, limit }) =>
      this.audit.query({ from, to, type, limit: limit ?? 1000 }).map(
        (r): AuditEventView => ({ seq: r.seq, ts: r.ts, type: r.type, actor: r.actor, book: r.book, payload: r.payload, hash: r.hash }),
      ),
    'audit:verify': () => {
      const v = verifyChain(this.opts.db)
      return v.ok ? { ok: true, rows: v.rows, firstBadSeq: null, reason: null } : { ok: false, rows: v.rows, firstBadSeq: v.firstBadSeq, reason: v.reason }
    },
    'risk:backtest': (request) => this.backtests.run(this.session.book, request),
    'risk:report': async (request) => {
      const snap = this.session.snapshot()
      const report = await this.reports.run(
        { book: this.session.book, positions: snap.positions, lastFrameDate: snap.frames.at(-1)?.date ?? null, replayStart: this.opts.replay.from },
        request,
      )
      return this.checkedResponse('risk:report', report)
    },
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

  /** Starts a fresh desk session on a book, replacing the current one (its feed stops, its trail stays). */
  private open(book: Book, limits: Limits): void {
    if (this.runner) this.runner.stop()
    this.unsubscribe()
    this.frames.dispose()
    if (this.session) this.session.end({ reason: `switched to book ${book.name}` })
    const { replay } = this.opts
    const live = assembleLiveDesk({ book, limits, market: this.opts.market, user: this.opts.user, plan: replay, audit: this.audit, clock: this.clock })
    this.session = live.session
    this.runner = live.runner
    this.unsubscribe = this.session.on((e) => this.forward(e))
    this.session.begin({ mode: 'desk', from: replay.from, to: replay.to })
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
        this.emit(e.change === 'raised' || e.change === 'escalated' ? 'alert:raised' : 'alert:updated', e.alert)
        return
      case 'action':
        this.frames.flush()
        this.emit(e.change === 'proposed' ? 'action:proposed' : 'action:updated', e.action)
        return
      case 'override':
        this.emit('action:updated', e.action)
        return
      case 'feed':
        this.emit('feed:status', e.status)
        return
      default:
        return
    }
  }

  private emit<C extends PushChannel>(channel: C, payload: unknown): void {
    // the host's own pushes are checked against the contract too: a bug here must not reach a renderer
    const checked = pushSchemas[channel].safeParse(payload)
    if (!checked.success) throw new Error(`push ${channel} does not match the contract: ${checked.error.issues[0]?.message}`)
    for (const l of this.listeners) l(channel, checked.data)
  }
}
