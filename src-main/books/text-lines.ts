/**
 * Text helpers shared by the book and limits readers: line/column lookup, newline normalisation,
 * UTF-8 size, and safe quoting of file content inside messages.
 */

/** Byte-order mark as it appears in a decoded string (U+FEFF). */
export const BOM = '\uFEFF'

/**
 * Replaces CRLF and lone CR line ends by LF.
 *
 * Why: a CRLF file must parse exactly like its LF twin (same rows, same line numbers). Every line end
 * becomes one `\n`, so physical line numbers are unchanged, and no column before a line end moves.
 *
 * @param text - decoded file content
 * @returns the same text with only `\n` line ends
 */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/**
 * Maps character offsets of a `\n`-terminated text to 1-based physical line and column numbers.
 * Build once per text (one O(n) scan); each lookup is a binary search.
 */
export class LineIndex {
  /** offsets of every `\n` in the text, ascending. */
  private readonly breaks: number[] = []
  private readonly textLength: number

  /** @param text - text whose line ends are already normalised to `\n` (see {@link normalizeNewlines}) */
  constructor(text: string) {
    this.textLength = text.length
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.breaks.push(i)
  }

  /** Number of physical lines (a final `\n` does not start a new one unless something follows it). */
  get lineCount(): number {
    const n = this.breaks.length
    return n > 0 && this.breaks[n - 1] === this.textLength - 1 ? n : n + 1
  }

  /**
   * 1-based line of the character at `offset` (a `\n` belongs to the line it ends).
   * @param offset - 0-based UTF-16 offset; values past the end give the last line
   */
  lineOf(offset: number): number {
    let lo = 0
    let hi = this.breaks.length
    // first break at or after offset; the number of breaks before it is the 0-based line
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.breaks[mid] as number) < offset) lo = mid + 1
      else hi = mid
    }
    return lo + 1
  }

  /**
   * 1-based column (in UTF-16 code units) of the character at `offset`.
   * @param offset - 0-based UTF-16 offset
   */
  columnOf(offset: number): number {
    const line = this.lineOf(offset)
    const lineStart = line === 1 ? 0 : (this.breaks[line - 2] as number) + 1
    return offset - lineStart + 1
  }
}

/** Number of `\n` in `s`. */
export function countNewlines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++
  return n
}

/**
 * UTF-8 encoded length of `text` in bytes, stopping early once it exceeds `limit`.
 *
 * Why not Buffer/TextEncoder: this stays pure (usable outside Node) and allocates nothing; the early
 * stop keeps a pathological input from being walked in full just to learn that it is too large.
 * A UTF-8 encoding is never shorter than the UTF-16 code-unit count, which gives the fast reject.
 *
 * @param text - any string (lone surrogates count as 3 bytes, as TextEncoder would encode U+FFFD)
 * @param limit - stop counting once the total exceeds this many bytes
 * @returns the exact byte length, or some value > limit if it is larger than limit
 */
export function utf8ByteLength(text: string, limit = Number.POSITIVE_INFINITY): number {
  if (text.length > limit) return text.length
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
    if (bytes > limit) return bytes
  }
  return bytes
}

const MAX_SHOWN = 40
// C0/C1 controls, DEL, line/paragraph separators and bidi overrides: a value from a file must not be
// able to move the terminal cursor, break the one-issue-per-line report, or reorder what is displayed.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * Quotes a value taken from a file for use inside an issue message: double quotes, unsafe characters
 * escaped as `\uXXXX`, long values cut to 40 characters with an ellipsis. Arrays and objects are named, not
 * printed (a JSON cell can be nested arbitrarily deep).
 *
 * @param value - raw cell value (any JSON value for JSON books)
 * @returns a short, single-line, terminal-safe rendering
 */
export function show(value: unknown): string {
  let s: string
  if (typeof value === 'string') s = value
  else if (Array.isArray(value)) s = `an array of ${value.length}`
  else if (typeof value === 'object' && value !== null) s = 'an object'
  else s = String(value) // numbers, booleans, null, undefined: never throws, unlike JSON.stringify on deep nesting
  if (s.length > MAX_SHOWN) s = `${s.slice(0, MAX_SHOWN)}…`
  return `"${escapeUnsafe(s.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`
}

/**
 * Replaces control, line-separator and bidi-override characters by `\uXXXX`, so that text from a file (or a
 * file name) prints as one inert line on a terminal.
 */
export function escapeUnsafe(s: string): string {
  return s.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
