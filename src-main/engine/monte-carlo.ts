/**
 * Monte Carlo VaR/ES: seeded multivariate normal or Student-t daily returns with covariance Σ, linear (or
 * caller-supplied) revaluation of the book, VaR/ES by the historical estimators, and Monte Carlo standard errors.
 * Conventions: docs/RISK-CONVENTIONS.md "Monte Carlo"; definitions: docs/RISK-MEASURES.md.
 *
 * The work is split so that a worker pool can share it: prepareMonteCarlo() builds a plain, transferable model;
 * simulatePnLChunk(model, from, to) simulates paths [from, to) from their own sub-stream, so any split of
 * [0, paths) into chunks, in any order, gives exactly the numbers of one run; summarizeMonteCarlo() reads the
 * figures from the concatenated P&L.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { historicalVaRES } from './historical'
import { repairPositiveDefinite, type RepairOptions } from './nearest-pd'
import { quantile } from './quantile'
import { VariateStream, assertSeed, subStream } from './random-variates'
import { assertAllFinite, assertConfidence, assertLength, assertSquare } from './validate'

export type McDistribution = 'normal' | 'student-t'
export type McFactorMethod = 'cholesky' | 'pca'

/** Default number of paths (RISK-CONVENTIONS does not fix it; 100,000 gives a 99 % VaR SE of ~0.5 % of VaR). */
export const DEFAULT_MC_PATHS = 100_000
/** Paths per random sub-stream: path p uses sub-stream floor(p / MC_BLOCK_PATHS) (the base stream jumped that often). */
export const MC_BLOCK_PATHS = 4096
/** Share of the total variance the PCA factors must explain. */
export const DEFAULT_PCA_VARIANCE_SHARE = 0.99

export interface MonteCarloOptions {
  /** integer in [0, 2^32 − 1]; always recorded in the result */
  readonly seed: number
  /** number of paths (default 100,000) */
  readonly paths?: number
  /** 'normal' (default) or 'student-t' (multivariate t scaled to covariance Σ) */
  readonly dist?: McDistribution
  /** degrees of freedom for 'student-t', > 2 (default 5) */
  readonly nu?: number
  /** 'cholesky' (default; exact Σ) or 'pca' (top eigenvectors explaining >= varianceShare of the variance) */
  readonly factors?: McFactorMethod
  readonly varianceShare?: number
  /** options of the eigenvalue-clipping repair used when Σ is not positive definite ('cholesky') */
  readonly repair?: RepairOptions
}

/** Everything a worker needs to simulate paths: plain data, structured-clone / transfer friendly. */
export interface MonteCarloModel {
  readonly N: number
  /** number of factors k (N for Cholesky) */
  readonly k: number
  readonly seed: number
  readonly paths: number
  readonly dist: McDistribution
  readonly nu: number
  /** B, N×k row-major: simulated returns r = B z (· t scale), z ~ N(0, I_k) */
  readonly loadings: Float64Array
  /** b = Bᵀ v (k): linear P&L = bᵀ z (· t scale) */
  readonly exposure: Float64Array
  readonly factorMethod: McFactorMethod
  /** fraction of trace(Σ) carried by the factors (1 for Cholesky) */
  readonly explainedVariance: number
  readonly repair: { readonly repaired: boolean; readonly minEigenvalue: number; readonly floor: number; readonly clipped: number }
}

/**
 * Builds the simulation model: the factor loadings B (Cholesky factor of Σ, repaired by eigenvalue clipping when
 * Σ is not positive definite, or the PCA loadings V_k Λ_k^{1/2}) and the linear exposure b = Bᵀ v.
 * @param cov - N×N covariance of daily simple returns, row-major
 * @param v - N signed market values (currency)
 * @param N - number of instruments
 * @throws RangeError on shape mismatch, non-finite input, bad seed/paths/nu/varianceShare
 * Source: Glasserman, Monte Carlo Methods in Financial Engineering (2003), 2.3.3 (Cholesky) and 9.1 (factor
 * models); Jolliffe, Principal Component Analysis (2002).
 */
