import { existsSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import { ALERT_HISTORY_STATES, AlertHistory, isWallBound, type AlertHistoryQuery, type AlertHistoryRow, type AlertHistoryState } from '../../audit/alert-history'
import { closeDatabase, openDatabase } from '../../audit/db'
import { historyXlsx } from '../../audit/history-xlsx'
import { allPgAlertHistory, type PgAlertHistoryRow } from '../../replication/pg-alert-history'
import { connectPg } from '../../replication/pg-connection'
import { CliError } from '../cli-error'
import type { CliIo } from '../io'
import { isoDate } from '../options'

/** Summary shown in `riskdesk --help` (must match the CLI_COMMANDS entry). */
export const HISTORY_SUMMARY = 'alert history for a desk-head review: one row per alert with its actions, decisions and overrides'

interface HistoryArgs {
  db?: string
  pg?: string
  workstation?: string
  from?: string
  to?: string
  wallFrom?: string
  wallTo?: string
  book?: string
  severity?: string
  rule?: string
  actor?: string
  state?: string
  overridden?: boolean
  text?: string
  json?: boolean
  xlsx?: string
}

function wallBound(value: string): string {
  if (!isWallBound(value)) throw new InvalidArgumentError(`expected YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss.sssZ (UTC), got "${value}"`)
  return value
}

const SEVERITIES = ['MEDIUM', 'HIGH', 'CRITICAL']
function severity(value: string): string {
  const v = value.toUpperCase()
  if (!SEVERITIES.includes(v)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}, got "${value}"`)
  return v
}

function state(value: string): string {
  if (!(ALERT_HISTORY_STATES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${ALERT_HISTORY_STATES.join(', ')}, got "${value}"`)
  return value
}

export function registerHistoryCommand(program: Command, io: CliIo): void {
  program
    .command('history')
    .summary(HISTORY_SUMMARY)
    .description(`${HISTORY_SUMMARY}. Dates are market dates (the day of the risk frame), not wall-clock time.`)
    .option('--db <file>', 'audit database (one workstation)')
    .option('--pg <url>', 'the desk PostgreSQL instead: every workstation of the desk (as the desk head)')
    .option('--workstation <id|role|label>', 'with --pg: one workstation')
    .option('--from <date>', 'first market date YYYY-MM-DD', isoDate)
    .option('--to <date>', 'last market date YYYY-MM-DD', isoDate)
    .option('--wall-from <time>', 'raised at or after (UTC day or timestamp)', wallBound)
    .option('--wall-to <time>', 'raised at or before (UTC day or timestamp)', wallBound)
    .option('--book <name>', 'one book')
    .option('--severity <level>', 'MEDIUM, HIGH or CRITICAL (after escalations)', severity)
    .option('--rule <limit>', 'the breached limit: var, positionLoss, positionWeight, daysToLiquidate, or one instance such as positionLoss:BA')
    .option('--actor <name>', "the session's trader, or anyone who acted on the alert")
    .option('--state <state>', `final state: ${ALERT_HISTORY_STATES.join(', ')}`, state)
    .option('--overridden', 'only alerts with an override (a vetoed or modified action; limits changed, automation paused, kill switch, reduce-only or lock while live)')
    .option('--text <words>', 'search reasons and notes (case-insensitive)')
    .option('--json', 'print {alerts: [...]} as JSON')
    .option('--xlsx <file>', 'with --db: also write the alerts and their decisions as an XLSX workbook (never overwrites)')
    .action(async (args: HistoryArgs) => {
      if (args.xlsx !== undefined && args.pg !== undefined) throw new CliError('--xlsx is for --db (the local trail)', 2)
      if (args.xlsx !== undefined && existsSync(args.xlsx)) throw new CliError(`--xlsx ${args.xlsx} exists already`, 2)
      if ((args.db === undefined) === (args.pg === undefined)) throw new CliError('history needs exactly one of --db FILE or --pg URL', 2)
      if (args.workstation !== undefined && args.pg === undefined) throw new CliError('--workstation needs --pg URL', 2)
      if (args.from !== undefined && args.to !== undefined && args.from > args.to) throw new CliError(`--from ${args.from} is after --to ${args.to}`, 2)
      const q: AlertHistoryQuery = {
        ...(args.from !== undefined ? { marketFrom: args.from } : {}),
        ...(args.to !== undefined ? { marketTo: args.to } : {}),
        ...(args.wallFrom !== undefined ? { wallFrom: args.wallFrom } : {}),
        ...(args.wallTo !== undefined ? { wallTo: args.wallTo } : {}),
        ...(args.book !== undefined ? { book: args.book } : {}),
        ...(args.severity !== undefined ? { severity: args.severity } : {}),
        ...(args.rule !== undefined ? { rule: args.rule } : {}),
        ...(args.actor !== undefined ? { actor: args.actor } : {}),
        ...(args.state !== undefined ? { state: args.state as AlertHistoryState } : {}),
        ...(args.overridden ? { overridden: true } : {}),
        ...(args.text !== undefined ? { text: args.text } : {}),
      }
      if (args.pg !== undefined) {
        const client = await connectPg(args.pg, { applicationName: 'riskdesk-history' })
        try {
          const alerts: PgAlertHistoryRow[] = []
          try {
            for await (const a of allPgAlertHistory(client, { ...q, ...(args.workstation !== undefined ? { workstation: args.workstation } : {}) })) alerts.push(a)
          } catch (err) {
            if (err instanceof RangeError) throw new CliError(err.message, 2)
            throw err
          }
          if (args.json) io.out(JSON.stringify({ alerts }))
          else {
            io.out(`${alerts.length} alert${alerts.length === 1 ? '' : 's'} across the desk`)
            for (const a of alerts) io.out(`${a.workstation}  ${describe(a)}`)
          }
        } finally {
          await client.end().catch(() => undefined)
        }
        return
      }
      const db = openDatabase(args.db as string, { readonly: true })
      try {
        let alerts: AlertHistoryRow[]
        try {
          alerts = [...new AlertHistory(db).all(q)]
        } catch (err) {
          if (err instanceof RangeError) throw new CliError(err.message, 2)
          throw err
        }
        if (args.xlsx !== undefined) writeFileSync(args.xlsx, await historyXlsx(alerts), { flag: 'wx' })
        if (args.json) io.out(JSON.stringify({ alerts }))
        else {
          io.out(`${alerts.length} alert${alerts.length === 1 ? '' : 's'}`)
          for (const a of alerts) io.out(describe(a))
        }
      } finally {
        closeDatabase(db)
      }
    })
}

