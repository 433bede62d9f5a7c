import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatDateCode, parseDecimal, parseDecimalText, parseIsoDate } from '../../../src-main/market/byte-fields'

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1')
const dec = (s: string): number => parseDecimal(bytes(s), 0, s.length)
const date = (s: string): number => parseIsoDate(bytes(s), 0, s.length)

describe('parseDecimal', () => {
  it('gives exactly Number(text) for decimals as the price files print them (fast path and fallback)', () => {
    const decimalText = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^[0-9]{1,20}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,25}$/)),
        fc.option(fc.integer({ min: -330, max: 330 })),
      )
      .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`)
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(Object.is(dec(text), Number(text))).toBe(true)
      }),
      { numRuns: 5_000 },
    )
  })

  it('round-trips every double printed by JavaScript', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x)
        expect(Object.is(dec(text), Number(text))).toBe(true)
      }),
      { numRuns: 5_000 },
    )
  })

  it.each(['', '-', '.', 'abc', '1,5', '0x1f', 'Infinity', 'NaN', '1e', '1.2.3', '12a', ' 1'])('rejects %j', (text) => {
    expect(dec(text)).toBeNaN()
    expect(parseDecimalText(text)).toBeNaN()
  })
})

describe('parseIsoDate', () => {
  it('round-trips valid dates and orders them like the strings', () => {
    expect(formatDateCode(date('2020-03-16'))).toBe('2020-03-16')
    expect(formatDateCode(date('2000-02-29'))).toBe('2000-02-29')
    expect(date('2019-12-31')).toBeLessThan(date('2020-01-01'))
  })

  it.each(['2021-02-29', '1900-02-29', '2020-13-01', '2020-00-10', '2020-04-31', '2020-1-01', '20200316', '2020/03/16', ''])(
    'rejects %j',
    (text) => {
      expect(date(text)).toBe(-1)
    },
  )
})