export function prepareMonteCarlo(cov: Float64Array, v: Float64Array, N: number, options: MonteCarloOptions): MonteCarloModel {
  const fn = 'prepareMonteCarlo'
  assertSquare(fn, 'cov', cov, N)
  assertLength(fn, 'v', v, N)
  assertAllFinite(fn, 'cov', cov)
  assertAllFinite(fn, 'v', v)
  assertSeed(fn, options.seed)
  const paths = options.paths ?? DEFAULT_MC_PATHS
  if (!(Number.isInteger(paths) && paths >= 1)) throw new RangeError(`${fn}: paths must be an integer >= 1, got ${paths}`)
  const dist = options.dist ?? 'normal'
  const nu = options.nu ?? 5
  if (dist === 'student-t' && !(nu > 2 && Number.isFinite(nu))) throw new RangeError(`${fn}: nu must be finite and > 2, got ${nu}`)
  const method = options.factors ?? 'cholesky'
  let loadings: Float64Array
  let k: number
  let explained = 1
  let repair: MonteCarloModel['repair']
  if (method === 'cholesky') {
    const r = repairPositiveDefinite(cov, N, options.repair)
    loadings = r.cholesky
    k = N
    repair = { repaired: r.repaired, minEigenvalue: r.minEigenvalue, floor: r.floor, clipped: r.clipped }
  } else {
    const share = options.varianceShare ?? DEFAULT_PCA_VARIANCE_SHARE
    if (!(share > 0 && share <= 1)) throw new RangeError(`${fn}: varianceShare must be in (0, 1], got ${share}`)
    const pca = pcaLoadings(cov, N, share)
    loadings = pca.loadings
    k = pca.k
    explained = pca.explained
    repair = { repaired: pca.negative > 0, minEigenvalue: pca.minEigenvalue, floor: 0, clipped: pca.negative }
  }
  const exposure = new Float64Array(k)
  for (let i = 0; i < N; i++) {
    const vi = v[i]!
    if (vi === 0) continue
    const row = i * k
    for (let j = 0; j < k; j++) exposure[j] = exposure[j]! + vi * loadings[row + j]!
  }
  return { N, k, seed: options.seed, paths, dist, nu, loadings, exposure, factorMethod: method, explainedVariance: explained, repair }
}

/** Top-k PCA loadings V_k Λ_k^{1/2}; negative eigenvalues (a non-PSD Σ) are set to 0 and counted. */
function pcaLoadings(
  cov: Float64Array,
  N: number,
  share: number,
): { loadings: Float64Array; k: number; explained: number; minEigenvalue: number; negative: number } {
  const rows = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => 0.5 * (cov[i * N + j]! + cov[j * N + i]!)))
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true })
  const lam = evd.realEigenvalues
  const vecs = evd.eigenvectorMatrix
  const order = lam.map((_, i) => i).sort((a, b) => lam[b]! - lam[a]!)
  let total = 0
  let negative = 0
  for (const x of lam) {
    if (x > 0) total += x
    else if (x < 0) negative++
  }
  if (!(total > 0)) throw new RangeError('prepareMonteCarlo: covariance has no positive eigenvalue')
  let k = 0
  let kept = 0
  while (k < N && kept < share * total) {
    kept += Math.max(lam[order[k]!]!, 0)
    k++
  }
  const loadings = new Float64Array(N * k)
  for (let j = 0; j < k; j++) {
    const col = order[j]!
    const s = Math.sqrt(Math.max(lam[col]!, 0))
    for (let i = 0; i < N; i++) loadings[i * k + j] = vecs.get(i, col) * s
  }
  return { loadings, k, explained: kept / total, minEigenvalue: Math.min(...lam), negative }
}

