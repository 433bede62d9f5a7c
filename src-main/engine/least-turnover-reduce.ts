/**
 * Sizing of the desk's "reduce" action: reach a target VaR with the least traded notional, in whole shares, never
 * flipping a position's sign; and, beside it, the pro-rata alternative (every position cut by one common fraction)
 * so a trader sees what the least-turnover plan saves.
 *
 * Convention: the book's scenario P&L is L_t = Σ_i q_i p_i R[t, i] (linear revaluation of today's values under the
 * W scenario returns, RISK-CONVENTIONS "Portfolio P&L scenarios"); the risk of a P&L vector is given by `measure`
 * (default historical VaR at c, type 7 quantile). A trade moves q_i towards zero only: 0 <= |q'_i| <= |q_i|, same sign.
 * Turnover = Σ_i |q_i − q'_i| p_i (currency).
 *
 * Least turnover is a greedy descent on "VaR reduction per dollar traded": at each step every tradable position is
 * tried with one equal-notional slice (gross / slices, in whole shares), the slice with the largest exact VaR
 * reduction per dollar is taken, and the last slice is cut to the fewest shares that reach the target (bisection on
 * shares). Each trial is an exact recompute of the measure on the scenario matrix (O(W) per position per step), not
 * a linear approximation. Sources: the marginal/component VaR ranking of Jorion, Value at Risk, 3rd ed., ch. 7
 * ("VaR tools", risk reduction per unit of position change); the greedy slice rule for a budgeted reduction follows
 * the steepest-descent heuristic for mean-risk rebalancing (Rockafellar & Uryasev 2000 show the historical CVaR form is
 * a linear program; VaR is not convex, hence a heuristic with an exact check of every step). Ours: the slice size and
 * the final bisection.
 */
import { historicalVaR } from './historical'
import { assertLength, assertMatrix } from './validate'

/** Default slice of the greedy: 1/400 of the gross value per step. */
export const DEFAULT_SLICES = 400

export interface ReduceProblem {
  /** W x N scenario returns per position, row-major R[t*N + i], t = 0 oldest */
  readonly R: Float64Array
  readonly W: number
  readonly N: number
  /** N signed shares (negative = short); fractional after a split with a non-integer ratio */
  readonly quantity: Float64Array
  /** N prices per share (> 0, currency): the value of one share, whose scenario return is R[t, i] */
  readonly price: Float64Array
  /** the risk to reach or go under (currency, > 0) */
  readonly target: number
  /** risk of a scenario P&L vector (currency, positive = loss); default historical VaR at 0.99 */
  readonly measure?: (pnl: Float64Array) => number
  /** N flags: 0 = this position may not be traded (e.g. an option row); default all tradable */
  readonly tradable?: Uint8Array
  /** greedy slices of the gross value (default DEFAULT_SLICES) */
  readonly slices?: number
}

export interface ReducePlan {
  /** N signed shares after the trade: whole-share trades, or a full close (same sign as before or 0, never larger in magnitude) */
  readonly toQuantity: Float64Array
  readonly riskBefore: number
  readonly riskAfter: number
  /** Σ |Δq| p (currency) */
  readonly turnover: number
  /** false when every allowed trade together cannot reach the target (the plan then goes as far as it can) */
  readonly reachesTarget: boolean
}

function check(p: ReduceProblem): { measure: (pnl: Float64Array) => number; tradable: Uint8Array; L: Float64Array } {
  const { R, W, N, quantity, price, target } = p
  assertMatrix('reduce', 'R', R, W, N)
  assertLength('reduce', 'quantity', quantity, N)
  assertLength('reduce', 'price', price, N)
  if (!(target > 0) || !Number.isFinite(target)) throw new RangeError(`reduce: target must be a positive finite number, got ${target}`)
  for (let i = 0; i < N; i++) {
    if (!Number.isFinite(quantity[i]!)) throw new RangeError(`reduce: quantity[${i}] must be finite, got ${quantity[i]}`)
    if (!(price[i]! > 0) || !Number.isFinite(price[i]!)) throw new RangeError(`reduce: price[${i}] must be positive, got ${price[i]}`)
  }
  const tradable = p.tradable ?? new Uint8Array(N).fill(1)
  assertLength('reduce', 'tradable', tradable, N)
  const L = new Float64Array(W)
  for (let t = 0; t < W; t++) {
    let s = 0
    for (let i = 0; i < N; i++) s += quantity[i]! * price[i]! * R[t * N + i]!
    L[t] = s
  }
  return { measure: p.measure ?? ((x) => historicalVaR(x, 0.99)), tradable, L }
}

/** out = L + dv · R[:, i] */
function shifted(out: Float64Array, L: Float64Array, R: Float64Array, N: number, i: number, dv: number): Float64Array {
  for (let t = 0; t < L.length; t++) out[t] = L[t]! + dv * R[t * N + i]!
  return out
}

