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
import { PolarNormalStream } from './monte-carlo-normals'
import { assertSeed, subStream } from './random-variates'
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
 * The draws come from PolarNormalStream (monte-carlo-normals.ts): the numbers VariateStream gives, drawn in
 * batches. For the normal model, whose paths draw nothing but normals, one batch covers several paths.
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
  const studentT = dist === 'student-t'
  // Paths per batch of normals: the t draws a chi-square after each path's normals, so one path at a time.
  const batch = studentT ? 1 : Math.max(1, Math.floor(NORMALS_PER_BATCH / Math.max(k, 1)))
  const z = new Float64Array(batch * k)
  const r = revalue ? new Float64Array(N) : null
  const firstBlock = Math.floor(from / MC_BLOCK_PATHS)
  const lastBlock = Math.floor((to - 1) / MC_BLOCK_PATHS)
  const blockGen = subStream(model.seed, firstBlock)
  for (let b = firstBlock; b <= lastBlock; b++) {
    const start = b * MC_BLOCK_PATHS
    const end = Math.min(start + MC_BLOCK_PATHS, to)
    const stream = new PolarNormalStream(blockGen)
    blockGen.jump()
    // Paths of this block before `from` are drawn and discarded, so a chunk boundary never shifts the stream.
    for (let p0 = start; p0 < end; p0 += batch) {
      const paths = Math.min(batch, end - p0)
      stream.fillNormals(z, 0, paths * k)
      let q = 0
      if (!studentT && !r) {
        // Four paths' sums at once: four independent chains of additions instead of one, each still summed in j
        // order (bit-identical), so the adds no longer wait on each other's latency.
        for (; q + 4 <= paths; q += 4) {
          const z0 = q * k
          const z1 = z0 + k
          const z2 = z1 + k
          const z3 = z2 + k
          let s0 = 0
          let s1 = 0
          let s2 = 0
          let s3 = 0
          for (let j = 0; j < k; j++) {
            const e = exposure[j]!
            s0 += e * z[z0 + j]!
            s1 += e * z[z1 + j]!
            s2 += e * z[z2 + j]!
            s3 += e * z[z3 + j]!
          }
          const p = p0 + q
          if (p >= from) out[p - from] = s0
          if (p + 1 >= from) out[p + 1 - from] = s1
          if (p + 2 >= from) out[p + 2 - from] = s2
          if (p + 3 >= from) out[p + 3 - from] = s3
        }
      }
      for (let p = p0 + q; q < paths; q++, p++) {
        const scale = studentT ? Math.sqrt((nu - 2) / stream.chiSquare(nu)) : 1
        if (p < from) continue
        const zq = q * k
        if (r && revalue) {
          for (let i = 0; i < N; i++) {
            const row = i * k
            let s = 0
            for (let j = 0; j < k; j++) s += loadings[row + j]! * z[zq + j]!
            r[i] = s * scale
          }
          out[p - from] = revalue(r)
        } else {
          let s = 0
          for (let j = 0; j < k; j++) s += exposure[j]! * z[zq + j]!
          out[p - from] = s * scale
        }
      }
    }
  }
  return out
}

/** Normals drawn per batch for the normal model (a few paths' worth: the batch buffers stay in L1/L2). */
const NORMALS_PER_BATCH = 4096

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
