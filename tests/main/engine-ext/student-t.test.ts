import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fitStudentTNu, studentTLogLikelihood, studentTVaRES } from '../../../src-main/engine/student-t'
import { loadFixture, relErr } from './fixtures'

interface GridRow {
  nu: number
  confidence: number
  sigma: number
  var: number
  es: number
}
interface FitRef {
  name: string
  x: number[]
  nu: number
  mu: number
  scale: number
  logLikelihood: number
}
const ref = loadFixture<{ grid: GridRow[]; fits: FitRef[] }>('student_t.json')

// stdlib's t quantile (Boost-derived) vs scipy's: ~1e-12 relative; lgamma-based density adds ~1e-14.
const VAR_REL_TOL = 1e-10
// Fitted log-likelihood: ours must not be worse than scipy's best optimum by more than the optimiser noise.
// 1e-6 nats on a likelihood of ~1e3..1e4 is far below any change in the fitted parameters that would matter.
const LL_ABS_TOL = 1e-6

describe('Student-t VaR/ES (unit variance) against scipy.stats.t', () => {
  it.each(ref.grid)('nu=$nu c=$confidence', (row) => {
    const got = studentTVaRES(row.sigma, row.confidence, row.nu)
    expect(relErr(got.var, row.var)).toBeLessThanOrEqual(VAR_REL_TOL)
    expect(relErr(got.es, row.es)).toBeLessThanOrEqual(VAR_REL_TOL)
  })

  it('rejects nu <= 2, negative sigma and c outside (0, 1)', () => {
    expect(() => studentTVaRES(1, 0.99, 2)).toThrow(/nu/)
    expect(() => studentTVaRES(-1, 0.99, 5)).toThrow(/sigma/)
    expect(() => studentTVaRES(1, 1, 5)).toThrow(/confidence/)
  })

  it('properties: VaR non-decreasing in c, ES >= VaR, homogeneous in sigma', () => {
    const conf = fc.double({ min: 0.5, max: 0.9995, noNaN: true })
    fc.assert(
      fc.property(conf, conf, fc.double({ min: 2.1, max: 200, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (a, b, nu, k) => {
        const [lo, hi] = a < b ? [a, b] : [b, a]
        const x = studentTVaRES(1000, lo, nu)
        const y = studentTVaRES(1000, hi, nu)
        expect(y.var).toBeGreaterThanOrEqual(x.var * (1 - 1e-12))
        expect(x.es).toBeGreaterThanOrEqual(x.var)
        const scaled = studentTVaRES(1000 * k, lo, nu)
        expect(relErr(scaled.var, k * x.var)).toBeLessThan(1e-12)
        expect(relErr(scaled.es, k * x.es)).toBeLessThan(1e-12)
      }),
    )
  })
})

describe('fitStudentTNu: maximum likelihood on real series', () => {
  it.each(ref.fits)('$name', (f) => {
    const fit = fitStudentTNu(f.x)
    expect(fit.converged).toBe(true)
    expect(fit.nu).toBeGreaterThan(2)
    // The reported likelihood is the likelihood of the reported parameters on the original data.
    expect(relErr(fit.logLikelihood, studentTLogLikelihood(f.x, fit.mu, fit.scale, fit.nu), 1)).toBeLessThan(1e-9)
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(f.logLikelihood - LL_ABS_TOL)
  })

  it('rejects short or non-finite series', () => {
    expect(() => fitStudentTNu([1, 2, 3])).toThrow(/at least 10/)
    expect(() => fitStudentTNu([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN])).toThrow(/pnl\[9\]/)
    expect(() => fitStudentTNu(new Array<number>(20).fill(1))).toThrow(/zero variance/)
    expect(() => fitStudentTNu(new Array<number>(30).fill(0.01))).toThrow(/zero variance/)
  })
})
