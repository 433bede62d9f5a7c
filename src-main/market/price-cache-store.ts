import type { PriceCacheView } from './price-cache-format'
import { PriceStore, type SymbolSeries } from './price-store'

/**
 * A {@link PriceStore} over an opened price cache: each series is decoded the first time it is asked for, so a
 * command that reads 30 of 504 symbols decodes 30. Same answers as a PriceStore built from the parse: symbols in
 * load order, the same series, the same first and last dates.
 *
 * A symbol whose rows turn out damaged when decoded (CRC or dates) makes the store call `recover` once: the source
 * is parsed again (and the cache rewritten) and every later answer comes from that parse, so a damaged cache is
 * never served. It overrides every public method of PriceStore; one added there must be added here.
 */
export class CachedPriceStore extends PriceStore {
  private readonly decoded = new Map<string, SymbolSeries>()
  private readonly position: ReadonlyMap<string, number>
  private readonly names: readonly string[]
  private recovered: PriceStore | null = null

  /**
   * @param view the opened cache
   * @param only when given, the store holds only these symbols
   * @param recover parses the source (every symbol) after damage was found; its errors propagate
   */
  constructor(
    private readonly view: PriceCacheView,
    private readonly only: ReadonlySet<string> | undefined,
    private readonly recover: () => SymbolSeries[],
  ) {
    super([])
    const position = new Map<string, number>()
    view.symbols.forEach((s, i) => {
      if (!only || only.has(s)) position.set(s, i)
    })
    this.position = position
    this.names = [...position.keys()]
  }

  override get(symbol: string): SymbolSeries | undefined {
    if (this.recovered) return this.recovered.get(symbol)
    const hit = this.decoded.get(symbol)
    if (hit) return hit
    const i = this.position.get(symbol)
    if (i === undefined) return undefined
    const s = this.view.decode(i)
    if (s === null) return this.fallBack().get(symbol)
    this.decoded.set(symbol, s)
    return s
  }

  override has(symbol: string): boolean {
    return this.recovered ? this.recovered.has(symbol) : this.position.has(symbol)
  }

  override symbols(): string[] {
    return this.recovered ? this.recovered.symbols() : [...this.names]
  }

  override firstDate(): string | undefined {
    if (this.recovered) return this.recovered.firstDate()
    return this.only ? boundOf(this, 'first') : this.view.firstDate
  }

  override lastDate(): string | undefined {
    if (this.recovered) return this.recovered.lastDate()
    return this.only ? boundOf(this, 'last') : this.view.lastDate
  }

  private fallBack(): PriceStore {
    const all = this.recover()
    this.recovered = new PriceStore(this.only ? all.filter((s) => this.only?.has(s.symbol)) : all)
    return this.recovered
  }
}

/** First or last date over the (subset's) series, decoding them: a subset is small. */
function boundOf(store: PriceStore, which: 'first' | 'last'): string | undefined {
  let out: string | undefined
  for (const sym of store.symbols()) {
    const d = store.get(sym)?.dates
    if (!d || d.length === 0) continue
    const x = which === 'first' ? d[0] : d[d.length - 1]
    if (x !== undefined && (out === undefined || (which === 'first' ? x < out : x > out))) out = x
  }
  return out
}
