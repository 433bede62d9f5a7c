import type { Command } from 'commander'
import { closeDatabase, openDatabase } from '../../audit/db'
import { writeEvents } from '../../audit/export'
import { verifyChain } from '../../audit/verify'
import { CliError } from '../cli-error'
import type { CliIo } from '../io'
import { isoDate } from '../options'

export function registerAuditCommand(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('the tamper-evident audit trail')
  audit
    .command('verify')
    .description('recompute the hash chain; names the first bad row')
    .requiredOption('--db <file>', 'audit database')
    .option('--json', 'print the result as JSON')
    .action((args: { db: string; json?: boolean }) => {
      const db = openDatabase(args.db, { readonly: true })
      try {
        const result = verifyChain(db)
        if (args.json) io.out(JSON.stringify(result))
        else if (result.ok) io.out(`OK: ${result.rows} events, chain intact, head seq ${result.headSeq} ${result.headHash}`)
        if (!result.ok) throw new CliError(`audit trail ${args.db} FAILED verification at seq ${result.firstBadSeq}: ${result.reason}`, 1)
      } finally {
        closeDatabase(db)
      }
    })
  audit
    .command('export')
    .description('export events (inclusive UTC days on the event time)')
    .requiredOption('--db <file>', 'audit database')
    .option('--from <date>', 'first day YYYY-MM-DD', isoDate)
    .option('--to <date>', 'last day YYYY-MM-DD', isoDate)
    .requiredOption('--format <format>', 'csv or json')
    .action((args: { db: string; from?: string; to?: string; format: string }) => {
      if (args.format !== 'csv' && args.format !== 'json') throw new CliError(`--format must be csv or json, got "${args.format}"`, 2)
      const db = openDatabase(args.db, { readonly: true })
      try {
        writeEvents(db, { from: args.from, to: args.to, format: args.format }, (chunk) => io.write(chunk))
      } finally {
        closeDatabase(db)
      }
    })
}
