/**
 * Generated stress scenarios: a seeded block bootstrap of daily return vectors drawn from a pool of crisis days (or
 * of volatility-rescaled standardised residuals, for filtered-historical stressed draws), compounded over a horizon,
 * and the book's P&L under each draw. Linear positions are revalued linearly, options fully (Black-Scholes-Merton).
 * Split-invariant: draws are generated in blocks of BOOT_BLOCK_DRAWS, each block from its own random sub-stream, so a
 * chunk [from, to) aligned on blocks gives exactly the numbers of the whole run. Conventions: docs/RISK-CONVENTIONS.md
 * "Stress tests".
 */
import { blackScholes } from './black-scholes'
import { subStream, VariateStream } from './random-variates'
import { quantile } from './quantile'

/** Draws per random sub-stream (chunk boundaries of the worker pool fall on multiples of it). */
export const BOOT_BLOCK_DRAWS = 1000
/** Values per option in BootstrapModel.options: col, units, spot, strike, T, r, q, vol, isCall, price0. */
export const OPTION_FIELDS = 10

export interface BootstrapModel {
  /** rows x N daily simple returns, row-major: the pool days */
  readonly pool: Float64Array
  readonly rows: number
  readonly N: number
  /** [start, length] pairs of pool rows: blocks never cross a segment's end (one segment per crisis window) */
  readonly segments: Int32Array
  /** N linear exposures (currency): the P&L of column i is exposure[i] x its compounded return */
  readonly exposure: Float64Array
  /** OPTION_FIELDS values per option position (see OPTION_FIELDS); empty for an option-free book */
  readonly options: Float64Array
  /** implied-vol multiplier applied to every option in every draw */
  readonly volScale: number
  /** days per draw H >= 1 */
  readonly horizon: number
  /** block length b >= 1 (1 = iid days) */
  readonly block: number
  readonly draws: number
  readonly seed: number
}

/**
 * Checks a model's shapes.
 * @throws RangeError naming the first bad field
 */
export function assertBootstrapModel(m: BootstrapModel): void {
  const bad = (what: string): never => {
    throw new RangeError(`bootstrap model: ${what}`)
  }
  if (!(Number.isInteger(m.N) && m.N >= 0 && Number.isInteger(m.rows) && m.rows >= 1)) bad(`rows (${m.rows}) and N (${m.N}) must be integers, rows >= 1`)
  if (m.pool.length !== m.rows * m.N) bad(`pool has ${m.pool.length} values, need ${m.rows} x ${m.N}`)
  if (m.exposure.length !== m.N) bad(`exposure has ${m.exposure.length} values, need ${m.N}`)
  if (m.options.length % OPTION_FIELDS !== 0) bad(`options length ${m.options.length} is not a multiple of ${OPTION_FIELDS}`)
  if (m.segments.length === 0 || m.segments.length % 2 !== 0) bad('segments must be non-empty [start, length] pairs')
  for (let s = 0; s < m.segments.length; s += 2) {
    const a = m.segments[s]!
    const n = m.segments[s + 1]!
    if (!(a >= 0 && n >= 1 && a + n <= m.rows)) bad(`segment ${s / 2} [${a}, +${n}) is outside the pool`)
  }
  if (!(Number.isInteger(m.horizon) && m.horizon >= 1)) bad(`horizon must be an integer >= 1, got ${m.horizon}`)
  if (!(Number.isInteger(m.block) && m.block >= 1)) bad(`block must be an integer >= 1, got ${m.block}`)
  if (!(Number.isInteger(m.draws) && m.draws >= 1)) bad(`draws must be an integer >= 1, got ${m.draws}`)
  if (!(m.volScale > 0)) bad(`volScale must be > 0, got ${m.volScale}`)
  for (let i = 0; i < m.pool.length; i++) if (!(m.pool[i]! > -1)) bad(`pool[${i}] = ${m.pool[i]} is not a return above −1`)
}

