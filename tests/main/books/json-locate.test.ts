import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonSyntaxError, scanJsonPositions, type JsonPath } from '../../../src-main/books/json-locate'

function accepts(text: string): boolean {
  try {
    scanJsonPositions(text, 0)
    return true
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    return false
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Every path of depth 1..maxDepth of a parsed value, as JSON strings, sorted. */
function pathsOf(value: unknown, maxDepth: number, prefix: (string | number)[] = [], out: string[] = []): string[] {
  if (prefix.length >= maxDepth || typeof value !== 'object' || value === null) return out
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
  for (const [k, v] of entries) {
    out.push(JSON.stringify([...prefix, k]))
    pathsOf(v, maxDepth, [...prefix, k], out)
  }
  return out
}

describe('scanJsonPositions', () => {
  it('accepts exactly what JSON.parse accepts (valid JSON and random single-character corruptions of it)', () => {
    const corrupt = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', ':', '\n', '\\', 'x', '0', '-', '.', 'e', '\u0001'))
    fc.assert(
      fc.property(corrupt, fc.boolean(), ([text, at, ch], replace) => {
        const i = text.length === 0 ? 0 : at % text.length
        const mutated = text.slice(0, i) + ch + text.slice(replace ? i + 1 : i)
        expect(accepts(text)).toBe(true)
        expect(accepts(mutated)).toBe(parses(mutated))
      }),
      { numRuns: 2000 },
    )
  })

  it('reports every path down to maxDepth, at the offset of its key or element', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 1, 2, '\t'), fc.integer({ min: 1, max: 4 }), (value, indent, maxDepth) => {
        const text = JSON.stringify(value, null, indent)
        const seen: string[] = []
        scanJsonPositions(text, maxDepth, (path: JsonPath, offset) => {
          seen.push(JSON.stringify(path))
          const last = path[path.length - 1]
          if (typeof last === 'string') {
            // a string token starts at offset and decodes to the key
            const token = /"(?:[^"\\]|\\.)*"/y
            token.lastIndex = offset
            const m = token.exec(text)
            expect(m === null ? undefined : JSON.parse(m[0])).toBe(last)
          } else {
            expect(text[offset]).toMatch(/["\[{\-\dtfn]/)
          }
        })
        expect(seen.sort()).toEqual(pathsOf(value, maxDepth).sort())
      }),
      { numRuns: 500 },
    )
  })

  it('gives the offset of the first error', () => {
    const at = (text: string) => {
      try {
        scanJsonPositions(text, 0)
      } catch (e) {
        if (e instanceof JsonSyntaxError) return e.offset
      }
      return -1
    }
    expect(at('[1,]')).toBe(3)
    expect(at('{"a" 1}')).toBe(5)
    expect(at('[01]')).toBe(2)
    expect(at('{"a": "x\ny"}')).toBe(6) // string start
    expect(at('[] x')).toBe(3)
    expect(at('')).toBe(0)
    expect(at('\uFEFF[]')).toBe(0)
  })

  it('handles deep nesting without recursion', () => {
    const depth = 100_000
    const text = '['.repeat(depth) + ']'.repeat(depth)
    expect(() => scanJsonPositions(text, 2)).not.toThrow()
  })
})