const figure = (v: number | null, rule: string): string =>
  v === null ? '?' : rule === 'positionWeight' ? `${(v * 100).toFixed(1)} %` : rule === 'daysToLiquidate' ? `${v.toFixed(2)} days` : Math.round(v).toLocaleString('en-US')

/** One plain line per alert: market date, severity, label, value against limit, state, trader, then what was done. */
function describe(a: AlertHistoryRow): string {
  const ratio = a.value !== null && a.limit !== null && a.limit > 0 ? ` (${Math.round((a.value / a.limit) * 100)} %)` : ''
  const reading = `${a.label} ${figure(a.value, a.rule)} ${a.value !== null && a.limit !== null && a.value <= a.limit ? '<=' : '>'} limit ${figure(a.limit, a.rule)}${ratio}`
  const escalated = a.escalations.map((e) => `${e.from} -> ${e.to} on ${e.marketDate ?? '?'}`).join('; ')
  const actions = a.actions.map((x) => `${x.id} ${x.state}${x.decisions.at(-1)?.reason ? ` (${x.decisions.at(-1)?.reason})` : ''}`).join('; ')
  const overrides = a.overrides.map((o) => `${o.kind} by ${o.actor}${o.reason ? `: ${o.reason}` : ''}`).join('; ')
  const notes = [...a.snoozes.map((n) => `snoozed by ${n.actor}: ${n.reason ?? ''}`), ...a.notes.map((n) => `${n.actor}: ${n.text}`)].join('; ')
  return [
    a.marketDate ?? '----------',
    a.severity.padEnd(8),
    a.id,
    reading,
    a.state,
    a.actor,
    escalated && `escalated ${escalated}`,
    actions && `actions: ${actions}`,
    overrides && `overrides: ${overrides}`,
    notes && `notes: ${notes}`,
  ]
    .filter((s) => s !== '')
    .join('  ')
}
