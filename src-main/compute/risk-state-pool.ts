/**
 * A desk session's initial risk state built with the compute pool, so the desk's thread keeps serving while a large
 * book opens. The desk's thread values the book and aligns its window (risk/book-valuation.ts valueBook: it reads
 * the PriceStore, which lives on that thread) and copies the window once into shared memory; a worker computes the
 * live engine's initial state (IncrementalRisk: O(W·N)) and the market-regime fit (EM on 1,000 SPY returns); the
 * desk's thread then adopts both without recomputing. Every number is the one the synchronous path computes (same
 * functions on the same inputs).
 */
import type { Book } from '@shared/domain/book'
import { IncrementalRisk } from '../engine/incremental-risk'
import type { MarketContext } from '../market/market-context'
import { valueBook, type BookValuation } from '../risk/book-valuation'
import { regimeProxyReturns, type RegimeFitAhead } from '../desk/regime-tracker'
import type { ComputePool } from './compute-pool'

export interface RiskStateBuildOptions {
  readonly book: Book
  readonly market: MarketContext
  /** the last market date before the session's first one (the initial window's as-of date) */
  readonly asof: string
  /** window W, daily returns */
  readonly window: number
  /** the session's first market date, named in the error (default: the day after `asof`) */
  readonly start?: string
}

/** What buildRiskStateOnPool hands to the session (live-book.ts openLiveBook and DeskMonitors take it as is). */
export interface PrebuiltRiskState {
  /** valueBook(book, market, asof, window) */
  readonly val: BookValuation
  /** the live engine on val's window and dollar deltas, its state computed on the pool */
  readonly risk: IncrementalRisk
  /**
   * the regime fit of what RegimeTracker.start fits: SPY's returns (regimeProxyReturns), else the book's scenario P&L
   * when the book holds no option (its P&L then carries no overlay); null when neither was fitted here
   */
  readonly regimeFit: RegimeFitAhead | null
  /** wall ms; ms on the desk's thread (synchronous slices); ms on the worker */
  readonly timings: { readonly wallMs: number; readonly mainThreadMs: number; readonly workerMs: number }
}

/**
 * Builds the initial risk state of a session with its O(W·N) engine state and regime fit on a worker.
 * @throws (rejects) RangeError when no factor of the book has `window` returns before the start (the message of
 *   openLiveBook), or as valueBook; Error when the pool lacks initialRiskState or the worker fails
 */
export async function buildRiskStateOnPool(pool: ComputePool, o: RiskStateBuildOptions): Promise<PrebuiltRiskState> {
  if (pool.initialRiskState === undefined) throw new Error('buildRiskStateOnPool: this compute pool has no initialRiskState task')
  const t0 = performance.now()
  const val = valueBook(o.book, o.market, o.asof, o.window)
  if (val.M === 0) {
    throw new RangeError(`no instrument of book ${o.book.name} has ${o.window} returns ${o.start === undefined ? `up to ${o.asof}` : `before ${o.start}`}`)
  }
  const W = o.window
  const N = val.M
  const returns = new Float64Array(new SharedArrayBuffer(W * N * Float64Array.BYTES_PER_ELEMENT))
  returns.set(val.mw.returns)
  const values = Float64Array.from(val.dollarDelta)
  const proxy = regimeProxyReturns(o.market.store, val.mw.asof)
  const t1 = performance.now()
  const bookPnLFallback = val.positions.every((p) => p.option === null)
  const done = await pool.initialRiskState({ returns, W, N, values, proxyReturns: 'x' in proxy ? proxy.x : null, bookPnLFallback })
  const t2 = performance.now()
  const risk = new IncrementalRisk({ returns, W, N, values, state: done.state, adoptReturns: true })
  const t3 = performance.now()
  return { val, risk, regimeFit: done.regimeFit, timings: { wallMs: t3 - t0, mainThreadMs: t1 - t0 + (t3 - t2), workerMs: done.workerMs } }
}