function turnoverOf(q: Float64Array, to: Float64Array, price: Float64Array): number {
  let s = 0
  for (let i = 0; i < q.length; i++) s += Math.abs(q[i]! - to[i]!) * price[i]!
  return s
}

/**
 * The least-turnover reduction (greedy on exact VaR reduction per dollar traded, whole shares, no sign flip).
 * @returns the plan; `toQuantity` equals `quantity` when the risk is already at or under the target
 * @throws RangeError for shape mismatches, non-finite quantities, non-positive prices or target
 */
export function leastTurnoverReduce(p: ReduceProblem): ReducePlan {
  const { R, W, N, quantity, price, target } = p
  const { measure, tradable, L } = check(p)
  const to = Float64Array.from(quantity)
  const before = measure(L)
  let cur = before
  let gross = 0
  for (let i = 0; i < N; i++) if (tradable[i]) gross += Math.abs(quantity[i]!) * price[i]!
  const slice = gross / (p.slices ?? DEFAULT_SLICES)
  const trial = new Float64Array(W)
  let reached = cur <= target
  while (!reached) {
    let best = -1
    let bestScore = 0
    let bestShares = 0
    let bestRisk = cur
    for (let i = 0; i < N; i++) {
      const left = Math.abs(to[i]!)
      if (!tradable[i] || left === 0) continue
      const s = Math.min(left, Math.max(1, Math.round(slice / price[i]!)))
      const risk = measure(shifted(trial, L, R, N, i, -Math.sign(to[i]!) * s * price[i]!))
      const score = (cur - risk) / (s * price[i]!)
      if (score > bestScore) {
        best = i
        bestScore = score
        bestShares = s
        bestRisk = risk
      }
    }
    if (best < 0) break // no allowed slice lowers the risk any more
    const sign = Math.sign(to[best]!)
    let s = bestShares
    if (bestRisk <= target) {
      // the fewest shares of this slice that reach the target (hi always reaches it)
      let lo = 0
      let hi = s
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2)
        if (measure(shifted(trial, L, R, N, best, -sign * mid * price[best]!)) <= target) hi = mid
        else lo = mid
      }
      s = hi
      reached = true
    }
    shifted(L, L, R, N, best, -sign * s * price[best]!)
    to[best] = to[best]! - sign * s
    cur = measure(L)
  }
  return { toQuantity: to, riskBefore: before, riskAfter: cur, turnover: turnoverOf(quantity, to, price), reachesTarget: cur <= target }
}

/** Bisection steps on the common fraction: 2^-40 is far below one share. */
const FRACTION_STEPS = 40

/**
 * The pro-rata alternative: every tradable position cut by the same fraction f, each cut rounded up to whole shares
 * (towards zero, never past it); f is the smallest (by bisection) whose rounded book reaches the target.
 * @returns the plan and f; reachesTarget false when even f = 1 (closing every tradable position) does not reach it
 * @throws RangeError as leastTurnoverReduce
 */
export function proRataReduce(p: ReduceProblem): ReducePlan & { readonly fraction: number } {
  const { R, W, N, quantity, price, target } = p
  const { measure, tradable, L } = check(p)
  const before = measure(L)
  const book = (f: number): Float64Array =>
    Float64Array.from(quantity, (q, i) => (tradable[i] ? q - Math.sign(q) * Math.min(Math.abs(q), Math.ceil(Math.abs(q) * f - 1e-9)) : q))
  const pnl = new Float64Array(W)
  const riskAt = (f: number): number => {
    const q = book(f)
    pnl.set(L)
    for (let i = 0; i < N; i++) {
      const dv = (q[i]! - quantity[i]!) * price[i]!
      if (dv !== 0) shifted(pnl, pnl, R, N, i, dv)
    }
    return measure(pnl)
  }
  if (before <= target) return { toQuantity: Float64Array.from(quantity), riskBefore: before, riskAfter: before, turnover: 0, reachesTarget: true, fraction: 0 }
  const full = riskAt(1)
  if (full > target) {
    const to = book(1)
    return { toQuantity: to, riskBefore: before, riskAfter: full, turnover: turnoverOf(quantity, to, price), reachesTarget: false, fraction: 1 }
  }
  let lo = 0
  let hi = 1
  for (let k = 0; k < FRACTION_STEPS; k++) {
    const mid = (lo + hi) / 2
    if (riskAt(mid) <= target) hi = mid
    else lo = mid
  }
  const to = book(hi)
  return { toQuantity: to, riskBefore: before, riskAfter: riskAt(hi), turnover: turnoverOf(quantity, to, price), reachesTarget: true, fraction: hi }
}
