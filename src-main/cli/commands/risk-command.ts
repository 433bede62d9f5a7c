import type { Command } from 'commander'
import { computeRiskReport } from '../../risk/risk-report'
import { loadMarket } from '../../market/load-market'
import { bundledMarketFiles } from '../../market/bundled-data'
import { loadBookForCli } from '../book-input'
import { collect, confidence, isoDate, positiveInt } from '../options'
import { formatRiskReport } from '../format/risk-table'
import type { CliIo } from '../io'

interface RiskArgs {
  book: string
  prices?: string[]
  sectors?: string
  flags?: string
  asof?: string
  window: number
  confidence: number
  json?: boolean
}

export function registerRiskCommand(program: Command, io: CliIo): void {
  program
    .command('risk')
    .description('risk report of a book at one date (RISK-CONVENTIONS.md defaults)')
    .requiredOption('--book <file>', 'book CSV or JSON (symbol, quantity[, cost, sector, assetClass])')
    .option('--prices <file>', 'price file date,symbol,close,adj_close,volume (.csv or .csv.gz); repeatable; default: bundled data', collect)
    .option('--sectors <file>', 'sectors.csv (symbol,gics_sector); default: bundled when --prices is not given')
    .option('--flags <file>', 'quality_flags.csv; default: bundled when --prices is not given')
    .option('--asof <date>', 'as-of date YYYY-MM-DD (default: last date of the data)', isoDate)
    .option('--window <n>', 'number of daily returns W', positiveInt, 250)
    .option('--confidence <c>', 'confidence level, measured from the bottom', confidence, 0.99)
    .option('--json', 'print one JSON document')
    .action(async (args: RiskArgs) => {
      const bundled = bundledMarketFiles()
      const custom = args.prices !== undefined
      const market = loadMarket({
        prices: args.prices ?? bundled.prices,
        sectors: args.sectors ?? (custom ? null : bundled.sectors),
        qualityFlags: args.flags ?? (custom ? null : bundled.qualityFlags),
      })
      const { book, warnings } = await loadBookForCli(args.book, new Set(market.store.symbols()))
      for (const w of warnings) io.err(w)
      const report = computeRiskReport(book, market, { asof: args.asof, window: args.window, confidence: args.confidence })
      io.out(args.json ? JSON.stringify(report, null, 2) : formatRiskReport(report))
    })
}
