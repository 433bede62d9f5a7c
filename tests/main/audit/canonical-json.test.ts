import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson, CanonicalJsonError } from '../../../src-main/audit/canonical-json'

/**
 * Input/output pairs from the JCS author's reference implementation, cyberphone/json-canonicalization,
 * testdata/input/*.json -> testdata/output/*.json (the inputs are JSON text, parsed here first).
 * Expected outputs use \u escapes only where the published file holds a raw non-ASCII or control character.
 */
const JCS_TESTDATA: [name: string, input: string, output: string][] = [
  [
    'values.json',
    '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
    '{"escaping":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
  ],
  [
    'structures.json',
    '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
    '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
  ],
  [
    'weird.json',
    '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n  "\\ud83d\\ude02": "Smiley",\n  "\\u00f6": "Latin Small Letter O With Diaeresis",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n  "</script>": "Browser Challenge"\n}\n',
    '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  ],
  [
    'french.json',
    '{\n  "peach": "This sorting order",\n  "p\u00e9ch\u00e9": "is wrong according to French",\n  "p\u00eache": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
    '{"peach":"This sorting order","p\u00e9ch\u00e9":"is wrong according to French","p\u00eache":"but canonicalization MUST","sin":"ingnore locale"}',
  ],
  ['unicode.json', '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n', '{"Unnormalized Unicode":"\u1e0d\u0307"}'],
]

/** RFC 8785 Appendix B: IEEE 754 binary64 bit patterns and their canonical text. */
const RFC8785_APPENDIX_B: [hex: string, expected: string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
]
/** Appendix B rows that have no JSON form ("error" in the RFC). */
const RFC8785_APPENDIX_B_ERRORS = ['7fffffffffffffff', '7ff0000000000000']

const fromHex = (hex: string): number => Buffer.from(hex, 'hex').readDoubleBE(0)

/** Rebuild `value` with every object's members inserted in a shuffled order (same data, other insertion order). */
function reinsert(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => reinsert(v, order))
  if (value !== null && typeof value === 'object') {
    const src = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    // defineProperty, not assignment: fast-check may generate an own "__proto__" member.
    for (const k of order(Object.keys(src))) Object.defineProperty(out, k, { value: reinsert(src[k], order), enumerable: true, writable: true, configurable: true })
    return out
  }
  return value
}

describe('canonicalJson against published JCS vectors', () => {
  for (const [name, input, output] of JCS_TESTDATA) {
    it(`cyberphone/json-canonicalization testdata ${name}`, () => {
      expect(canonicalJson(JSON.parse(input))).toBe(output)
    })
  }

  it('RFC 8785 Appendix B number serialisation, every finite row', () => {
    for (const [hex, expected] of RFC8785_APPENDIX_B) expect(canonicalJson(fromHex(hex)), hex).toBe(expected)
  })

  it('RFC 8785 Appendix B error rows (NaN, Infinity) are rejected', () => {
    for (const hex of RFC8785_APPENDIX_B_ERRORS) expect(() => canonicalJson(fromHex(hex)), hex).toThrow(CanonicalJsonError)
  })
})

describe('canonicalJson is deterministic', () => {
  it('does not depend on member insertion order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let s = seed
        const shuffle = (keys: string[]): string[] => {
          const a = [...keys]
          for (let i = a.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) | 0
            const j = Math.abs(s) % (i + 1)
            ;[a[i], a[j]] = [a[j] as string, a[i] as string]
          }
          return a
        }
        expect(canonicalJson(reinsert(value, shuffle))).toBe(canonicalJson(value))
        expect(canonicalJson(reinsert(value, (k) => [...k].reverse()))).toBe(canonicalJson(value))
      }),
    )
  })

  it('is a fixed point of parse-then-canonicalise and is valid JSON for the same data (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value)
        expect(canonicalJson(JSON.parse(text))).toBe(text)
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('writes -0 as 0 and keeps array order', () => {
    expect(canonicalJson({ b: [3, 1, 2], a: -0 })).toBe('{"a":0,"b":[3,1,2]}')
  })

  it('keeps an own "__proto__" member (as JSON.parse creates it) as data', () => {
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"x":2}}'))).toBe('{"__proto__":{"x":2},"z":1}')
  })

  it('accepts objects without a prototype', () => {
    const o = Object.create(null) as Record<string, unknown>
    o.z = 1
    o.a = 2
    expect(canonicalJson(o)).toBe('{"a":2,"z":1}')
  })

  it('escapes lone surrogates (documented difference from JCS) so they round-trip', () => {
    const text = canonicalJson({ name: 'bad\ud800name' })
    expect(text).toBe('{"name":"bad\\ud800name"}')
    expect((JSON.parse(text) as { name: string }).name).toBe('bad\ud800name')
  })
})

describe('canonicalJson rejects what has no JSON form, naming the path', () => {
  const cases: [label: string, value: unknown, path: string][] = [
    ['NaN', { a: [1, { b: Number.NaN }] }, '$.a[1].b'],
    ['Infinity', { x: Number.POSITIVE_INFINITY }, '$.x'],
    ['-Infinity', [Number.NEGATIVE_INFINITY], '$[0]'],
    ['undefined member', { 'odd key': undefined }, '$["odd key"]'],
    ['undefined at top', undefined, '$'],
    ['function', { f: () => 1 }, '$.f'],
    ['symbol', { s: Symbol('s') }, '$.s'],
    ['bigint', { n: 10n }, '$.n'],
    ['Date', { when: new Date(0) }, '$.when'],
    ['Map', { m: new Map() }, '$.m'],
    ['Float64Array', { v: new Float64Array(2) }, '$.v'],
    ['sparse array hole', { h: [1, , 3] }, '$.h[1]'],
  ]
  for (const [label, value, path] of cases) {
    it(label, () => {
      let caught: unknown
      try {
        canonicalJson(value)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(CanonicalJsonError)
      expect((caught as CanonicalJsonError).path).toBe(path)
      expect((caught as Error).message).toContain(`at ${path}:`)
    })
  }

  it('a cycle', () => {
    const a: Record<string, unknown> = { x: 1 }
    a.self = { back: a }
    expect(() => canonicalJson(a)).toThrow('cannot write canonical JSON at $.self.back: cycle')
  })

  it('symbol-keyed members', () => {
    expect(() => canonicalJson({ [Symbol('k')]: 1 })).toThrow(/symbol-keyed/)
  })

  it('the same object twice (not a cycle) is fine', () => {
    const shared = { q: 1 }
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"q":1},"b":[{"q":1}]}')
  })
})
