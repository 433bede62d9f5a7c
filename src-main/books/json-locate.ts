/**
 * Source positions for JSON text. JSON.parse gives values but no positions, and V8's syntax errors give an
 * offset for some mistakes only ("Unexpected token ','" has none). This strict RFC 8259 scanner walks the text
 * once to report where values start and, for invalid text, the offset of the first error.
 */

/** A path from the root: object keys and array indices (the array is reused between calls: copy to keep). */
export type JsonPath = readonly (string | number)[]

/** The first syntax error of a JSON text: 0-based UTF-16 offset and a short description. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} (offset ${offset})`)
    this.name = 'JsonSyntaxError'
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])
const HEX4 = /^[0-9a-fA-F]{4}$/

interface Frame {
  readonly kind: 'object' | 'array'
  index: number
}

/**
 * Walks a JSON text (RFC 8259, no extensions) and reports the start offset of every value at depth
 * 1..maxDepth, in document order.
 *
 * The offset is that of the member's key for object members (the line a person looks at for "field x")
 * and of the value itself for array elements. Duplicate keys are reported each time they occur (JSON.parse
 * keeps the last). Iterative, so nesting depth is bounded by memory, not by the call stack.
 *
 * @param text - the JSON text (a leading BOM is a syntax error here, as for JSON.parse)
 * @param maxDepth - deepest path length to report (1 = members of the root); 0 only validates
 * @param onValue - called with the path (reused array) and the 0-based UTF-16 offset
 * @throws JsonSyntaxError at the first syntax error
 */
export function scanJsonPositions(text: string, maxDepth: number, onValue: (path: JsonPath, offset: number) => void = () => {}): void {
  const n = text.length
  const stack: Frame[] = []
  const path: (string | number)[] = []
  let i = 0

  const fail = (reason: string, at = i): never => {
    throw new JsonSyntaxError(at, reason)
  }
  const describe = (at: number): string => (at >= n ? 'end of input' : `character ${JSON.stringify(text[at])}`)
  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++
      else break
    }
  }
  const readString = (): string => {
    const start = i
    i++ // opening quote
    let escaped = false
    for (;;) {
      if (i >= n) fail('unterminated string', start)
      const c = text.charCodeAt(i)
      if (c === 0x22) break
      if (c === 0x0a) fail('string not closed before the end of the line', start)
      if (c < 0x20) fail('control character inside a string (escape it as \\u00XX)')
      if (c === 0x5c) {
        escaped = true
        const e = text[i + 1] ?? ''
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in string')
          i += 6
        } else if (ESCAPABLE.has(e)) i += 2
        else fail('bad escape in string')
      } else i++
    }
    i++
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1)
  }
  const report = (offset: number): void => {
    if (path.length <= maxDepth) onValue(path, offset)
  }

  // mode: 'value' = a value must start at i; 'after' = a value just ended.
  let mode: 'value' | 'after' = 'value'
  for (;;) {
    skipWs()
    if (mode === 'value') {
      const c = text[i]
      if (c === '{' || c === '[') {
        const kind = c === '{' ? 'object' : 'array'
        i++
        skipWs()
        if (text[i] === (kind === 'object' ? '}' : ']')) {
          i++
          mode = 'after'
          continue
        }
        stack.push({ kind, index: 0 })
        if (kind === 'object') {
          if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`)
          const keyOffset = i
          path.push(readString())
          report(keyOffset)
          skipWs()
          if (text[i] !== ':') fail(`expected ':' after property name, found ${describe(i)}`)
          i++
        } else {
          path.push(0)
          report(i)
        }
        continue // mode stays 'value'
      }
      if (c === '"') readString()
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i
        if (!NUMBER.test(text)) fail('invalid number')
        i = NUMBER.lastIndex
      } else if (text.startsWith('true', i)) i += 4
      else if (text.startsWith('false', i)) i += 5
      else if (text.startsWith('null', i)) i += 4
      else if ((c === ']' || c === '}') && stack.length > 0) fail(`unexpected ${describe(i)} (trailing comma?)`)
      else fail(`unexpected ${describe(i)}; expected a value`)
      mode = 'after'
      continue
    }
    // mode === 'after'
    const top = stack[stack.length - 1]
    if (top === undefined) {
      if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`)
      return
    }
    const c = text[i]
    if (c === ',') {
      i++
      skipWs()
      path.pop()
      top.index++
      if (top.kind === 'object') {
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}${text[i] === '}' ? ' (trailing comma?)' : ''}`)
        const keyOffset = i
        path.push(readString())
        report(keyOffset)
        skipWs()
        if (text[i] !== ':') fail(`expected ':' after property name, found ${describe(i)}`)
        i++
      } else {
        path.push(top.index)
        report(i)
      }
      mode = 'value'
    } else if (c === (top.kind === 'object' ? '}' : ']')) {
      i++
      stack.pop()
      path.pop()
    } else {
      fail(top.kind === 'object' ? `expected ',' or '}' after property value, found ${describe(i)}` : `expected ',' or ']' after array element, found ${describe(i)}`)
    }
  }
}
