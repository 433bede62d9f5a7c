import { RiskReportSchema, type RiskReportView } from '@shared/domain/risk-report-view'

/**
 * Overrides of a report's top-level fields: an object merges into the field's object one level deep, anything else
 * (arrays, scalars, null) replaces it. The result is parsed with the schema, so a wrong shape fails loudly.
 */
export type ReportOverrides = Partial<Record<keyof RiskReportView, unknown>>

/**
 * A `risk:report` answer as the host sends it, parsed with the contract schema, holding only the fields the schema
 * names (so a panel that reads anything else fails to type-check or shows a dash). The figures are placeholders of
 * the right shape and of distinct magnitudes, so a test can tell which one landed where; their computation is tested
 * on the Node side against NumPy/SciPy.
 */
export function riskReport(over: ReportOverrides = {}): RiskReportView {
  const base = {
    book: 'demo-book',
    asof: '2024-03-28',
    window: 250,
    confidence: 0.99,
    horizon: { days: 1, historicalScenarios: 250 },
    headline: { method: 'historical', var: 101_000, es: 131_000 },
    marketValue: { net: 5_000_000, gross: 7_000_000 },
    volatility: { daily: 43_210 },
    var: {
      historical: 101_000,
      parametric: 102_000,
      ewma: 103_000,
      studentT: 104_000,
      cornishFisher: 105_000,
      monteCarlo: 106_000,
      filteredHistorical: 107_000,
      evt: null,
      deltaGamma: null,
    },
    es: {
      historical: 131_000,
      parametric: 132_000,
      ewma: 133_000,
      studentT: 134_000,
      cornishFisher: 135_000,
      monteCarlo: 136_000,
      filteredHistorical: 137_000,
      evt: null,
      deltaGamma: null,
    },
    monteCarlo: {
      paths: 100_000,
      seed: 1,
      distribution: 'normal',
      nu: null,
      varStdError: 612,
      esStdError: 845,
      tailCount: 1_000,
      repaired: false,
      revaluation: 'linear',
    },
    studentT: { nu: 5, nuSource: 'default' },
    cornishFisher: { skewness: -0.4321, excessKurtosis: 3.21, floored: false },
    filteredHistorical: { lambda: 0.94, scenarios: 230 },
    evt: null,
    deltaGamma: null,
    regime: { state: 'high', probabilityHigh: 0.83, source: 'SPY', from: '2020-04-01', to: '2024-03-28', lowVolatility: 0.0071, highVolatility: 0.0243 },
    greeks: { delta: 0, gamma: 0, vega: 0, theta: 0, totalDollarDelta: 5_000_000 },
    profile: {
      concentration: { cr4: 0.262, effectiveN: 22.15, gini: 0.191, diversificationRatio: 2.61, firstComponentShare: 0.334 },
      drawdown: { maxDrawdown: 0.0437, currentDrawdown: 0.0095, peakDate: '2023-04-28', troughDate: '2023-06-02', currentUnderwaterDays: 3 },
      volatilityModels: {
        ewma: { forecast: 70_592, lambda: 0.94, accuracy: { n: 249, mse: 1e18, qlike: 22.41 } },
        garch: { forecast: 71_234, persistence: 0.9712, converged: true, accuracy: { n: 249, mse: 1e18, qlike: 22.38 } },
      },
      reasons: [],
    },
    positions: [
      { symbol: 'AAPL', quantity: 400, componentVaR: 30_000, incrementalVaR: 28_000, componentES: 35_000 },
      { symbol: 'MSFT', quantity: 200, componentVaR: 50_000, incrementalVaR: 47_000, componentES: 61_000 },
      { symbol: 'SPY', quantity: -100, componentVaR: -9_000, incrementalVaR: -12_000, componentES: -8_000 },
    ],
    excluded: [],
    unavailable: [
      { figure: 'evt', reason: 'EVT needs at least 10 exceedances, got 7' },
      { figure: 'deltaGamma', reason: 'the book holds no options' },
    ],
  }
  const merged: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) {
    const b = (base as Record<string, unknown>)[k]
    merged[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' && !Array.isArray(b) ? { ...b, ...v } : v
  }
  return RiskReportSchema.parse(merged)
}
