import { DataFileError } from './data-file-error'
import { bytesToText } from './byte-fields'

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/**
 * Streaming RFC 4180 record reader over an in-memory byte buffer (comma separator, `"` quoting with `""` escapes,
 * LF or CRLF line ends, quoted fields may span lines). It exposes byte ranges instead of strings so that callers
 * can decode only the cells they need, which keeps a multi-million-row load within seconds.
 *
 * Usage: `while (r.next()) { r.count; r.start(k); r.end(k); r.text(k); r.line }`.
 */
export class CsvByteReader {
  /** 1-based physical line on which the current record starts. */
  line = 0
  /** number of fields of the current record (a blank line has one empty field). */
  count = 0
  private starts = new Int32Array(16)
  private ends = new Int32Array(16)
  private escaped = new Uint8Array(16)
  private pos = 0
  private nextLine = 1

  /**
   * @param bytes the whole file, BOM already removed
   * @param file path used in error messages
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {}

  /** Start offset of field k of the current record (inside the quotes for a quoted field). */
  start(k: number): number {
    return this.starts[k] as number
  }

  /** End offset (exclusive) of field k of the current record. */
  end(k: number): number {
    return this.ends[k] as number
  }

  /** Field k as text, with `""` unescaped. */
  text(k: number): string {
    const t = bytesToText(this.bytes, this.starts[k] as number, this.ends[k] as number)
    return this.escaped[k] === 1 ? t.replaceAll('""', '"') : t
  }

  /** True if the current record is an empty line (possibly only blanks or a lone CR). */
  isBlank(): boolean {
    if (this.count !== 1) return false
    for (let p = this.starts[0] as number; p < (this.ends[0] as number); p++) {
      const c = this.bytes[p]
      if (c !== 32 && c !== 9 && c !== CR) return false
    }
    return true
  }

  /**
   * Advances to the next record.
   * @returns false at the end of the buffer
   * @throws DataFileError on an unterminated quoted field or text after a closing quote
   */
  next(): boolean {
    const b = this.bytes
    const n = b.length
    if (this.pos >= n) return false
    this.line = this.nextLine
    this.count = 0
    let pos = this.pos
    for (;;) {
      let s: number
      let e: number
      let esc = 0
      if (pos < n && b[pos] === QUOTE) {
        s = pos + 1
        let j = s
        for (;;) {
          const q = b.indexOf(QUOTE, j)
          if (q < 0) throw new DataFileError(this.file, this.line, null, 'unterminated quoted field')
          for (let p = j; p < q; p++) if (b[p] === LF) this.nextLine++
          if (b[q + 1] === QUOTE) {
            esc = 1
            j = q + 2
            continue
          }
          e = q
          pos = q + 1
          break
        }
        if (pos < n && b[pos] === CR && b[pos + 1] === LF) pos++
        if (pos < n && b[pos] !== COMMA && b[pos] !== LF) {
          throw new DataFileError(this.file, this.nextLine, null, 'unexpected text after a closing quote')
        }
      } else {
        s = pos
        while (pos < n) {
          const c = b[pos]
          if (c === COMMA || c === LF) break
          pos++
        }
        e = pos
        if (e > s && b[e - 1] === CR && (pos >= n || b[pos] === LF)) e--
      }
      this.push(s, e as number, esc)
      if (pos >= n) {
        this.pos = n
        return true
      }
      if (b[pos] === LF) {
        this.pos = pos + 1
        this.nextLine++
        return true
      }
      pos++ // comma
    }
  }

  private push(s: number, e: number, esc: number): void {
    const k = this.count
    if (k === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (len: number) => T): T => {
        const out = make(a.length * 2)
        out.set(a)
        return out
      }
      this.starts = grow(this.starts, (l) => new Int32Array(l))
      this.ends = grow(this.ends, (l) => new Int32Array(l))
      this.escaped = grow(this.escaped, (l) => new Uint8Array(l))
    }
    this.starts[k] = s
    this.ends[k] = e
    this.escaped[k] = esc
    this.count = k + 1
  }
}
