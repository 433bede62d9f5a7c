/**
 * Plans for the desk's action kinds, sized by the engine (least-turnover-reduce.ts, min-variance-hedge.ts) on the
 * live window and returned as lifecycle ActionPlans with their exact preview: the VaR after by the desk's method and
 * the historical ES after (the ES the desk shows), both recomputed on the traded book's scenario P&L.
 * Inputs are plain arrays, so the desk session (or a test) passes what its IncrementalRisk and BookState hold.
 */
import { historicalVaRES } from '../../engine/historical'
import { leastTurnoverReduce, proRataReduce } from '../../engine/least-turnover-reduce'
import { chooseHedge, hedgedPnL, type HedgeCandidate, type HedgeSizing } from '../../engine/min-variance-hedge'
import { pnlVaRMeasure, type PnLVarMethod } from '../../engine/pnl-risk-measure'
import type { ActionPlan, PlanLeg, SizingBasis } from './action-lifecycle'

/** The live book as the sizing sees it. */
export interface SizingBook {
  readonly symbols: readonly string[]
  /** N signed whole shares */
  readonly quantity: Float64Array
  /** N current prices (> 0) */
  readonly price: Float64Array
  /** W x N simple returns of the window, row-major, t = 0 oldest */
  readonly R: Float64Array
  readonly W: number
  readonly N: number
  /** 0 = not tradable by an automated action (e.g. an option row); default all tradable */
  readonly tradable?: Uint8Array
  readonly method: PnLVarMethod
  readonly confidence: number
  /** EWMA decay (default RiskMetrics 0.94) */
  readonly lambda?: number
  /**
   * W scenario P&L of what no trade here changes (the options' full revaluations), added to every P&L vector; default
   * none. With it, the measure sees the whole book as the desk does (IncrementalRisk.scenarioPnL).
   */
  readonly fixedPnL?: Float64Array
}

function pnlOf(b: SizingBook, q: Float64Array): Float64Array {
  const L = new Float64Array(b.W)
  for (let t = 0; t < b.W; t++) {
    let s = b.fixedPnL ? b.fixedPnL[t]! : 0
    for (let i = 0; i < b.N; i++) s += q[i]! * b.price[i]! * b.R[t * b.N + i]!
    L[t] = s
  }
  return L
}

/** The book's VaR measure of a P&L vector of the traded positions only (the fixed part added). */
function measureOf(b: SizingBook): (pnl: Float64Array) => number {
  const m = pnlVaRMeasure(b.method, b.confidence, b.lambda)
  const fixed = b.fixedPnL
  if (!fixed) return m
  const full = new Float64Array(b.W)
  return (pnl) => {
    for (let t = 0; t < b.W; t++) full[t] = pnl[t]! + fixed[t]!
    return m(full)
  }
}

function legsOf(b: SizingBook, to: Float64Array): PlanLeg[] {
  const legs: PlanLeg[] = []
  for (let i = 0; i < b.N; i++) if (to[i] !== b.quantity[i]) legs.push({ symbol: b.symbols[i]!, fromQuantity: b.quantity[i]!, toQuantity: to[i]!, price: b.price[i]! })
  return legs
}

/**
 * What a proposal is sized on: the snapshot (quantities and prices), the limit, the target and the method.
 * @throws RangeError as the engine functions for bad inputs
 */
export function sizingBasis(b: SizingBook, at: { marketDate: string; frameSeq: number }, varLimit: number, target: number): SizingBasis {
  const L = pnlOf(b, b.quantity)
  return {
    marketDate: at.marketDate,
    frameSeq: at.frameSeq,
    method: b.method,
    confidence: b.confidence,
    window: b.W,
    varBefore: pnlVaRMeasure(b.method, b.confidence, b.lambda)(L),
    esBefore: historicalVaRES(L, b.confidence).es,
    varLimit,
    target,
    positions: b.symbols.map((symbol, i) => ({ symbol, quantity: b.quantity[i]!, price: b.price[i]! })),
  }
}

/**
 * The least-turnover reduce to `target`, with the pro-rata alternative's turnover and VaR beside it.
 * @returns null when the VaR is already at or under the target (nothing to reduce)
 */
export function sizeReduce(b: SizingBook, target: number): { plan: ActionPlan; reachesTarget: boolean; proRata: { turnover: number; varAfter: number; fraction: number; reachesTarget: boolean } } | null {
  const problem = { R: b.R, W: b.W, N: b.N, quantity: b.quantity, price: b.price, target, measure: measureOf(b), ...(b.tradable ? { tradable: b.tradable } : {}) }
  const lt = leastTurnoverReduce(problem)
  if (lt.turnover === 0) return null
  const pr = proRataReduce(problem)
  const plan: ActionPlan = {
    kind: 'reduce',
    method: 'least-turnover',
    legs: legsOf(b, lt.toQuantity),
    varAfter: lt.riskAfter,
    esAfter: historicalVaRES(pnlOf(b, lt.toQuantity), b.confidence).es,
    turnover: lt.turnover,
  }
  return { plan, reachesTarget: lt.reachesTarget, proRata: { turnover: pr.turnover, varAfter: pr.riskAfter, fraction: pr.fraction, reachesTarget: pr.reachesTarget } }
}

/** An index ETF that may hedge the book: its returns over the window and price; `symbols` of the book may include it. */
export type HedgeInstrument = HedgeCandidate

/**
 * The minimum-variance hedge in the candidate ETF with the lowest residual variance (SPY, QQQ, sector ETFs), as one
 * leg from the quantity the book already holds (0 if none) to that plus the hedge's whole shares.
 * @returns null when no candidate can hedge (zero-variance returns) or the best hedge is 0 shares
 */
export function sizeHedge(b: SizingBook, candidates: readonly HedgeInstrument[]): { plan: ActionPlan; ranked: HedgeSizing[] } | null {
  const L = pnlOf(b, b.quantity)
  const { ranked } = chooseHedge(L, candidates)
  const best = ranked[0]
  if (best === undefined || best.shares === 0) return null
  const c = candidates.find((x) => x.symbol === best.symbol)!
  const held = b.symbols.indexOf(best.symbol)
  const from = held < 0 ? 0 : b.quantity[held]!
  const after = hedgedPnL(L, c, best.shares)
  const plan: ActionPlan = {
    kind: 'hedge',
    method: 'min-variance',
    legs: [{ symbol: best.symbol, fromQuantity: from, toQuantity: from + best.shares, price: c.price }],
    varAfter: pnlVaRMeasure(b.method, b.confidence, b.lambda)(after),
    esAfter: historicalVaRES(after, b.confidence).es,
    turnover: Math.abs(best.shares) * c.price,
  }
  return { plan, ranked }
}

/** The kill switch's flatten: every tradable position to 0 (VaR after of the flattened rows: the rest of the book). */
export function flattenPlan(b: SizingBook): ActionPlan {
  const to = Float64Array.from(b.quantity, (q, i) => (b.tradable && !b.tradable[i] ? q : 0))
  const L = pnlOf(b, to)
  const anyLeft = to.some((q) => q !== 0) || (b.fixedPnL?.some((x) => x !== 0) ?? false)
  return {
    kind: 'flatten',
    method: 'flatten',
    legs: legsOf(b, to),
    varAfter: anyLeft ? pnlVaRMeasure(b.method, b.confidence, b.lambda)(L) : 0,
    esAfter: anyLeft ? historicalVaRES(L, b.confidence).es : 0,
    turnover: b.symbols.reduce((s, _, i) => s + Math.abs(b.quantity[i]! - to[i]!) * b.price[i]!, 0),
  }
}
