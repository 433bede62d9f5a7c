import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseBookText } from '../../../src-main/books/book-parser'
import { expectConsistent } from './book-test-helpers'

/**
 * Row kinds for the generator. `bad` kinds must be rejected with an error on their line; `good` kinds accepted
 * (possibly with warnings). `register` = the row puts its symbol into the duplicate map (so a later duplicate of
 * it is an error even if this row itself is rejected).
 */
const KINDS = {
  good: { bad: false, register: true },
  padded: { bad: false, register: true }, // whitespace around values
  lower: { bad: false, register: true }, // lower-case symbol
  multiline: { bad: false, register: true }, // quoted sector spanning two lines
  extraEmpty: { bad: false, register: true }, // trailing empty fields
  badQuantity: { bad: true, register: true },
  zero: { bad: true, register: true },
  negCost: { bad: true, register: true },
  badClass: { bad: true, register: true },
  unknownSymbol: { bad: true, register: true },
  noSymbol: { bad: true, register: false },
  duplicate: { bad: true, register: true },
  tooFew: { bad: true, register: false },
  tooMany: { bad: true, register: false },
} as const
type Kind = keyof typeof KINDS

const BAD_QUANTITIES = ['abc', '1e400', 'NaN', 'Infinity', '', '  ', '1,5', '--1', '0x1F']

interface RowSpec {
  readonly kind: Kind
  readonly quantity: number
  readonly badQuantity: string
  readonly blankLinesBefore: number
  readonly dupOf: number
}

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  kind: fc.constantFrom(...(Object.keys(KINDS) as Kind[])),
  quantity: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((q) => q !== 0), fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((q) => q !== 0)),
  badQuantity: fc.constantFrom(...BAD_QUANTITIES),
  blankLinesBefore: fc.nat({ max: 2 }),
  dupOf: fc.nat(),
})

interface Rendered {
  readonly text: string
  readonly rowLines: number[]
  readonly expectedSymbols: string[]
}

/** Renders a CSV book; element k of rowLines is the physical line where data row k starts. */
function renderCsv(specs: readonly RowSpec[], eol: string, bom: boolean): Rendered {
  const out: string[] = ['symbol,quantity,cost,sector,assetClass']
  const rowLines: number[] = []
  const expectedSymbols: string[] = []
  const registered: string[] = [] // symbols of earlier rows that register
  let line = 1 // physical line of the last pushed text
  specs.forEach((s, i) => {
    for (let b = 0; b < s.blankLinesBefore; b++) {
      out.push(b % 2 === 0 ? '' : ' , ,')
      line++
    }
    rowLines.push(line + 1)
    const sym = `S${i}`
    const q = String(s.quantity)
    let row: string
    switch (s.kind) {
      case 'good': row = `${sym},${q},1.5,Tech,equity`; break
      case 'padded': row = ` ${sym} , ${q},2 ,Energy , etf`; break
      case 'lower': row = `${sym.toLowerCase()},${q},,,`; break
      case 'multiline': row = `${sym},${q},3,"Two${eol}Lines",other`; break
      case 'extraEmpty': row = `${sym},${q},,,,,`; break
      case 'badQuantity': row = `${sym},"${s.badQuantity}",1,X,equity`; break
      case 'zero': row = `${sym},0,1,X,equity`; break
      case 'negCost': row = `${sym},${q},-0.5,X,equity`; break
      case 'badClass': row = `${sym},${q},1,X,bond`; break
      case 'unknownSymbol': row = `NOPE${i},${q},1,X,equity`; break
      case 'noSymbol': row = ` ,${q},1,X,equity`; break
      case 'duplicate': row = registered.length > 0 ? `${registered[s.dupOf % registered.length]},${q},,,` : `${sym},${q},,,,`; break
      case 'tooFew': row = `${sym},${q}`; break
      case 'tooMany': row = `${sym},${q},1,X,equity,surplus`; break
    }
    // A 'duplicate' with nothing to duplicate is rendered as a good row with an empty trailing extra.
    const kind: Kind = s.kind === 'duplicate' && registered.length === 0 ? 'extraEmpty' : s.kind
    out.push(row)
    line += row.split(eol).length
    if (!KINDS[kind].bad) expectedSymbols.push(sym)
    if (KINDS[kind].register && kind !== 'duplicate') registered.push(kind === 'unknownSymbol' ? `NOPE${i}` : sym)
  })
  const text = (bom ? '\uFEFF' : '') + out.join(eol) + eol
  return { text, rowLines, expectedSymbols }
}

const known = (n: number) => new Set(Array.from({ length: n }, (_, i) => `S${i}`))

