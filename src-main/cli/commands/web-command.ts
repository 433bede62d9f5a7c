import { join } from 'node:path'
import type { Command } from 'commander'
import { createDesk, DEFAULT_REPLAY } from '../../host/create-desk'
import { startWebServer } from '../../transports/web-server'
import { currentUser } from '../actor'
import { assetsDir, findInAncestors } from '../../market/bundled-data'
import { CliError } from '../cli-error'
import { loadCliMarket } from '../cli-market'
import { requireDateInData } from '../data-range'
import type { CliIo } from '../io'
import { limitsPathFor } from '../limits-input'
import { isoDate, speed } from '../options'

interface WebArgs {
  port: string
  book?: string
  limits?: string
  db: string
  from: string
  to: string
  speed: number | 'max'
  play?: boolean
  historyPg?: string
  syncPg?: string
  hold: boolean
  action?: string
  fresh?: boolean
}

/** The built renderer (out/renderer), found above the running bundle. */
function rendererDir(): string {
  const root = findInAncestors(__dirname, join('out', 'renderer', 'index.html')) ?? findInAncestors(process.cwd(), join('out', 'renderer', 'index.html'), 0)
  if (!root) throw new CliError('the renderer is not built: run `npm run build` first')
  return join(root, 'out', 'renderer')
}

export function registerWebCommand(program: Command, io: CliIo): void {
  program
    .command('web')
    .description('the desk in a browser: serves the UI and a WebSocket on 127.0.0.1 only, behind a random token')
    .option('--port <n>', 'TCP port (0 = any free port)', '0')
    .option('--book <file>', 'initial book (default: the bundled demo desk)')
    .option('--limits <file>', 'limits JSON (default: <book>.limits.json)')
    .option('--db <file>', 'audit database', 'riskdesk.db')
    .option('--from <date>', 'replay start', isoDate, DEFAULT_REPLAY.from)
    .option('--to <date>', 'replay end', isoDate, DEFAULT_REPLAY.to)
    .option('--speed <n|max>', 'market days per second', speed, DEFAULT_REPLAY.speed)
    .option('--play', 'start the replay immediately')
    .option('--no-hold', 'play on while a proposal waits (default: the replay holds at a proposal until a decision)')
    .option('--action <kind>', 'kind of every automated action: reduce (least turnover) or hedge (index ETF, minimum variance)')
    .option('--fresh', 'start each book at --from, ignoring where the desk left it on this database')
    .option('--history-pg <url>', "the History tab reads every workstation's trail from the desk's PostgreSQL (a desk-head login)")
    .option('--sync-pg <url>', "replicate this desk's trail to the desk's PostgreSQL in the background (a workstation login)")
    .action(async (args: WebArgs) => {
      const port = Number(args.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0..65535, got "${args.port}"`, 2)
      const book = args.book ?? join(assetsDir(), 'books', 'demo-desk.csv')
      const market = loadCliMarket({})
      requireDateInData('--from', args.from, market, undefined)
      requireDateInData('--to', args.to, market, undefined)
      if (args.from > args.to) throw new CliError(`--from ${args.from} is after --to ${args.to}`, 2)
      for (const [flag, url] of [['--history-pg', args.historyPg], ['--sync-pg', args.syncPg]] as const) {
        if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new CliError(`${flag} must be a postgres:// or postgresql:// URL`, 2)
      }
      if (args.action !== undefined && args.action !== 'reduce' && args.action !== 'hedge') throw new CliError(`--action must be reduce or hedge, got "${args.action}"`, 2)
      const user = currentUser()
      const desk = await createDesk({
        hold: args.hold,
        resume: !args.fresh,
        ...(args.action === undefined ? {} : { actionKind: args.action as 'reduce' | 'hedge' }),
        market,
        dbFile: args.db,
        bookFile: book,
        limitsFile: args.limits ?? limitsPathFor(book),
        user,
        replay: { from: args.from, to: args.to, speed: args.speed, autoplay: Boolean(args.play) },
        ...(args.historyPg === undefined ? {} : { historyPgUrl: args.historyPg }),
        ...(args.syncPg === undefined ? {} : { syncPgUrl: args.syncPg }),
      })
      const server = await startWebServer({ host: desk, rendererDir: rendererDir(), port, actor: user })
      io.out(`RiskDesk is serving on 127.0.0.1 only. Open: ${server.url}`)
      await new Promise<void>((done) => {
        const stop = (): void => {
          void server.close().then(() => desk.closeAll()).then(done)
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
    })
}
