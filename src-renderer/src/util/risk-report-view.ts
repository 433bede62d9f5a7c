/**
 * What the risk report panel shows, as plain text, from a `risk:report` answer (contract RiskReportSchema; every
 * figure's definition in docs/RISK-MEASURES.md "Risk report fields"). Pure functions, so the wording is tested
 * without mounting anything. Money in the book's currency, VaR/ES positive losses at the report's horizon.
 */
import type { RiskReportView } from '@shared/domain/risk-report-view'
import { methodLabel, methodsFor } from '@shared/domain/risk-methods'
import { formatFixed, formatMoney, formatPct } from './format'

/** The rows of the method table, in registry order (simple to model-heavy). */
export const REPORT_METHODS = methodsFor('report')
export type ReportMethod = (typeof REPORT_METHODS)[number]

export const METHOD_LABELS: Readonly<Record<ReportMethod, string>> = Object.fromEntries(REPORT_METHODS.map((m) => [m, methodLabel(m)])) as Record<
  ReportMethod,
  string
>

export interface MethodRow {
  readonly method: ReportMethod
  readonly label: string
  /** null when the report could not compute the figure (the note then says why) */
  readonly var: number | null
  readonly es: number | null
  readonly note: string
  /** the method the report's headline uses */
  readonly headline: boolean
}

/** Why a figure is missing: the report's `unavailable` entries for it (`evt`, or `studentT.nu` for a failed ν fit). */
function reasonsFor(report: RiskReportView, figure: string): string[] {
  return report.unavailable.filter((u) => u.figure === figure || u.figure.startsWith(`${figure}.`)).map((u) => u.reason)
}

const count = (n: number): string => n.toLocaleString('en-US')

/** The note of one method row: the estimator's key inputs (ν, λ, ξ, paths, standard errors ...). */
function noteFor(report: RiskReportView, method: ReportMethod): string {
  const h = report.horizon.days
  const sqrtH = h > 1 ? `, \u00d7\u221a${h}` : ''
  switch (method) {
    case 'historical':
      return h > 1 ? `${report.horizon.historicalScenarios} overlapping ${h}-day scenarios` : `${report.horizon.historicalScenarios} scenarios`
    case 'parametric':
      return `normal, \u03c3 ${formatMoney(report.volatility.daily)}/day${sqrtH}`
    case 'ewma':
      return `normal, EWMA covariance${sqrtH}`
    case 'studentT': {
      const t = report.studentT
      const failed = reasonsFor(report, 'studentT')
      return `\u03bd ${formatFixed(t.nu, t.nu >= 10 ? 1 : 2)} (${t.nuSource})${failed.length > 0 ? `; fit failed: ${failed.join('; ')}` : ''}`
    }
    case 'cornishFisher': {
      const cf = report.cornishFisher
      if (!cf) break
      return `skew ${formatFixed(cf.skewness, 2)}, ex. kurt ${formatFixed(cf.excessKurtosis, 2)}${cf.floored ? ', ES floored at VaR' : ''}`
    }
    case 'monteCarlo': {
      const mc = report.monteCarlo
      const dist = mc.distribution === 'student-t' ? `, t \u03bd ${formatFixed(mc.nu, 1)}` : ''
      const extra = `${mc.repaired ? ', cov. repaired' : ''}${mc.revaluation === 'full' ? ', full revaluation' : ''}`
      return `\u00b1${formatMoney(mc.varStdError)} / \u00b1${formatMoney(mc.esStdError)} s.e., ${count(mc.paths)} paths, seed ${mc.seed}${dist}${extra}`
    }
    case 'filteredHistorical': {
      const fhs = report.filteredHistorical
      if (!fhs) break
      return `\u03bb ${fhs.lambda}, ${fhs.scenarios} scenarios${sqrtH}`
    }
    case 'evt': {
      const evt = report.evt
      if (!evt) break
      return `\u03be ${formatFixed(evt.xi, 2)}, ${evt.exceedances} exceedances over the ${formatPct(evt.thresholdQuantile, 0)} loss`
    }
    case 'deltaGamma': {
      const dg = report.deltaGamma
      if (!dg) break
      return `Cornish-Fisher on \u0394-\u0393 P&L, skew ${formatFixed(dg.skewness, 2)}`
    }
  }
  const reasons = reasonsFor(report, method)
  return reasons.length > 0 ? reasons.join('; ') : 'not available'
}

