import type { Book } from '@shared/domain/book'
import { prepareStressBook } from '../../stress/stress-book'
import { stressReportHtml } from '../../stress/report/report-html'
import { HISTORICAL_SCENARIOS, historicalScenario, type HistoricalScenarioDef } from '../../stress/scenario-library'
import { bundledStressFiles, buildStressMarket, type StressMarket } from '../../stress/stress-market'
import { StressRepository } from '../../stress/stress-repository'
import { runStress } from '../../stress/stress-run'
import { reportAsOf } from '../desk-risk-reports'
import type { Handlers, HostContext } from './handler-context'

/** The data version a run records: the desk always runs on the bundled prices (as `riskdesk stress` without --prices). */
const DATA_VERSION = 'assets/data (bundled) + assets/data/stress'

/**
 * The Stress Lab on the desk: the historical library, runs of library scenarios on the live book (its held quantities)
 * or a saved book at the desk's last market date, saved in the desk database (stress_runs) with their inputs, and the
 * HTML report of a saved run. Every figure comes from src-main/stress (the same code as `riskdesk stress`).
 */
export function stressHandlers(ctx: HostContext): Handlers<'stress:library' | 'stress:run' | 'stress:report'> {
  const repo = new StressRepository(ctx.db)
  let market: StressMarket | null = null
  // the long-history files are read on the first run only; the desk's bundled prices are reused, not read again
  const stressMarket = (): StressMarket => (market ??= buildStressMarket(ctx.market, bundledStressFiles(), DATA_VERSION))
  return {
    'stress:library': () => HISTORICAL_SCENARIOS.map((s) => ({ id: s.id, name: s.name, kind: s.kind, start: s.start, end: s.end, description: s.description })),
    'stress:run': async ({ book: choice, scenarios }) => {
      const historical: HistoricalScenarioDef[] = scenarios.map((id) => {
        const def = historicalScenario(id)
        if (!def) throw new Error(`no stress scenario with id ${id} in the library`)
        return def
      })
      const session = ctx.session()
      let book: Book
      if (choice.kind === 'live') {
        const held = session.heldBook()
        book = { ...held, name: `${session.book.name} (live)` }
      } else {
        const saved = ctx.books.get(choice.name)
        if (!saved) throw new Error(`no saved book named ${choice.name}`)
        book = { name: saved.name, positions: saved.positions }
      }
      const snap = session.snapshot()
      const asof = reportAsOf(snap.frames.at(-1)?.date ?? null, ctx.replay.from)
      const sm = stressMarket()
      const report = await runStress(sm, prepareStressBook(book, sm, asof), { historical, hypothetical: [], generated: null, reverseLimit: null, stressedVar: false, proxy: 'sector' })
      const runId = repo.saveRun(book, report)
      return ctx.checked('stress:run', { runId, asof: report.asof, book: report.book, dataVersion: report.dataVersion, scenarios: report.scenarios })
    },
    'stress:report': ({ runId }) => {
      const saved = repo.getRun(runId)
      const safeName = saved.book.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'book'
      return { fileName: `stress-${safeName}-${saved.asof}-run${saved.id}.html`, html: stressReportHtml(saved.report) }
    },
  }
}
