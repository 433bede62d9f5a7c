import { readFileSync } from 'node:fs'
import type { Database } from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { RiskReportSchema } from '@shared/domain/risk-report-view'
import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import type { ComputePool } from '../../../src-main/compute/compute-pool'
import { DeskService, type ReplayPlan } from '../../../src-main/host/desk-service'
import { computeExtendedRiskReport } from '../../../src-main/risk/extended-risk-report'
import { useTestPool } from '../compute/build-worker'
import { bundledMarket, DEMO_BOOK, limits, SMALL_BOOK } from '../desk/desk-fixture'

/**
 * `risk:report` through the desk service with the real worker pool: the same report as computeExtendedRiskReport
 * for the desk's current holdings and market date, shared computations, errors as values, hostile payloads refused.
 */

const REPLAY: ReplayPlan = { from: '2020-02-24', to: '2020-03-31', speed: 'max', autoplay: false }
/** Few paths keep the file fast; the pool's equality with the in-process simulation does not depend on the count. */
const PATHS = 20_000

const shared = useTestPool()
const open: { service: DeskService; db: Database }[] = []

afterEach(async () => {
  for (const { service, db } of open.splice(0)) {
    await service.close()
    closeDatabase(db)
  }
})

function makeService(withPool: ComputePool | null, lim: Limits = limits({ varLimit: 40_000, risingUpdates: 2 })): DeskService {
  const db = openDatabase(':memory:')
  const service = new DeskService({ market: bundledMarket(), db, user: 'tester', replay: REPLAY, initial: { book: SMALL_BOOK, limits: lim, sourceFile: 'small.csv' }, pool: withPool })
  open.push({ service, db })
  return service
}

/** The pool, counting the simulations it is asked for. */
function countingPool(inner: ComputePool): ComputePool & { simulations: number } {
  const counted = {
    threads: inner.threads,
    simulations: 0,
    simulatePnL: (...args: Parameters<ComputePool['simulatePnL']>) => {
      counted.simulations++
      return inner.simulatePnL(...args)
    },
    monteCarlo: inner.monteCarlo,
    close: () => Promise.resolve(),
  }
  return counted
}

