/**
 * Risk reports for the live desk (`risk:report`): the extended risk report of the session's current holdings at the
 * session's last market date, with the Monte Carlo paths on the worker pool. Identical requests that arrive while one
 * is computing share that computation (a desk with several windows, or a double click on Refresh, costs one run).
 */
import { dayBefore } from '../market/iso-dates'
import type { PositionRow } from '@shared/domain/position-row'
import type { Book } from '@shared/domain/book'
import type { ExtendedRiskReport, VaRMethod } from '@shared/domain/risk-report'
import type { ComputePool } from '../compute/compute-pool'
import { DEFAULT_MC_PATHS } from '../engine/monte-carlo'
import type { MarketContext } from '../market/market-context'
import { DEFAULT_MC_SEED } from '../risk/extended-risk-report'
import { pooledRiskReport } from './pooled-report'

/** A `risk:report` request after contract validation (every field optional; defaults as `riskdesk risk`). */
export interface DeskReportRequest {
  readonly method?: VaRMethod
  readonly horizon?: number
  readonly paths?: number
  readonly seed?: number
  readonly nu?: number | 'fit'
}

/** What the desk knows about its session when a report is asked for. */
export interface DeskReportSubject {
  /** the book the session was opened on (its identity keys the sharing of computations) */
  readonly book: Book
  /** the session's position rows: the live quantities, after any paper execution */
  readonly positions: readonly PositionRow[]
  /** date of the newest frame, or null before the first frame */
  readonly lastFrameDate: string | null
  /** first market date of the replay (ISO) */
  readonly replayStart: string
  /**
   * the book as the session holds it (DeskSession.heldBook: live quantities, split-adjusted costs and option terms,
   * settled options out); when given it is reported instead of `currentBook(book, positions)`
   */
  readonly held?: Book
}

/**
 * The book the desk holds now: the opened book with each position's quantity replaced by its live quantity (a
 * reduce action changes quantities; a position cut to zero stays, with quantity 0). Positions the session excluded
 * (no history) keep their book quantity: the report excludes them again, with its own reason.
 */
export function currentBook(book: Book, positions: readonly PositionRow[]): Book {
  const live = new Map(positions.map((p) => [p.symbol, p.quantity]))
  return { name: book.name, positions: book.positions.map((p) => (live.has(p.symbol) ? { ...p, quantity: live.get(p.symbol)! } : p)) }
}

/**
 * The as-of date of a desk report: the newest frame's date, or before the first frame the calendar day before the
 * replay start, which the report resolves to the last market date on or before it: the same date as the desk's
 * initial risk window (DeskSession), so the report never sees a price the desk has not yet replayed.
 * @throws RangeError when the replay start is not a YYYY-MM-DD date
 */
export function reportAsOf(lastFrameDate: string | null, replayStart: string): string {
  return lastFrameDate ?? dayBefore(replayStart)
}

/** Runs desk reports and shares the ones in flight. */
export class DeskRiskReports {
  private readonly inFlight = new WeakMap<Book, Map<string, Promise<ExtendedRiskReport>>>()

  /**
   * @param market the desk's market data
   * @param pool the worker pool for the Monte Carlo paths; null simulates in-process (same numbers)
   */
  constructor(
    private readonly market: MarketContext,
    private readonly pool: ComputePool | null,
  ) {}

  /**
   * The report for `subject` and `request`. Requests equal after defaults, for the same session book, live quantities
   * and date, share one promise until it settles (nothing is kept after that: the desk moves on with every frame).
   * @throws (rejects) RangeError from the report for invalid options or dates; the pool's Error when a worker fails
   */
  run(subject: DeskReportSubject, request: DeskReportRequest): Promise<ExtendedRiskReport> {
    const book = subject.held ?? currentBook(subject.book, subject.positions)
    const asof = reportAsOf(subject.lastFrameDate, subject.replayStart)
    const opts = {
      asof,
      method: request.method ?? 'historical',
      horizon: request.horizon ?? 1,
      paths: request.paths ?? DEFAULT_MC_PATHS,
      seed: request.seed ?? DEFAULT_MC_SEED,
      ...(request.nu !== undefined ? { nu: request.nu } : {}),
    }
    const key = JSON.stringify([opts, book.positions])
    let running = this.inFlight.get(subject.book)
    if (!running) this.inFlight.set(subject.book, (running = new Map()))
    const shared = running.get(key)
    if (shared) return shared
    const started = Promise.resolve()
      .then(() => pooledRiskReport(book, this.market, this.pool, opts))
      .finally(() => running.delete(key))
    running.set(key, started)
    return started
  }
}
