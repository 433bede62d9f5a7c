/** Public API of the risk engine (pure math on Float64Array; conventions in ../shared/docs/RISK-CONVENTIONS.md). */
export { lerp, quantile, quantileSorted, selectInPlace } from './quantile'
export { type VaRES, historicalES, historicalVaR, historicalVaRES, scenarioPnL } from './historical'
export { RISKMETRICS_LAMBDA, ewmaCovariance, ewmaWeights, sampleCovariance } from './covariance'
export { covTimesVector, normalES, normalVaR, portfolioSigma } from './parametric'
export { type EulerDecomposition, decomposeFromSigmaV, eulerDecomposition } from './decomposition'
export { type Exposures, UNCLASSIFIED_SECTOR, exposures, sectorExposure } from './concentration'
export { ADV_DAYS, DEFAULT_PARTICIPATION, averageDailyVolume, daysToLiquidate } from './liquidity'
export { unrealisedPnL } from './pnl'
export { standardNormalCdf, standardNormalPdf, standardNormalQuantile } from './distributions'
export {
  DEFAULT_RESYNC_EVERY,
  IncrementalRisk,
  type IncrementalRiskInit,
  type RiskSnapshot,
} from './incremental-risk'
