import { writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import { SingleBar } from 'cli-progress'
import { InvalidArgumentError, type Command } from 'commander'
import type { Book } from '@shared/domain/book'
import { AuditDbError } from '../../audit/errors'
import { closeDatabase, openDatabase } from '../../audit/db'
import { readBookFileAsync } from '../../books/book-file'
import { createComputePool, type ComputePool } from '../../compute/compute-pool'
import { findWorkerFile } from '../../compute/worker-file'
import { formatIssues } from '../../books/format-report'
import { DataFileError } from '../../market/data-file-error'
import { GENERATED_DEFAULTS } from '../../stress/generated'
import { loadStressMarket } from '../../stress/load-stress-market'
import { stressReportCsv } from '../../stress/report/report-csv'
import { stressReportHtml } from '../../stress/report/report-html'
import { stressReportXlsx } from '../../stress/report/report-xlsx'
import { readScenarioFile, ScenarioFileError, type HypotheticalScenario } from '../../stress/scenario-file'
import { HISTORICAL_SCENARIOS, historicalScenario, type HistoricalScenarioDef } from '../../stress/scenario-library'
import { prepareStressBook } from '../../stress/stress-book'
import { resultHash, StressRepository } from '../../stress/stress-repository'
import { pooledGeneratedRunner } from '../../stress/pooled-generated'
import { runStress, stressSteps, type GeneratedRunner, type StressReport } from '../../stress/stress-run'
import { CliError } from '../cli-error'
import { describeMarket, requireDateInData } from '../data-range'
import { collect, isoDate } from '../options'
import type { CliIo } from '../io'

interface StressArgs {
  list?: boolean
  book?: string
  prices?: string[]
  sectors?: string
  asof?: string
  scenario?: string[]
  all?: boolean
  generated?: boolean
  draws: number
  seed: number
  reverse?: number
  stressedVar?: boolean
  proxy: 'sector' | 'market'
  json?: boolean
  out?: string
  db?: string
  rerun?: number
}

/** Batches of at least this many steps show a progress bar (on a terminal). */
const PROGRESS_MIN_STEPS = 5
const MAX_ISSUE_LINES = 20

function draws(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 100 || n > 1_000_000) throw new InvalidArgumentError(`expected an integer number of draws from 100 to 1000000, got "${value}"`)
  return n
}
function seed(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 0xffffffff) throw new InvalidArgumentError(`expected an integer seed from 0 to 4294967295, got "${value}"`)
  return n
}
function money(value: string): number {
  const n = Number(value)
  if (!(n > 0 && Number.isFinite(n))) throw new InvalidArgumentError(`expected a loss limit > 0 in currency, got "${value}"`)
  return n
}
function runId(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a saved run id (an integer >= 1), got "${value}"`)
  return n
}
function proxyMode(value: string): 'sector' | 'market' {
  if (value !== 'sector' && value !== 'market') throw new InvalidArgumentError(`expected sector or market, got "${value}"`)
  return value
}

/** Reads a book (CSV, JSON or XLSX) with the per-row report; any rejected row stops the command. */
async function loadBook(path: string, known: ReadonlySet<string>, asof: string | undefined, marketNote: string): Promise<{ book: Book; warnings: string[] }> {
  const result = await readBookFileAsync(path, { knownSymbols: known, asof })
  const lines = formatIssues(result.issues)
  const errors = result.issues.filter((i) => i.severity === 'error')
  if (errors.length > 0 || result.accepted === 0) {
    const shown = lines.slice(0, MAX_ISSUE_LINES)
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`)
    if (errors.some((i) => i.code === 'unknown-symbol')) shown.push(`symbols are checked against ${marketNote}`)
    throw new CliError(`book ${path} ${result.accepted === 0 && errors.length === 0 ? 'has no positions' : `has ${result.rejected} rejected row(s) of ${result.rows}`}`, 1, shown)
  }
  return { book: result.book, warnings: lines }
}

/**
 * The compute pool for generated draws when the built worker entry is beside this bundle (the installed CLI,
 * out/main); null when running from the sources (tests), where the draws run on this thread with the same numbers.
 */
function poolIfBuilt(): ComputePool | null {
  try {
    return createComputePool({ workerFile: findWorkerFile(__dirname) })
  } catch {
    return null
  }
}

function openDb(file: string): ReturnType<typeof openDatabase> {
  try {
    return openDatabase(file)
  } catch (e) {
    if (e instanceof AuditDbError) throw new CliError(e.message)
    throw e
  }
}

