/**
 * Stress Lab persistence: scenarios and sets saved in SQLite (migration 50), runs saved with their inputs and
 * re-run from the database to the same numbers.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../../src-main/audit/db'
import { readBookFile } from '../../../src-main/books/book-file'
import { loadStressMarket } from '../../../src-main/stress/load-stress-market'
import { readScenarioFile } from '../../../src-main/stress/scenario-file'
import { prepareStressBook } from '../../../src-main/stress/stress-book'
import { resultHash, StressRepository } from '../../../src-main/stress/stress-repository'
import { runStress } from '../../../src-main/stress/stress-run'
import { REPO_ROOT } from '../../helpers/shared-data'

const FIX = join(REPO_ROOT, 'tests', 'fixtures', 'stress')

describe('StressRepository', () => {
  it('saves a scenario and a set, runs the set, and re-runs the saved run to the same numbers', async () => {
    const db = openDatabase(':memory:')
    try {
      const repo = new StressRepository(db)
      const [crash] = readScenarioFile(join(FIX, 'equity-crash.json'))
      repo.saveScenario(crash!)
      expect(repo.listScenarios()).toEqual([crash])
      repo.saveSet('desk-review', ['covid-2020', 'gfc-2007', 'equity-crash'])
      expect(() => repo.saveSet('bad', ['covid-2020', 'no-such'])).toThrow(/unknown scenario id\(s\) no-such/)

      const sm = loadStressMarket()
      const read = readBookFile(join(REPO_ROOT, 'assets', 'books', 'demo-options.csv'), { knownSymbols: new Set(sm.market.store.symbols()) })
      const set = repo.loadSet('desk-review')
      expect(set.historical.map((d) => d.id)).toEqual(['covid-2020', 'gfc-2007'])
      const report = await runStress(sm, prepareStressBook(read.book, sm, '2021-04-21'), { ...set, generated: { draws: 1000, seed: 5 }, reverseLimit: 50_000 })
      const id = repo.saveRun(read.book, report)

      const saved = repo.getRun(id)
      expect(saved.asof).toBe('2021-04-21')
      expect(saved.resultHash).toBe(resultHash(report))
      const again = await runStress(sm, prepareStressBook(saved.book, sm, saved.asof), saved.request)
      expect(resultHash(again)).toBe(saved.resultHash)
      expect(JSON.parse(JSON.stringify(again.scenarios))).toEqual(saved.report.scenarios)
    } finally {
      closeDatabase(db)
    }
  })
})
