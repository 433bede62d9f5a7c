import { crc32 } from 'node:zlib'
import type { SymbolSeries } from './price-store'

/**
 * The binary columnar cache of one parsed price file (see price-cache.ts for when it is used).
 *
 * Layout, little-endian, every section 8-byte aligned:
 *   header (96 B): magic "RDPC", u32 version, f64 source size, f64 source mtime (ms), 20 B SHA-1 of the source bytes
 *     as stored on disk (gzip or not), u32 symbols, u32 rows, u32 distinct dates, u32 meta bytes, u32 CRC-32 of the
 *     header (with this field zero) + meta + index, 20 B SHA-1 of the parser's rules (so a cache built by a parser
 *     with other checks is not served), 12 B zero;
 *   meta: UTF-8 JSON `{ symbols: string[], dates: string[] }` (symbols in load order; the distinct ISO dates);
 *   index: per symbol u32 first row, u32 row count, u32 CRC-32 of that symbol's slices of the four columns, u32 zero;
 *   columns: close f64[rows], adjClose f64[rows], volume f64[rows], date index u16[rows] (rows grouped by symbol in
 *     index order, each symbol by ascending date, exactly as the parser returns them).
 * The doubles are stored bit for bit (NaN volumes included), so a decoded series equals a fresh parse exactly.
 * Any mismatch (magic, version, sizes, CRCs, index out of range, date index out of range) makes decoding return null:
 * the caller then parses the source and rewrites the cache.
 */

export const PRICE_CACHE_VERSION = 1
const MAGIC = 0x43504452 // "RDPC" read as a little-endian u32
const HEADER = 96
const INDEX_ENTRY = 16

/** What identifies the source a cache was built from. */
export interface PriceCacheKey {
  readonly size: number
  readonly mtimeMs: number
  /** SHA-1 of the source file's bytes, 20 bytes */
  readonly sha1: Uint8Array
  /** SHA-1 of the parser's rules (price-cache.ts), 20 bytes */
  readonly rules: Uint8Array
}

const align8 = (n: number): number => (n + 7) & ~7

/**
 * Encodes parsed series into the cache layout.
 * @throws Error when there are 65,536 or more distinct dates (the u16 date index; 250 years of trading days)
 */
export function encodePriceCache(series: readonly SymbolSeries[], key: PriceCacheKey): Uint8Array {
  const dateIndex = new Map<string, number>()
  const dates: string[] = []
  let rows = 0
  for (const s of series) {
    rows += s.dates.length
    for (const d of s.dates) {
      if (!dateIndex.has(d)) {
        dateIndex.set(d, dates.length)
        dates.push(d)
      }
    }
  }
  if (dates.length >= 65536) throw new Error(`price cache: ${dates.length} distinct dates exceed the u16 date index`)
  const meta = new TextEncoder().encode(JSON.stringify({ symbols: series.map((s) => s.symbol), dates }))
  const metaAt = HEADER
  const indexAt = align8(metaAt + meta.length)
  const colsAt = indexAt + series.length * INDEX_ENTRY
  const total = colsAt + rows * 26

  const buf = new ArrayBuffer(align8(total))
  const u8 = new Uint8Array(buf)
  const dv = new DataView(buf)
  const close = new Float64Array(buf, colsAt, rows)
  const adj = new Float64Array(buf, colsAt + rows * 8, rows)
  const vol = new Float64Array(buf, colsAt + rows * 16, rows)
  const didx = new Uint16Array(buf, colsAt + rows * 24, rows)

  dv.setUint32(0, MAGIC, true)
  dv.setUint32(4, PRICE_CACHE_VERSION, true)
  dv.setFloat64(8, key.size, true)
  dv.setFloat64(16, key.mtimeMs, true)
  u8.set(key.sha1.subarray(0, 20), 24)
  u8.set(key.rules.subarray(0, 20), 64)
  dv.setUint32(44, series.length, true)
  dv.setUint32(48, rows, true)
  dv.setUint32(52, dates.length, true)
  dv.setUint32(56, meta.length, true)
  u8.set(meta, metaAt)

  let r0 = 0
  series.forEach((s, i) => {
    const n = s.dates.length
    close.set(s.close, r0)
    adj.set(s.adjClose, r0)
    vol.set(s.volume, r0)
    for (let k = 0; k < n; k++) didx[r0 + k] = dateIndex.get(s.dates[k] as string) as number
    const at = indexAt + i * INDEX_ENTRY
    dv.setUint32(at, r0, true)
    dv.setUint32(at + 4, n, true)
    dv.setUint32(at + 8, sliceCrc(u8, colsAt, rows, r0, n), true)
    r0 += n
  })
  dv.setUint32(60, headCrc(u8, colsAt), true)
  return u8.subarray(0, total)
}

/** The key a cache file was built for, or null when its header is not one of ours (wrong magic or version). */
export function readPriceCacheKey(bytes: Uint8Array): PriceCacheKey | null {
  if (bytes.length < HEADER) return null
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (dv.getUint32(0, true) !== MAGIC || dv.getUint32(4, true) !== PRICE_CACHE_VERSION) return null
  return { size: dv.getFloat64(8, true), mtimeMs: dv.getFloat64(16, true), sha1: new Uint8Array(bytes.subarray(24, 44)), rules: new Uint8Array(bytes.subarray(64, 84)) }
}

