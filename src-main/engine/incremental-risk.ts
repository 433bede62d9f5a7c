/**
 * The live risk path: VaR/ES of a book kept up to date tick by tick without recomputing from scratch.
 * Same conventions and same numbers (to rounding) as the batch functions: historical.ts (scenario P&L, type 7
 * quantile, ES), covariance.ts (sample covariance n - 1, RiskMetrics EWMA normalised over the window) and
 * parametric.ts (delta-normal VaR/ES); see ../shared/docs/RISK-CONVENTIONS.md.
 *
 * No N x N matrix is kept: every figure the desk needs is a moment of the book's scenario P&L (pnl-moments.ts).
 * With d_t = r_t - K (a fixed shift K, the column means at the last full recompute) and Ld_t = Σ_i v_i d_{t,i}:
 *  - historical: L_t = Ld_t + K·v (the scenario P&L Σ_i v_i r_{t,i});
 *  - sample σ² = vᵀΣv = Σ_t (Ld_t - mean Ld)² / (W - 1) (any shift leaves it unchanged; the shift keeps Ld free of
 *    the cancellation a level in the returns would cause);
 *  - EWMA σ² = vᵀΣ_E v = Σ_k ω_k L_{T-k}² (RiskMetrics, zero mean);
 *  - Σ v = Σ_t d_t (Ld_t - mean Ld) / (W - 1) = (Σ_t d_t Ld_t - sD · mean Ld) / (W - 1), sD = Σ_t d_t;
 *    Σ_E v = Σ_k ω_k r_{T-k} L_{T-k}.
 * State for N positions and a window of W daily return rows: a ring buffer of the W rows (slot `head` holds the
 * oldest), Ld per slot, K, sD, the values v, and the value changes not yet folded into Ld.
 * Costs: setValue O(1) (the change is folded into Ld when a figure is read: O(W) per changed position, or one
 * O(W·N) pass when more than N / 8 changed, which also removes rounding drift); rollDay O(N); snapshot O(W)
 * expected (selection) + the pending fold; Σ v (decomposition) one O(W·N) pass per change of the book or the
 * window; construction and the full recompute every W rolls O(W·N). Memory O(W·N), no N² term: a 2,000 x 2,520 book
 * keeps its 40 MB window and a few vectors.
 * Rounding drift is removed by a full pass every `resyncEvery` folded value changes, when the book's gross falls
 * below 1e-3 of its peak since the last pass, and by the full recompute every W rolls.
 */
import { RISKMETRICS_LAMBDA, assertLambda } from './covariance'
import { type EulerDecomposition, decomposeFromSigmaV } from './decomposition'
import { standardNormalPdf, standardNormalQuantile } from './distributions'
import { historicalVaRES } from './historical'
import { sqrtQuadraticForm } from './parametric'
import { assertAllFinite, assertConfidence, assertLength, assertMatrix, assertPositiveInt } from './validate'

/** Default number of folded value changes between full passes over the window (amortised cost ~ W·N / 4096). */
export const DEFAULT_RESYNC_EVERY = 4096

/**
 * The value-dependent state is also recomputed when the book's gross falls below this fraction of its peak since the
 * last recompute: incremental sums keep rounding residue of the size of the values they once held (a flattened
 * book would otherwise show ~1e-12 of its former VaR), so errors stay relative to the current book.
 */
const SHRINK_RESYNC = 1e-3

export interface IncrementalRiskInit {
  /** W x N simple daily returns, row-major R[t*N + i], t = 0 oldest ... W - 1 newest (the as-of day). Copied. */
  readonly returns: Float64Array
  /** window length, >= 2 */
  readonly W: number
  /** number of positions, >= 1 */
  readonly N: number
  /** N signed market values v_i = q_i P_i in currency. Copied. */
  readonly values: Float64Array
  /** EWMA decay in (0, 1), default 0.94 */
  readonly lambda?: number
  /** value changes between full recomputes of the value-dependent state, default 4096 */
  readonly resyncEvery?: number
  /**
   * the initial state computed elsewhere (e.g. on a worker thread) by {@link incrementalRiskState} on exactly these
   * returns and values: adopted without recomputation (the same numbers, bit for bit); default computed here
   */
  readonly state?: IncrementalRiskState
  /**
   * true: `returns` becomes the ring buffer itself (no copy; the caller must not use it afterwards); default false
   */
  readonly adoptReturns?: boolean
}

