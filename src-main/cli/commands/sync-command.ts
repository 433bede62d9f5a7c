import { InvalidArgumentError, type Command } from 'commander'
import { closeDatabase, openDatabase } from '../../audit/db'
import { installationIdentity, readInstallation } from '../../audit/installation'
import { OutboxSyncer, DEFAULT_SYNC_BATCH } from '../../replication/outbox-syncer'
import { connectPg, redactPgUrl } from '../../replication/pg-connection'
import { migratePg } from '../../replication/pg-migrate'
import { CliError } from '../cli-error'
import type { CliIo } from '../io'

/** Arguments of `riskdesk sync`. */
export interface SyncArgs {
  db?: string
  pg?: string
  batch?: number
  json?: boolean
  migrate?: boolean
  registerAs?: string
  label?: string
}

function batchSize(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 50_000) throw new InvalidArgumentError(`expected an integer from 1 to 50000, got "${value}"`)
  return n
}

/** The installation id of a database (created on first use, with its signing key, when the trail has none yet). */
function installationIdOf(file: string): string {
  const db = openDatabase(file)
  try {
    return readInstallation(db)?.id ?? installationIdentity(db).id
  } finally {
    closeDatabase(db)
  }
}

/**
 * `riskdesk sync`: one pass of the outbox syncer (every local event not yet on the server, in batches), or the
 * administrator's `--migrate` / `--register-as ROLE`.
 *
 * @throws CliError exit 2 for missing arguments; exit 1 when the server is unreachable, refuses the trail, or the
 *   local trail forked from the replicated copy (the message says which seq).
 */
export async function runSync(args: SyncArgs, io: CliIo): Promise<void> {
  const url = args.pg ?? process.env.RISKDESK_PG_URL
  if (url === undefined || url === '') throw new CliError('sync needs --pg URL (or RISKDESK_PG_URL): postgres://role@host:port/database', 2)

  if (args.migrate || args.registerAs !== undefined) {
    const client = await connectPg(url, { applicationName: 'riskdesk-admin' })
    try {
      if (args.migrate) {
        const r = await migratePg(client)
        io.out(r.applied.length ? `migrated ${redactPgUrl(url)} from schema ${r.fromVersion} to ${r.toVersion}: ${r.applied.join(', ')}` : `schema of ${redactPgUrl(url)} is current (${r.toVersion})`)
      }
      if (args.registerAs !== undefined) {
        if (args.db === undefined) throw new CliError('--register-as needs --db FILE (the workstation database whose installation id to register)', 2)
        const id = installationIdOf(args.db)
        await client.query('SELECT riskdesk.register_workstation($1, $2, $3)', [id, args.registerAs, args.label ?? null])
        io.out(`registered installation ${id} (${args.db}) for login role ${args.registerAs}`)
      }
    } finally {
      await client.end().catch(() => undefined)
    }
    return
  }

  if (args.db === undefined) throw new CliError('sync needs --db FILE (the local audit database to replicate)', 2)
  const installationId = installationIdOf(args.db)
  const db = openDatabase(args.db, { readonly: true, integrityCheck: 'none' })
  const syncer = new OutboxSyncer({ db, installationId, pgUrl: url, batchSize: args.batch ?? DEFAULT_SYNC_BATCH })
  try {
    const r = await syncer.syncOnce()
    const s = r.status
    if (args.json) {
      io.out(JSON.stringify({ installationId, sent: r.sent, inserted: r.inserted, duplicates: r.duplicates, state: s.state, lastReplicatedSeq: s.lastReplicatedSeq, localSeq: s.localSeq, lag: s.lag, forkSeq: s.forkSeq, lastError: s.lastError }))
    } else if (s.state === 'caught-up') {
      io.out(
        `synced ${r.inserted} events (${r.duplicates} already on the server) of installation ${installationId} to ${redactPgUrl(url)}: replicated seq ${s.lastReplicatedSeq}, lag ${s.lag}`,
      )
    }
    if (s.state !== 'caught-up') throw new CliError(`sync of ${args.db} stopped (${s.state}): ${s.lastError ?? 'unknown reason'}`, 1)
  } finally {
    await syncer.stop()
    closeDatabase(db)
  }
}

export function registerSyncCommand(program: Command, io: CliIo): void {
  program
    .command('sync')
    .description('replicate the local audit trail to the desk PostgreSQL (resumable, idempotent); or set the server up')
    .option('--db <file>', 'local audit database')
    .option('--pg <url>', 'postgres://role[:password]@host[:port]/database[?sslmode=verify-full]; default $RISKDESK_PG_URL')
    .option('--batch <n>', `events per INSERT (default ${DEFAULT_SYNC_BATCH})`, batchSize)
    .option('--json', 'print the result as JSON')
    .option('--migrate', 'administrator: create or upgrade the RiskDesk schema on the server')
    .option('--register-as <role>', 'administrator: map the installation of --db to this login role (a member of riskdesk_workstation)')
    .option('--label <text>', 'with --register-as: a label for the desk head (trader, machine)')
    .action((args: SyncArgs) => runSync(args, io))
}
