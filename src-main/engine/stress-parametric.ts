/**
 * Stressed parametric (delta-normal) VaR: volatilities multiplied by m and, optionally, every correlation set to one
 * (RISK-CONVENTIONS "Stress tests": "volatility x3, correlations -> 1 applied to the parametric figures").
 */
/**
 * σ_p of dollar deltas d under a covariance Σ, with σ_i → m σ_i and, when `toOne`, ρ_ij → 1:
 * σ_p = m sqrt(d' Σ d), or m |Σ_i d_i σ_i| with correlations at one.
 * @param cov - N x N covariance (row-major, per day); d - N dollar deltas
 * @throws RangeError on a shape mismatch, m not > 0, or a negative quadratic form beyond rounding
 */
export function stressedSigma(cov: Float64Array, d: Float64Array, N: number, m: number, toOne: boolean): number {
  if (cov.length !== N * N || d.length !== N) throw new RangeError(`stressedSigma: need ${N} x ${N} covariance and ${N} deltas`)
  if (!(m > 0)) throw new RangeError(`stressedSigma: vol multiplier must be > 0, got ${m}`)
  if (toOne) {
    let s = 0
    for (let i = 0; i < N; i++) s += d[i]! * Math.sqrt(Math.max(0, cov[i * N + i]!))
    return m * Math.abs(s)
  }
  let q = 0
  for (let i = 0; i < N; i++) {
    let row = 0
    for (let j = 0; j < N; j++) row += cov[i * N + j]! * d[j]!
    q += d[i]! * row
  }
  if (q < -1e-12 * Math.max(1, Math.abs(q))) throw new RangeError(`stressedSigma: negative quadratic form ${q}`)
  return m * Math.sqrt(Math.max(0, q))
}