/**
 * What IncrementalRisk derives from its window and values at construction (and every W rolls): the shift K (column
 * means), sD = Σ_t (r_t − K) and Ld_t = Σ_i v_i (r_{t,i} − K_i) in window order (t = 0 oldest). Plain typed arrays, so
 * a worker thread can compute them and move them back.
 */
export interface IncrementalRiskState {
  /** N column means K */
  readonly shift: Float64Array
  /** N sums Σ_t (r_t − K) */
  readonly sD: Float64Array
  /** W shifted scenario P&L values, t = 0 oldest */
  readonly Ld: Float64Array
}

/**
 * The initial state of IncrementalRisk for a W x N window (row-major, t = 0 oldest) and N values: the same loops as
 * its constructor, so the numbers are identical. Pure; O(W·N). For a worker thread (compute/risk-state-task.ts).
 * @throws RangeError on shape mismatch or W < 2
 */
export function incrementalRiskState(returns: Float64Array, W: number, N: number, values: Float64Array): IncrementalRiskState {
  assertMatrix('incrementalRiskState', 'returns', returns, W, N)
  assertLength('incrementalRiskState', 'values', values, N)
  if (W < 2) throw new RangeError(`incrementalRiskState: W must be >= 2, got ${W}`)
  const shift = new Float64Array(N)
  const sD = new Float64Array(N)
  columnShift(returns, W, N, shift, sD)
  const Ld = new Float64Array(W)
  shiftedPnLPass(returns, W, N, values, shift, Ld, null)
  return { shift, sD, Ld }
}

/** shift = the column means of the W x N row-major R, sD = Σ_t (R_t − shift) (two passes). */
function columnShift(R: Float64Array, W: number, N: number, shift: Float64Array, sD: Float64Array): void {
  shift.fill(0)
  for (let s = 0; s < W; s++) {
    const base = s * N
    for (let i = 0; i < N; i++) shift[i]! += R[base + i]!
  }
  for (let i = 0; i < N; i++) shift[i]! /= W
  sD.fill(0)
  for (let s = 0; s < W; s++) {
    const base = s * N
    for (let i = 0; i < N; i++) sD[i]! += R[base + i]! - shift[i]!
  }
}

/** Live risk figures at one confidence level; money in the book's currency, one-day horizon, losses positive. */
export interface RiskSnapshot {
  readonly confidence: number
  readonly historicalVaR: number
  readonly historicalES: number
  /** delta-normal VaR with the sample covariance: z_c σ */
  readonly parametricVaR: number
  /** delta-normal ES with the sample covariance: σ φ(z_c) / (1 - c) */
  readonly parametricES: number
  /** delta-normal VaR with the EWMA covariance */
  readonly ewmaVaR: number
  /** σ_P = sqrt(vᵀΣv), sample covariance, currency per day */
  readonly sigma: number
  /** sqrt(vᵀΣ_EWMA v), currency per day */
  readonly ewmaSigma: number
}


/** More changed positions than N / PENDING_FULL_PASS_DIVISOR since the last fold: one full pass is cheaper. */
const PENDING_FULL_PASS_DIVISOR = 8

/**
 * Live VaR/ES of one book over a rolling window (see the file comment for the maintained state and costs).
 * Typical use: construct from the W-day window and today's values, call setValue on each price tick, rollDay at
 * each new close, and snapshot(c) whenever figures are needed. Not thread-safe; one instance per book.
 */
export class IncrementalRisk {
  readonly W: number
  readonly N: number
  readonly lambda: number
  readonly resyncEvery: number

