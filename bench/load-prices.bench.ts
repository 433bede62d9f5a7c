/**
 * Issue #2, item 4: time to load the full S&P 500 price file (../shared/data/sp500-daily-equities/prices_daily.csv.gz,
 * 28 MB gzip, 2.4 M rows) with `loadPriceFiles`: gunzip, byte-level CSV parse, per-symbol columnar store. The first
 * run of the process is reported on its own (what a user waits for at start-up, JIT still cold), then the median.
 */
import { loadPriceFiles } from '../src-main/market/prices-loader'
import { benchArgs, log, writeResult } from './lib/output'
import { PRICES_FILE } from './lib/paths'
import { nowMs, summarize } from './lib/stats'

const args = benchArgs()
const runs = args.quick ? 1 : 4
const ms: number[] = []
let rows = 0
let symbols = 0
for (let k = 0; k < runs; k++) {
  const t0 = nowMs()
  const store = loadPriceFiles([PRICES_FILE])
  ms.push(nowMs() - t0)
  symbols = store.symbols().length
  rows = store.symbols().reduce((n, s) => n + (store.get(s)?.dates.length ?? 0), 0)
  log(`load ${k + 1}/${runs}: ${(ms[k] as number).toFixed(0)} ms`)
}

writeResult(args.resultFile, { bench: 'load-prices', file: PRICES_FILE, rows, symbols, cold: ms[0], all: summarize(ms) })
