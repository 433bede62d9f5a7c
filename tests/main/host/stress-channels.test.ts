import type { Database } from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { StressRunResultSchema } from '@shared/domain/stress-result'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { DeskService, type ReplayPlan } from '../../../src-main/host/desk-service'
import { loadStressMarket } from '../../../src-main/stress/load-stress-market'
import { HISTORICAL_SCENARIOS, historicalScenario } from '../../../src-main/stress/scenario-library'
import { prepareStressBook } from '../../../src-main/stress/stress-book'
import { runStress } from '../../../src-main/stress/stress-run'
import { bundledMarket, limits, SMALL_BOOK } from '../desk/desk-fixture'

/**
 * The Stress Lab channels through the desk service: the library as the CLI lists it, a run on the live book giving the
 * same numbers as `riskdesk stress` on the same book and date (the CLI's own code path: loadStressMarket + runStress),
 * the run saved and its HTML report naming every scenario, bad requests refused as values.
 */

const REPLAY: ReplayPlan = { from: '2020-02-24', to: '2020-03-31', speed: 'max', autoplay: false }
const open: { service: DeskService; db: Database }[] = []

afterEach(async () => {
  for (const { service, db } of open.splice(0)) {
    await service.close()
    closeDatabase(db)
  }
})

function makeService(): DeskService {
  const db = openDatabase(':memory:')
  const service = new DeskService({ market: bundledMarket(), db, user: 'tester', replay: REPLAY, initial: { book: SMALL_BOOK, limits: limits(), sourceFile: 'small.csv' }, pool: null })
  open.push({ service, db })
  return service
}

describe('stress channels', () => {
  it('stress:library lists the historical library with its stable ids', async () => {
    const r = await makeService().invoke('stress:library', {}, 'tester')
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.map((s) => s.id)).toEqual(HISTORICAL_SCENARIOS.map((s) => s.id))
    expect(r.value.find((s) => s.id === 'covid-2020')).toMatchObject({ start: '2020-02-19', end: '2020-03-23', kind: 'historical' })
  })

  it('stress:run on the live book equals the CLI computation, is saved, and stress:report holds every scenario', async () => {
    const service = makeService()
    const ids = ['covid-2020', 'lehman-2008', 'black-monday-1987']
    const r = await service.invoke('stress:run', { book: { kind: 'live' }, scenarios: ids }, 'tester')
    if (!r.ok) throw new Error(r.error.message)
    expect(StressRunResultSchema.parse(r.value)).toBeTruthy()
    // before the first frame the desk's as-of is the last market day before the replay start
    expect(r.value.asof).toBe('2020-02-21')
    const sm = loadStressMarket()
    const cli = await runStress(sm, prepareStressBook(SMALL_BOOK, sm, '2020-02-21'), { historical: ids.map((id) => historicalScenario(id)!), hypothetical: [] })
    expect(r.value.scenarios.map((s) => s.id)).toEqual(ids)
    for (const [k, s] of r.value.scenarios.entries()) {
      const ref = cli.scenarios[k]!
      expect(s.pnl).toBe(ref.pnl)
      expect(s.pnlPct).toBe(ref.pnlPct)
      expect(s.maxDrawdown).toBe(ref.maxDrawdown)
      expect(s.worstDay).toEqual(ref.worstDay)
      expect(s.path?.pnl).toEqual(ref.path?.pnl)
      expect(s.pnl).not.toBe(0)
    }
    const rep = await service.invoke('stress:report', { runId: r.value.runId }, 'tester')
    if (!rep.ok) throw new Error(rep.error.message)
    expect(rep.value.fileName).toMatch(/^stress-.*\.html$/)
    for (const id of ids) expect(rep.value.html).toContain(historicalScenario(id)!.name)
  })

  it('refuses unknown scenarios, unknown books, missing runs and malformed requests as values', async () => {
    const service = makeService()
    const unknown = await service.invoke('stress:run', { book: { kind: 'live' }, scenarios: ['tulip-1637'] }, 'tester')
    expect(unknown).toMatchObject({ ok: false, error: { code: 'failed', message: 'no stress scenario with id tulip-1637 in the library' } })
    const noBook = await service.invoke('stress:run', { book: { kind: 'saved', name: 'nope' }, scenarios: ['covid-2020'] }, 'tester')
    expect(noBook).toMatchObject({ ok: false, error: { message: 'no saved book named nope' } })
    const none = await service.invoke('stress:run', { book: { kind: 'live' }, scenarios: [] }, 'tester')
    expect(none).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    const twice = await service.handle('stress:run', { book: { kind: 'live' }, scenarios: ['covid-2020', 'covid-2020'] }, 'tester')
    expect(twice).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    const noRun = await service.invoke('stress:report', { runId: 99 }, 'tester')
    expect(noRun).toMatchObject({ ok: false, error: { message: 'no saved stress run 99' } })
  })

  it('runs a saved book by name', async () => {
    const service = makeService()
    const r = await service.invoke('stress:run', { book: { kind: 'saved', name: SMALL_BOOK.name }, scenarios: ['q4-2018'] }, 'tester')
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.book.name).toBe(SMALL_BOOK.name)
    expect(r.value.scenarios).toHaveLength(1)
  })
})