  private readonly ring: Float64Array
  private head = 0
  private readonly v: Float64Array
  /** Ld_s = Σ_i v_i (r_{s,i} - K_i) per ring slot, current unless `stale` or changes are pending */
  private readonly Ld: Float64Array
  /** K · v, with Ld */
  private Kv = 0
  /** K: the column means at the last full recompute */
  private readonly shift: Float64Array
  /** Σ_t (r_t - K) over the window */
  private readonly sD: Float64Array
  /** λ^k for the age k = 0 (newest) ... W - 1 */
  private readonly lambdaPow: Float64Array
  private readonly ewmaScale: number
  private readonly scratch: Float64Array
  private readonly pnlWork: Float64Array
  /** true: Ld must be recomputed by a full pass (pending changes are then not recorded) */
  private stale = true
  /** value changes not yet folded into Ld: position, summed change, and each position's slot in the list (-1: none) */
  private readonly pendingIdx: Int32Array
  private readonly pendingDv: Float64Array
  private readonly pendingPos: Int32Array
  private pendingCount = 0
  /** Σ v (sample) and Σ_E v, or null until computed for the current book and window */
  private sigmaVCache: Float64Array | null = null
  private ewmaSigmaVCache: Float64Array | null = null
  /** set once Σ v has been asked for: a full pass then computes it along with Ld (one pass over memory, not two) */
  private sigmaVWanted = false
  /** overlay key -> its P&L per ring slot (slot-indexed like Ld) */
  private readonly overlays = new Map<string, Float64Array>()
  /** Σ of the overlays per slot, or null while there is none */
  private X: Float64Array | null = null
  private rollsSinceResync = 0
  private rollCount = 0
  private ticksSinceResync = 0
  /** Σ|v_i|, maintained per tick, and its largest value since the last full pass */
  private gross = 0
  private peakGross = 0

  /**
   * @throws RangeError on shape mismatch, W < 2, non-finite returns or values, λ outside (0, 1), or a
   *   resyncEvery that is not a positive integer.
   */
  constructor(init: IncrementalRiskInit) {
    const fn = 'IncrementalRisk'
    const { W, N } = init
    assertMatrix(fn, 'returns', init.returns, W, N)
    if (W < 2) throw new RangeError(`${fn}: W must be >= 2 (sample covariance), got ${W}`)
    assertLength(fn, 'values', init.values, N)
    assertAllFinite(fn, 'returns', init.returns)
    assertAllFinite(fn, 'values', init.values)
    const lambda = init.lambda ?? RISKMETRICS_LAMBDA
    assertLambda(fn, lambda)
    const resyncEvery = init.resyncEvery ?? DEFAULT_RESYNC_EVERY
    assertPositiveInt(fn, 'resyncEvery', resyncEvery)
    this.W = W
    this.N = N
    this.lambda = lambda
    this.resyncEvery = resyncEvery
    this.ring = init.adoptReturns === true ? init.returns : Float64Array.from(init.returns)
    this.v = Float64Array.from(init.values)
    this.Ld = new Float64Array(W)
    this.shift = new Float64Array(N)
    this.sD = new Float64Array(N)
    this.lambdaPow = new Float64Array(W)
    for (let k = 0; k < W; k++) this.lambdaPow[k] = Math.pow(lambda, k)
    this.ewmaScale = (1 - lambda) / (1 - Math.pow(lambda, W))
    this.scratch = new Float64Array(W)
    this.pnlWork = new Float64Array(W)
    this.pendingIdx = new Int32Array(N)
    this.pendingDv = new Float64Array(N)
    this.pendingPos = new Int32Array(N).fill(-1)
    const state = init.state
    if (state === undefined) this.resync()
    else {
      assertLength(fn, 'state.shift', state.shift, N)
      assertLength(fn, 'state.sD', state.sD, N)
      assertLength(fn, 'state.Ld', state.Ld, W)
      this.shift.set(state.shift)
      this.sD.set(state.sD)
      this.Ld.set(state.Ld)
      this.Kv = dot(this.shift, this.v, N)
      let gross = 0
      for (let i = 0; i < N; i++) gross += Math.abs(this.v[i]!)
      this.gross = gross
      this.peakGross = gross
      this.stale = false
    }
  }

  /**
   * One price tick of position i: v_i becomes `value`. O(1); the change reaches the figures when they are read.
   * @param i position index in [0, N).
   * @param value new signed market value in currency.
   * @throws RangeError for a bad index or a non-finite value.
   */
  setValue(i: number, value: number): void {
    const { N } = this
    if (!(Number.isInteger(i) && i >= 0 && i < N)) throw new RangeError(`IncrementalRisk.setValue: index ${i} is outside [0, ${N})`)
    if (!Number.isFinite(value)) throw new RangeError(`IncrementalRisk.setValue: value for position ${i} must be finite, got ${value}`)
    const old = this.v[i]!
    const dv = value - old
    this.v[i] = value
    if (dv === 0) return
    this.sigmaVCache = null
    this.ewmaSigmaVCache = null
    this.gross += Math.abs(value) - Math.abs(old)
    if (this.gross > this.peakGross) this.peakGross = this.gross
    if (++this.ticksSinceResync >= this.resyncEvery || this.gross < SHRINK_RESYNC * this.peakGross) {
      this.markStale()
      return
    }
    if (this.stale) return
    let pos = this.pendingPos[i]!
    if (pos < 0) {
      if (this.pendingCount * PENDING_FULL_PASS_DIVISOR >= N) {
        this.markStale()
        return
      }
      pos = this.pendingCount++
      this.pendingIdx[pos] = i
      this.pendingDv[pos] = 0
      this.pendingPos[i] = pos
    }
    this.pendingDv[pos]! += dv
  }

