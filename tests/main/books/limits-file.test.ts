import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LimitsSchema } from '@shared/domain/limits'
import { LimitsFileError, jsonPath, parseLimitsText, readLimitsFile, type LimitsProblem } from '../../../src-main/books/limits-file'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'riskdesk-limits-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const GOOD = { varLimit: 250_000, maxLossPerPosition: 50_000, maxPositionWeight: 0.2, maxDaysToLiquidate: 3 }
const pretty = (o: unknown) => JSON.stringify(o, null, 2) // key k of a flat object is on line k + 2

function problemsOf(text: string, file = 'desk.limits.json'): LimitsProblem[] {
  try {
    parseLimitsText(text, file)
  } catch (e) {
    if (e instanceof LimitsFileError) return [...e.problems]
    throw e
  }
  throw new Error('expected a LimitsFileError')
}

describe('readLimitsFile', () => {
  it('reads a valid file and fills the schema defaults', () => {
    const path = join(dir, 'ok.limits.json')
    writeFileSync(path, pretty(GOOD))
    expect(readLimitsFile(path)).toEqual(LimitsSchema.parse(GOOD))
  })

  it('accepts a BOM and CRLF line ends', () => {
    expect(parseLimitsText(`\uFEFF${pretty(GOOD).replace(/\n/g, '\r\n')}`, 'x.json')).toEqual(LimitsSchema.parse(GOOD))
  })

  it('names the file, the JSON path and the line of a bad field', () => {
    const text = pretty({ ...GOOD, maxPositionWeight: 1.5 }) // 3rd key -> line 4
    expect(problemsOf(text).map(({ file, line, path }) => ({ file, line, path }))).toEqual([{ file: 'desk.limits.json', line: 4, path: '$.maxPositionWeight' }])
    expect(() => parseLimitsText(text, 'desk.limits.json')).toThrow(/^invalid limits file 'desk.limits.json':\n {2}desk.limits.json:4: \$\.maxPositionWeight: /)
  })

  it.each([
    ['negative', -1],
    ['zero', 0],
    ['a string', '250000'],
    ['overflowing to Infinity', '1e400'],
  ])('varLimit %s is reported at $.varLimit', (_what, value) => {
    const text = pretty(GOOD).replace('"varLimit": 250000', `"varLimit": ${typeof value === 'string' && value !== '1e400' ? JSON.stringify(value) : value}`)
    expect(problemsOf(text).map((p) => [p.line, p.path])).toEqual([[2, '$.varLimit']])
  })

  it('lists every problem: unknown keys one by one, a missing field without a line, bad enums', () => {
    const { maxDaysToLiquidate: _dropped, ...rest } = GOOD
    const text = pretty({ ...rest, policy: 'yolo', varLimt: 1, extra: true })
    const problems = problemsOf(text)
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [5, '$.policy'],
      [6, '$.varLimt'],
      [7, '$.extra'],
      [undefined, '$.maxDaysToLiquidate'],
    ])
    expect(problems[1]?.message).toBe('unknown key (not a limits field)')
    expect(problems[3]?.message).toMatch(/^required field is missing/)
  })

  it('JSON syntax errors give line and column', () => {
    const text = '{\n  "varLimit": 1,\n  "maxLossPerPosition": 2,\n}\n'
    expect(problemsOf(text)).toEqual([{ file: 'desk.limits.json', line: 4, column: 1, path: '$', message: expect.stringMatching(/^invalid JSON: expected a property name/) }])
    expect(() => parseLimitsText(text, 'desk.limits.json')).toThrow('desk.limits.json:4:1: $: invalid JSON')
  })

  it('a root that is not an object, and an empty file', () => {
    expect(problemsOf('[1, 2]').map((p) => [p.line, p.path])).toEqual([[1, '$']])
    expect(problemsOf(' \n').map((p) => [p.line, p.path, p.message])).toEqual([[1, '$', 'file is empty']])
  })

  it('I/O failures throw an Error naming the file', () => {
    const missing = join(dir, 'missing.limits.json')
    expect(() => readLimitsFile(missing)).toThrow(`cannot read limits file '${missing}': no such file (ENOENT)`)
    expect(() => readLimitsFile(dir)).toThrow(`cannot read limits file '${dir}': is a directory (EISDIR)`)
  })

  it('jsonPath renders zod paths as JSONPath', () => {
    expect(jsonPath([])).toBe('$')
    expect(jsonPath(['varLimit'])).toBe('$.varLimit')
    expect(jsonPath(['a', 0, 'odd key'])).toBe('$.a[0]["odd key"]')
  })
})
