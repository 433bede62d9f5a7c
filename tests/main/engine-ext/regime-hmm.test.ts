import { describe, expect, it } from 'vitest'
import { fitRegimeHmm, hmmFilter, type HmmParams } from '../../../src-main/engine/regime-hmm'
import { loadFixture, relErr } from './fixtures'

interface Case {
  name: string
  x: number[]
  logLikelihood: number
  params: { initial: number[]; transition: number[]; means: number[]; variances: number[] }
  filtered: number[]
}
const ref = loadFixture<{ cases: Case[] }>('hmm.json')

// Our EM optimum may not be worse than scipy's best by more than this (nats, likelihoods ~2e3): EM's stopping rule
// (gain < 1e-10 n per step) leaves ~1e-6 on the table at most.
const LL_ABS_TOL = 1e-4
// The scaled filter vs a log-space forward pass at the same parameters: ~1e-12.
const FILTER_ABS_TOL = 1e-10

function asParams(p: Case['params']): HmmParams {
  return {
    initial: [p.initial[0]!, p.initial[1]!],
    transition: [p.transition[0]!, p.transition[1]!, p.transition[2]!, p.transition[3]!],
    means: [p.means[0]!, p.means[1]!],
    variances: [p.variances[0]!, p.variances[1]!],
  }
}

describe('two-state Gaussian HMM on real returns', () => {
  it.each(ref.cases)('$name: the filter at scipy’s optimum matches a log-space forward pass', (c) => {
    const f = hmmFilter(c.x, asParams(c.params))
    expect(relErr(f.logLikelihood, c.logLikelihood)).toBeLessThan(1e-12)
    f.filtered.forEach((p, k) => expect(Math.abs(p - c.filtered[k]!)).toBeLessThan(FILTER_ABS_TOL))
  })

  it.each(ref.cases)('$name: Baum-Welch reaches at least scipy’s log-likelihood', (c) => {
    const fit = fitRegimeHmm(c.x)
    expect(fit.converged).toBe(true)
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(c.logLikelihood - LL_ABS_TOL)
    // The reported likelihood is that of the reported parameters on the original data.
    expect(relErr(hmmFilter(c.x, fit).logLikelihood, fit.logLikelihood)).toBeLessThan(1e-10)
    const hi = fit.highVolState
    expect(fit.variances[hi]).toBeGreaterThan(fit.variances[1 - hi]!)
    for (const p of [...fit.filteredHighVol, ...fit.smoothedHighVol]) {
      expect(p).toBeGreaterThanOrEqual(0)
      expect(p).toBeLessThanOrEqual(1)
    }
    expect(fit.filteredHighVol.length).toBe(c.x.length)
  })

  it('the largest move of 2007-2009 (October 2008) falls in the high-volatility state (filtered probability > 0.9)', () => {
    const c = ref.cases[0]!
    const fit = fitRegimeHmm(c.x)
    let worst = 0
    c.x.forEach((r, t) => {
      if (Math.abs(r) > Math.abs(c.x[worst]!)) worst = t
    })
    expect(fit.filteredHighVol[worst]!).toBeGreaterThan(0.9)
  })

  it('rejects short and constant series', () => {
    expect(() => fitRegimeHmm([1, 2, 3])).toThrow(/at least 20/)
    expect(() => fitRegimeHmm(new Array<number>(30).fill(0.01))).toThrow(/zero variance/)
  })
})
