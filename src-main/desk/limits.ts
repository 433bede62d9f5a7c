import type { RegimeState } from '@shared/domain/market-state'
import type { LimitKind, Severity } from '@shared/domain/alert'
import type { Limits } from '@shared/domain/limits'
import type { RiskState } from './risk-state'

/** One limit measured on one frame; `key` identifies the limit instance (kind and, per position, symbol). */
export interface LimitReading {
  readonly key: string
  readonly kind: LimitKind
  readonly symbol: string | null
  readonly value: number
  readonly threshold: number
  /** VaR only: the threshold is the high-volatility regime's tightened limit (the normal one is limits.varLimit) */
  readonly regimeTightened?: boolean
  /** VaR only: the normal limit, for the alert message when the threshold is tightened */
  readonly normalThreshold?: number
}

/**
 * The VaR limit in force: limits.highVolatilityVarLimit while the regime state is 'high' (when that limit is set),
 * else limits.varLimit. A null regime (no model) never tightens.
 */
export function varLimitInForce(limits: Limits, regime: RegimeState | null): { limit: number; tightened: boolean } {
  const tight = limits.highVolatilityVarLimit
  return regime === 'high' && tight !== undefined ? { limit: tight, tightened: true } : { limit: limits.varLimit, tightened: false }
}

/**
 * Reads every limit of a book against a frame's risk state: the book's VaR (by `limits.varMethod`) against the limit in
 * force for `regime` (varLimitInForce), and per position the loss (−unrealised P&L), the weight |v|/gross and days to
 * liquidate. Positions without volume data have no days-to-liquidate reading (they are listed in the risk report
 * instead of being given zero days).
 */
export function readLimits(state: RiskState, limits: Limits, regime: RegimeState | null = null): LimitReading[] {
  const inForce = varLimitInForce(limits, regime)
  const varReading: LimitReading = inForce.tightened
    ? { key: 'var', kind: 'var', symbol: null, value: state.var[limits.varMethod], threshold: inForce.limit, regimeTightened: true, normalThreshold: limits.varLimit }
    : { key: 'var', kind: 'var', symbol: null, value: state.var[limits.varMethod], threshold: inForce.limit }
  const readings: LimitReading[] = [varReading]
  for (const p of state.positions) {
    readings.push({ key: `positionLoss:${p.symbol}`, kind: 'positionLoss', symbol: p.symbol, value: -p.unrealisedPnL, threshold: limits.maxLossPerPosition })
    readings.push({ key: `positionWeight:${p.symbol}`, kind: 'positionWeight', symbol: p.symbol, value: p.weight, threshold: limits.maxPositionWeight })
    if (p.daysToLiquidate !== null) {
      readings.push({ key: `daysToLiquidate:${p.symbol}`, kind: 'daysToLiquidate', symbol: p.symbol, value: p.daysToLiquidate, threshold: limits.maxDaysToLiquidate })
    }
  }
  return readings
}

/** Excess over the limit at which an alert becomes HIGH, and CRITICAL (fractions of the limit). */
export const HIGH_EXCESS = 0.1
export const CRITICAL_EXCESS = 0.25

/**
 * Severity grows with how far a limit is exceeded: above the limit MEDIUM, 10 % above HIGH, 25 % above CRITICAL.
 * Returns null when the value is within the limit.
 */
export function severityOf(value: number, threshold: number): Severity | null {
  if (!(value > threshold)) return null
  const excess = value / threshold - 1
  if (excess >= CRITICAL_EXCESS) return 'CRITICAL'
  if (excess >= HIGH_EXCESS) return 'HIGH'
  return 'MEDIUM'
}

const LABEL: Record<LimitKind, string> = {
  var: 'VaR',
  positionLoss: 'loss',
  positionWeight: 'weight',
  daysToLiquidate: 'days to liquidate',
}

/**
 * A one-line message for an alert, e.g. "VaR 1,234,567 exceeds limit 1,000,000 (+23.5 %)"; under a tightened VaR limit
 * it adds "(high-volatility regime limit; normal limit 1,500,000)".
 */
export function describeBreach(r: LimitReading): string {
  const fmt = (x: number): string =>
    r.kind === 'positionWeight' ? `${(x * 100).toFixed(1)} %` : r.kind === 'daysToLiquidate' ? x.toFixed(2) : Math.round(x).toLocaleString('en-US')
  const who = r.symbol === null ? '' : `${r.symbol} `
  const pct = ((r.value / r.threshold - 1) * 100).toFixed(1)
  const regime = r.regimeTightened === true && r.normalThreshold !== undefined ? ` (high-volatility regime limit; normal limit ${fmt(r.normalThreshold)})` : ''
  return `${who}${LABEL[r.kind]} ${fmt(r.value)} exceeds limit ${fmt(r.threshold)} (+${pct} %)${regime}`
}
