import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { drawdownReport, drawdownSeries } from '../../../src-main/engine/drawdown'
import { loadFixture } from './fixtures'

interface Case {
  name: string
  values: number[]
  drawdown: number[]
  maxDrawdown: number
  peakIndex: number
  troughIndex: number
  recoveryIndex: number | null
  maxDrawdownDuration: number
  timeToRecovery: number | null
  currentDrawdown: number
  currentUnderwaterDuration: number
  longestUnderwaterDuration: number
}
const ref = loadFixture<{ cases: Case[] }>('drawdown.json')

// One subtraction and one division per point, as numpy: agreement to a few ulps of a fraction below 1.
const ABS_TOL = 1e-15

describe('drawdown against numpy on real value paths', () => {
  it.each(ref.cases)('$name', (c) => {
    const dd = drawdownSeries(c.values)
    dd.forEach((d, t) => expect(Math.abs(d - c.drawdown[t]!)).toBeLessThanOrEqual(ABS_TOL))
    const r = drawdownReport(c.values)
    expect(Math.abs(r.maxDrawdown - c.maxDrawdown)).toBeLessThanOrEqual(ABS_TOL)
    expect(Math.abs(r.currentDrawdown - c.currentDrawdown)).toBeLessThanOrEqual(ABS_TOL)
    expect({
      peak: r.peakIndex,
      trough: r.troughIndex,
      recovery: r.recoveryIndex,
      duration: r.maxDrawdownDuration,
      ttr: r.timeToRecovery,
      currentUnder: r.currentUnderwaterDuration,
      longest: r.longestUnderwaterDuration,
    }).toEqual({
      peak: c.peakIndex,
      trough: c.troughIndex,
      recovery: c.recoveryIndex,
      duration: c.maxDrawdownDuration,
      ttr: c.timeToRecovery,
      currentUnder: c.currentUnderwaterDuration,
      longest: c.longestUnderwaterDuration,
    })
  })

  it('the fixture has both a recovered and an unrecovered maximum drawdown', () => {
    expect(ref.cases.some((c) => c.recoveryIndex === null)).toBe(true)
    expect(ref.cases.some((c) => c.recoveryIndex !== null && c.maxDrawdown > 0)).toBe(true)
  })

  it('properties: 0 <= D < 1, max >= current, invariant to scaling the path', () => {
    const path = fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 })
    fc.assert(
      fc.property(path, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (v, k) => {
        const r = drawdownReport(v)
        for (const d of drawdownSeries(v)) {
          expect(d).toBeGreaterThanOrEqual(0)
          expect(d).toBeLessThan(1)
        }
        expect(r.maxDrawdown).toBeGreaterThanOrEqual(r.currentDrawdown)
        expect(r.peakIndex).toBeLessThanOrEqual(r.troughIndex)
        const s = drawdownReport(v.map((x) => x * k))
        expect(Math.abs(s.maxDrawdown - r.maxDrawdown)).toBeLessThan(1e-12)
      }),
    )
  })

  it('rejects empty paths and non-positive values', () => {
    expect(() => drawdownSeries([])).toThrow(/empty/)
    expect(() => drawdownSeries([1, 0, 2])).toThrow(/values\[1\]/)
    expect(() => drawdownSeries([1, NaN])).toThrow(/values\[1\]/)
  })
})
