import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultPriceCacheDir, type PriceCacheOutcome } from '../../../src-main/market/price-cache'
import { PriceStore } from '../../../src-main/market/price-store'
import { CachedPriceStore } from '../../../src-main/market/price-cache-store'
import { loadPriceFiles } from '../../../src-main/market/prices-loader'
import { sharedData } from '../../helpers/shared-data'
import { makeTempDir } from './temp-dir'

const shared = sharedData({ prices: 'sp500-daily-equities/prices_daily.csv.gz' })
const tmp = makeTempDir('riskdesk-price-cache-')
const cacheRoot = mkdtempSync(join(tmpdir(), 'riskdesk-price-cache-dirs-'))
afterAll(() => {
  tmp.cleanup()
  rmSync(cacheRoot, { recursive: true, force: true })
})

/**
 * A price file with awkward content: symbols not in date order, rows of one symbol spread out, empty volumes (NaN),
 * prices with many digits, a symbol with one row. Deterministic (a fixed LCG), so failures reproduce.
 */
function priceCsv(seed: number, days = 300, symbols = 12): string {
  let s = seed >>> 0
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
  const lines = ['date,symbol,close,adj_close,volume']
  const t0 = Date.UTC(2015, 0, 1)
  for (let d = days - 1; d >= 0; d--) {
    const date = new Date(t0 + d * 86_400_000).toISOString().slice(0, 10)
    for (let k = 0; k < symbols; k++) {
      const close = (10 + 990 * rnd()).toPrecision(1 + Math.floor(rnd() * 15))
      const adj = (Number(close) * (0.5 + rnd() / 2)).toString()
      const vol = rnd() < 0.05 ? '' : String(Math.floor(rnd() * 1e7))
      lines.push(`${date},S${String(k).padStart(2, '0')},${close},${adj},${vol}`)
    }
  }
  lines.push('2015-01-01,LONE,1.5,1.25,7')
  return `${lines.join('\n')}\n`
}

/** Every field of every series, element by element (Object.is: NaN equals NaN, -0 differs from 0). */
function expectSameStore(a: PriceStore, b: PriceStore): void {
  expect(a.symbols()).toEqual(b.symbols())
  expect(a.firstDate()).toBe(b.firstDate())
  expect(a.lastDate()).toBe(b.lastDate())
  for (const sym of a.symbols()) {
    const x = a.get(sym)!
    const y = b.get(sym)!
    expect(x.symbol).toBe(y.symbol)
    expect(x.dates.length).toBe(y.dates.length)
    for (let i = 0; i < x.dates.length; i++) if (x.dates[i] !== y.dates[i]) throw new Error(`${sym}.dates[${i}]: ${x.dates[i]} vs ${y.dates[i]}`)
    for (const col of ['close', 'adjClose', 'volume'] as const) {
      expect(x[col].length).toBe(y[col].length)
      for (let i = 0; i < x[col].length; i++) {
        if (!Object.is(x[col][i], y[col][i])) throw new Error(`${sym}.${col}[${i}]: ${x[col][i]} vs ${y[col][i]}`)
      }
    }
  }
}

/**
 * Loads through a cache in `dir` (every size cached) and returns the store with what the cache did; `outcome` is
 * the latest report (a hit decodes lazily, so damage found while reading the store is reported later: 'rebuilt').
 */
function cachedLoad(path: string, dir: string, symbols?: string[]): { store: PriceStore; readonly outcome: PriceCacheOutcome | undefined } {
  const seen: PriceCacheOutcome[] = []
  const store = loadPriceFiles([path], { symbols, cache: { dir, minBytes: 0, onOutcome: (o) => seen.push(o) } })
  return {
    store,
    get outcome() {
      return seen[seen.length - 1]
    },
  }
}

const cacheFileIn = (dir: string): string => join(dir, readdirSync(dir).find((f) => f.endsWith('.rdpc')) as string)

