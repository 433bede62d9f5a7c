/**
 * IncrementalRisk scenario overlays (the option columns of the live desk): after any sequence of value ticks, rolls
 * and overlay sets/removals, the historical figures equal historicalVaRES of (R v + Σ overlays), with the overlays
 * tracked independently here (a roll drops an overlay's oldest value and gives the new scenario 0); the parametric
 * figures do not see the overlays.
 */
import { describe, expect, it } from 'vitest'
import { historicalVaRES, scenarioPnL } from '../../../src-main/engine/historical'
import { IncrementalRisk } from '../../../src-main/engine/incremental-risk'
import { seededUniform, syntheticReturns } from '../engine/helpers'

/** Same arithmetic in another order: rounding only (as the engine's own contract). */
const REL_TOL = 1e-9
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b))

describe('IncrementalRisk scenario overlays', () => {
  it.each([1, 2, 3, 4, 5])('random ticks, rolls and overlays (seed %i) equal the direct sum', (seed) => {
    const u = seededUniform(seed)
    const W = 20 + Math.floor(u() * 40)
    const N = 2 + Math.floor(u() * 5)
    const R = syntheticReturns(W, N, seed)
    const v = Float64Array.from({ length: N }, () => (u() - 0.3) * 1e6)
    const risk = new IncrementalRisk({ returns: R, W, N, values: v, resyncEvery: 7 })
    const plainTwin = new IncrementalRisk({ returns: R, W, N, values: v, resyncEvery: 7 })
    let window = Float64Array.from(R)
    const overlays = new Map<string, Float64Array>()
    const more = syntheticReturns(200, N, seed + 100)
    let day = 0
    for (let step = 0; step < 150; step++) {
      const a = u()
      if (a < 0.35) {
        const i = Math.floor(u() * N)
        v[i] = (u() - 0.3) * 1e6
        risk.setValue(i, v[i]!)
        plainTwin.setValue(i, v[i]!)
      } else if (a < 0.6) {
        const row = more.subarray(day * N, (day + 1) * N)
        day++
        risk.rollDay(row)
        plainTwin.rollDay(row)
        const next = new Float64Array(W * N)
        next.set(window.subarray(N))
        next.set(row, (W - 1) * N)
        window = next
        for (const [k, col] of overlays) {
          const shifted = new Float64Array(W)
          shifted.set(col.subarray(1))
          overlays.set(k, shifted)
        }
      } else if (a < 0.9) {
        const key = `opt${Math.floor(u() * 3)}`
        const col = Float64Array.from({ length: W }, () => (u() - 0.5) * 5e4)
        risk.setScenarioOverlay(key, col)
        overlays.set(key, col)
      } else {
        const key = `opt${Math.floor(u() * 3)}`
        risk.removeScenarioOverlay(key)
        overlays.delete(key)
      }
      const L = scenarioPnL(window, W, N, v)
      for (const col of overlays.values()) for (let t = 0; t < W; t++) L[t]! += col[t]!
      const ref = historicalVaRES(L, 0.99)
      const live = risk.snapshot(0.99)
      expect(rel(live.historicalVaR, ref.var), `step ${step}`).toBeLessThan(REL_TOL)
      expect(rel(live.historicalES, ref.es), `step ${step}`).toBeLessThan(REL_TOL)
      const got = risk.scenarioPnL()
      for (let t = 0; t < W; t++) expect(rel(got[t]!, L[t]!)).toBeLessThan(REL_TOL)
      // the parametric figures are those of the same book without overlays
      const twin = plainTwin.snapshot(0.99)
      expect(live.parametricVaR).toBe(twin.parametricVaR)
      expect(live.ewmaVaR).toBe(twin.ewmaVaR)
      expect([...risk.overlayKeys()].sort()).toEqual([...overlays.keys()].sort())
    }
    expect(day).toBeGreaterThan(10)
  })

  it('factorReturns is the window column, chronological, after rolls', () => {
    const W = 5
    const N = 2
    const R = syntheticReturns(W, N, 9)
    const risk = new IncrementalRisk({ returns: R, W, N, values: Float64Array.of(1, 2) })
    risk.rollDay(Float64Array.of(0.01, -0.02))
    risk.rollDay(Float64Array.of(0.03, 0.04))
    const win = risk.window()
    expect([...risk.factorReturns(1)]).toEqual(Array.from({ length: W }, (_, t) => win[t * N + 1]!))
    expect(risk.factorReturns(1)[W - 1]).toBe(0.04)
    expect(() => risk.factorReturns(2)).toThrow(RangeError)
    expect(() => risk.setScenarioOverlay('x', new Float64Array(W - 1))).toThrow(RangeError)
    expect(() => risk.setScenarioOverlay('x', Float64Array.of(0, 0, Number.NaN, 0, 0))).toThrow(RangeError)
  })
})
