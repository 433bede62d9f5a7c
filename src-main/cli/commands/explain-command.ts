import type { Command } from 'commander'
import type { AlertExplanation } from '@shared/domain/alert-explanation'
import { closeDatabase, openDatabase } from '../../audit/db'
import { AlertExplanationError, explainAlert } from '../../risk/alert-explanation'
import { CliError } from '../cli-error'
import { loadCliMarket } from '../cli-market'
import type { CliIo } from '../io'
import { collect } from '../options'

/** Summary shown in `riskdesk --help` (must match the CLI_COMMANDS entry). */
export const EXPLAIN_SUMMARY = 'explain an alert: its figure recomputed from the inputs the audit trail stored with it, and the top contributors'

interface ExplainArgs {
  db: string
  alert: string
  prices?: string[]
  json?: boolean
}

const fmt = (v: number, rule: AlertExplanation['rule']): string =>
  rule === 'positionWeight' ? `${(v * 100).toFixed(4)} %` : rule === 'daysToLiquidate' ? `${v.toFixed(4)} days` : v.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })

/** Plain labels of the per-position figures, as the desk labels its alerts ("BA loss"). */
const POSITION_FIGURE: Record<Exclude<AlertExplanation['rule'], 'var'>, string> = { positionLoss: 'loss', positionWeight: 'weight', daysToLiquidate: 'days to liquidate' }

function printText(io: CliIo, x: AlertExplanation): void {
  const figure = x.rule === 'var' ? `VaR (${x.method}, ${x.inputs.confidence * 100} %, ${x.inputs.window} days)` : `${x.symbol ?? ''} ${POSITION_FIGURE[x.rule]}`.trim()
  io.out(`alert ${x.alertId}  market date ${x.marketDate}  ${figure}`)
  io.out(`stored      ${fmt(x.stored, x.rule)}   limit ${fmt(x.limit, x.rule)}`)
  if (x.recomputed === null) io.out(`recomputed  unavailable: ${x.unavailable ?? ''}`)
  else io.out(`recomputed  ${fmt(x.recomputed, x.rule)}   difference ${(x.difference ?? 0).toExponential(3)}`)
  io.out(`inputs      ${x.inputs.positions.length} positions, engine ${x.inputs.engineVersion || 'unknown'}`)
  for (const n of x.notes) io.out(`note        ${n}`)
  if (x.topContributors.length > 0) {
    io.out('top contributors (component VaR):')
    for (const c of x.topContributors) io.out(`  ${c.symbol.padEnd(10)} ${fmt(c.componentVaR, 'var')}`)
  }
}

export function registerExplainCommand(program: Command, io: CliIo): void {
  program
    .command('explain')
    .summary(EXPLAIN_SUMMARY)
    .description(`${EXPLAIN_SUMMARY}. Recomputes on the bundled prices unless --prices names the files the desk ran on.`)
    .requiredOption('--db <file>', 'audit database')
    .requiredOption('--alert <id>', 'alert id (as `riskdesk history` lists it)')
    .option('--prices <file>', 'price file(s) instead of the bundled data; repeatable', collect)
    .option('--json', 'print the explanation as JSON')
    .action((args: ExplainArgs) => {
      const market = loadCliMarket(args)
      const db = openDatabase(args.db, { readonly: true })
      try {
        const x = explainAlert(db, args.alert, market)
        if (args.json) io.out(JSON.stringify(x))
        else printText(io, x)
      } catch (e) {
        if (e instanceof AlertExplanationError) throw new CliError(e.message, 1)
        throw e
      } finally {
        closeDatabase(db)
      }
    })
}