/** --scenario values: library ids or JSON files of hypothetical scenarios. */
function resolveScenarios(values: readonly string[]): { historical: HistoricalScenarioDef[]; hypothetical: HypotheticalScenario[] } {
  const historical: HistoricalScenarioDef[] = []
  const hypothetical: HypotheticalScenario[] = []
  for (const v of values) {
    const lib = historicalScenario(v)
    if (lib) historical.push(lib)
    else if (/\.json$/i.test(v)) {
      try {
        hypothetical.push(...readScenarioFile(v))
      } catch (e) {
        if (e instanceof ScenarioFileError) throw new CliError(`scenario file ${e.message}`)
        throw e
      }
    } else throw new CliError(`--scenario ${v}: not a scenario id (see riskdesk stress --list) nor a .json scenario file`, 2)
  }
  return { historical, hypothetical }
}

function table(r: StressReport): string {
  const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length))
  const num = (x: number | null, d = 0): string => (x === null ? 'n/a' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }))
  const lines = [`Stress test of ${r.book.name} as of ${r.asof}: ${r.book.positions} positions, net value ${num(r.book.netValue)}`, '']
  lines.push(`${pad('scenario', 20)} ${pad('window', 23)} ${'P&L'.padStart(14)} ${'P&L %'.padStart(8)} ${'worst day'.padStart(24)} ${'max DD'.padStart(8)} proxied`)
  for (const s of r.scenarios) {
    lines.push(
      `${pad(s.id, 20)} ${pad(s.start ? `${s.start}..${s.end}` : s.kind, 23)} ${num(s.pnl).padStart(14)} ${(s.pnlPct === null ? 'n/a' : `${(s.pnlPct * 100).toFixed(2)}%`).padStart(8)} ${(s.worstDay ? `${s.worstDay.date} ${num(s.worstDay.pnl)}` : '').padStart(24)} ${(s.maxDrawdown === null ? '' : `${(s.maxDrawdown * 100).toFixed(2)}%`).padStart(8)} ${s.positions.filter((p) => p.proxied).length}`,
    )
  }
  if (r.reverse) lines.push('', `reverse stress test (loss ${num(r.reverse.limit)}): ${r.reverse.move === null ? r.reverse.reason : `market move ${(r.reverse.move * 100).toFixed(2)} % (β-scaled, ${r.reverse.proxy})`}`)
  if (r.stressedVar) lines.push('', 'var' in r.stressedVar ? `stressed VaR 99 % 1-day: ${num(r.stressedVar.var)} on ${r.stressedVar.from}..${r.stressedVar.to} (current ${num(r.stressedVar.currentVar)})` : `stressed VaR unavailable: ${r.stressedVar.reason}`)
  return lines.join('\n')
}

/**
 * `riskdesk stress`: offline stress tests of a saved book (docs/RISK-CONVENTIONS.md "Stress tests"): the historical
 * library, hypothetical scenario files, generated sets, the reverse stress test and the stressed VaR; a table, one
 * JSON document, or a report file (HTML with charts, CSV, XLSX).
 */