  /**
   * Replaces all values at once (e.g. a new book or a revaluation at the close). O(WN) when next read.
   * @throws RangeError on length mismatch or non-finite values.
   */
  setValues(values: Float64Array): void {
    assertLength('IncrementalRisk.setValues', 'values', values, this.N)
    assertAllFinite('IncrementalRisk.setValues', 'values', values)
    this.v.set(values)
    this.sigmaVCache = null
    this.ewmaSigmaVCache = null
    this.markStale()
  }

  /**
   * A new day: `returnsRow` (N returns of the new as-of day) enters the window and the oldest row leaves. O(N) (plus
   * the fold of pending value changes): the new slot's Ld, sD += d_new - d_old. Every W rolls everything is
   * recomputed from the ring buffer to stop rounding drift.
   * @throws RangeError on length mismatch or non-finite returns.
   */
  rollDay(returnsRow: Float64Array): void {
    assertLength('IncrementalRisk.rollDay', 'returnsRow', returnsRow, this.N)
    assertAllFinite('IncrementalRisk.rollDay', 'returnsRow', returnsRow)
    if (!this.stale && this.pendingCount > 0) this.foldPending()
    const { N, ring, v, shift, sD } = this
    const base = this.head * N
    // an overlay's value for a scenario leaves with the scenario; the new one is 0 until the overlay is set again
    if (this.X !== null) {
      for (const col of this.overlays.values()) col[this.head] = 0
      this.X[this.head] = 0
    }
    let ld = 0
    for (let i = 0; i < N; i++) {
      const dNew = returnsRow[i]! - shift[i]!
      sD[i]! += dNew - (ring[base + i]! - shift[i]!)
      ld += v[i]! * dNew
    }
    ring.set(returnsRow, base)
    this.Ld[this.head] = ld
    this.head = this.head + 1 === this.W ? 0 : this.head + 1
    this.rollCount++
    this.sigmaVCache = null
    this.ewmaSigmaVCache = null
    if (++this.rollsSinceResync >= this.W) this.resync()
  }

  /**
   * Risk figures at confidence c from the maintained state: historical VaR/ES by selection on L (expected O(W)),
   * parametric and EWMA figures from the P&L moments (O(W)).
   * @throws RangeError for c outside (0, 1).
   */
  snapshot(c: number): RiskSnapshot {
    assertConfidence('IncrementalRisk.snapshot', c)
    this.fold()
    const hist = historicalVaRES(this.pnlBySlot(), c, this.scratch)
    const sigma = this.sampleSigma()
    const ewmaSigma = this.ewmaSigma()
    const z = standardNormalQuantile(c)
    return {
      confidence: c,
      historicalVaR: hist.var,
      historicalES: hist.es,
      parametricVaR: z * sigma,
      parametricES: (sigma * standardNormalPdf(z)) / (1 - c),
      ewmaVaR: z * ewmaSigma,
      sigma,
      ewmaSigma,
    }
  }

  /**
   * Euler decomposition (marginal and component VaR) of the delta-normal VaR from Σ v (one O(W·N) pass per change
   * of the book or the window, then cached).
   * @param model 'sample' (default) or 'ewma' covariance.
   * @throws RangeError for c outside (0, 1).
   */
  decomposition(c: number, model: 'sample' | 'ewma' = 'sample'): EulerDecomposition {
    assertConfidence('IncrementalRisk.decomposition', c)
    const sv = model === 'ewma' ? this.ewmaSigmaV() : this.sigmaV()
    const sigma = model === 'ewma' ? this.ewmaSigma() : this.sampleSigma()
    return decomposeFromSigmaV(sigma, this.v, sv, this.N, c)
  }

  /** Σ v with the sample covariance (N, currency · return², copy). One O(W·N) pass unless cached. */
  sigmaV(): Float64Array {
    this.sigmaVWanted = true
    if (this.sigmaVCache === null) {
      if (!this.stale) this.fold()
      this.sigmaVCache = this.sigmaVFromPass(this.stale)
    }
    return Float64Array.from(this.sigmaVCache)
  }

