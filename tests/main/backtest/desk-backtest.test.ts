import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from 'better-sqlite3'
import { invokeSchemas } from '@shared/api/contract'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { baselTable } from '../../../src-main/engine/backtest-stats'
import { DeskService } from '../../../src-main/host/desk-service'
import { runBacktest } from '../../../src-main/risk/backtest'
import { bookCalendar } from '../../../src-main/risk/backtest-data'
import { computeRiskReport } from '../../../src-main/risk/risk-report'
import { bundledMarket, limits, SMALL_BOOK } from '../desk/desk-fixture'

/**
 * `risk:backtest` through the desk service (the current book of the session, dates defaulting to the 250 market days
 * before the replay start), and the backtest's VaR_t against the risk report at t − 1 (the same convention, computed
 * by the other path: a full recompute at one date).
 */
const REPLAY_FROM = '2020-02-24'
const market = bundledMarket()
let db: Database
let service: DeskService

beforeEach(() => {
  db = openDatabase(':memory:')
  service = new DeskService({
    market,
    db,
    user: 'tester',
    replay: { from: REPLAY_FROM, to: '2020-03-31', speed: 'max', autoplay: false },
    initial: { book: SMALL_BOOK, limits: limits(), sourceFile: 'small.csv' },
  })
})

afterEach(async () => {
  await service.close()
  closeDatabase(db)
})

describe('risk:backtest on the desk', () => {
  it('defaults to historical over the 250 market days before the replay start, with the Basel 250-day zones', async () => {
    const res = await service.invoke('risk:backtest', {}, 'tester')
    if (!res.ok) throw new Error(res.error.message)
    const r = invokeSchemas['risk:backtest'].res.parse(res.value)
    const cal = bookCalendar(SMALL_BOOK, market)
    const end = cal.findIndex((d) => d >= REPLAY_FROM) - 1
    expect([r.method, r.observations, r.from, r.to]).toEqual(['historical', 250, cal[end - 249], cal[end]])
    expect(r).toEqual(runBacktest(SMALL_BOOK, market, { from: r.from, to: r.to }))
    // Basel Committee (1996) Table 1: green 0-4, yellow 5-9, red 10+ for 250 days at 99 %
    const table = baselTable(250, 0.99)
    expect([r.trafficLight.greenMax, r.trafficLight.yellowMax]).toEqual([table.findLast((x) => x.zone === 'green')!.exceptions, table.findLast((x) => x.zone === 'yellow')!.exceptions])
    expect([r.trafficLight.greenMax, r.trafficLight.yellowMax]).toEqual([4, 9])
  })

  it('answers per method and for a requested range (e.g. the replay period itself), from the cache the second time', async () => {
    const a = await service.invoke('risk:backtest', { method: 'studentT', from: REPLAY_FROM, to: '2020-03-31' }, 'tester')
    const b = await service.invoke('risk:backtest', { method: 'studentT', from: REPLAY_FROM, to: '2020-03-31' }, 'tester')
    if (!a.ok || !b.ok) throw new Error('backtest failed')
    expect([a.value.method, a.value.from, a.value.to, a.value.nu]).toEqual(['studentT', REPLAY_FROM, '2020-03-31', 5])
    expect(b.value).toBe(a.value)
  })

  it('uses the book of the current session', async () => {
    const imported = await service.invoke('book:import', { fileName: 'pair.csv', content: 'symbol,quantity\nMSFT,100\nKO,-200\n', save: true }, 'tester')
    expect(imported.ok && imported.value.saved).toBe(true)
    expect((await service.invoke('book:open', { name: 'pair' }, 'tester')).ok).toBe(true)
    const res = await service.invoke('risk:backtest', { method: 'parametric' }, 'tester')
    if (!res.ok) throw new Error(res.error.message)
    expect([res.value.book, res.value.symbols]).toEqual(['pair', ['MSFT', 'KO']])
  })

  it('returns errors as values: an impossible range, and a request outside the contract', async () => {
    const early = await service.invoke('risk:backtest', { from: '2005-01-03', to: '2005-06-30' }, 'tester')
    expect(early).toMatchObject({ ok: false, error: { code: 'failed' } })
    if (!early.ok) expect(early.error.message).toMatch(/needs 250 returns before it.*first possible start/)
    const bad = await service.handle('risk:backtest', { method: 'garch' }, 'tester')
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } })
  })
})

describe('backtest VaR_t equals the risk report at t − 1 (valued at that close, window ending that day)', () => {
  /** Two independent paths (rolling window vs full recompute at one date): rounding only, observed ~1e-15. */
  const REL_TOL = 1e-10
  const r = runBacktest(SMALL_BOOK, market, { from: '2019-06-03', to: '2019-12-31', method: 'historical' })
  const p = runBacktest(SMALL_BOOK, market, { from: '2019-06-03', to: '2019-12-31', method: 'parametric' })
  const e = runBacktest(SMALL_BOOK, market, { from: '2019-06-03', to: '2019-12-31', method: 'ewma' })
  const cal = bookCalendar(SMALL_BOOK, market)

  it.each([0, 1, 57, 140])('day %i of the backtest', (j) => {
    const day = r.series[j]!.date
    const before = cal[cal.indexOf(day) - 1]!
    const report = computeRiskReport(SMALL_BOOK, market, { asof: before })
    expect(report.asof).toBe(before)
    for (const [got, want] of [
      [r.series[j]!.var, report.var.historical],
      [p.series[j]!.var, report.var.parametric],
      [e.series[j]!.var, report.var.ewma],
    ] as const) {
      expect(Math.abs(got - want)).toBeLessThanOrEqual(REL_TOL * want)
    }
  })
})
