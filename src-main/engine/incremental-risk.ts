/**
 * The live risk path: VaR/ES of a book kept up to date tick by tick without recomputing from scratch.
 * Same conventions and same numbers (to rounding) as the batch functions: historical.ts (scenario P&L, type 7
 * quantile, ES), covariance.ts (sample covariance n - 1, RiskMetrics EWMA normalised over the window) and
 * parametric.ts (delta-normal VaR/ES); see ../shared/docs/RISK-CONVENTIONS.md.
 *
 * State for N positions and a window of W daily return rows:
 *  - a ring buffer of the W rows (slot `head` holds the oldest);
 *  - the scenario P&L L (one entry per slot; quantiles do not depend on the order);
 *  - shifted sliding sums for the sample covariance: d_t = r_t - K with a fixed shift K (the column means at the
 *    last full recompute), sD = Σ_t d_t and M = Σ_t d_t d_tᵀ, so Σ = (M - sD sDᵀ / W) / (W - 1) without the
 *    cancellation of the raw Σ r rᵀ - (Σ r)(Σ r)ᵀ / W form (the "shifted data" algorithm);
 *  - the unnormalised EWMA sum U = Σ_{k=0}^{W-1} λ^k r_{T-k} r_{T-k}ᵀ, Σ_EWMA = U (1 - λ) / (1 - λ^W);
 *  - M v and U v, so that Σ v, Σ_EWMA v and the quadratic forms are O(N) away.
 *  - scenario overlays: named extra P&L columns (one per option position: its full-revaluation P&L beyond the delta
 *    term Σ v r already counts) added to the historical scenario P&L; the parametric figures use v only.
 * Costs: setValue O(W + N); rollDay O(N²) (rank-one add/remove) + O(overlays); setScenarioOverlay O(W);
 * snapshot O(W) expected (selection) + O(N).
 * Rounding drift is removed by a full recompute every W rolls and every `resyncEvery` value changes, and the
 * value-dependent state is recomputed when the gross falls below 1e-3 of its peak since the last recompute.
 */
import { RISKMETRICS_LAMBDA, assertLambda } from './covariance'
import { type EulerDecomposition, decomposeFromSigmaV } from './decomposition'
import { standardNormalPdf, standardNormalQuantile } from './distributions'
import { historicalVaRES } from './historical'
import { sqrtQuadraticForm } from './parametric'
import { assertAllFinite, assertConfidence, assertLength, assertMatrix, assertPositiveInt } from './validate'