  /**
   * Σ v = (Σ_t d_t Ld_t − sD · mean Ld) / (W − 1) by one pass over the window: with `full`, the pass recomputes Ld too
   * (the stale case); else Ld must be current.
   */
  private sigmaVFromPass(full: boolean): Float64Array {
    const { W, N, Ld, sD } = this
    const acc = new Float64Array(N)
    if (full) this.fullPass(acc)
    else weightedShiftedColumnSums(this.ring, W, N, Ld, this.shift, acc)
    let meanLd = 0
    for (let s = 0; s < W; s++) meanLd += Ld[s]!
    meanLd /= W
    for (let i = 0; i < N; i++) acc[i] = (acc[i]! - sD[i]! * meanLd) / (W - 1)
    return acc
  }

  /** Σ_EWMA v (N, copy). One O(W·N) pass unless cached. */
  ewmaSigmaV(): Float64Array {
    if (this.ewmaSigmaVCache === null) {
      const { W, N, head, Ld, Kv, lambdaPow, ewmaScale } = this
      this.fold()
      const c = new Float64Array(W)
      for (let s = 0; s < W; s++) c[s] = ewmaScale * lambdaPow[(head - 1 - s + 2 * W) % W]! * (Ld[s]! + Kv)
      const acc = new Float64Array(N)
      weightedShiftedColumnSums(this.ring, W, N, c, null, acc)
      this.ewmaSigmaVCache = acc
    }
    return Float64Array.from(this.ewmaSigmaVCache)
  }

  /** rollDay calls since construction (lets a reader of newestRow() tell whether it missed a day). */
  get rolls(): number {
    return this.rollCount
  }

  /** Current market values (copy). */
  values(): Float64Array {
    return Float64Array.from(this.v)
  }

  /** The current window of returns, W x N row-major, t = 0 oldest (copy, chronological). O(WN). */
  window(): Float64Array {
    const { W, N, ring, head } = this
    const out = new Float64Array(W * N)
    out.set(ring.subarray(head * N), 0)
    out.set(ring.subarray(0, head * N), (W - head) * N)
    return out
  }

  /**
   * The newest row of the window (the as-of day's N returns), a read-only view valid until the next rollDay: the
   * caller must not keep or change it. O(1).
   */
  newestRow(): Float64Array {
    const s = this.head === 0 ? this.W - 1 : this.head - 1
    return this.ring.subarray(s * this.N, (s + 1) * this.N)
  }

  /**
   * Sets (or replaces) a named P&L column added to the historical scenario P&L, e.g. an option's full-revaluation P&L
   * minus the delta term its factor's value already carries. The parametric figures do not see it.
   * @param key - identifies the column (e.g. the option position's symbol)
   * @param pnl - W values in currency, chronological (t = 0 oldest), aligned with window()
   * @throws RangeError on length mismatch or non-finite values
   * Cost O(W). After rollDay the column's value for the new scenario is 0 until it is set again.
   */
  setScenarioOverlay(key: string, pnl: Float64Array): void {
    assertLength('IncrementalRisk.setScenarioOverlay', 'pnl', pnl, this.W)
    assertAllFinite('IncrementalRisk.setScenarioOverlay', 'pnl', pnl)
    const { W, head } = this
    const X = (this.X ??= new Float64Array(W))
    let col = this.overlays.get(key)
    if (col === undefined) {
      col = new Float64Array(W)
      this.overlays.set(key, col)
    }
    for (let t = 0; t < W; t++) {
      const s = (head + t) % W
      X[s]! += pnl[t]! - col[s]!
      col[s] = pnl[t]!
    }
  }

  /** Removes a named P&L column (no-op when absent). O(W). */
  removeScenarioOverlay(key: string): void {
    const col = this.overlays.get(key)
    if (col === undefined) return
    this.overlays.delete(key)
    if (this.overlays.size === 0) this.X = null
    else this.resumOverlays()
  }

  /** Keys of the scenario overlays in force. */
  overlayKeys(): string[] {
    return [...this.overlays.keys()]
  }

  /** Returns of factor i over the window, chronological (t = 0 oldest), copy. O(W). @throws RangeError for a bad index */
  factorReturns(i: number): Float64Array {
    const { N, W, ring, head } = this
    if (!(Number.isInteger(i) && i >= 0 && i < N)) throw new RangeError(`IncrementalRisk.factorReturns: index ${i} is outside [0, ${N})`)
    const out = new Float64Array(W)
    for (let t = 0; t < W; t++) out[t] = ring[((head + t) % W) * N + i]!
    return out
  }

