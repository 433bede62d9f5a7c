/**
 * Field decoders that work directly on the bytes of a CSV line, so that the 2.4-million-row price file is parsed
 * without creating a string per cell. Each decoder gives exactly the value `Number(text)` / the text would give.
 */

const CHAR_0 = 48
const CHAR_9 = 57
const CHAR_DOT = 46
const CHAR_MINUS = 45
const CHAR_PLUS = 43
const CHAR_SPACE = 32
const CHAR_TAB = 9

/** Exactly representable powers of ten (10^0 .. 10^22; 10^23 is the first that a double cannot hold). */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k)

/** The full decimal grammar accepted on the slow path: sign, digits with an optional point, optional exponent. */
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** First offset in [start, end) that is not an ASCII space or tab (end if none). */
export function skipBlanks(bytes: Uint8Array, start: number, end: number): number {
  let s = start
  while (s < end && (bytes[s] === CHAR_SPACE || bytes[s] === CHAR_TAB)) s++
  return s
}

/** End offset of [start, end) once trailing ASCII spaces and tabs are removed. */
export function trimBlanksEnd(bytes: Uint8Array, start: number, end: number): number {
  let e = end
  while (e > start && (bytes[e - 1] === CHAR_SPACE || bytes[e - 1] === CHAR_TAB)) e--
  return e
}

/** Decodes bytes[start, end) as Latin-1 text (the files are ASCII; Latin-1 maps every byte, so nothing is lost). */
export function bytesToText(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')
}

/**
 * Parses a decimal number such as `242.21`, `-0.5`, `1e-3` from bytes[start, end) (no surrounding blanks).
 *
 * Fast path (Clinger 1990, "How to read floating point numbers accurately"): with at most 15 significant digits and
 * at most 22 decimals, both the integer mantissa m and 10^k are exact doubles, so the single IEEE division m / 10^k
 * is the correctly rounded value, identical to `Number(text)`. Anything else (exponents, long mantissas) goes
 * through `Number` after a grammar check, because `Number` also accepts `''`, `'0x1f'`, `'Infinity'`.
 *
 * @returns the value, or NaN if the text is not a decimal number. May return ±Infinity for overflowing exponents;
 *   callers check finiteness.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start
  let negative = false
  if (i < end && bytes[i] === CHAR_MINUS) {
    negative = true
    i++
  } else if (i < end && bytes[i] === CHAR_PLUS) {
    i++
  }
  let mantissa = 0
  let digits = 0
  let decimals = 0
  let seenDot = false
  for (; i < end; i++) {
    const c = bytes[i] as number
    if (c >= CHAR_0 && c <= CHAR_9) {
      mantissa = mantissa * 10 + (c - CHAR_0)
      digits++
      if (seenDot) decimals++
    } else if (c === CHAR_DOT && !seenDot) {
      seenDot = true
    } else {
      break
    }
  }
  if (i === end && digits > 0 && digits <= 15 && decimals <= 22) {
    const v = decimals === 0 ? mantissa : mantissa / (POW10[decimals] as number)
    return negative ? -v : v
  }
  return parseDecimalText(bytesToText(bytes, start, end))
}

/** String version of {@link parseDecimal}: NaN unless `text` matches the decimal grammar. */
export function parseDecimalText(text: string): number {
  return DECIMAL_RE.test(text) ? Number(text) : NaN
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/**
 * Parses an ISO calendar date `YYYY-MM-DD` (exactly 10 bytes) into the integer code yyyymmdd, which sorts like the
 * date. Validates month and day against the Gregorian calendar (2021-02-29 is rejected).
 *
 * @returns the code, or -1 if the bytes are not a valid date
 */
export function parseIsoDate(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || bytes[start + 4] !== CHAR_MINUS || bytes[start + 7] !== CHAR_MINUS) return -1
  let code = 0
  for (let k = 0; k < 10; k++) {
    if (k === 4 || k === 7) continue
    const c = bytes[start + k] as number
    if (c < CHAR_0 || c > CHAR_9) return -1
    code = code * 10 + (c - CHAR_0)
  }
  const y = Math.floor(code / 10000)
  const m = Math.floor(code / 100) % 100
  const d = code % 100
  if (m < 1 || m > 12 || d < 1) return -1
  const maxDay = m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number)
  return d > maxDay ? -1 : code
}

/** Formats a yyyymmdd code from {@link parseIsoDate} back to `YYYY-MM-DD`. */
export function formatDateCode(code: number): string {
  const y = Math.floor(code / 10000)
  const m = Math.floor(code / 100) % 100
  const d = code % 100
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
