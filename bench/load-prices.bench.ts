/**
 * Time to load the full S&P 500 price file (../shared/data/sp500-daily-equities/prices_daily.csv.gz, 28 MB gzip,
 * 2.4 M rows) with `loadPriceFiles`:
 * - parse: gunzip, byte-level CSV parse, per-symbol columnar store (no cache; issue #2, item 4). The first run of
 *   the process is reported on its own (JIT still cold), then the median;
 * - through the binary price cache (issue #12, src-main/market/price-cache*.ts), in a fresh cache directory: the
 *   first load parses and writes the cache; then hits reading every symbol (what the desk does) and hits reading the
 *   30 symbols of bench/books/book30.csv (what `riskdesk risk` on that book reads; the store decodes lazily).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPriceFiles } from '../src-main/market/prices-loader'
import type { PriceCacheOutcome } from '../src-main/market/price-cache'
import type { PriceStore } from '../src-main/market/price-store'
import { benchArgs, log, writeResult } from './lib/output'
import { PRICES_FILE, PROJECT_ROOT } from './lib/paths'
import { nowMs, summarize } from './lib/stats'

const args = benchArgs()
const runs = args.quick ? 1 : 4
let rows = 0
let symbols = 0
const touchAll = (store: PriceStore): number => store.symbols().reduce((n, s) => n + (store.get(s)?.dates.length ?? 0), 0)

const parse: number[] = []
for (let k = 0; k < runs; k++) {
  const t0 = nowMs()
  const store = loadPriceFiles([PRICES_FILE], { cache: false })
  parse.push(nowMs() - t0)
  symbols = store.symbols().length
  rows = touchAll(store)
  log(`parse ${k + 1}/${runs}: ${(parse[k] as number).toFixed(0)} ms`)
}

const book = readFileSync(join(PROJECT_ROOT, 'bench', 'books', 'book30.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',')[0] as string)
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bench-price-cache-'))
const outcomes: PriceCacheOutcome[] = []
const cache = { dir, onOutcome: (o: PriceCacheOutcome) => outcomes.push(o) }
let t0 = nowMs()
touchAll(loadPriceFiles([PRICES_FILE], { cache }))
const firstWithCache = nowMs() - t0
log(`first load with an empty cache (parse + write): ${firstWithCache.toFixed(0)} ms (${outcomes.at(-1)})`)
const hitAll: number[] = []
const hitBook: number[] = []
for (let k = 0; k < runs + 2; k++) {
  t0 = nowMs()
  const all = loadPriceFiles([PRICES_FILE], { cache })
  if (touchAll(all) !== rows) throw new Error('cache hit: row count differs from the parse')
  hitAll.push(nowMs() - t0)
  t0 = nowMs()
  const sub = loadPriceFiles([PRICES_FILE], { cache, symbols: book })
  touchAll(sub)
  hitBook.push(nowMs() - t0)
  log(`cache hit ${k + 1}/${runs + 2}: all symbols ${(hitAll[k] as number).toFixed(0)} ms, 30-name book ${(hitBook[k] as number).toFixed(0)} ms`)
}
if (outcomes.slice(1).some((o) => o !== 'hit')) throw new Error(`expected cache hits, got ${outcomes.join(', ')}`)
rmSync(dir, { recursive: true, force: true })

writeResult(args.resultFile, {
  bench: 'load-prices',
  file: PRICES_FILE,
  rows,
  symbols,
  cold: parse[0],
  all: summarize(parse),
  cache: { firstLoadWritesCache: firstWithCache, hitAllSymbols: summarize(hitAll), hitBook30: summarize(hitBook), bookSymbols: book.length },
})