describe('price cache', () => {
  it('serves a hit equal to a fresh parse in every field', () => {
    for (const gzip of [false, true]) {
      const path = tmp.write(`hit-${gzip}.csv${gzip ? '.gz' : ''}`, priceCsv(7), gzip)
      const dir = join(tmp.write(`.keep-${gzip}`, ''), '..', `cache-hit-${gzip}`)
      const fresh = loadPriceFiles([path], { cache: false })
      const first = cachedLoad(path, dir)
      expect(first.outcome).toBe('written')
      expectSameStore(first.store, fresh)
      const second = cachedLoad(path, dir)
      expect(second.outcome).toBe('hit')
      expectSameStore(second.store, fresh)
      expect(Number.isNaN(second.store.get('S00')!.volume.find((v) => Number.isNaN(v)))).toBe(true)
    }
  })

  it('rebuilds when the size, the mtime or only the content changed', () => {
    const path = tmp.write('changing.csv', priceCsv(11))
    const dir = join(cacheRoot, 'cache-changing')
    expect(cachedLoad(path, dir).outcome).toBe('written')

    // size: one more row
    writeFileSync(path, `${priceCsv(11)}2016-01-01,EXTRA,2,2,2\n`)
    let r = cachedLoad(path, dir)
    expect(r.outcome).toBe('rebuilt')
    expect(r.store.has('EXTRA')).toBe(true)
    expectSameStore(r.store, loadPriceFiles([path], { cache: false }))
    expect(cachedLoad(path, dir).outcome).toBe('hit')

    // mtime only (same bytes): rebuilt, same figures
    const st = statSync(path)
    utimesSync(path, st.atime, new Date(st.mtimeMs + 5000))
    r = cachedLoad(path, dir)
    expect(r.outcome).toBe('rebuilt')
    expectSameStore(r.store, loadPriceFiles([path], { cache: false }))

    // content only: same size, mtime put back, one price changed -> the SHA-1 differs, never served stale
    const before = statSync(path)
    const text = readFileSync(path, 'utf8')
    const changed = text.replace('\n2016-01-01,EXTRA,2,2,2\n', '\n2016-01-01,EXTRA,3,2,2\n')
    expect(changed.length).toBe(text.length)
    writeFileSync(path, changed)
    utimesSync(path, before.atime, before.mtime)
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs)
    r = cachedLoad(path, dir)
    expect(r.outcome).toBe('rebuilt')
    expect(Array.from(r.store.get('EXTRA')!.close)).toEqual([3])
  })

  it('ignores and rebuilds a damaged cache file (flipped byte, truncated, garbage)', () => {
    const path = tmp.write('damaged.csv', priceCsv(23))
    const dir = join(cacheRoot, 'cache-damaged')
    const fresh = loadPriceFiles([path], { cache: false })
    cachedLoad(path, dir)
    const file = cacheFileIn(dir)
    const good = readFileSync(file)
    const damages: [string, (b: Buffer) => Buffer][] = [
      ['a flipped bit in the last price column', (b) => {
        const c = Buffer.from(b)
        c[c.length - 1000] = (c[c.length - 1000] as number) ^ 1
        return c
      }],
      ['a flipped bit in the symbol names', (b) => {
        const c = Buffer.from(b)
        c[100] = (c[100] as number) ^ 4
        return c
      }],
      ['truncated', (b) => b.subarray(0, b.length - 8)],
      ['garbage', () => Buffer.from('not a cache at all')],
    ]
    for (const [what, damage] of damages) {
      writeFileSync(file, damage(good))
      const r = cachedLoad(path, dir)
      // damage in a header, the names or the index is found on opening, in a symbol's rows when it is decoded
      expectSameStore(r.store, fresh)
      expect(r.outcome, what).toBe('rebuilt')
      const again = cachedLoad(path, dir)
      expectSameStore(again.store, fresh)
      expect(again.outcome, what).toBe('hit')
    }
  })

  it('loads a subset of symbols equal to the full parse for those symbols, with and without the cache', () => {
    const path = tmp.write('subset.csv', priceCsv(31))
    const dir = join(cacheRoot, 'cache-subset')
    const full = loadPriceFiles([path], { cache: false })
    const want = ['S07', 'LONE', 'S02', 'NOT-THERE']
    const expectSubset = (store: PriceStore): void => {
      // load order (first appearance in the file), absent symbols simply missing
      expect(store.symbols()).toEqual(full.symbols().filter((s) => want.includes(s)))
      for (const s of store.symbols()) {
        const a = store.get(s)!
        const b = full.get(s)!
        expect(a.dates).toEqual(b.dates)
        expect(Array.from(a.close)).toEqual(Array.from(b.close))
        expect(Array.from(a.adjClose)).toEqual(Array.from(b.adjClose))
        expect(a.volume.map((v) => (Number.isNaN(v) ? -1 : v))).toEqual(b.volume.map((v) => (Number.isNaN(v) ? -1 : v)))
      }
    }
    expectSubset(loadPriceFiles([path], { symbols: want, cache: false }))
    const miss = cachedLoad(path, dir, want)
    expect(miss.outcome).toBe('written')
    expectSubset(miss.store)
    const hit = cachedLoad(path, dir, want)
    expect(hit.outcome).toBe('hit')
    expectSubset(hit.store)
    // the cache holds every symbol: a later full load is a hit equal to the full parse
    const all = cachedLoad(path, dir)
    expect(all.outcome).toBe('hit')
    expectSameStore(all.store, full)
  })

  it('falls back to parsing when the cache directory cannot be written', () => {
    const path = tmp.write('unwritable.csv', priceCsv(5))
    const blocker = tmp.write('a-file-not-a-dir', 'x')
    const r = cachedLoad(path, join(blocker, 'cache'))
    expect(r.outcome).toBe('unwritable')
    expectSameStore(r.store, loadPriceFiles([path], { cache: false }))
  })

  it('still reports a bad source the same way, and caches nothing for it', () => {
    const path = tmp.write('bad.csv', `${priceCsv(3)}2016-02-02,S01,abc,1,1\n`)
    const dir = join(cacheRoot, 'cache-bad')
    expect(() => cachedLoad(path, dir)).toThrow(/bad\.csv.*close/)
    expect(() => readdirSync(dir)).toThrow()
  })

  it('serves every PriceStore method from the cache (a method added to PriceStore must be added to CachedPriceStore)', () => {
    const methods = Object.getOwnPropertyNames(PriceStore.prototype).filter((m) => m !== 'constructor')
    expect(methods.length).toBeGreaterThan(0)
    for (const m of methods) expect(Object.getOwnPropertyNames(CachedPriceStore.prototype), m).toContain(m)
  })

  it('takes its directory from RISKDESK_CACHE_DIR, then XDG_CACHE_HOME, and can be switched off', () => {
    expect(defaultPriceCacheDir({ RISKDESK_CACHE_DIR: '/x/y', XDG_CACHE_HOME: '/c' })).toBe('/x/y')
    expect(defaultPriceCacheDir({ RISKDESK_CACHE_DIR: 'off' })).toBeNull()
    expect(defaultPriceCacheDir({ RISKDESK_CACHE_DIR: '' })).toBeNull()
    expect(defaultPriceCacheDir({ XDG_CACHE_HOME: '/c' })).toBe(join('/c', 'riskdesk'))
    expect(defaultPriceCacheDir({})).toMatch(/\.cache[/\\]riskdesk$/)
  })
})