export function registerStressCommand(program: Command, io: CliIo): void {
  program
    .command('stress')
    .description('stress tests of a book: historical crises, hypothetical shocks, generated scenarios (docs/RISK-CONVENTIONS.md)')
    .option('--list', 'list the historical scenario library and exit')
    .option('--book <file>', 'book CSV, JSON or XLSX')
    .option('--prices <file>', 'price file date,symbol,close,adj_close,volume; repeatable; default: bundled data', collect)
    .option('--sectors <file>', 'sectors.csv (symbol,gics_sector); default: bundled when --prices is not given')
    .option('--asof <date>', 'as-of date YYYY-MM-DD (default: last date of the data)', isoDate)
    .option('--scenario <id|file>', 'a library scenario id or a hypothetical scenario JSON file; repeatable (default: the whole library)', collect)
    .option('--all', 'the whole library plus the generated sets and the stressed VaR')
    .option('--generated', 'add the generated sets (crisis block bootstrap, filtered historical stressed draws)')
    .option('--draws <n>', 'draws per generated set', draws, GENERATED_DEFAULTS.draws)
    .option('--seed <n>', 'seed of the generated sets', seed, GENERATED_DEFAULTS.seed)
    .option('--reverse <loss>', 'reverse stress test: the smallest β-scaled market move that loses this much', money)
    .option('--stressed-var', 'the 250-day window of the history with the worst VaR for this book')
    .option('--proxy <mode>', 'proxy of instruments without data in a window: sector (industry portfolio, else SPY) or market', proxyMode, 'sector')
    .option('--json', 'print one JSON document')
    .option('--out <file>', 'write a report: .html (charts, prints to PDF), .csv or .xlsx')
    .option('--db <file>', 'RiskDesk database: save the run with its inputs (book snapshot, scenarios, data version)')
    .option('--rerun <id>', 'with --db: run a saved run again from its saved inputs and check that the numbers are the same', runId)
    .action(async (args: StressArgs) => {
      if (args.rerun !== undefined) {
        if (!args.db) throw new CliError('--rerun needs --db', 2)
        const db = openDb(args.db)
        try {
          const saved = new StressRepository(db).getRun(args.rerun)
          const sm = loadStressMarket({ prices: args.prices, sectors: args.sectors })
          const again = await runStress(sm, prepareStressBook(saved.book, sm, saved.asof), saved.request)
          const same = resultHash(again) === saved.resultHash
          if (args.json) io.out(JSON.stringify({ run: saved.id, same, savedHash: saved.resultHash, hash: resultHash(again), dataVersion: sm.dataVersion, savedDataVersion: saved.dataVersion }, null, 2))
          else io.out(`run ${saved.id} (${saved.book.name} as of ${saved.asof}, ${saved.report.scenarios.length} scenarios): ${same ? 'same numbers' : 'DIFFERENT numbers'} (data ${sm.dataVersion}; saved with ${saved.dataVersion})`)
          if (!same) throw new CliError(`saved stress run ${saved.id} did not re-run to the same numbers`)
        } catch (e) {
          if (e instanceof CliError) throw e
          throw new CliError(e instanceof Error ? e.message : String(e))
        } finally {
          closeDatabase(db)
        }
        return
      }
      if (args.list) {
        if (args.json) io.out(JSON.stringify(HISTORICAL_SCENARIOS, null, 2))
        else for (const s of HISTORICAL_SCENARIOS) io.out(`${s.id.padEnd(20)} ${s.start}..${s.end}  ${s.name}`)
        return
      }
      if (!args.book) throw new CliError('--book is required (or --list)', 2)
      const ext = args.out ? extname(args.out).toLowerCase() : null
      if (ext !== null && !['.html', '.htm', '.csv', '.xlsx'].includes(ext)) throw new CliError(`--out ${args.out}: expected a .html, .csv or .xlsx file`, 2)
      const picked = resolveScenarios(args.scenario ?? [])
      const historical = args.all || (args.scenario ?? []).length === 0 ? [...HISTORICAL_SCENARIOS] : picked.historical
      let sm
      try {
        sm = loadStressMarket({ prices: args.prices, sectors: args.sectors })
      } catch (e) {
        if (e instanceof DataFileError) throw new CliError(e.message)
        throw e
      }
      if (args.asof !== undefined) requireDateInData('--asof', args.asof, sm.market, args.prices)
      const asof = args.asof ?? sm.market.store.lastDate()!
      const { book, warnings } = await loadBook(args.book, new Set(sm.market.store.symbols()), asof, describeMarket(sm.market, args.prices))
      for (const w of warnings) io.err(w)
      const stressBook = prepareStressBook(book, sm, asof)
      const req = {
        historical: args.all ? [...HISTORICAL_SCENARIOS] : historical,
        hypothetical: picked.hypothetical,
        generated: args.all || args.generated ? { draws: args.draws, seed: args.seed } : null,
        reverseLimit: args.reverse ?? null,
        stressedVar: Boolean(args.all || args.stressedVar),
        proxy: args.proxy,
      }
      const bar = process.stderr.isTTY && stressSteps(req) >= PROGRESS_MIN_STEPS ? new SingleBar({ format: 'stress {bar} {value}/{total} {label}', stream: process.stderr, hideCursor: true }) : null
      bar?.start(stressSteps(req), 0, { label: '' })
      const pool = req.generated ? poolIfBuilt() : null
      const runner: GeneratedRunner | undefined = pool ? pooledGeneratedRunner(pool) : undefined
      let report: StressReport
      try {
        report = await runStress(sm, stressBook, req, (done, _total, label) => bar?.update(done, { label }), runner)
      } finally {
        bar?.stop()
        await pool?.close()
      }
      if (args.out) {
        if (ext === '.csv') writeFileSync(args.out, stressReportCsv(report))
        else if (ext === '.xlsx') writeFileSync(args.out, await stressReportXlsx(report))
        else writeFileSync(args.out, stressReportHtml(report))
        io.err(`riskdesk: wrote ${args.out} (${report.scenarios.length} scenarios)`)
      }
      if (args.db) {
        const db = openDb(args.db)
        try {
          const id = new StressRepository(db).saveRun(book, report)
          io.err(`riskdesk: saved stress run ${id} in ${args.db}`)
        } finally {
          closeDatabase(db)
        }
      }
      if (args.json) io.out(JSON.stringify(report, null, 2))
      else if (!args.out) io.out(table(report))
    })
}
