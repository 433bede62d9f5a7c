/**
 * What `riskdesk risk` prints: the extended risk report with every figure that could not be computed set to null and
 * listed under `unavailable` with its reason, never shown as 0 (RISK-CONVENTIONS: "a value that cannot be computed is
 * null with its reason"). The engine reports a book whose every position is excluded with zero figures (it has no
 * factors to work on); here those zeros become nulls, and so does any non-finite figure.
 */
import type { ExtendedRiskReport, UnavailableFigure } from '@shared/domain/risk-report'

type NullableNumbers<T> = { readonly [K in keyof T]: T[K] extends number ? number | null : T[K] }

/** The printed report: ExtendedRiskReport with nullable VaR, ES and volatility figures. */
export type RiskReportOutput = Omit<ExtendedRiskReport, 'var' | 'es' | 'volatility'> & {
  readonly var: NullableNumbers<ExtendedRiskReport['var']>
  readonly es: NullableNumbers<ExtendedRiskReport['es']>
  readonly volatility: { readonly daily: number | null }
}

/** The report to print, and why its headline VaR is missing (null when it is there). */
export interface CheckedRiskReport {
  readonly report: RiskReportOutput
  readonly headlineUnavailable: string | null
}

/** Excluded positions named in a reason before the rest are counted. */
const NAMED_EXCLUSIONS = 3

/**
 * Applies the null-never-zero rule to a finished report.
 * - No position included (all excluded: short history, a window longer than the data, an early as-of date, expired
 *   options): VaR, ES and volatility are null, each listed under `unavailable` with the exclusions as the reason.
 * - Any VaR/ES figure that is not a finite number: null, listed with its reason.
 * - The headline follows its method's figure; `headlineUnavailable` says why it is null.
 * Engine reasons already under `unavailable` and in the profile's `reasons` are kept, without the engine function
 * name that some of them start with. Pure: the input is not modified.
 */
export function checkRiskReport(r: ExtendedRiskReport): CheckedRiskReport {
  const unavailable: UnavailableFigure[] = r.unavailable.map((u) => ({ figure: u.figure, reason: userReason(u.reason) }))
  const empty = r.positions.length === 0
  const noPositions = empty ? allExcludedReason(r) : null
  const check = <T extends Record<string, number | null>>(group: 'var' | 'es', figures: T): NullableNumbers<T> => {
    const out: Record<string, number | null> = {}
    for (const [k, v] of Object.entries(figures)) {
      if (v === null) out[k] = null
      else if (noPositions !== null) {
        out[k] = null
        if (!unavailable.some((u) => u.figure === k)) unavailable.push({ figure: `${group}.${k}`, reason: noPositions })
      } else if (!Number.isFinite(v)) {
        out[k] = null
        unavailable.push({ figure: `${group}.${k}`, reason: 'not a finite number: the book’s values are too large to compute it' })
      } else out[k] = v
    }
    return out as NullableNumbers<T>
  }
  const varFigures = check('var', r.var)
  const esFigures = check('es', r.es)
  let daily: number | null = r.volatility.daily
  if (noPositions !== null || !Number.isFinite(daily)) {
    daily = null
    unavailable.push({ figure: 'volatility.daily', reason: noPositions ?? 'not a finite number: the book’s values are too large to compute it' })
  }
  const method = r.headline.method
  const headlineVaR = varFigures[method]
  const headlineES = esFigures[method as keyof typeof esFigures] ?? null
  const headlineUnavailable =
    headlineVaR !== null
      ? null
      : (noPositions ?? unavailable.find((u) => u.figure === method || u.figure === `var.${method}`)?.reason ?? `the ${method} VaR could not be computed`)
  return {
    report: {
      ...r,
      var: varFigures,
      es: esFigures,
      volatility: { daily },
      headline: { method, var: headlineVaR, es: headlineVaR === null ? null : headlineES },
      profile: { ...r.profile, reasons: r.profile.reasons.map((x) => ({ figure: x.figure, reason: userReason(x.reason) })) },
      unavailable,
    },
    headlineUnavailable,
  }
}

/** One line saying that nothing could be included, naming the first few exclusions. */
function allExcludedReason(r: ExtendedRiskReport): string {
  const x = r.excluded
  if (x.length === 0) return 'the book has no position to value'
  const named = x.slice(0, NAMED_EXCLUSIONS).map((e) => `${e.symbol}: ${e.reason}`)
  const more = x.length > NAMED_EXCLUSIONS ? `; and ${x.length - NAMED_EXCLUSIONS} more` : ''
  return `every position is excluded from the risk figures (${named.join('; ')}${more})`
}

/**
 * An engine message as a user reads it: without the `functionName: ` prefix the engine's RangeErrors start with
 * (e.g. "fitGpd: need at least 10 excesses, got 4" -> "need at least 10 excesses, got 4").
 */
export function userReason(message: string): string {
  return message.replace(/^[a-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*: /, '')
}