/** One row per method of REPORT_METHODS, in that order; VaR/ES exactly as the report gives them (null when missing). */
export function methodRows(report: RiskReportView): MethodRow[] {
  return REPORT_METHODS.map((method) => ({
    method,
    label: METHOD_LABELS[method],
    var: report.var[method],
    es: report.es[method],
    note: noteFor(report, method),
    headline: report.headline.method === method,
  }))
}

/** The profile's reason for a missing block, or a generic one. */
function profileReason(report: RiskReportView, figure: string): string {
  return report.profile.reasons.find((r) => r.figure === figure)?.reason ?? 'not available'
}

/** The lines under the table: regime, Greeks, concentration, drawdown, volatility models. */
export interface ProfileLines {
  readonly regime: string
  readonly greeks: string
  readonly concentration: string
  readonly drawdown: string
  readonly volatility: string
}

/**
 * The text of each line under the table. A block the report could not compute reads `n/a: <reason>` (its reason from
 * `unavailable` or `profile.reasons`). Regime volatilities are returns (%) on SPY and currency on the book-P&L fallback.
 */
export function profileLines(report: RiskReportView): ProfileLines {
  return {
    regime: regimeLine(report),
    greeks: greeksLine(report),
    concentration: concentrationLine(report),
    drawdown: drawdownLine(report),
    volatility: volatilityLine(report),
  }
}

function regimeLine(report: RiskReportView): string {
  const r = report.regime
  if (!r) return `n/a: ${reasonsFor(report, 'regime').join('; ') || 'no regime model'}`
  // SPY states are return volatilities; the book-P&L fallback's are in currency
  const vol = (x: number): string => (r.source === 'SPY' ? formatPct(x, 2) : formatMoney(x))
  const source = r.source === 'SPY' ? 'SPY' : 'book P&L'
  return `${r.state === 'high' ? 'HIGH' : 'low'} vol, P(high) ${formatPct(r.probabilityHigh, 0)}; \u03c3 low ${vol(r.lowVolatility)}, high ${vol(r.highVolatility)} (${source} ${r.from} \u2013 ${r.to})`
}

function greeksLine(report: RiskReportView): string {
  const g = report.greeks
  const total = `\u0394$ total ${formatMoney(g.totalDollarDelta)}`
  if (g.delta === 0 && g.gamma === 0 && g.vega === 0 && g.theta === 0) return `${total}; no options`
  return `${total}; options \u0394$ ${formatMoney(g.delta)}, \u0393$ ${formatMoney(g.gamma)}, vega ${formatMoney(g.vega)}/vol pt, \u03b8 ${formatMoney(g.theta)}/day`
}

function concentrationLine(report: RiskReportView): string {
  const c = report.profile.concentration
  if (!c) return `n/a: ${profileReason(report, 'concentration')}`
  return `CR4 ${formatPct(c.cr4)}, eff. N ${formatFixed(c.effectiveN, 1)}, Gini ${formatFixed(c.gini, 2)}, div. ratio ${formatFixed(c.diversificationRatio, 2)}, PC1 ${formatPct(c.firstComponentShare)}`
}

function drawdownLine(report: RiskReportView): string {
  const d = report.profile.drawdown
  if (!d) return `n/a: ${profileReason(report, 'drawdown')}`
  const span = d.peakDate && d.troughDate ? ` (${d.peakDate} \u2192 ${d.troughDate})` : ''
  const under = d.currentUnderwaterDays > 0 ? `, ${d.currentUnderwaterDays} d under water` : ''
  return `max ${formatPct(d.maxDrawdown)}${span}, now ${formatPct(d.currentDrawdown)}${under}`
}

function volatilityLine(report: RiskReportView): string {
  const v = report.profile.volatilityModels
  if (!v) return `n/a: ${profileReason(report, 'volatilityModels')}`
  const garch = v.garch
  return (
    `EWMA \u03c3 ${formatMoney(v.ewma.forecast)} (QLIKE ${formatFixed(v.ewma.accuracy.qlike, 2)}), ` +
    `GARCH \u03c3 ${formatMoney(garch.forecast)} (\u03b1+\u03b2 ${formatFixed(garch.persistence, 3)}, QLIKE ${formatFixed(garch.accuracy.qlike, 2)}${garch.converged ? '' : ', not converged'})`
  )
}
