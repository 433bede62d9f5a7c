import { describe, expect, it } from 'vitest'
import { averageDailyVolume, daysToLiquidate } from '../../../src-main/engine/liquidity'
import { unrealisedPnL } from '../../../src-main/engine/pnl'
import { expectClose, f64, loadCases } from './helpers'

/** Means of 20 volumes and single products: only summation-order rounding differs from NumPy. */
const REL_TOL = 1e-13

const cases = loadCases()

describe('ADV, days to liquidate and unrealised P&L vs NumPy on real data', () => {
  for (const k of cases) {
    it(`${k.name}`, () => {
      for (let i = 0; i < k.N; i++) {
        const vol = f64(k.volumes.slice(i * k.volumeDays, (i + 1) * k.volumeDays))
        const adv = averageDailyVolume(vol, k.advDays)
        expectClose(adv, k.expected.adv[i]!, REL_TOL, 0, `${k.symbols[i]} ADV`)
        expect(averageDailyVolume(vol)).toBe(adv)
        for (const [rho, expected] of Object.entries(k.expected.daysToLiquidate)) {
          const days = daysToLiquidate(k.quantities[i]!, adv, Number(rho))
          expectClose(days!, expected[i]!, REL_TOL, 0, `${k.symbols[i]} days @ ${rho}`)
        }
        expect(daysToLiquidate(k.quantities[i]!, adv)).toBe(daysToLiquidate(k.quantities[i]!, adv, 0.2))
        const pnl = unrealisedPnL(k.quantities[i]!, k.prices[i]!, k.costPrices[i]!)
        expectClose(pnl!, k.expected.unrealisedPnL[i]!, REL_TOL, Math.abs(k.values[i]!), `${k.symbols[i]} P&L`)
      }
    })
  }
})

describe('liquidity edge cases', () => {
  it('ADV: NaN for no data or a missing day in the look-back; shorter history uses what there is', () => {
    expect(averageDailyVolume(new Float64Array(0))).toBeNaN()
    expect(averageDailyVolume(f64([100, Number.NaN]), 2)).toBeNaN()
    expect(averageDailyVolume(f64([Number.NaN, 100, 300]), 2)).toBe(200)
    expect(averageDailyVolume(f64([100, 300]), 20)).toBe(200)
  })

  it('days to liquidate: null without usable ADV, 0 for a flat position, shorts by |q|', () => {
    for (const adv of [Number.NaN, 0, -5, Infinity]) expect(daysToLiquidate(1000, adv)).toBeNull()
    expect(daysToLiquidate(0, 1e6)).toBe(0)
    expect(daysToLiquidate(-1000, 1000, 0.5)).toBe(daysToLiquidate(1000, 1000, 0.5))
  })

  it('rejects bad look-backs, negative volume, bad participation and non-finite quantity', () => {
    for (const d of [0, -1, 2.5, Number.NaN]) expect(() => averageDailyVolume(f64([1]), d)).toThrow(/days/)
    expect(() => averageDailyVolume(f64([1, -2]))).toThrow(/volume\[1\]/)
    expect(() => averageDailyVolume(f64([1, Infinity]))).toThrow(/volume\[1\]/)
    for (const p of [0, -0.1, 1.5, Number.NaN]) expect(() => daysToLiquidate(1, 1, p)).toThrow(/participation/)
    expect(() => daysToLiquidate(Number.NaN, 1)).toThrow(/quantity/)
  })
})

describe('unrealised P&L edge cases', () => {
  it('null without a cost price; signed for shorts', () => {
    expect(unrealisedPnL(10, 5)).toBeNull()
    expect(unrealisedPnL(10, 5, null)).toBeNull()
    expect(unrealisedPnL(-10, 5, 4)).toBe(-10)
  })
  it('rejects non-finite inputs', () => {
    expect(() => unrealisedPnL(Number.NaN, 1, 1)).toThrow(/quantity/)
    expect(() => unrealisedPnL(1, Infinity, 1)).toThrow(/price/)
    expect(() => unrealisedPnL(1, 1, Number.NaN)).toThrow(/cost/)
  })
})
