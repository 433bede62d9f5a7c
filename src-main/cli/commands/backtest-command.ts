import { InvalidArgumentError, type Command } from 'commander'
import type { BacktestMethod } from '@shared/domain/backtest-result'
import { runBacktests } from '../../risk/backtest'
import { BACKTEST_METHODS } from '../../risk/backtest-methods'
import { formatBacktest, formatBacktestComparison } from '../../risk/backtest-table'
import { loadBookForCli } from '../book-input'
import { CliError } from '../cli-error'
import { loadCliMarket } from '../cli-market'
import { describeMarket, requireDateInData } from '../data-range'
import type { CliIo } from '../io'
import { collect, confidence, isoDate, positiveInt } from '../options'

interface BacktestArgs {
  book: string
  from: string
  to: string
  window: number
  confidence: number
  method: BacktestMethod | 'all'
  nu?: number
  prices?: string[]
  flags?: string
  json?: boolean
}

function method(value: string): BacktestMethod | 'all' {
  if (value === 'all' || (BACKTEST_METHODS as readonly string[]).includes(value)) return value as BacktestMethod | 'all'
  throw new InvalidArgumentError(`expected one of ${BACKTEST_METHODS.join(', ')} or all, got "${value}"`)
}

function degreesOfFreedom(value: string): number {
  const nu = Number(value)
  if (!(nu > 2 && nu <= 1000)) throw new InvalidArgumentError(`expected degrees of freedom in (2, 1000], got "${value}"`)
  return nu
}

/**
 * `riskdesk backtest`: the out-of-sample VaR backtest of RISK-CONVENTIONS.md "VaR backtesting" (src-main/risk/backtest.ts)
 * for one method, or `--method all` for a comparison of every method over the same days. `--json` prints the
 * BacktestResult of the contract (an array of them for `all`).
 */
export function registerBacktestCommand(program: Command, io: CliIo): void {
  program
    .command('backtest')
    .description('out-of-sample VaR backtest: exceptions, Kupiec and Christoffersen tests, Basel traffic light')
    .requiredOption('--book <file>', 'book CSV or JSON (symbol, quantity[, cost, sector, assetClass]); quantities are held fixed')
    .requiredOption('--from <date>', 'first backtest date YYYY-MM-DD', isoDate)
    .requiredOption('--to <date>', 'last backtest date YYYY-MM-DD', isoDate)
    .option('--window <n>', 'number of daily returns W behind each VaR', positiveInt, 250)
    .option('--confidence <c>', 'confidence level, measured from the bottom', confidence, 0.99)
    .option('--method <name>', `${BACKTEST_METHODS.join(' | ')} | all`, method, 'historical')
    .option('--nu <df>', 'Student-t degrees of freedom for studentT', degreesOfFreedom)
    .option('--prices <file>', 'price file date,symbol,close,adj_close,volume (.csv or .csv.gz); repeatable; default: bundled data', collect)
    .option('--flags <file>', 'quality_flags.csv; default: bundled when --prices is not given')
    .option('--json', 'print the result as JSON (an array of results for --method all)')
    .action(async (args: BacktestArgs) => {
      if (args.from > args.to) throw new CliError(`--from ${args.from} is after --to ${args.to}`, 2)
      const market = loadCliMarket(args)
      requireDateInData('--from', args.from, market, args.prices)
      requireDateInData('--to', args.to, market, args.prices)
      const { book, warnings } = await loadBookForCli(args.book, new Set(market.store.symbols()), undefined, describeMarket(market, args.prices))
      for (const w of warnings) io.err(w)
      const methods = args.method === 'all' ? BACKTEST_METHODS : [args.method]
      const results = runBacktests(book, market, methods, { from: args.from, to: args.to, window: args.window, confidence: args.confidence, nu: args.nu })
      if (args.json) io.out(JSON.stringify(args.method === 'all' ? results : results[0], null, 2))
      else io.out(args.method === 'all' ? formatBacktestComparison(results) : formatBacktest(results[0]!))
    })
}
