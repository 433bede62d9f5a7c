/**
 * Beta of an instrument to a proxy (the market or an industry portfolio) for stress-test proxies.
 * Conventions: docs/RISK-CONVENTIONS.md "Stress tests" (β over the 250 daily returns before the as-of date).
 */

/**
 * OLS slope of y on x: β = Σ (x_t − x̄)(y_t − ȳ) / Σ (x_t − x̄)², from two strided columns of a returns matrix.
 * @param R - returns, row-major with `stride` columns
 * @param rows - number of returns W >= 2
 * @param xCol - column of the proxy; yCol - column of the instrument
 * @returns β, or null when the proxy's returns have zero variance (β undefined)
 * @throws RangeError when rows < 2 or a return is not finite
 * Source: the market-model beta (Sharpe 1964); identical to numpy.cov(x, y)[0,1] / numpy.var(x, ddof=1).
 */
export function olsBeta(R: Float64Array, rows: number, stride: number, xCol: number, yCol: number): number | null {
  if (!(rows >= 2)) throw new RangeError(`olsBeta: need at least 2 returns, got ${rows}`)
  let mx = 0
  let my = 0
  for (let t = 0; t < rows; t++) {
    const x = R[t * stride + xCol]!
    const y = R[t * stride + yCol]!
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`olsBeta: return on row ${t} is not finite`)
    mx += x
    my += y
  }
  mx /= rows
  my /= rows
  let sxy = 0
  let sxx = 0
  for (let t = 0; t < rows; t++) {
    const dx = R[t * stride + xCol]! - mx
    sxy += dx * (R[t * stride + yCol]! - my)
    sxx += dx * dx
  }
  return sxx > 0 ? sxy / sxx : null
}
