/**
 * The two benchmark books of issue #2: 500 positions with W = 250 and 1,000 positions with W = 2,520 (ten years),
 * on real returns, valued on the last date of the data.
 *
 * Selection: the eligible instruments are those that `buildMarketWindow` includes for the window (a price on the
 * as-of date and W returns before it). For W = 250 that is 502 symbols, so 500 are drawn (seeded shuffle). For
 * W = 2,520 only ~452 have ten years of history, so position j holds eligible instrument j mod K under an alias
 * (`AAPL~2`, `AAPL~3`): every instrument appears twice and some three times, each time with its own quantity. The
 * alias is a second series name for the same price history (same arrays), so the market window has duplicate
 * return columns and the covariance matrix is singular; that changes none of the costs measured.
 *
 * Quantities: a seeded mix, 65 % long and 35 % short, |market value| log-uniform in [50 k, 2 M] currency, rounded to
 * whole shares (at least one).
 */
import type { Book } from '@shared/domain/book'
import { buildMarketWindow, type MarketWindow } from '../../src-main/market/history'
import type { MarketContext } from '../../src-main/market/market-context'
import { PriceStore, type SymbolSeries } from '../../src-main/market/price-store'
import { mulberry32, shuffled } from './rng'

/** What defines one benchmark book. */
export interface BookSpec {
  /** short id used in result keys, e.g. `n500_w250` */
  readonly id: string
  /** number of positions N */
  readonly positions: number
  /** window W, daily returns */
  readonly window: number
  /** seed of the symbol draw and the quantities */
  readonly seed: number
}

export const BOOK_SPECS: readonly BookSpec[] = [
  { id: 'n500_w250', positions: 500, window: 250, seed: 500_250 },
  { id: 'n1000_w2520', positions: 1000, window: 2520, seed: 1000_2520 },
]

/** Confidence of every benchmarked figure (the desk default). */
export const BENCH_CONFIDENCE = 0.99

const SHORT_SHARE = 0.35
const MIN_VALUE = 50_000
const MAX_VALUE = 2_000_000
const ALIAS_SEPARATOR = '~'

/** A benchmark book with the market it must be priced in (the base market plus any alias series). */
export interface BenchBook {
  readonly spec: BookSpec
  readonly book: Book
  readonly market: MarketContext
  /** the last date of the data; the as-of date of every figure */
  readonly asof: string
  /** distinct real instruments behind the positions */
  readonly distinctInstruments: number
  /** positions held under an alias (a second or third copy of an instrument) */
  readonly aliasedPositions: number
}

/**
 * Builds a benchmark book on `base`.
 * @throws RangeError when the market has no instrument with `spec.window` returns before its last date.
 */
export function makeBenchBook(base: MarketContext, spec: BookSpec): BenchBook {
  const asof = base.store.lastDate()
  if (asof === undefined) throw new RangeError('makeBenchBook: empty market')
  const all = base.store.symbols()
  const eligible = buildMarketWindow(base.store, all, asof, spec.window).symbols
  const K = eligible.length
  if (K === 0) throw new RangeError(`makeBenchBook: no instrument has ${spec.window} returns before ${asof}`)
  const rng = mulberry32(spec.seed)
  const order = shuffled(rng, eligible)

  const aliases: SymbolSeries[] = []
  const sectors = new Map(base.sectors)
  const qualityFlags = new Map(base.qualityFlags)
  const symbols: string[] = []
  for (let j = 0; j < spec.positions; j++) {
    const real = order[j % K] as string
    const copy = Math.floor(j / K)
    if (copy === 0) {
      symbols.push(real)
      continue
    }
    const alias = `${real}${ALIAS_SEPARATOR}${copy + 1}`
    const series = base.store.get(real) as SymbolSeries
    aliases.push({ ...series, symbol: alias })
    const sector = base.sectors.get(real)
    if (sector !== undefined) sectors.set(alias, sector)
    const flags = base.qualityFlags.get(real)
    if (flags !== undefined) qualityFlags.set(alias, flags)
    symbols.push(alias)
  }
  const store =
    aliases.length === 0
      ? base.store
      : new PriceStore([...all.map((s) => base.store.get(s) as SymbolSeries), ...aliases])

  const positions = symbols.map((symbol) => {
    const series = store.get(symbol) as SymbolSeries
    const price = series.close[series.close.length - 1] as number
    const value = MIN_VALUE * Math.pow(MAX_VALUE / MIN_VALUE, rng())
    const sign = rng() < SHORT_SHARE ? -1 : 1
    return { symbol, quantity: sign * Math.max(1, Math.round(value / price)) }
  })
  return {
    spec,
    book: { name: `bench-${spec.id}`, positions },
    market: { store, sectors, qualityFlags },
    asof,
    distinctInstruments: Math.min(K, spec.positions),
    aliasedPositions: aliases.length,
  }
}

/** The inputs of the pure engine: the aligned W x N returns and v_i = q_i · close_i, exactly as computeRiskReport builds them. */
export interface EngineInputs {
  readonly window: MarketWindow
  readonly W: number
  readonly N: number
  readonly values: Float64Array
}

/**
 * Aligns the book's market window and values it.
 * @throws RangeError when a position is excluded (the benchmark needs every position in the figures).
 */
export function engineInputs(b: BenchBook): EngineInputs {
  const W = b.spec.window
  const mw = buildMarketWindow(b.market.store, b.book.positions.map((p) => p.symbol), b.asof, W, { qualityFlags: b.market.qualityFlags })
  if (mw.excluded.length > 0) {
    throw new RangeError(`engineInputs: ${mw.excluded.length} positions excluded, e.g. ${mw.excluded[0]?.symbol}: ${mw.excluded[0]?.reason}`)
  }
  const N = mw.symbols.length
  const values = new Float64Array(N)
  b.book.positions.forEach((p, i) => {
    values[i] = p.quantity * (mw.close[i] as number)
  })
  return { window: mw, W, N, values }
}