describe('price cache on the full shared S&P 500 file', () => {
  shared.it(
    'a cache hit equals a fresh parse in every field, and a 30-symbol subset equals the full parse for those symbols',
    () => {
      const dir = join(cacheRoot, 'cache-real')
      const fresh = loadPriceFiles([shared.paths.prices], { cache: false })
      expect(cachedLoad(shared.paths.prices, dir).outcome).toBe('written')
      const hit = cachedLoad(shared.paths.prices, dir)
      expect(hit.outcome).toBe('hit')
      expectSameStore(hit.store, fresh)
      const want = fresh.symbols().filter((_, i) => i % 17 === 0).slice(0, 30)
      const parsedSubset = loadPriceFiles([shared.paths.prices], { symbols: want, cache: false })
      const cachedSubset = cachedLoad(shared.paths.prices, dir, want)
      expect(cachedSubset.outcome).toBe('hit')
      for (const s of want) {
        expect(parsedSubset.get(s)!.dates).toEqual(fresh.get(s)!.dates)
        expect(Array.from(parsedSubset.get(s)!.adjClose)).toEqual(Array.from(fresh.get(s)!.adjClose))
        expect(Array.from(cachedSubset.store.get(s)!.close)).toEqual(Array.from(fresh.get(s)!.close))
      }
      expect(parsedSubset.symbols()).toEqual(want)
    },
    240_000,
  )
})
