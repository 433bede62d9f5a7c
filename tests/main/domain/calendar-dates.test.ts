import { describe, expect, it } from 'vitest'
import { invokeSchemas } from '@shared/api/contract'
import { IsoDateSchema } from '@shared/domain/primitives'
import { cli } from '../cli/cli-harness'

describe('impossible calendar dates are refused at every boundary', () => {
  it('the contract date schema: 2021-02-30 and 2019-02-29 refused, 2020-02-29 accepted', () => {
    expect(IsoDateSchema.safeParse('2021-02-30').success).toBe(false)
    expect(IsoDateSchema.safeParse('2019-02-29').success).toBe(false)
    expect(IsoDateSchema.safeParse('2021-13-01').success).toBe(false)
    expect(IsoDateSchema.safeParse('2020-02-29').success).toBe(true)
  })

  it('IPC payloads carrying dates: risk:backtest, feed:runTo, audit:query', () => {
    const bad = invokeSchemas['risk:backtest'].req.safeParse({ from: '2021-02-30' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('not a calendar date')
    expect(invokeSchemas['feed:runTo'].req.safeParse({ date: '2020-04-31' }).success).toBe(false)
    expect(invokeSchemas['audit:query'].req.safeParse({ to: '2020-06-31' }).success).toBe(false)
  })

  it('riskdesk replay: dates outside the data name the available range', async () => {
    const r = await cli('replay', '--book', 'assets/books/demo-desk.csv', '--from', '2030-01-02', '--to', '2030-02-01', '--db', ':memory:')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--from 2030-01-02 is outside the available data: the bundled price data run from \d{4}-\d{2}-\d{2} to 2021-04-21/)
  })
})