async function runToEnd(service: DeskService): Promise<void> {
  await service.invoke('feed:play', {}, 'tester')
  for (let i = 0; i < 600; i++) {
    const health = service.snapshot().feed.health
    if (health === 'finished' || health === 'error') return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('feed did not finish')
}

/** Last market date of the bundled data strictly before `date`, read from the price history itself. */
function marketDayBefore(date: string): string {
  const dates = bundledMarket().store.get('SPY')!.dates
  return dates.filter((d) => d < date).at(-1)!
}

describe('risk:report', () => {
  it('before the first frame: the in-process report of the opened book at the last market date before the replay', async () => {
    const service = makeService(shared.pool)
    const request = { horizon: 5 as const, paths: PATHS, seed: 11, method: 'monteCarlo' as const }
    const r = await service.invoke('risk:report', request, 'tester')
    if (!r.ok) throw new Error(r.error.message)
    const asof = marketDayBefore(REPLAY.from)
    expect(r.value.asof).toBe(asof)
    const expected = computeExtendedRiskReport(SMALL_BOOK, bundledMarket(), { asof, horizon: 5, paths: PATHS, seed: 11, method: 'monteCarlo' })
    expect(r.value).toEqual(expected)
    expect(r.value.headline).toEqual({ method: 'monteCarlo', var: expected.var.monteCarlo, es: expected.es.monteCarlo })
    // what the WebSocket carries: plain JSON, nothing lost
    expect(JSON.parse(JSON.stringify(r.value))).toEqual(expected)
  })

  it('after the replay and paper executions: the live quantities at the newest frame date', async () => {
    const service = makeService(shared.pool, limits({ varLimit: 40_000, risingUpdates: 2, policy: 'auto', graceSeconds: 0 }))
    await runToEnd(service)
    const snap = service.snapshot()
    const applied = snap.actions.filter((a) => a.state === 'applied')
    expect(applied.length).toBeGreaterThan(0)
    const r = await service.invoke('risk:report', { paths: PATHS }, 'tester')
    if (!r.ok) throw new Error(r.error.message)
    const lastDate = snap.frames.at(-1)!.date
    expect(r.value.asof).toBe(lastDate)
    // the executed trades are in the report: the last trade of each symbol sets its quantity
    const traded = new Map(applied.flatMap((a) => a.plan.legs.map((t) => [t.symbol, t.toQuantity] as const)))
    for (const [symbol, quantity] of traded) expect(r.value.positions.find((p) => p.symbol === symbol)?.quantity).toBe(quantity)
    const live = new Map(snap.positions.map((p) => [p.symbol, p.quantity]))
    const holdings: Book = { name: SMALL_BOOK.name, positions: SMALL_BOOK.positions.map((p) => ({ ...p, quantity: live.get(p.symbol) ?? p.quantity })) }
    expect(r.value).toEqual(computeExtendedRiskReport(holdings, bundledMarket(), { asof: lastDate, paths: PATHS }))
  })

  it('reports the book opened last', async () => {
    const service = makeService(null)
    const saved = await service.invoke('book:import', { fileName: 'demo.csv', content: readFileSync(DEMO_BOOK, 'utf8'), save: true }, 'alice')
    expect(saved).toMatchObject({ ok: true, value: { saved: true } })
    await service.invoke('book:open', { name: 'demo' }, 'alice')
    const r = await service.invoke('risk:report', { paths: 1_000 }, 'alice')
    expect(r).toMatchObject({ ok: true, value: { book: 'demo' } })
    expect(r.ok && r.value.positions).toHaveLength(25)
  })

  it('concurrent identical requests share one computation; different ones do not', async () => {
    const counted = countingPool(shared.pool)
    const service = makeService(counted)
    const same = { paths: PATHS, seed: 5 }
    const [a, b, c] = await Promise.all([
      service.invoke('risk:report', same, 'alice'),
      service.invoke('risk:report', { ...same, horizon: 1 }, 'bob'), // equal after defaults
      service.invoke('risk:report', { ...same, seed: 6 }, 'carol'),
    ])
    expect(counted.simulations).toBe(2)
    expect(a.ok && b.ok && c.ok).toBe(true)
    expect(b).toEqual(a)
    expect(c.ok && c.value.monteCarlo.seed).toBe(6)
    // nothing is kept once settled: a later request runs again
    await service.invoke('risk:report', same, 'alice')
    expect(counted.simulations).toBe(3)
  })

  it('a failing worker comes back as { ok: false } and does not poison later requests', async () => {
    let fail = true
    const flaky: ComputePool = {
      threads: 1,
      simulatePnL: (model, opts) => (fail ? Promise.reject(new Error('compute pool: Monte Carlo paths [0, 1000) failed: worker exited')) : shared.pool.simulatePnL(model, opts)),
      monteCarlo: shared.pool.monteCarlo,
      close: () => Promise.resolve(),
    }
    const service = makeService(flaky)
    const bad = await service.invoke('risk:report', { paths: 1_000 }, 't')
    expect(bad).toMatchObject({ ok: false, error: { code: 'failed' } })
    expect(!bad.ok && bad.error.message).toContain('worker exited')
    fail = false
    expect(await service.invoke('risk:report', { paths: 1_000 }, 't')).toMatchObject({ ok: true })
  })

  it('a report that breaks the contract is refused by the host, naming the field', async () => {
    // a worker that returns P&L of the right length but absurd size: the tail mean overflows to a non-finite ES
    const garbage: ComputePool = { ...shared.pool, simulatePnL: (model) => Promise.resolve(Float64Array.from({ length: model.paths }, (_, i) => (i % 2 === 0 ? -1e308 : 1e308))) }
    const r = await makeService(garbage).invoke('risk:report', { paths: 1_000 }, 't')
    expect(r).toMatchObject({ ok: false, error: { code: 'failed' } })
    expect(!r.ok && r.error.message).toMatch(/^risk:report: response does not match the contract at (var|es|monteCarlo)\./)
  })

  it('Student-t options reach the report: a given ν and a fitted one', async () => {
    const service = makeService(shared.pool)
    const given = await service.invoke('risk:report', { paths: 1_000, nu: 4 }, 't')
    expect(given.ok && given.value.studentT).toMatchObject({ nu: 4, nuSource: 'given' })
    const fitted = await service.invoke('risk:report', { paths: 1_000, nu: 'fit' }, 't')
    expect(fitted.ok && fitted.value.studentT.nuSource).toBe('fitted')
  })

  it('refuses hostile payloads with bad_request and never starts a computation', async () => {
    const counted = countingPool(shared.pool)
    const service = makeService(counted)
    const hostile: unknown[] = [
      42,
      'risk',
      [],
      { horizon: 2 },
      { horizon: '5' },
      { horizon: 5.0000001 },
      { paths: 999 },
      { paths: 1_000_001 },
      { paths: 20_000.5 },
      { paths: Number.NaN },
      { seed: -1 },
      { seed: 2 ** 32 },
      { seed: 1.5 },
      { nu: 2 },
      { nu: -3 },
      { nu: Number.POSITIVE_INFINITY },
      { nu: 'fitted' },
      { method: 'deltaGamma' },
      { method: 'bogus' },
      { extra: 1 },
      { paths: { valueOf: () => 5_000 } },
      JSON.parse('{"__proto__": {"polluted": true}, "paths": 5000}'),
    ]
    for (const payload of hostile) {
      const r = await service.handle('risk:report', payload, 'mallory')
      expect(r, JSON.stringify(payload) ?? String(payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    }
    expect(counted.simulations).toBe(0)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('risk:report response schema', () => {
  const report = computeExtendedRiskReport(SMALL_BOOK, bundledMarket(), { asof: '2020-03-20', paths: 1_000 })

  it('accepts a computed report and keeps the fields it does not name', () => {
    const parsed = RiskReportSchema.parse(report)
    expect(parsed).toEqual(report)
    expect(parsed['dataQuality']).toEqual(report.dataQuality)
  })

  it('refuses a report that lacks or mistypes a field the UI reads', () => {
    const drop = (path: string[]): unknown => {
      const copy = structuredClone(report) as unknown as Record<string, Record<string, unknown>>
      let at: Record<string, unknown> = copy
      for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>
      delete at[path.at(-1)!]
      return copy
    }
    expect(RiskReportSchema.safeParse(drop(['monteCarlo', 'varStdError'])).success).toBe(false)
    expect(RiskReportSchema.safeParse(drop(['var', 'evt'])).success).toBe(false)
    expect(RiskReportSchema.safeParse(drop(['profile', 'drawdown'])).success).toBe(false)
    expect(RiskReportSchema.safeParse({ ...report, var: { ...report.var, monteCarlo: Number.NaN } }).success).toBe(false)
    expect(RiskReportSchema.safeParse({ ...report, positions: [{ ...report.positions[0], componentES: null }] }).success).toBe(false)
  })
})