/**
 * Simulated P&L of paths [from, to). Path p draws, in order, k standard normals z (polar method) and, for
 * 'student-t', one chi-square W_ν, from sub-stream floor(p / MC_BLOCK_PATHS); the simulated return vector is
 * r = B z · sqrt((ν − 2)/W) for the t (so that Cov(r) = Σ) and r = B z for the normal.
 * Linear P&L = Σ_i v_i r_i is computed as bᵀ z (same value, O(k) instead of O(N k)); pass `revalue` for a
 * non-linear book (it receives r, a scratch array it must not keep).
 * @param model - from prepareMonteCarlo
 * @param from - first path (inclusive), integer in [0, paths]
 * @param to - last path (exclusive), from <= to <= paths
 * @param revalue - optional P&L of a simulated return vector (currency)
 * @returns Float64Array(to − from) of P&L in currency
 * @throws RangeError on an invalid range
 */
export function simulatePnLChunk(
  model: MonteCarloModel,
  from: number,
  to: number,
  revalue?: (r: Float64Array) => number,
): Float64Array {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= model.paths)) {
    throw new RangeError(`simulatePnLChunk: invalid path range [${from}, ${to}) for ${model.paths} paths`)
  }
  const out = new Float64Array(to - from)
  if (to === from) return out
  const { N, k, loadings, exposure, dist, nu } = model
  const z = new Float64Array(k)
  const r = revalue ? new Float64Array(N) : null
  const firstBlock = Math.floor(from / MC_BLOCK_PATHS)
  const lastBlock = Math.floor((to - 1) / MC_BLOCK_PATHS)
  const blockGen = subStream(model.seed, firstBlock)
  for (let b = firstBlock; b <= lastBlock; b++) {
    const start = b * MC_BLOCK_PATHS
    const end = Math.min(start + MC_BLOCK_PATHS, to)
    if (dist === 'normal' && !revalue) {
      linearNormalBlock(blockGen.getState(), exposure, k, start, end, from, out)
      blockGen.jump()
      continue
    }
    const stream = new VariateStream(blockGen.clone())
    blockGen.jump()
    // Paths of this block before `from` are drawn and discarded, so a chunk boundary never shifts the stream.
    for (let p = start; p < end; p++) {
      for (let j = 0; j < k; j++) z[j] = stream.normal()
      const scale = dist === 'student-t' ? Math.sqrt((nu - 2) / stream.chiSquare(nu)) : 1
      if (p < from) continue
      let pnl: number
      if (r && revalue) {
        for (let i = 0; i < N; i++) {
          const row = i * k
          let s = 0
          for (let j = 0; j < k; j++) s += loadings[row + j]! * z[j]!
          r[i] = s * scale
        }
        pnl = revalue(r)
      } else {
        let s = 0
        for (let j = 0; j < k; j++) s += exposure[j]! * z[j]!
        pnl = s * scale
      }
      out[p - from] = pnl
    }
  }
  return out
}

const MASK26 = 0x3ffffff
const MASK27 = 0x7ffffff
const SCALE26 = 2 ** -26
const SCALE53 = 2 ** -53

/**
 * The hot loop of simulatePnLChunk for the linear normal model (the common case, and most of a run's time): paths
 * [start, end) of one block, P&L bᵀz written for paths >= from. It draws exactly the numbers VariateStream.normal()
 * draws from a fresh stream over the block's generator (pure-rand's xoroshiro128+ `next`, `uniformFloat64` and the
 * polar method, the same operations in the same order), with the generator's state held in locals instead of
 * object fields: about twice as fast, and bit-identical (tests/main/engine/monte-carlo-fast-path.test.ts checks it
 * against VariateStream).
 * @param state the block generator's state as getState() gives it: [s01, s00, s11, s10]
 */
