import { InvalidArgumentError, type Command } from 'commander'
import { VAR_METHODS, type ExtendedRiskReport, type VaRMethod } from '@shared/domain/risk-report'
import { DEFAULT_MC_PATHS, type McDistribution } from '../../engine/monte-carlo'
import { computeExtendedRiskReport, DEFAULT_MC_SEED } from '../../risk/extended-risk-report'
import { REPORT_HORIZONS } from '../../risk/report-horizon'
import { checkRiskReport } from '../../risk/unavailable-figures'
import { loadBookForCli } from '../book-input'
import { CliError } from '../cli-error'
import { describeMarket, requireDateInData } from '../data-range'
import { collect, confidence, isoDate, positiveInt } from '../options'
import { formatRiskReport } from '../format/risk-table'
import { loadCliMarket } from '../cli-market'
import type { CliIo } from '../io'

interface RiskArgs {
  book: string
  prices?: string[]
  sectors?: string
  flags?: string
  asof?: string
  window: number
  confidence: number
  method: VaRMethod
  horizon: number
  paths: number
  seed: number
  nu?: number | 'fit'
  mcDist: McDistribution
  json?: boolean
}

/** Most Monte Carlo paths the CLI accepts (10 million paths of 25 factors take several seconds). */
const MAX_PATHS = 10_000_000
/** Fewest paths: below this the 99 % tail holds too few values for VaR, ES and their standard errors. */
const MIN_PATHS = 1000
/** Largest ν accepted: beyond it the t is the normal to every printed digit. */
const MAX_NU = 1000

function varMethod(value: string): VaRMethod {
  if (!(VAR_METHODS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${VAR_METHODS.join(', ')}, got "${value}"`)
  return value as VaRMethod
}

function horizon(value: string): number {
  const h = Number(value)
  if (!(REPORT_HORIZONS as readonly number[]).includes(h)) throw new InvalidArgumentError(`expected a horizon of ${REPORT_HORIZONS.join(', ')} days, got "${value}"`)
  return h
}

function paths(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < MIN_PATHS || n > MAX_PATHS) throw new InvalidArgumentError(`expected an integer number of paths from ${MIN_PATHS} to ${MAX_PATHS}, got "${value}"`)
  return n
}

function seed(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n > 0xffffffff) throw new InvalidArgumentError(`expected an integer seed from 0 to 4294967295, got "${value}"`)
  return n
}

function nu(value: string): number | 'fit' {
  if (value === 'fit') return 'fit'
  const n = Number(value)
  if (!(n > 2 && n <= MAX_NU)) throw new InvalidArgumentError(`expected degrees of freedom in (2, ${MAX_NU}] or "fit", got "${value}"`)
  return n
}

function mcDistribution(value: string): McDistribution {
  if (value !== 'normal' && value !== 'student-t') throw new InvalidArgumentError(`expected normal or student-t, got "${value}"`)
  return value
}

/**
 * `riskdesk risk`: the risk report of a book at one date (computeExtendedRiskReport), as a table or one JSON document.
 * With the defaults (--horizon 1, --method historical) the core figures are exactly those of RISK-CONVENTIONS.md.
 * A figure that cannot be computed is null (JSON) or "unavailable" (table) with its reason under `unavailable`; when
 * the headline VaR is one of them (every position excluded, or its method failed) the report is still printed and
 * the command exits 1 with one line saying why. An --asof outside the price data is refused (exit 2), not clamped.
 */
export function registerRiskCommand(program: Command, io: CliIo): void {
  program
    .command('risk')
    .description('risk report of a book at one date (RISK-CONVENTIONS.md defaults; docs/RISK-MEASURES.md)')
    .requiredOption('--book <file>', 'book CSV or JSON (symbol, quantity[, cost, sector, assetClass]; option rows: underlying, optionType, strike, expiry, impliedVol[, rate, dividendYield, multiplier])')
    .option('--prices <file>', 'price file date,symbol,close,adj_close,volume (.csv or .csv.gz); repeatable; default: bundled data', collect)
    .option('--sectors <file>', 'sectors.csv (symbol,gics_sector); default: bundled when --prices is not given')
    .option('--flags <file>', 'quality_flags.csv; default: bundled when --prices is not given')
    .option('--asof <date>', 'as-of date YYYY-MM-DD (default: last date of the data)', isoDate)
    .option('--window <n>', 'number of daily returns W', positiveInt, 250)
    .option('--confidence <c>', 'confidence level, measured from the bottom', confidence, 0.99)
    .option('--method <m>', `VaR shown in the headline: ${VAR_METHODS.join('|')}`, varMethod, 'historical')
    .option('--horizon <h>', 'horizon in days: 1, 5 or 10 (parametric x sqrt(h), historical on overlapping h-day returns)', horizon, 1)
    .option('--paths <n>', 'Monte Carlo paths', paths, DEFAULT_MC_PATHS)
    .option('--seed <n>', 'Monte Carlo seed (always reported)', seed, DEFAULT_MC_SEED)
    .option('--nu <nu>', 'Student-t degrees of freedom (> 2), or "fit" for maximum likelihood on the P&L (default 5)', nu)
    .option('--mc-dist <d>', 'Monte Carlo distribution: normal or student-t (with --nu)', mcDistribution, 'normal')
    .option('--json', 'print one JSON document')
    .action(async (args: RiskArgs) => {
      if (args.horizon > args.window) throw new CliError(`--horizon ${args.horizon} is longer than --window ${args.window}: the window must hold at least one ${args.horizon}-day return`, 2)
      const market = loadCliMarket(args)
      if (args.asof !== undefined) requireDateInData('--asof', args.asof, market, args.prices)
      const asof = args.asof ?? market.store.lastDate()
      const { book, warnings } = await loadBookForCli(args.book, new Set(market.store.symbols()), asof, describeMarket(market, args.prices))
      for (const w of warnings) io.err(w)
      let computed: ExtendedRiskReport
      try {
        computed = computeExtendedRiskReport(book, market, {
          asof: args.asof,
          window: args.window,
          confidence: args.confidence,
          method: args.method,
          horizon: args.horizon,
          paths: args.paths,
          seed: args.seed,
          nu: args.nu,
          mcDistribution: args.mcDist,
        })
      } catch (e) {
        // The inputs were validated above; what still fails is the engine, whose message speaks of its own functions
        // and variables. The user gets their book and date; RISKDESK_DEBUG=1 shows the engine's message.
        if (process.env.RISKDESK_DEBUG && e instanceof Error) io.err(`engine: ${e.message}`)
        throw new CliError(`the risk figures of book ${args.book} cannot be computed as of ${asof}: a value in the book or the price data is beyond what can be computed (check quantities, prices and option terms)`)
      }
      const { report, headlineUnavailable } = checkRiskReport(computed)
      io.out(args.json ? JSON.stringify(report, null, 2) : formatRiskReport(report))
      if (headlineUnavailable !== null) {
        const data = report.positions.length === 0 ? ` (${describeMarket(market, args.prices)})` : ''
        throw new CliError(`${args.method} VaR unavailable for book ${args.book} as of ${report.asof}: ${headlineUnavailable}${data}`)
      }
    })
}