  /** The maintained scenario P&L (Σ v r plus the overlays) in chronological order, t = 0 oldest (copy). O(W). */
  scenarioPnL(): Float64Array {
    const { W, head } = this
    this.fold()
    const L = this.pnlBySlot()
    const out = new Float64Array(W)
    out.set(L.subarray(head), 0)
    out.set(L.subarray(0, head), W - head)
    return out
  }

  /** The newest scenario's P&L Σ_i v_i r_{T,i} plus the overlays' (the as-of day). O(1) after the pending fold. */
  newestPnL(): number {
    this.fold()
    const s = this.head === 0 ? this.W - 1 : this.head - 1
    return this.Ld[s]! + this.Kv + (this.X === null ? 0 : this.X[s]!)
  }

  /** Recomputes every maintained quantity from the ring buffer: K, sD, then Ld by a full pass. O(W·N). */
  resync(): void {
    columnShift(this.ring, this.W, this.N, this.shift, this.sD)
    this.rollsSinceResync = 0
    this.sigmaVCache = null
    this.ewmaSigmaVCache = null
    this.fullPass(null)
  }

  /** Drops the pending changes: the next read recomputes Ld by a full pass. */
  private markStale(): void {
    this.stale = true
    for (let k = 0; k < this.pendingCount; k++) this.pendingPos[this.pendingIdx[k]!] = -1
    this.pendingCount = 0
  }

  /**
   * Makes Ld current: a full pass when stale (with Σ v in the same pass once a caller has used Σ v: the desk reads
   * both every frame), else the pending changes folded in.
   */
  private fold(): void {
    if (this.stale) {
      if (this.sigmaVWanted && this.sigmaVCache === null) this.sigmaVCache = this.sigmaVFromPass(true)
      else this.fullPass(null)
    } else if (this.pendingCount > 0) this.foldPending()
  }

  /** Ld_s += Σ_k dv_k (r_{s,i_k} - K_{i_k}) over the pending changes. O(W · pending). */
  private foldPending(): void {
    const { W, N, ring, shift, Ld, pendingIdx, pendingDv, pendingPos } = this
    const n = this.pendingCount
    for (let s = 0; s < W; s++) {
      const base = s * N
      let acc = 0
      for (let k = 0; k < n; k++) {
        const i = pendingIdx[k]!
        acc += pendingDv[k]! * (ring[base + i]! - shift[i]!)
      }
      Ld[s]! += acc
    }
    for (let k = 0; k < n; k++) pendingPos[pendingIdx[k]!] = -1
    this.pendingCount = 0
    this.Kv = dot(shift, this.v, N)
  }

  /**
   * Ld from scratch for every slot (and, with `acc`, acc_i = Σ_s Ld_s (r_{s,i} - K_i) in the same pass), K·v, the
   * gross and its peak; clears the pending changes. O(W·N).
   */
  private fullPass(acc: Float64Array | null): void {
    const { W, N, v } = this
    this.markStale()
    shiftedPnLPass(this.ring, W, N, v, this.shift, this.Ld, acc)
    this.Kv = dot(this.shift, v, N)
    let gross = 0
    for (let i = 0; i < N; i++) gross += Math.abs(v[i]!)
    this.gross = gross
    this.peakGross = gross
    this.ticksSinceResync = 0
    this.stale = false
    if (this.X !== null) this.resumOverlays()
  }

  /** Recomputes Σ overlays per slot from the columns (removes the residue of replaced columns). O(W · overlays). */
  private resumOverlays(): void {
    const X = (this.X ??= new Float64Array(this.W))
    X.fill(0)
    for (const col of this.overlays.values()) for (let s = 0; s < this.W; s++) X[s]! += col[s]!
  }

  /** L + X per slot (a work array overwritten by the next call). O(W). Ld must be current. */
  private pnlBySlot(): Float64Array {
    const { W, Ld, Kv, X } = this
    const out = this.pnlWork
    for (let s = 0; s < W; s++) out[s] = Ld[s]! + Kv
    if (X !== null) for (let s = 0; s < W; s++) out[s]! += X[s]!
    return out
  }

