/**
 * Deterministic ("canonical") JSON text for hashing audit events.
 *
 * Follows RFC 8785, JSON Canonicalization Scheme (JCS), https://www.rfc-editor.org/rfc/rfc8785 :
 * - no whitespace between tokens (JCS 3.2.1);
 * - literals `null`, `true`, `false` (JCS 3.2.2.1);
 * - numbers as ECMAScript `Number.prototype.toString` renders them, which is what `JSON.stringify` emits for a
 *   finite number: shortest round-tripping digits, `-0` written `0`, exponent form from 1e21 and below 1e-6
 *   (JCS 3.2.2.3, Appendix B). NaN and +/-Infinity have no JSON form and are rejected;
 * - strings as `JSON.stringify` renders them: `"` and `\` escaped, control characters below U+0020 as the short
 *   escapes `\b \t \n \f \r` or lowercase `\u00xx`, everything else (including U+007F and non-ASCII) written as is
 *   (JCS 3.2.2.2);
 * - object members sorted recursively by their names compared as arrays of UTF-16 code units, which is what
 *   JavaScript's default `Array.prototype.sort` does on strings (JCS 3.2.3). Array order is kept.
 *
 * Reference implementation and test vectors: cyberphone/json-canonicalization (the JCS author's), whose
 * `testdata/` cases and RFC 8785 Appendix B number table are checked in tests/main/audit/canonical-json.test.ts.
 *
 * Differences from JCS, on purpose:
 * - Input is a JavaScript value, not JSON text, so duplicate member names cannot occur.
 * - Lone UTF-16 surrogates in strings are accepted and written as `\udxxx` escapes (well-formed
 *   `JSON.stringify`, ES2019) instead of rejected as I-JSON would: an audit write must not fail because a user's
 *   file contained a broken name, and the escape round-trips exactly through `JSON.parse`.
 * - Only plain data is accepted: `undefined`, functions, symbols, bigints, non-finite numbers, class instances
 *   (Date, Map, Float64Array, ...), sparse array holes and cycles are rejected with the path of the offending value,
 *   rather than silently dropped or converted as `JSON.stringify` would (a dropped field would make two different
 *   events hash alike). Convert typed arrays with `Array.from` and dates with `toISOString()` first.
 */

/** The value could not be written as canonical JSON; `path` is a JSONPath-like pointer such as `$.legs[2].qty`. */
export class CanonicalJsonError extends TypeError {
  override readonly name = 'CanonicalJsonError'
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write canonical JSON at ${path}: ${reason}`)
  }
}

/** Any value that `canonicalJson` accepts. */
export type CanonicalJsonValue =
  | null
  | boolean
  | number
  | string
  | readonly CanonicalJsonValue[]
  | { readonly [key: string]: CanonicalJsonValue }

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value !== 'object') return typeof value
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name
  return name ? `an instance of ${name}` : 'an object with a custom prototype'
}

/**
 * Serialise `value` as canonical JSON (RFC 8785 JCS, with the differences listed in this module's header).
 *
 * @param value - plain JSON data: null, booleans, finite numbers, strings, arrays and plain objects (prototype
 *   `Object.prototype` or `null`), nested to any depth.
 * @returns the canonical text; the same data always gives the same text whatever the member insertion order.
 * @throws CanonicalJsonError naming the path of the first unsupported value (NaN, Infinity, undefined, function,
 *   symbol, bigint, class instance, array hole) or of a cycle.
 * @example
 * canonicalJson({ b: [1, 2.50], a: null }) // returns '{"a":null,"b":[1,2.5]}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, [], [])
}

/** JSONPath-like text of a trail of member names / indices, built only when an error is thrown. */
function pathOf(trail: readonly (string | number)[]): string {
  let path = '$'
  for (const step of trail) {
    if (typeof step === 'number') path += `[${step}]`
    else path += IDENTIFIER.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`
  }
  return path
}

// String concatenation (V8 ropes) is the fastest way to build the text here. `open` holds the objects on the
// current path (depth is small, so a linear `includes` beats a Set); `trail` their member names, for error messages.
function write(value: unknown, trail: (string | number)[], open: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(pathOf(trail), `${value} is not a JSON number (only finite numbers are)`)
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      break
    default:
      throw new CanonicalJsonError(pathOf(trail), `${typeof value} has no JSON form`)
  }
  if (value === null) return 'null'
  if (open.includes(value)) throw new CanonicalJsonError(pathOf(trail), 'cycle: the value contains itself')
  open.push(value)
  let out: string
  if (Array.isArray(value)) {
    out = '['
    for (let i = 0; i < value.length; i++) {
      trail.push(i)
      if (!(i in value)) throw new CanonicalJsonError(pathOf(trail), 'sparse array hole (undefined) has no JSON form')
      out += (i > 0 ? ',' : '') + write(value[i], trail, open)
      trail.pop()
    }
    out += ']'
  } else {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(pathOf(trail), `${describe(value)} is not plain data (convert it to an array, string or plain object)`)
    }
    if (Object.getOwnPropertySymbols(value).length > 0) throw new CanonicalJsonError(pathOf(trail), 'symbol-keyed members have no JSON form')
    const record = value as Record<string, unknown>
    // Default sort compares UTF-16 code units, exactly the JCS member order (RFC 8785 section 3.2.3).
    const keys = Object.keys(record).sort()
    out = '{'
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      const member = record[key]
      trail.push(key)
      if (member === undefined) throw new CanonicalJsonError(pathOf(trail), 'undefined has no JSON form (omit the member or use null)')
      out += (i > 0 ? ',' : '') + JSON.stringify(key) + ':' + write(member, trail, open)
      trail.pop()
    }
    out += '}'
  }
  open.pop()
  return out
}