/** Default number of setValue calls between full recomputes of L, M v and U v (amortised cost ~ (WN + N²) / 4096). */
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
  private readonly L: Float64Array
  private readonly shift: Float64Array
  private readonly sD: Float64Array
  private readonly M: Float64Array
  private readonly Mv: Float64Array
  private readonly U: Float64Array
  private readonly Uv: Float64Array
  private readonly lambdaW: number
  private readonly ewmaScale: number
  private readonly scratch: Float64Array
  private readonly dOld: Float64Array
  private readonly dNew: Float64Array
  /** overlay key -> its P&L per ring slot (slot-indexed like L) */
  private readonly overlays = new Map<string, Float64Array>()
  /** Σ of the overlays per slot, or null while there is none */
  private X: Float64Array | null = null
  private rollsSinceResync = 0
  private ticksSinceResync = 0
  /** Σ|v_i|, maintained per tick, and its largest value since the last resyncValues() */
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
    this.ring = Float64Array.from(init.returns)
    this.v = Float64Array.from(init.values)
    this.L = new Float64Array(W)
    this.shift = new Float64Array(N)
    this.sD = new Float64Array(N)
    this.M = new Float64Array(N * N)
    this.Mv = new Float64Array(N)
    this.U = new Float64Array(N * N)
    this.Uv = new Float64Array(N)
    this.lambdaW = Math.pow(lambda, W)
    this.ewmaScale = (1 - lambda) / (1 - this.lambdaW)
    this.scratch = new Float64Array(W)
    this.dOld = new Float64Array(N)
    this.dNew = new Float64Array(N)
    this.resync()
  }

  /**
   * One price tick of position i: v_i becomes `value`. Updates L (O(W)) and M v, U v (O(N)).
   * @param i position index in [0, N).
   * @param value new signed market value in currency.
   * @throws RangeError for a bad index or a non-finite value.
   */
  setValue(i: number, value: number): void {
    const { N, W } = this
    if (!(Number.isInteger(i) && i >= 0 && i < N)) throw new RangeError(`IncrementalRisk.setValue: index ${i} is outside [0, ${N})`)
    if (!Number.isFinite(value)) throw new RangeError(`IncrementalRisk.setValue: value for position ${i} must be finite, got ${value}`)
    const old = this.v[i]!
    const dv = value - old
    this.v[i] = value
    if (dv === 0) return
    this.gross += Math.abs(value) - Math.abs(old)
    if (this.gross > this.peakGross) this.peakGross = this.gross
    const { ring, L, M, U, Mv, Uv } = this
    for (let s = 0; s < W; s++) L[s]! += dv * ring[s * N + i]!
    const row = i * N
    for (let j = 0; j < N; j++) {
      Mv[j]! += M[row + j]! * dv
      Uv[j]! += U[row + j]! * dv
    }
    if (++this.ticksSinceResync >= this.resyncEvery || this.gross < SHRINK_RESYNC * this.peakGross) this.resyncValues()
  }

  /**
   * Replaces all values at once (e.g. a new book or a revaluation at the close). O(WN + N²).
   * @throws RangeError on length mismatch or non-finite values.
   */
  setValues(values: Float64Array): void {
    assertLength('IncrementalRisk.setValues', 'values', values, this.N)
    assertAllFinite('IncrementalRisk.setValues', 'values', values)
    this.v.set(values)
    this.resyncValues()
  }

  /**
   * A new day: `returnsRow` (N returns of the new as-of day) enters the window and the oldest row leaves.
   * Updates L for the new slot (O(N)), and the covariance and EWMA sums by rank-one add/remove (O(N²)):
   * M += d_new d_newᵀ - d_old d_oldᵀ, U ← λ U + r rᵀ - λ^W r_old r_oldᵀ. Every W rolls everything is recomputed
   * from the ring buffer to stop rounding drift.
   * @throws RangeError on length mismatch or non-finite returns.
   */
  rollDay(returnsRow: Float64Array): void {
    assertLength('IncrementalRisk.rollDay', 'returnsRow', returnsRow, this.N)
    assertAllFinite('IncrementalRisk.rollDay', 'returnsRow', returnsRow)
    const { N, ring, v, shift, sD, M, Mv, U, Uv, dOld, dNew, lambda, lambdaW } = this
    const base = this.head * N
    // an overlay's value for a scenario leaves with the scenario; the new one is 0 until the overlay is set again
    if (this.X !== null) {
      for (const col of this.overlays.values()) col[this.head] = 0
      this.X[this.head] = 0
    }
    let oldDotV = 0
    let newDotV = 0
    let dOldDotV = 0
    let dNewDotV = 0
    for (let i = 0; i < N; i++) {
      const ro = ring[base + i]!
      const rn = returnsRow[i]!
      dOld[i] = ro - shift[i]!
      dNew[i] = rn - shift[i]!
      oldDotV += ro * v[i]!
      newDotV += rn * v[i]!
      dOldDotV += dOld[i]! * v[i]!
      dNewDotV += dNew[i]! * v[i]!
    }
    for (let i = 0; i < N; i++) {
      const dn = dNew[i]!
      const dO = dOld[i]!
      const rn = returnsRow[i]!
      const ro = ring[base + i]!
      sD[i]! += dn - dO
      Mv[i]! += dn * dNewDotV - dO * dOldDotV
      Uv[i] = lambda * Uv[i]! + rn * newDotV - lambdaW * ro * oldDotV
      const row = i * N
      for (let j = 0; j < N; j++) {
        M[row + j]! += dn * dNew[j]! - dO * dOld[j]!
        U[row + j] = lambda * U[row + j]! + rn * returnsRow[j]! - lambdaW * ro * ring[base + j]!
      }
    }
    ring.set(returnsRow, base)
    this.L[this.head] = newDotV
    this.head = this.head + 1 === this.W ? 0 : this.head + 1
    if (++this.rollsSinceResync >= this.W) this.resync()
  }

  /**
   * Risk figures at confidence c from the maintained state: historical VaR/ES by selection on L (expected O(W)),
   * parametric and EWMA figures from M v, U v (O(N)).
   * @throws RangeError for c outside (0, 1), or if the covariance quadratic form is clearly negative.
   */
  snapshot(c: number): RiskSnapshot {
    assertConfidence('IncrementalRisk.snapshot', c)
    const hist = historicalVaRES(this.X === null ? this.L : this.pnlBySlot(), c, this.scratch)
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
   * Euler decomposition (marginal and component VaR) of the delta-normal VaR, O(N) from the maintained Σ v.
   * @param model 'sample' (default) or 'ewma' covariance.
   * @throws RangeError for c outside (0, 1).
   */
  decomposition(c: number, model: 'sample' | 'ewma' = 'sample'): EulerDecomposition {
    assertConfidence('IncrementalRisk.decomposition', c)
    const sv = model === 'ewma' ? this.ewmaSigmaV() : this.sigmaV()
    const sigma = model === 'ewma' ? this.ewmaSigma() : this.sampleSigma()
    return decomposeFromSigmaV(sigma, this.v, sv, this.N, c)
  }

  /** Σ v with the sample covariance (N, currency · return²). O(N). */
  sigmaV(): Float64Array {
    const { N, W, sD, Mv } = this
    const sDv = this.dot(sD, this.v)
    const out = new Float64Array(N)
    for (let i = 0; i < N; i++) out[i] = (Mv[i]! - (sD[i]! * sDv) / W) / (W - 1)
    return out
  }

  /** Σ_EWMA v (N). O(N). */
  ewmaSigmaV(): Float64Array {
    const out = new Float64Array(this.N)
    for (let i = 0; i < this.N; i++) out[i] = this.ewmaScale * this.Uv[i]!
    return out
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
    const L = this.X === null ? this.L : this.pnlBySlot()
    const out = new Float64Array(W)
    out.set(L.subarray(head), 0)
    out.set(L.subarray(0, head), W - head)
    return out
  }

  /** Recomputes every maintained quantity from the ring buffer. O(W N²). */
  resync(): void {
    const { W, N, ring, head, shift, sD, M, U, lambda } = this
    shift.fill(0)
    for (let s = 0; s < W; s++) {
      for (let i = 0; i < N; i++) shift[i]! += ring[s * N + i]!
    }
    for (let i = 0; i < N; i++) shift[i]! /= W
    sD.fill(0)
    M.fill(0)
    U.fill(0)
    const d = this.dNew
    for (let t = 0; t < W; t++) {
      const s = (head + t) % W
      const base = s * N
      const wk = Math.pow(lambda, W - 1 - t)
      for (let i = 0; i < N; i++) {
        d[i] = ring[base + i]! - shift[i]!
        sD[i]! += d[i]!
      }
      for (let i = 0; i < N; i++) {
        const di = d[i]!
        const ri = wk * ring[base + i]!
        const row = i * N
        for (let j = i; j < N; j++) {
          M[row + j]! += di * d[j]!
          U[row + j]! += ri * ring[base + j]!
        }
      }
    }
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++) {
        M[j * N + i] = M[i * N + j]!
        U[j * N + i] = U[i * N + j]!
      }
    }
    this.rollsSinceResync = 0
    this.resyncValues()
  }

  /** Recomputes the value-dependent state (L, M v, U v) from v. O(WN + N²). */
  private resyncValues(): void {
    const { W, N, ring, v, L, M, U, Mv, Uv } = this
    for (let s = 0; s < W; s++) {
      const base = s * N
      let sum = 0
      for (let i = 0; i < N; i++) sum += v[i]! * ring[base + i]!
      L[s] = sum
    }
    for (let i = 0; i < N; i++) {
      const row = i * N
      let m = 0
      let u = 0
      for (let j = 0; j < N; j++) {
        m += M[row + j]! * v[j]!
        u += U[row + j]! * v[j]!
      }
      Mv[i] = m
      Uv[i] = u
    }
    let gross = 0
    for (let i = 0; i < N; i++) gross += Math.abs(v[i]!)
    this.gross = gross
    this.peakGross = gross
    this.ticksSinceResync = 0
    if (this.X !== null) this.resumOverlays()
  }

  /** Recomputes Σ overlays per slot from the columns (removes the residue of replaced columns). O(W · overlays). */
  private resumOverlays(): void {
    const X = (this.X ??= new Float64Array(this.W))
    X.fill(0)
    for (const col of this.overlays.values()) for (let s = 0; s < this.W; s++) X[s]! += col[s]!
  }

  /** L + X per slot (fresh array). O(W). */
  private pnlBySlot(): Float64Array {
    const out = Float64Array.from(this.L)
    const X = this.X
    if (X !== null) for (let s = 0; s < this.W; s++) out[s]! += X[s]!
    return out
  }

  private sampleSigma(): number {
    const { W, sD, v, Mv } = this
    const sDv = this.dot(sD, v)
    let quad = 0
    let scale = 0
    for (let i = 0; i < this.N; i++) {
      quad += v[i]! * Mv[i]!
      scale += Math.abs(v[i]! * Mv[i]!)
    }
    return sqrtQuadraticForm('IncrementalRisk.snapshot', (quad - (sDv * sDv) / W) / (W - 1), scale / (W - 1))
  }

  private ewmaSigma(): number {
    const { v, Uv } = this
    let quad = 0
    let scale = 0
    for (let i = 0; i < this.N; i++) {
      quad += v[i]! * Uv[i]!
      scale += Math.abs(v[i]! * Uv[i]!)
    }
    return sqrtQuadraticForm('IncrementalRisk.snapshot', this.ewmaScale * quad, this.ewmaScale * scale)
  }

  private dot(a: Float64Array, b: Float64Array): number {
    let s = 0
    for (let i = 0; i < this.N; i++) s += a[i]! * b[i]!
    return s
  }
}
