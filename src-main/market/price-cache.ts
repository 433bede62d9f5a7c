import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { encodePriceCache, openPriceCache, readPriceCacheKey, type PriceCacheKey } from './price-cache-format'
import { CachedPriceStore } from './price-cache-store'
import { PriceStore, type SymbolSeries } from './price-store'

/**
 * What happened on one cached load:
 * - hit: served from the cache (its size, mtime and SHA-1 matched the source, and it was built under the same rules);
 * - written: no cache yet, parsed and written; rebuilt: the cache was stale (size, mtime, SHA-1 or rules differ) or
 *   damaged, parsed and rewritten;
 * - unwritable: parsed, but the cache directory could not be created or written (nothing fails: the load goes on
 *   exactly as without a cache);
 * - changed: the source changed while it was parsed, so no cache was written;
 * - off: caching disabled (RISKDESK_CACHE_DIR=off); small: the source is below `minBytes`, parsing it is cheap.
 */
export type PriceCacheOutcome = 'hit' | 'written' | 'rebuilt' | 'unwritable' | 'changed' | 'off' | 'small'

export interface PriceCacheOptions {
  /** the cache directory; default {@link defaultPriceCacheDir}; null disables the cache */
  readonly dir?: string | null
  /** sources smaller than this many bytes are parsed directly; default 1 MiB */
  readonly minBytes?: number
  /** told what happened (tests, benchmarks, RISKDESK_DEBUG) */
  readonly onOutcome?: (outcome: PriceCacheOutcome, cacheFile: string | null) => void
}

const DEFAULT_MIN_BYTES = 1 << 20

/**
 * The cache directory: $RISKDESK_CACHE_DIR when set (`off` or empty disables caching), else
 * $XDG_CACHE_HOME/riskdesk, else ~/.cache/riskdesk (the XDG default).
 */
export function defaultPriceCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const own = env.RISKDESK_CACHE_DIR
  if (own !== undefined) return own === '' || own.toLowerCase() === 'off' ? null : resolve(own)
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'riskdesk')
  return join(homedir(), '.cache', 'riskdesk')
}

/**
 * The store of one price file through the binary columnar cache (price-cache-format.ts): served from the cache when
 * the file's size, mtime and SHA-1 of its bytes all match the key the cache was built for, otherwise parsed with
 * `parse` and the cache (re)written. The source is hashed on every load, so a file changed in place with its size
 * and mtime kept is still never served stale; a damaged cache file is ignored and rebuilt.
 *
 * @param file the price file (plain or gzip; the bytes on disk are hashed)
 * @param parse the parse of `file`, of every symbol (what the cache stores) or of a subset (when no cache is used)
 * @param rules text that changes whenever the parser's checks do (the loader passes its functions' source text and
 *   limits): a cache built under other rules is rebuilt, never served
 * @param only when given, return only these symbols (in load order); the cache is still built for every symbol
 * @returns the store, answering as a PriceStore of what `parse` returns (filtered by `only`); on a hit its series
 *   are decoded when first asked for (price-cache-store.ts)
 * @throws whatever `parse` throws for a bad source (DataFileError naming file, line and field); never for a cache
 *   problem
 */
export function loadStoreCached(
  file: string,
  parse: (only?: ReadonlySet<string>) => SymbolSeries[],
  rules: string,
  only: ReadonlySet<string> | undefined,
  options: PriceCacheOptions = {},
): PriceStore {
  const dir = options.dir === undefined ? defaultPriceCacheDir() : options.dir
  const tell = options.onOutcome ?? (() => {})
  if (dir === null) {
    tell('off', null)
    return new PriceStore(parse(only))
  }
  let before
  try {
    before = statSync(file)
  } catch {
    return new PriceStore(parse(only)) // parse names the unreadable file
  }
  if (before.size < (options.minBytes ?? DEFAULT_MIN_BYTES)) {
    tell('small', null)
    return new PriceStore(parse(only))
  }

  const cacheFile = join(dir, `prices-${createHash('sha1').update(resolve(file)).digest('hex').slice(0, 20)}.rdpc`)
  let cached: Uint8Array | null = null
  try {
    cached = readFileSync(cacheFile)
  } catch {
    // no cache yet
  }
  const stored = cached ? readPriceCacheKey(cached) : null
  let key: PriceCacheKey
  try {
    key = {
      size: before.size,
      mtimeMs: before.mtimeMs,
      sha1: createHash('sha1').update(readFileSync(file)).digest(),
      rules: createHash('sha1').update(rules).digest(),
    }
  } catch {
    return new PriceStore(parse(only))
  }
  if (cached && stored && stored.size === key.size && stored.mtimeMs === key.mtimeMs && sameBytes(stored.sha1, key.sha1) && sameBytes(stored.rules, key.rules)) {
    const view = openPriceCache(cached)
    if (view) {
      tell('hit', cacheFile)
      const rebuild = (): SymbolSeries[] => {
        const all = parse()
        const ok = writeAtomically(dir, cacheFile, encodePriceCache(all, key))
        tell(ok ? 'rebuilt' : 'unwritable', cacheFile)
        return all
      }
      return new CachedPriceStore(view, only, rebuild)
    }
  }

  const all = parse()
  let outcome: PriceCacheOutcome = cached ? 'rebuilt' : 'written'
  try {
    const after = statSync(file)
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) outcome = 'changed'
  } catch {
    outcome = 'changed'
  }
  if (outcome !== 'changed' && !writeAtomically(dir, cacheFile, encodePriceCache(all, key))) outcome = 'unwritable'
  tell(outcome, cacheFile)
  return new PriceStore(only ? all.filter((s) => only.has(s.symbol)) : all)
}

/** Writes through a temporary file and a rename, so a concurrent reader sees the old file or the new one, whole. */
function writeAtomically(dir: string, file: string, bytes: Uint8Array): boolean {
  const tmp = `${file}.${process.pid}.tmp`
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(tmp, bytes)
    renameSync(tmp, file)
    return true
  } catch {
    try {
      unlinkSync(tmp)
    } catch {
      // nothing was written
    }
    return false
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