function linearNormalBlock(
  state: readonly number[],
  exposure: Float64Array,
  k: number,
  start: number,
  end: number,
  from: number,
  out: Float64Array,
): void {
  let s01 = state[0]! | 0
  let s00 = state[1]! | 0
  let s11 = state[2]! | 0
  let s10 = state[3]! | 0
  let spare = 0
  let hasSpare = false
  for (let p = start; p < end; p++) {
    let acc = 0
    for (let j = 0; j < k; j++) {
      let zj: number
      if (hasSpare) {
        hasSpare = false
        zj = spare
      } else {
        let u: number
        let v: number
        let s: number
        do {
          // four xoroshiro128+ steps: two per uniformFloat64, two uniforms
          let o1 = (s00 + s10) | 0
          let a0 = s10 ^ s00
          let a1 = s11 ^ s01
          let t00 = s00
          let t01 = s01
          s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16)
          s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
          s10 = (a1 << 5) ^ (a0 >>> 27)
          s11 = (a0 << 5) ^ (a1 >>> 27)
          let o2 = (s00 + s10) | 0
          a0 = s10 ^ s00
          a1 = s11 ^ s01
          t00 = s00
          t01 = s01
          s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16)
          s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
          s10 = (a1 << 5) ^ (a0 >>> 27)
          s11 = (a0 << 5) ^ (a1 >>> 27)
          u = 2 * ((o1 & MASK26) * SCALE26 + (o2 & MASK27) * SCALE53) - 1
          o1 = (s00 + s10) | 0
          a0 = s10 ^ s00
          a1 = s11 ^ s01
          t00 = s00
          t01 = s01
          s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16)
          s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
          s10 = (a1 << 5) ^ (a0 >>> 27)
          s11 = (a0 << 5) ^ (a1 >>> 27)
          o2 = (s00 + s10) | 0
          a0 = s10 ^ s00
          a1 = s11 ^ s01
          t00 = s00
          t01 = s01
          s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16)
          s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
          s10 = (a1 << 5) ^ (a0 >>> 27)
          s11 = (a0 << 5) ^ (a1 >>> 27)
          v = 2 * ((o1 & MASK26) * SCALE26 + (o2 & MASK27) * SCALE53) - 1
          s = u * u + v * v
        } while (s >= 1 || s === 0)
        const f = Math.sqrt((-2 * Math.log(s)) / s)
        spare = v * f
        hasSpare = true
        zj = u * f
      }
      acc += exposure[j]! * zj
    }
    if (p >= from) out[p - from] = acc
  }
}

/** VaR/ES at one confidence level with Monte Carlo standard errors (currency). */
export interface McLevel {
  readonly confidence: number
  readonly var: number
  readonly es: number
  /** sqrt(p(1 − p)/n) / f̂(Q_p), f̂ a Gaussian kernel density estimate at the quantile */
  readonly varStdError: number
  /** sqrt([s²_tail + (1 − p)(ES − VaR)²] / k_tail) */
  readonly esStdError: number
  /** number of simulated P&L values in the ES tail */
  readonly tailCount: number
}

/**
 * VaR/ES and their Monte Carlo standard errors from simulated P&L.
 * VaR_c, ES_c: the historical estimators (type-7 quantile, ES = −mean of L <= Q_{1−c}), so MC and historical
 * figures share one definition.
 * SE(VaR) = sqrt(p(1 − p)/n) / f̂(Q_p), p = 1 − c (asymptotic variance of a sample quantile), with f̂ the Gaussian
 * kernel density at Q_p, Silverman bandwidth h = 0.9 min(sd, IQR/1.34) n^{−1/5}.
 * SE(ES) = sqrt([s²_tail + (1 − p)(ES − VaR)²] / k): s_tail the sd of the k tail values; the second term accounts
 * for the estimated threshold (without it, s_tail/sqrt(k) understates the error).
 * @param pnl - simulated P&L (finite), length >= 2
 * @param confidences - levels in (0, 1)
 * @throws RangeError on empty/non-finite pnl or a bad confidence
 * Source: Serfling, Approximation Theorems of Mathematical Statistics (1980), 2.3.3 (quantile); Silverman, Density
 * Estimation (1986), eq. 3.31; S. X. Chen, "Nonparametric estimation of expected shortfall", J. Financial
 * Econometrics 6 (2008) (ES variance).
 */
