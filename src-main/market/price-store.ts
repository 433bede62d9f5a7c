/**
 * In-memory daily price history, one columnar series per instrument.
 *
 * Memory: one Float64Array per column and symbol (24 bytes per row) plus one shared, interned ISO date string per
 * trading day, so the 2.4-million-row S&P 500 history takes about 60 MB instead of the ~500 MB of row objects.
 */

/**
 * The daily history of one instrument. All arrays have the same length and are indexed alike.
 * - dates: ISO `YYYY-MM-DD`, strictly ascending, no duplicates.
 * - close: raw (unadjusted) close, the traded price of that day (currency units per share).
 * - adjClose: split- and dividend-adjusted close; use it for returns only.
 * - volume: shares traded that day; NaN where the source had no value.
 */
export interface SymbolSeries {
  readonly symbol: string
  readonly dates: readonly string[]
  readonly close: Float64Array
  readonly adjClose: Float64Array
  readonly volume: Float64Array
}

/** Read-only collection of {@link SymbolSeries} keyed by symbol. Built by `loadPriceFiles` (prices-loader.ts). */
export class PriceStore {
  private readonly series: ReadonlyMap<string, SymbolSeries>
  private readonly first: string | undefined
  private readonly last: string | undefined

  /**
   * @param series the series to hold; each must satisfy the {@link SymbolSeries} invariants (checked: equal
   *   lengths, strictly ascending dates). Symbols keep the order of the iterable.
   * @throws Error if a series breaks an invariant (a programming error: loaders sort and deduplicate first).
   */
  constructor(series: Iterable<SymbolSeries>) {
    const map = new Map<string, SymbolSeries>()
    let first: string | undefined
    let last: string | undefined
    for (const s of series) {
      const n = s.dates.length
      if (s.close.length !== n || s.adjClose.length !== n || s.volume.length !== n) {
        throw new Error(`PriceStore: series ${s.symbol} has columns of different lengths`)
      }
      for (let k = 1; k < n; k++) {
        if (!((s.dates[k - 1] as string) < (s.dates[k] as string))) {
          throw new Error(`PriceStore: dates of ${s.symbol} are not strictly ascending at ${s.dates[k]}`)
        }
      }
      if (map.has(s.symbol)) throw new Error(`PriceStore: symbol ${s.symbol} given twice`)
      map.set(s.symbol, s)
      if (n > 0) {
        const a = s.dates[0] as string
        const b = s.dates[n - 1] as string
        if (first === undefined || a < first) first = a
        if (last === undefined || b > last) last = b
      }
    }
    this.series = map
    this.first = first
    this.last = last
  }

  /** The series of `symbol` (case-sensitive, as in the file), or undefined if the store has none. */
  get(symbol: string): SymbolSeries | undefined {
    return this.series.get(symbol)
  }

  /** Whether the store holds a series for `symbol`. */
  has(symbol: string): boolean {
    return this.series.has(symbol)
  }

  /** All symbols, in load order (the order they first appear in the files). */
  symbols(): string[] {
    return [...this.series.keys()]
  }

  /** Earliest date of any series (ISO), or undefined for an empty store. */
  firstDate(): string | undefined {
    return this.first
  }

  /** Latest date of any series (ISO), or undefined for an empty store. */
  lastDate(): string | undefined {
    return this.last
  }
}