/** An opened cache file: its symbols, and each symbol's series decoded on demand. */
export interface PriceCacheView {
  /** symbols in load order */
  readonly symbols: readonly string[]
  readonly firstDate: string | undefined
  readonly lastDate: string | undefined
  /** the series of symbol number `i` (a copy), or null when its rows are damaged (CRC or dates out of order) */
  decode(i: number): SymbolSeries | null
}

/**
 * Opens a cache file: checks the header, meta and index (CRC, sizes, row ranges) now, and each symbol's rows (their
 * CRC, date indices and ascending dates) when that symbol is decoded. Returns null when the file is damaged in any
 * way this format can detect at open. Decoded arrays are copies: nothing keeps the file's buffer alive but the view.
 */
export function openPriceCache(input: Uint8Array): PriceCacheView | null {
  try {
    // Typed views need 8-byte alignment; a buffer from Node's pool may not have it. (new Uint8Array(x) copies:
    // Buffer#slice would not.)
    const u8 = input.byteOffset % 8 === 0 ? input : new Uint8Array(input)
    if (readPriceCacheKey(u8) === null) return null
    const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength)
    const nSym = dv.getUint32(44, true)
    const rows = dv.getUint32(48, true)
    const nDates = dv.getUint32(52, true)
    const metaLen = dv.getUint32(56, true)
    const indexAt = align8(HEADER + metaLen)
    const colsAt = indexAt + nSym * INDEX_ENTRY
    if (u8.length !== colsAt + rows * 26) return null
    if (headCrc(u8, colsAt) !== dv.getUint32(60, true)) return null
    const meta = JSON.parse(new TextDecoder().decode(u8.subarray(HEADER, HEADER + metaLen))) as { symbols: string[]; dates: string[] }
    if (!Array.isArray(meta.symbols) || !Array.isArray(meta.dates) || meta.symbols.length !== nSym || meta.dates.length !== nDates) return null

    const base = u8.byteOffset
    const close = new Float64Array(u8.buffer, base + colsAt, rows)
    const adj = new Float64Array(u8.buffer, base + colsAt + rows * 8, rows)
    const vol = new Float64Array(u8.buffer, base + colsAt + rows * 16, rows)
    const didx = new Uint16Array(u8.buffer, base + colsAt + rows * 24, rows)
    const first = new Uint32Array(nSym)
    const count = new Uint32Array(nSym)
    let expect = 0
    let firstDate: string | undefined
    let lastDate: string | undefined
    for (let i = 0; i < nSym; i++) {
      const at = indexAt + i * INDEX_ENTRY
      const r0 = dv.getUint32(at, true)
      const n = dv.getUint32(at + 4, true)
      if (r0 !== expect || r0 + n > rows) return null
      expect = r0 + n
      first[i] = r0
      count[i] = n
      if (n > 0) {
        const a = meta.dates[didx[r0] as number]
        const b = meta.dates[didx[r0 + n - 1] as number]
        if (a === undefined || b === undefined) return null
        if (firstDate === undefined || a < firstDate) firstDate = a
        if (lastDate === undefined || b > lastDate) lastDate = b
      }
    }
    if (expect !== rows) return null
    return {
      symbols: meta.symbols,
      firstDate,
      lastDate,
      decode(i: number): SymbolSeries | null {
        const r0 = first[i] as number
        const n = count[i] as number
        const at = indexAt + i * INDEX_ENTRY
        if (sliceCrc(u8, colsAt, rows, r0, n) !== dv.getUint32(at + 8, true)) return null
        const dates = new Array<string>(n)
        for (let k = 0; k < n; k++) {
          const d = meta.dates[didx[r0 + k] as number]
          if (d === undefined || (k > 0 && !((dates[k - 1] as string) < d))) return null
          dates[k] = d
        }
        const symbol = meta.symbols[i] as string
        return { symbol, dates, close: close.slice(r0, r0 + n), adjClose: adj.slice(r0, r0 + n), volume: vol.slice(r0, r0 + n) }
      },
    }
  } catch {
    return null
  }
}

function headCrc(u8: Uint8Array, colsAt: number): number {
  const head = new Uint8Array(u8.subarray(0, HEADER))
  head.fill(0, 60, 64)
  return crc32(u8.subarray(HEADER, colsAt), crc32(head))
}

/** CRC-32 of one symbol's rows r0..r0+n in the four columns. */
function sliceCrc(u8: Uint8Array, colsAt: number, rows: number, r0: number, n: number): number {
  let c = 0
  for (const [at, width] of [
    [colsAt, 8],
    [colsAt + rows * 8, 8],
    [colsAt + rows * 16, 8],
    [colsAt + rows * 24, 2],
  ] as const) {
    c = crc32(u8.subarray(at + r0 * width, at + (r0 + n) * width), c)
  }
  return c
}
