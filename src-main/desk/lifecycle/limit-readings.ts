/**
 * The desk's limit readings (desk/limits.ts readLimits: VaR against the limit in force, per-position loss, weight and
 * days to liquidate) as control-loop readings with plain labels ("VaR (historical)", "BA loss", "MSFT weight"), the
 * kind of label issue 8 asks for instead of "HIGH: positionLoss BA".
 */
import type { LimitReading as DeskLimitReading } from '../limits'
import type { LimitReading } from './control-loop'

const KIND_LABEL: Record<DeskLimitReading['kind'], string> = {
  var: 'VaR',
  positionLoss: 'loss',
  positionWeight: 'weight',
  daysToLiquidate: 'days to liquidate',
}

/**
 * @param method the VaR method of the limits (shown in the VaR label)
 * @param inputs what every figure was computed from (market date, window, confidence, engine version), kept on the alert
 */
export function loopReadings(readings: readonly DeskLimitReading[], method: string, inputs: LimitReading['inputs'] = {}): LimitReading[] {
  return readings.map((r) => ({
    key: r.key,
    label:
      r.kind === 'var'
        ? `VaR (${method})${r.regimeTightened === true ? ', high-volatility limit' : ''}`
        : `${r.symbol ?? ''} ${KIND_LABEL[r.kind]}`.trim(),
    value: r.value,
    limit: r.threshold,
    inputs: { ...inputs, ...(r.regimeTightened === true && r.normalThreshold !== undefined ? { normalLimit: r.normalThreshold } : {}) },
  }))
}
