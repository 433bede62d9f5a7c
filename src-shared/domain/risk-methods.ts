/**
 * The risk-method registry: every VaR/ES method RiskDesk computes, registered once. The CLI tables, the renderer's
 * labels and selects, the contract's enums (limits, backtests, the risk report's headline) and the what-if read it.
 * Adding a method = its engine function, one entry here, its tests (and, where it applies live or in backtests, its
 * case in the code that computes it, which the type checker then demands).
 *
 * Where a method applies:
 * - `live`: computed on every desk frame (incremental, O(W + N) per tick);
 * - `limit`: a VaR limit can be read against it (limits.varMethod);
 * - `backtest`: replayed out of sample by `riskdesk backtest` and the desk's backtest panel;
 * - `headline`: selectable as the risk report's headline (`riskdesk risk --method`);
 * - `report`: a row of the risk report's method table;
 * - `stress`: used for the parametric figures under a hypothetical shock (volatility and correlation overrides).
 * Units: every figure is a positive loss in the book's currency at the labelled horizon.
 */

export type MethodUse = 'live' | 'limit' | 'backtest' | 'headline' | 'report' | 'stress'

/** How a method's one-day figure reaches an h-day horizon (docs/RISK-MEASURES.md "Horizons"). */
export type MethodHorizonScaling = 'overlapping' | 'sqrt-time' | 'scaled-covariance'

export interface RiskMethodInfo {
  /** short name for tables and selects */
  readonly label: string
  /** what the figure is, in one line */
  readonly description: string
  readonly uses: readonly MethodUse[]
  readonly horizonScaling: MethodHorizonScaling
  /** the paper, standard or reference implementation it follows */
  readonly reference: string
}

export const RISK_METHODS = {
  historical: {
    label: 'Historical',
    description: 'historical simulation: empirical quantile of the W scenario P&L (Hyndman-Fan type 7)',
    uses: ['live', 'limit', 'backtest', 'headline', 'report', 'stress'],
    horizonScaling: 'overlapping',
    reference: 'RISK-CONVENTIONS "Portfolio P&L scenarios"; Hyndman & Fan (1996)',
  },
  parametric: {
    label: 'Parametric',
    description: 'delta-normal with the sample covariance (n - 1)',
    uses: ['live', 'limit', 'backtest', 'headline', 'report', 'stress'],
    horizonScaling: 'sqrt-time',
    reference: 'RISK-CONVENTIONS "Parametric"; Jorion, Value at Risk (2007) ch. 10',
  },
  ewma: {
    label: 'EWMA',
    description: 'delta-normal with the EWMA (RiskMetrics, lambda 0.94) covariance',
    uses: ['live', 'limit', 'backtest', 'headline', 'report', 'stress'],
    horizonScaling: 'sqrt-time',
    reference: 'J.P. Morgan/Reuters, RiskMetrics Technical Document (1996)',
  },
  studentT: {
    label: 'Student-t',
    description: 'Student-t scaled to the sample volatility (nu 5, given or fitted by maximum likelihood)',
    uses: ['backtest', 'headline', 'report'],
    horizonScaling: 'sqrt-time',
    reference: 'docs/RISK-MEASURES.md "Student-t"; McNeil, Frey & Embrechts (2015) 2.2',
  },
  cornishFisher: {
    label: 'Cornish-Fisher',
    description: 'modified VaR: normal quantile corrected for skewness and excess kurtosis',
    uses: ['backtest', 'headline', 'report'],
    horizonScaling: 'sqrt-time',
    reference: 'Zangari (1996); PerformanceAnalytics VaR(method = "modified")',
  },
  monteCarlo: {
    label: 'Monte Carlo',
    description: 'simulated multivariate normal or Student-t returns, full revaluation, seeded',
    uses: ['headline', 'report'],
    horizonScaling: 'scaled-covariance',
    reference: 'Glasserman, Monte Carlo Methods in Financial Engineering (2003) ch. 9',
  },
  filteredHistorical: {
    label: 'Filtered hist.',
    description: 'filtered historical simulation: scenarios rescaled by EWMA volatility',
    uses: ['backtest', 'headline', 'report'],
    horizonScaling: 'sqrt-time',
    reference: 'Barone-Adesi, Giannopoulos & Vosper (1999); Hull & White (1998)',
  },
  evt: {
    label: 'EVT',
    description: 'peaks over threshold: generalised Pareto fit of the loss tail',
    uses: ['headline', 'report'],
    horizonScaling: 'sqrt-time',
    reference: 'McNeil & Frey (2000); McNeil, Frey & Embrechts (2015) 5.2',
  },
  deltaGamma: {
    label: 'Delta-gamma',
    description: 'Cornish-Fisher on the delta-gamma P&L of the options',
    uses: ['report'],
    horizonScaling: 'scaled-covariance',
    reference: 'Britten-Jones & Schaefer (1999); Jorion (2007) ch. 14',
  },
} as const satisfies Record<string, RiskMethodInfo>

export type RiskMethodId = keyof typeof RISK_METHODS

/** The ids of the methods registered for a use, as a union type. */
export type MethodsFor<U extends MethodUse> = {
  [K in RiskMethodId]: U extends (typeof RISK_METHODS)[K]['uses'][number] ? K : never
}[RiskMethodId]

/**
 * The methods registered for a use, in registry order, as a non-empty tuple (so it can back a zod enum).
 * @throws Error if no method is registered for the use (a registry edit that would leave an enum empty)
 */
export function methodsFor<U extends MethodUse>(use: U): readonly [MethodsFor<U>, ...MethodsFor<U>[]] {
  const ids = (Object.keys(RISK_METHODS) as RiskMethodId[]).filter((id) => (RISK_METHODS[id].uses as readonly MethodUse[]).includes(use))
  if (ids.length === 0) throw new Error(`no risk method is registered for ${use}`)
  return ids as unknown as readonly [MethodsFor<U>, ...MethodsFor<U>[]]
}

/** Label of a registered method (tables, selects). */
export function methodLabel(id: RiskMethodId): string {
  return RISK_METHODS[id].label
}