  /** sqrt(Σ_t (Ld_t - mean)² / (W - 1)): vᵀΣv from the shifted P&L (two passes over W). */
  private sampleSigma(): number {
    this.fold()
    const { W, Ld } = this
    let mean = 0
    for (let s = 0; s < W; s++) mean += Ld[s]!
    mean /= W
    let ss = 0
    for (let s = 0; s < W; s++) {
      const d = Ld[s]! - mean
      ss += d * d
    }
    return Math.sqrt(ss / (W - 1))
  }

  /** sqrt(Σ_k ω_k L_{T-k}²), the RiskMetrics vᵀΣ_E v from the (unshifted) scenario P&L of v. */
  private ewmaSigma(): number {
    this.fold()
    const { W, head, Ld, Kv, lambdaPow } = this
    let quad = 0
    for (let s = 0; s < W; s++) {
      const l = Ld[s]! + Kv
      quad += lambdaPow[(head - 1 - s + 2 * W) % W]! * l * l
    }
    return sqrtQuadraticForm('IncrementalRisk.snapshot', this.ewmaScale * quad, 0)
  }
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!
  return s
}

/**
 * Ld_s = Σ_i v_i (R_{s,i} - K_i) for every row s of the W x N row-major R, and, when `acc` is given, acc_i +=
 * Σ_s Ld_s (R_{s,i} - K_i) in the same pass (acc is zeroed first). Rows are taken four at a time, so the four dot
 * products run independently and each block is read from cache by the second loop: one pass over memory.
 */
function shiftedPnLPass(R: Float64Array, W: number, N: number, v: Float64Array, K: Float64Array, Ld: Float64Array, acc: Float64Array | null): void {
  if (acc !== null) acc.fill(0)
  let s = 0
  for (; s + 3 < W; s += 4) {
    const b0 = s * N
    const b1 = b0 + N
    const b2 = b1 + N
    const b3 = b2 + N
    let l0 = 0
    let l1 = 0
    let l2 = 0
    let l3 = 0
    for (let i = 0; i < N; i++) {
      const vi = v[i]!
      const k = K[i]!
      l0 += vi * (R[b0 + i]! - k)
      l1 += vi * (R[b1 + i]! - k)
      l2 += vi * (R[b2 + i]! - k)
      l3 += vi * (R[b3 + i]! - k)
    }
    Ld[s] = l0
    Ld[s + 1] = l1
    Ld[s + 2] = l2
    Ld[s + 3] = l3
    if (acc !== null) {
      for (let i = 0; i < N; i++) {
        const k = K[i]!
        acc[i]! += l0 * (R[b0 + i]! - k) + l1 * (R[b1 + i]! - k) + l2 * (R[b2 + i]! - k) + l3 * (R[b3 + i]! - k)
      }
    }
  }
  for (; s < W; s++) {
    const b = s * N
    let l = 0
    for (let i = 0; i < N; i++) l += v[i]! * (R[b + i]! - K[i]!)
    Ld[s] = l
    if (acc !== null) for (let i = 0; i < N; i++) acc[i]! += l * (R[b + i]! - K[i]!)
  }
}

/** acc_i += Σ_s c_s (R_{s,i} - K_i) (K null: R_{s,i}) over the W x N row-major R, four rows at a time. O(W·N). */
function weightedShiftedColumnSums(R: Float64Array, W: number, N: number, c: Float64Array, K: Float64Array | null, acc: Float64Array): void {
  let s = 0
  for (; s + 3 < W; s += 4) {
    const b0 = s * N
    const b1 = b0 + N
    const b2 = b1 + N
    const b3 = b2 + N
    const c0 = c[s]!
    const c1 = c[s + 1]!
    const c2 = c[s + 2]!
    const c3 = c[s + 3]!
    if (K === null) {
      for (let i = 0; i < N; i++) acc[i]! += c0 * R[b0 + i]! + c1 * R[b1 + i]! + c2 * R[b2 + i]! + c3 * R[b3 + i]!
    } else {
      for (let i = 0; i < N; i++) {
        const k = K[i]!
        acc[i]! += c0 * (R[b0 + i]! - k) + c1 * (R[b1 + i]! - k) + c2 * (R[b2 + i]! - k) + c3 * (R[b3 + i]! - k)
      }
    }
  }
  for (; s < W; s++) {
    const b = s * N
    const cs = c[s]!
    for (let i = 0; i < N; i++) acc[i]! += cs * (R[b + i]! - (K === null ? 0 : K[i]!))
  }
}
