import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ExtendedRiskReport } from '@shared/domain/risk-report'
import { cli } from '../cli/cli-harness'

/** The issue #4 options of `riskdesk risk`: accepted values, one-line usage errors, what the table and JSON show. */
const OPTIONS_BOOK = join(__dirname, '..', '..', '..', 'assets', 'books', 'demo-options.csv')
const FEW_PATHS = ['--paths', '2000']

describe('riskdesk risk: issue #4 options', () => {
  it.each([
    [['--horizon', '3'], /horizon of 1, 5, 10/],
    [['--method', 'var'], /one of historical, parametric/],
    [['--nu', '2'], /degrees of freedom/],
    [['--nu', 'fitted'], /degrees of freedom/],
    [['--paths', '10'], /paths/],
    [['--seed', '-1'], /seed/],
    [['--seed', '4294967296'], /seed/],
    [['--mc-dist', 'cauchy'], /normal or student-t/],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const r = await cli('risk', '--book', OPTIONS_BOOK, ...args)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(message)
  })

  it('--method picks the headline figures; --horizon labels every figure', async () => {
    const r = await cli('risk', '--book', OPTIONS_BOOK, '--method', 'evt', '--horizon', '5', '--json', ...FEW_PATHS)
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout) as ExtendedRiskReport
    expect(j.headline).toEqual({ method: 'evt', var: j.var.evt, es: j.es.evt })
    expect(j.horizon).toMatchObject({ days: 5, parametricScaling: 'sqrt-time', historical: 'overlapping', historicalScenarios: 246 })
    expect(j.monteCarlo).toMatchObject({ paths: 2000, seed: 1, distribution: 'normal', revaluation: 'full' })
    const table = await cli('risk', '--book', OPTIONS_BOOK, '--method', 'cornishFisher', ...FEW_PATHS)
    expect(table.stdout).toMatch(/^1-day VaR \(Cornish-Fisher\) [\d,]+ {3}ES [\d,]+$/m)
    expect(table.stdout).toMatch(/^Option +Underlying +Type +Strike/m)
  })

  it('--nu fit reports the fitted ν; --nu 8 is used as given', async () => {
    const fit = JSON.parse((await cli('risk', '--book', OPTIONS_BOOK, '--nu', 'fit', '--json', ...FEW_PATHS)).stdout) as ExtendedRiskReport
    expect(fit.studentT.nuSource).toBe('fitted')
    expect(fit.studentT.nu).toBeGreaterThan(2)
    expect(fit.studentT.fit).not.toBeNull()
    const given = JSON.parse((await cli('risk', '--book', OPTIONS_BOOK, '--nu', '8', '--mc-dist', 'student-t', '--json', ...FEW_PATHS)).stdout) as ExtendedRiskReport
    expect([given.studentT.nu, given.studentT.nuSource, given.monteCarlo.nu]).toEqual([8, 'given', 8])
  })
})
