/**
 * One workstation's syncer process for fault.test.ts: `riskdesk sync --db FILE --pg URL --json` through the same
 * code as the CLI (runSync), bundled by the test and started with Node. Exit 0 when caught up, 1 otherwise; the
 * test also kills it with SIGKILL at random moments.
 */
import { runSync } from '../../../src-main/cli/commands/sync-command'
import { processIo } from '../../../src-main/cli/io'

const [db, pg, batch] = process.argv.slice(2)
runSync({ db, pg, batch: batch === undefined ? undefined : Number(batch), json: true }, processIo).then(
  () => process.exit(0),
  (err: unknown) => {
    processIo.err(`sync worker: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  },
)