export function summarizeMonteCarlo(pnl: Float64Array, confidences: readonly number[]): McLevel[] {
  const n = pnl.length
  if (n < 2) throw new RangeError(`summarizeMonteCarlo: need at least 2 simulated values, got ${n}`)
  confidences.forEach((c) => assertConfidence('summarizeMonteCarlo', c))
  const scratch = new Float64Array(n)
  let mean = 0
  for (let i = 0; i < n; i++) mean += pnl[i]!
  mean /= n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (pnl[i]! - mean) ** 2
  const sd = Math.sqrt(ss / (n - 1))
  const iqr = quantile(pnl, 0.75, scratch) - quantile(pnl, 0.25, scratch)
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd
  const h = 0.9 * spread * Math.pow(n, -0.2)
  return confidences.map((c) => {
    const { var: v, es } = historicalVaRES(pnl, c, scratch)
    const q = -v
    const p = 1 - c
    let dens = 0
    let tailSum = 0
    let tailSq = 0
    let k = 0
    for (let i = 0; i < n; i++) {
      const x = pnl[i]!
      if (h > 0) {
        const u = (q - x) / h
        dens += Math.exp(-0.5 * u * u)
      }
      if (x <= q) {
        k++
        tailSum += x
        tailSq += x * x
      }
    }
    dens = h > 0 ? dens / (n * h * Math.sqrt(2 * Math.PI)) : 0
    const tailMean = tailSum / k
    const tailVar = k > 1 ? Math.max(0, (tailSq - k * tailMean * tailMean) / (k - 1)) : 0
    return {
      confidence: c,
      var: v,
      es,
      varStdError: dens > 0 ? Math.sqrt((p * (1 - p)) / n) / dens : 0,
      esStdError: Math.sqrt((tailVar + (1 - p) * (es - v) ** 2) / k),
      tailCount: k,
    }
  })
}

export interface MonteCarloResult {
  readonly seed: number
  readonly paths: number
  readonly dist: McDistribution
  readonly nu: number | null
  readonly factorMethod: McFactorMethod
  readonly factors: number
  readonly explainedVariance: number
  readonly repair: MonteCarloModel['repair']
  readonly levels: McLevel[]
}

/**
 * Monte Carlo VaR/ES of a linear book in one call: prepareMonteCarlo + simulatePnLChunk(0, paths) +
 * summarizeMonteCarlo. Deterministic in (cov, v, options): the same seed gives the same numbers.
 * @param confidences - default [0.99]
 * @throws RangeError as the three steps
 */
export function monteCarloVaRES(
  cov: Float64Array,
  v: Float64Array,
  N: number,
  options: MonteCarloOptions,
  confidences: readonly number[] = [0.99],
): MonteCarloResult {
  const model = prepareMonteCarlo(cov, v, N, options)
  return monteCarloResult(model, simulatePnLChunk(model, 0, model.paths), confidences)
}

/**
 * The result of a model whose paths were simulated (here or on a worker pool): the model's description and the
 * VaR/ES with standard errors at each confidence.
 * @throws RangeError from summarizeMonteCarlo on a bad confidence
 */
export function monteCarloResult(model: MonteCarloModel, pnl: Float64Array, confidences: readonly number[] = [0.99]): MonteCarloResult {
  return {
    seed: model.seed,
    paths: model.paths,
    dist: model.dist,
    nu: model.dist === 'student-t' ? model.nu : null,
    factorMethod: model.factorMethod,
    factors: model.k,
    explainedVariance: model.explainedVariance,
    repair: model.repair,
    levels: summarizeMonteCarlo(pnl, confidences),
  }
}
