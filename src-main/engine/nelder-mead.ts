/**
 * Derivative-free minimisation by the Nelder–Mead simplex method, used by the maximum-likelihood fits
 * (Student-t ν, GARCH(1,1), GPD). Unconstrained: callers reparameterise constraints away (log, logit).
 */

export interface NelderMeadOptions {
  /** initial simplex step per coordinate (absolute); default 5 % of |x0_i|, or 0.00025 where x0_i = 0 (as scipy) */
  readonly step?: ArrayLike<number>
  /** stop when max |x_i − x_best| over the simplex <= xatol (default 1e-8) ... */
  readonly xatol?: number
  /** ... and max |f_i − f_best| <= fatol (default 1e-10) */
  readonly fatol?: number
  /** iteration cap per run (default 200 · dimension) */
  readonly maxIterations?: number
  /** number of restarts from the best point with a fresh simplex (default 2): guards against simplex collapse */
  readonly restarts?: number
}

export interface NelderMeadResult {
  readonly x: Float64Array
  readonly fx: number
  readonly iterations: number
  /** true when the last run met both tolerances before the iteration cap */
  readonly converged: boolean
}

/**
 * Minimise f over R^d with the Nelder–Mead simplex (reflection 1, expansion 2, contraction 1/2, shrink 1/2).
 * Non-finite objective values are treated as +Infinity, so an objective may return NaN/Infinity outside its
 * domain. Deterministic.
 * @param f - objective; receives a Float64Array of length d that it must not keep
 * @param x0 - starting point, length d >= 1, finite
 * @throws RangeError when x0 is empty or not finite, or f(x0) is not finite
 * Source: J. A. Nelder and R. Mead, "A simplex method for function minimization", Computer Journal 7 (1965);
 * stopping rule and initial simplex as scipy.optimize.minimize(method="Nelder-Mead").
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length
  if (d < 1) throw new RangeError('nelder-mead: x0 must not be empty')
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(x0[i])) throw new RangeError(`nelder-mead: x0[${i}] is not finite`)
  }
  const xatol = options.xatol ?? 1e-8
  const fatol = options.fatol ?? 1e-10
  const maxIter = options.maxIterations ?? 200 * d
  const restarts = options.restarts ?? 2
  const safe = (x: Float64Array): number => {
    const v = f(x)
    return Number.isFinite(v) ? v : Infinity
  }
  let best: Float64Array = Float64Array.from(x0)
  let bestF = safe(best)
  if (!Number.isFinite(bestF)) throw new RangeError('nelder-mead: objective is not finite at x0')
  let total = 0
  let converged = false
  for (let run = 0; run <= restarts; run++) {
    const r = runOnce(safe, best, bestF, options.step, xatol, fatol, maxIter)
    total += r.iterations
    converged = r.converged
    const improved = r.fx < bestF - fatol
    if (r.fx <= bestF) {
      best = r.x
      bestF = r.fx
    }
    if (run > 0 && !improved && converged) break
  }
  return { x: best, fx: bestF, iterations: total, converged }
}

function runOnce(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  step: ArrayLike<number> | undefined,
  xatol: number,
  fatol: number,
  maxIter: number,
): { x: Float64Array; fx: number; iterations: number; converged: boolean } {
  const d = x0.length
  const pts: Float64Array[] = [Float64Array.from(x0)]
  const fs: number[] = [f0]
  for (let i = 0; i < d; i++) {
    const p = Float64Array.from(x0)
    const s = step?.[i] ?? (x0[i] !== 0 ? 0.05 * x0[i]! : 0.00025)
    p[i] = p[i]! + s
    pts.push(p)
    fs.push(f(p))
  }
  const order = Array.from({ length: d + 1 }, (_, i) => i)
  const centroid = new Float64Array(d)
  const trial = (from: Float64Array, coef: number): Float64Array => {
    const out = new Float64Array(d)
    for (let j = 0; j < d; j++) out[j] = centroid[j]! + coef * (from[j]! - centroid[j]!)
    return out
  }
  let it = 0
  let converged = false
  for (; it < maxIter; it++) {
    order.sort((a, b) => fs[a]! - fs[b]!)
    const b = order[0]!
    const w = order[d]!
    let xSpread = 0
    let fSpread = 0
    for (let k = 1; k <= d; k++) {
      const idx = order[k]!
      fSpread = Math.max(fSpread, Math.abs(fs[idx]! - fs[b]!))
      for (let j = 0; j < d; j++) xSpread = Math.max(xSpread, Math.abs(pts[idx]![j]! - pts[b]![j]!))
    }
    if (xSpread <= xatol && fSpread <= fatol) {
      converged = true
      break
    }
    centroid.fill(0)
    for (let k = 0; k < d; k++) {
      const p = pts[order[k]!]!
      for (let j = 0; j < d; j++) centroid[j] = centroid[j]! + p[j]! / d
    }
    const worst = pts[w]!
    const fBest = fs[b]!
    const fSecond = fs[order[d - 1]!]!
    const fWorst = fs[w]!
    const xr = trial(worst, -1)
    const fr = f(xr)
    if (fr < fBest) {
      const xe = trial(worst, -2)
      const fe = f(xe)
      if (fe < fr) {
        pts[w] = xe
        fs[w] = fe
      } else {
        pts[w] = xr
        fs[w] = fr
      }
      continue
    }
    if (fr < fSecond) {
      pts[w] = xr
      fs[w] = fr
      continue
    }
    // Contraction: outside when the reflected point beats the worst, inside otherwise.
    const outside = fr < fWorst
    const xc = outside ? trial(worst, -0.5) : trial(worst, 0.5)
    const fc = f(xc)
    if (fc <= (outside ? fr : fWorst)) {
      pts[w] = xc
      fs[w] = fc
      continue
    }
    const pb = pts[b]!
    for (let k = 1; k <= d; k++) {
      const idx = order[k]!
      const p = pts[idx]!
      for (let j = 0; j < d; j++) p[j] = pb[j]! + 0.5 * (p[j]! - pb[j]!)
      fs[idx] = f(p)
    }
  }
  let bi = 0
  for (let k = 1; k <= d; k++) if (fs[k]! < fs[bi]!) bi = k
  return { x: pts[bi]!, fx: fs[bi]!, iterations: it, converged }
}