/**
 * P&L of draws [from, to) of a bootstrap model. Each draw picks blocks uniformly among all (segment, start) pairs
 * whose block of min(b, segment length) days fits in the segment, concatenates them until H days (the last block
 * cut), and compounds each column's returns over those days.
 * @param from - a multiple of BOOT_BLOCK_DRAWS (or 0); to <= draws
 * @returns Float64Array(to − from), currency
 * @throws RangeError on a bad model or range
 * Source: Künsch (1989) block bootstrap; Barone-Adesi, Giannopoulos & Vosper (1999) filtered historical simulation.
 */
export function bootstrapPnLChunk(m: BootstrapModel, from: number, to: number): Float64Array {
  assertBootstrapModel(m)
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to <= m.draws && from < to)) throw new RangeError(`bootstrap: bad draw range [${from}, ${to})`)
  if (from % BOOT_BLOCK_DRAWS !== 0) throw new RangeError(`bootstrap: from (${from}) must be a multiple of ${BOOT_BLOCK_DRAWS}`)
  const { pool, N, segments, exposure, options, horizon: H, block: b } = m
  const nseg = segments.length / 2
  // cumulative number of block starts per segment
  const cum = new Float64Array(nseg + 1)
  for (let s = 0; s < nseg; s++) cum[s + 1] = cum[s]! + Math.max(1, segments[2 * s + 1]! - b + 1)
  const starts = cum[nseg]!
  const nopt = options.length / OPTION_FIELDS
  const acc = new Float64Array(N)
  const out = new Float64Array(to - from)
  let rng: VariateStream | null = null
  for (let d = from; d < to; d++) {
    if (rng === null || d % BOOT_BLOCK_DRAWS === 0) rng = new VariateStream(subStream(m.seed, Math.floor(d / BOOT_BLOCK_DRAWS)))
    acc.fill(1)
    let days = 0
    while (days < H) {
      const u = Math.floor(rng.uniform() * starts)
      let lo = 0
      let hi = nseg - 1
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (cum[mid + 1]! <= u) lo = mid + 1
        else hi = mid
      }
      const segLen = segments[2 * lo + 1]!
      const start = segments[2 * lo]! + (u - cum[lo]!)
      const len = Math.min(b, segLen, H - days)
      for (let t = 0; t < len; t++) {
        const row = (start + t) * N
        for (let i = 0; i < N; i++) acc[i] = acc[i]! * (1 + pool[row + i]!)
      }
      days += len
    }
    let pnl = 0
    for (let i = 0; i < N; i++) pnl += exposure[i]! * (acc[i]! - 1)
    for (let k = 0; k < nopt; k++) {
      const o = k * OPTION_FIELDS
      const S = options[o + 2]! * acc[options[o]!]!
      const price = S > 0 ? blackScholes({ type: options[o + 8] === 1 ? 'call' : 'put', spot: S, strike: options[o + 3]!, expiry: options[o + 4]!, rate: options[o + 5]!, dividendYield: options[o + 6]!, vol: options[o + 7]! * m.volScale }).price : options[o + 8] === 1 ? 0 : options[o + 3]! * Math.exp(-options[o + 5]! * options[o + 4]!)
      pnl += options[o + 1]! * (price - options[o + 9]!)
    }
    out[d - from] = pnl
  }
  return out
}

/** Tail of a stressed P&L distribution: the worst draw and the 1 % and 5 % quantiles (type 7), currency. */
export interface StressTail {
  readonly worst: number
  readonly q01: number
  readonly q05: number
  readonly mean: number
  readonly draws: number
}

/**
 * Worst, 1 % and 5 % quantiles (numpy.quantile method 'linear') and mean of stressed P&L.
 * @throws RangeError on an empty or non-finite sample
 */
export function stressTail(pnl: Float64Array): StressTail {
  let worst = Infinity
  let sum = 0
  for (let i = 0; i < pnl.length; i++) {
    worst = Math.min(worst, pnl[i]!)
    sum += pnl[i]!
  }
  return { worst, q01: quantile(pnl, 0.01), q05: quantile(pnl, 0.05), mean: sum / pnl.length, draws: pnl.length }
}
