import { describe, expect, it } from 'vitest'
import { loopReadings } from '../../../../src-main/desk/lifecycle/limit-readings'

describe('loopReadings', () => {
  it('plain labels, the limit in force, and the inputs kept for the explanation', () => {
    const out = loopReadings(
      [
        { key: 'var', kind: 'var', symbol: null, value: 320_000, threshold: 250_000, regimeTightened: true, normalThreshold: 310_000 },
        { key: 'positionLoss:BA', kind: 'positionLoss', symbol: 'BA', value: 12_000, threshold: 310_000 },
        { key: 'positionWeight:MSFT', kind: 'positionWeight', symbol: 'MSFT', value: 0.12, threshold: 0.11 },
        { key: 'daysToLiquidate:F', kind: 'daysToLiquidate', symbol: 'F', value: 0.4, threshold: 1 },
      ],
      'historical',
      { marketDate: '2020-03-13', window: 250 },
    )
    expect(out.map((r) => r.label)).toEqual(['VaR (historical), high-volatility limit', 'BA loss', 'MSFT weight', 'F days to liquidate'])
    expect(out[0]).toMatchObject({ key: 'var', value: 320_000, limit: 250_000, inputs: { marketDate: '2020-03-13', window: 250, normalLimit: 310_000 } })
    expect(out[1]!.inputs).toEqual({ marketDate: '2020-03-13', window: 250 })
  })
})
