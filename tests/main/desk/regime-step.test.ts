import { describe, expect, it } from 'vitest'
import { fitRegimeHmm, hmmFilter, hmmFilterStep, type HmmParams } from '../../../src-main/engine/regime-hmm'
import { bundledMarket } from './desk-fixture'

/** One step repeats hmmFilter's arithmetic in the same order; 1e-12 leaves room for nothing but a changed formula. */
const STEP_ABS_TOL = 1e-12

function spyReturns(): Float64Array {
  const spy = bundledMarket().store.get('SPY')!
  return Float64Array.from({ length: spy.adjClose.length - 1 }, (_, k) => spy.adjClose[k + 1]! / spy.adjClose[k]! - 1)
}

describe('hmmFilterStep (one Hamilton filter step, for the live desk)', () => {
  it('stepping through 16 years of SPY returns reproduces hmmFilter day by day', () => {
    const x = spyReturns()
    expect(x.length).toBeGreaterThan(4000)
    const params: HmmParams = fitRegimeHmm(x.subarray(0, 1000))
    const full = hmmFilter(x, params)
    let prev: [number, number] = [full.filtered[0]!, full.filtered[1]!]
    let ll = Math.log(full.scale[0]!)
    let worst = 0
    for (let t = 1; t < x.length; t++) {
      const step = hmmFilterStep(prev, x[t]!, params)
      worst = Math.max(worst, Math.abs(step.filtered[0] - full.filtered[2 * t]!), Math.abs(step.filtered[1] - full.filtered[2 * t + 1]!))
      expect(Math.abs(step.scale - full.scale[t]!)).toBeLessThanOrEqual(STEP_ABS_TOL * full.scale[t]!)
      ll += Math.log(step.scale)
      prev = step.filtered
    }
    expect(worst).toBeLessThanOrEqual(STEP_ABS_TOL)
    expect(Math.abs(ll - full.logLikelihood)).toBeLessThanOrEqual(STEP_ABS_TOL * Math.abs(full.logLikelihood))
  })

  it('rejects a non-finite observation and one with zero likelihood', () => {
    const p: HmmParams = { initial: [0.5, 0.5], transition: [0.9, 0.1, 0.1, 0.9], means: [0, 0], variances: [1e-8, 2e-8] }
    expect(() => hmmFilterStep([0.5, 0.5], Number.NaN, p)).toThrow(/must be finite/)
    expect(() => hmmFilterStep([0.5, 0.5], 1, p)).toThrow(/zero likelihood/)
  })
})