describe('book parsing properties (fast-check)', () => {
  it('never throws on arbitrary content, CSV or JSON, and always keeps the counts consistent', () => {
    const csvish = fc.string({ unit: fc.constantFrom('a', 'S', '1', '0', '-', '.', 'e', ',', ';', '"', ' ', '\n', '\r', '\uFEFF', '\u0000', 'é') })
    const header = fc.constantFrom('', 'symbol,quantity\n', 'symbol,quantity,cost,sector,assetClass\n', '[', '{"positions": [')
    fc.assert(
      fc.property(header, fc.oneof(csvish, fc.json(), fc.string({ unit: 'binary' })), fc.constantFrom<'csv' | 'json'>('csv', 'json'), (h, body, format) => {
        const r = parseBookText(h + body, { file: 'fuzz', format, knownSymbols: new Set(['S', 'A']) })
        expectConsistent(r)
        for (const i of r.issues) expect(i.line).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 1000 },
    )
  })

  it('a deeply nested JSON value in a cell is an error, not a crash', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000)
    const r = parseBookText(`[{"symbol": ${deep}, "quantity": 1}]`, { file: 'deep.json' })
    expectConsistent(r)
    expect(r.issues.map((i) => [i.line, i.field, i.code])).toEqual([[1, 'symbol', 'wrong-type']])
  })

  it('CSV: accepted + rejected === rows; every bad row, and only bad rows, have an error at their line', () => {
    fc.assert(
      fc.property(fc.array(rowSpec, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (specs, eol, bom) => {
        const { text, rowLines, expectedSymbols } = renderCsv(specs, eol, bom)
        const r = parseBookText(text, { file: 'p.csv', knownSymbols: known(specs.length) })
        expectConsistent(r)
        expect(r.rows).toBe(specs.length)
        expect(r.book.positions.map((p) => p.symbol)).toEqual(expectedSymbols)
        const errorLines = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.line))
        const badLines = rowLines.filter((line, k) => !expectedSymbols.includes(`S${k}`) && line > 0)
        for (const line of badLines) expect(errorLines.has(line), `row at line ${line} rejected without an error there`).toBe(true)
        expect([...errorLines].sort((a, b) => a - b)).toEqual(badLines)
        expect(r.rejected).toBe(badLines.length)
      }),
      { numRuns: 300 },
    )
  })

  it('CSV: CRLF and LF give the same result', () => {
    fc.assert(
      fc.property(fc.array(rowSpec, { maxLength: 25 }), (specs) => {
        const withLf = parseBookText(renderCsv(specs, '\n', false).text, { file: 'p.csv', knownSymbols: known(specs.length) })
        const withCrlf = parseBookText(renderCsv(specs, '\r\n', false).text, { file: 'p.csv', knownSymbols: known(specs.length) })
        // multi-line values keep their own line end inside quotes; normalisation makes them equal too
        expect(withCrlf).toEqual(withLf)
      }),
      { numRuns: 100 },
    )
  })

  it('JSON: accepted + rejected === rows and every rejected row has an error at its line', () => {
    const jsonRow = fc.oneof(
      fc.record({ symbol: fc.constantFrom('A', 'B', 'c', ' D ', '', 'ZZ'), quantity: fc.oneof(fc.integer(), fc.constantFrom('7', 'x', null, true, '1e999')) }, { requiredKeys: [] }),
      fc.record({ symbol: fc.constantFrom('E', 'F'), quantity: fc.integer({ min: 1 }), cost: fc.oneof(fc.double(), fc.constant(-1)), assetClass: fc.constantFrom('equity', 'ETF', 'swap') }),
      fc.constantFrom(1, 'row', null, [1, 2]),
    )
    fc.assert(
      fc.property(fc.array(jsonRow, { maxLength: 30 }), fc.constantFrom(0, 2), (rows, indent) => {
        const text = JSON.stringify({ positions: rows }, null, indent)
        const r = parseBookText(text, { file: 'p.json', knownSymbols: new Set(['A', 'B', 'C', 'D', 'E', 'F']) })
        expectConsistent(r)
        if (r.fileRejected === true) {
          // only possible here when no row has one of the required keys
          expect(r.issues.some((i) => i.code === 'missing-column')).toBe(true)
          return
        }
        expect(r.rows).toBe(rows.length)
        // Rows with an error inside their line range are exactly the rejected rows. With indent 2 every row
        // has its own lines; with indent 0 the whole file is line 1, so only "some error iff some rejection" holds.
        const errorLines = r.issues.filter((i) => i.severity === 'error').map((i) => i.line)
        if (indent === 0) {
          expect(errorLines.length > 0).toBe(r.rejected > 0)
          return
        }
        const starts = rowStarts(text)
        const rowsWithError = starts.filter((start, k) => errorLines.some((line) => line >= start && line < (starts[k + 1] ?? Number.POSITIVE_INFINITY)))
        expect(rowsWithError.length).toBe(r.rejected)
      }),
      { numRuns: 300 },
    )
  })
})

/** First line of each element of the top-level positions array, found independently by re-serialising prefixes. */
function rowStarts(text: string): number[] {
  const parsed = JSON.parse(text) as { positions: unknown[] }
  const starts: number[] = []
  let from = text.indexOf('[') + 1
  for (const row of parsed.positions) {
    // skip whitespace and the separating comma to the start of the element
    while (/[\s,]/.test(text[from] as string)) from++
    starts.push(text.slice(0, from).split('\n').length)
    from += elementLength(text, from, row)
  }
  return starts
}

/** Length of an element as JSON.stringify with the file's indentation wrote it (found by trying the two indents). */
function elementLength(text: string, from: number, row: unknown): number {
  for (const candidate of [JSON.stringify(row), ...[1, 2, 3, 4, 5, 6].map((depth) => (JSON.stringify(row, null, 2) ?? '').split('\n').join('\n' + ' '.repeat(depth * 2 - 2)))]) {
    if (text.startsWith(candidate, from)) return candidate.length
  }
  throw new Error(`cannot find row ${JSON.stringify(row)} at offset ${from}`)
}
