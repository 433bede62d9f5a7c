import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BacktestMethodSchema } from '@shared/domain/backtest-result'
import { LimitsSchema } from '@shared/domain/limits'
import { methodsFor, RISK_METHODS, type RiskMethodId } from '@shared/domain/risk-methods'
import { VAR_METHODS } from '@shared/domain/risk-report'
import { ENGINE_VERSION } from '../../../src-main/engine/engine-version'

const ids = Object.keys(RISK_METHODS) as RiskMethodId[]

describe('the risk-method registry is the one list of methods', () => {
  it('every entry has a label, a description, a reference and at least one use', () => {
    for (const id of ids) {
      const m = RISK_METHODS[id]
      expect(m.label.length, id).toBeGreaterThan(0)
      expect(m.description.length, id).toBeGreaterThan(10)
      expect(m.reference.length, id).toBeGreaterThan(5)
      expect(m.uses.length, id).toBeGreaterThan(0)
    }
    expect(new Set(ids.map((id) => RISK_METHODS[id].label)).size).toBe(ids.length)
  })

  it('the contract enums are derived from it: headline, backtest, limit', () => {
    expect([...VAR_METHODS]).toEqual(ids.filter((id) => (RISK_METHODS[id].uses as readonly string[]).includes('headline')))
    expect([...BacktestMethodSchema.options]).toEqual([...methodsFor('backtest')])
    const base = { varLimit: 1, maxLossPerPosition: 1, maxPositionWeight: 0.5, maxDaysToLiquidate: 1 }
    for (const m of methodsFor('limit')) expect(LimitsSchema.safeParse({ ...base, varMethod: m }).success, m).toBe(true)
    for (const m of ids.filter((id) => !(methodsFor('limit') as readonly string[]).includes(id))) {
      expect(LimitsSchema.safeParse({ ...base, varMethod: m }).success, m).toBe(false)
    }
  })

  it('a limit can only be read against a method the desk computes live on every frame', () => {
    for (const m of methodsFor('limit')) expect(RISK_METHODS[m].uses as readonly string[], m).toContain('live')
  })

  it('refuses a use nobody registered', () => {
    expect(() => methodsFor('nothing' as never)).toThrow(/no risk method is registered for nothing/)
  })
})

describe('engine version', () => {
  it('equals the package version, so a recorded figure names the build that computed it', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(ENGINE_VERSION).toBe(pkg.version)
  })
})
