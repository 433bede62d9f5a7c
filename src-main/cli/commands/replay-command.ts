import { resolve } from 'node:path'
import type { Command } from 'commander'
import { openDeskAuditLog } from '../../audit/desk-audit-log'
import { openDatabase, closeDatabase } from '../../audit/db'
import { verifyChain } from '../../audit/verify'
import type { DeskSession } from '../../desk/desk-session'
import { assembleLiveDesk } from '../../desk/live-desk'
import type { DeskEvent } from '../../desk/desk-events'
import { simulatedFeedFor } from '../../market/feeds/simulated-feed-for'
import { currentUser } from '../actor'
import { ProfileStore } from '../../audit/profile-store'
import { actorFor, type Actor } from '../../desk/roles'
import { loadBookForCli } from '../book-input'
import { CliError } from '../cli-error'
import { requireDateInData } from '../data-range'
import { loadCliMarket } from '../cli-market'
import type { CliIo } from '../io'
import { loadLimitsForCli } from '../limits-input'
import { collect, isoDate, speed } from '../options'
import { describeEvent } from '../format/event-line'

interface ReplayArgs {
  book: string
  from: string
  to: string
  limits?: string
  db: string
  prices?: string[]
  speed: number | 'max'
  policy?: 'propose' | 'auto'
  approveAll?: boolean
  rejectAll?: string
  json?: boolean
  feed: string
  seed: string
  action?: string
  hold: boolean
  as: string
}

export function registerReplayCommand(program: Command, io: CliIo): void {
  program
    .command('replay')
    .description('run the live desk headless over historical prices: risk per day, limits, alerts, actions, audit trail')
    .requiredOption('--book <file>', 'book CSV or JSON')
    .requiredOption('--from <date>', 'first replay date YYYY-MM-DD', isoDate)
    .requiredOption('--to <date>', 'last replay date YYYY-MM-DD', isoDate)
    .option('--limits <file>', 'limits JSON (default: <book>.limits.json beside the book)')
    .option('--db <file>', 'audit database (SQLite, created if missing)', 'riskdesk.db')
    .option('--prices <file>', 'price file(s) instead of the bundled data; repeatable', collect)
    .option('--speed <n|max>', 'market days per second, or max', speed, 'max')
    .option('--policy <policy>', 'action policy: propose (apply when approved) or auto (apply after the grace period unless rejected)')
    .option('--approve-all', 'approve every proposed action')
    .option('--reject-all <reason>', 'reject every proposed action with this reason')
    .option('--action <kind>', 'kind of every automated action: reduce (least turnover) or hedge (index ETF, minimum variance)')
    .option('--no-hold', 'play on while a proposal waits (default: the replay holds at a proposal until a decision)')
    .option('--as <role>', 'who decides with --approve-all/--reject-all: trader, or deskhead (passphrase in RISKDESK_PASSPHRASE, checked against the desk-head profile of the current user in --db)', 'trader')
    .option('--feed <kind>', 'replay (historical prices) or simulated (multivariate normal calibrated to the EWMA covariance before --from)', 'replay')
    .option('--seed <n>', 'seed of the simulated feed', '1')
    .option('--json', 'print one JSON object per line (type: tick, risk, alert, action, override, feed)')
    .action(async (args: ReplayArgs) => {
      if (args.approveAll && args.rejectAll !== undefined) throw new CliError('--approve-all and --reject-all exclude each other', 2)
      if (args.rejectAll !== undefined && args.rejectAll.trim().length < 3) throw new CliError('--reject-all needs a reason of at least 3 characters', 2)
      if (args.policy !== undefined && args.policy !== 'propose' && args.policy !== 'auto') throw new CliError(`--policy must be propose or auto, got "${String(args.policy)}"`, 2)
      if (args.from > args.to) throw new CliError(`--from ${args.from} is after --to ${args.to}`, 2)
      if (args.action !== undefined && args.action !== 'reduce' && args.action !== 'hedge') throw new CliError(`--action must be reduce or hedge, got "${args.action}"`, 2)
      if (args.as !== 'trader' && args.as !== 'deskhead') throw new CliError(`--as must be trader or deskhead, got "${args.as}"`, 2)
      if (args.feed !== 'replay' && args.feed !== 'simulated') throw new CliError(`--feed must be replay or simulated, got "${args.feed}"`, 2)
      const seed = Number(args.seed)
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new CliError(`--seed must be an integer in [0, 4294967295], got "${args.seed}"`, 2)
      const market = loadCliMarket(args)
      if (args.feed === 'replay') {
        requireDateInData('--from', args.from, market, args.prices)
        requireDateInData('--to', args.to, market, args.prices)
      }
      const { book, warnings } = await loadBookForCli(args.book, new Set(market.store.symbols()))
      for (const w of warnings) io.err(w)
      const loaded = loadLimitsForCli(args.book, args.limits)
      const limits = args.policy ? { ...loaded.limits, policy: args.policy } : loaded.limits
      const user = currentUser()

      // a replay of stored history can be run again: no fsync per frame (a crash loses nothing committed; db.ts)
      const db = openDatabase(args.db, { durability: args.feed === 'replay' ? 'at-checkpoint' : 'every-commit' })
      try {
        const actor = args.as === 'deskhead' ? deskHeadActor(new ProfileStore(db), user, args.db) : { name: user, role: 'trader' as const, verified: false }
        const decide = (session: DeskSession): void => {
          const pending = session.pendingAction()
          if (!pending) return
          if (args.approveAll) session.approve(pending.id, actor, 'approved by --approve-all')
          else if (args.rejectAll !== undefined) session.reject(pending.id, actor, args.rejectAll)
        }
        const { session, runner } = assembleLiveDesk({
          book,
          limits,
          market,
          user,
          plan: { from: args.from, to: args.to, speed: args.speed },
          audit: openDeskAuditLog(db),
          clock: 'market-close',
          ...(args.feed === 'simulated' ? { feed: (symbols: readonly string[]) => simulatedFeedFor(market, symbols, args.from, args.to, seed) } : {}),
          decide,
          hold: args.hold,
          ...(args.action === undefined ? {} : { actionKind: args.action as 'reduce' | 'hedge' }),
        })
        const counts = new Map<string, number>()
        let resolveHeld: () => void = () => {}
        const held = new Promise<void>((r) => (resolveHeld = r))
        session.on((e: DeskEvent) => {
          if (e.type === 'feed' && e.status.health === 'holding') resolveHeld()
          const key = e.type === 'alert' || e.type === 'action' || e.type === 'override' ? `${e.type}.${e.change}` : e.type
          counts.set(key, (counts.get(key) ?? 0) + 1)
          if (args.json) io.out(JSON.stringify(e))
          else {
            const line = describeEvent(e)
            if (line !== null) io.out(line)
          }
        })
        session.begin({ mode: 'replay', from: args.from, to: args.to, limitsFile: resolve(loaded.path), bookFile: resolve(args.book), speed: args.speed })
        runner.play()
        // headless, nobody can decide a held proposal: the replay ends there and says how to go on
        await Promise.race([runner.finished(), held])
        const status = runner.status()
        const waiting = status.health === 'holding' ? session.pendingAction() : undefined
        if (waiting) runner.stop()
        session.end({ frames: session.snapshot().frames.length, health: status.health, message: status.message, ...(waiting ? { reason: `held at action ${waiting.id}, awaiting a decision` } : {}) })
        const verdict = verifyChain(db)
        const summary = {
          type: 'summary',
          book: book.name,
          from: args.from,
          to: args.to,
          frames: session.snapshot().frames.length,
          counts: Object.fromEntries(counts),
          heldAt: waiting ? { action: waiting.id, date: waiting.date, hint: 'decide with --approve-all or --reject-all REASON, or play on with --no-hold' } : null,
          db: resolve(args.db),
          audit: verdict,
        }
        if (args.json) io.out(JSON.stringify(summary))
        else {
          io.out('')
          io.out(`${summary.frames} days replayed; ${[...counts].filter(([k]) => k !== 'tick' && k !== 'risk' && k !== 'feed').map(([k, n]) => `${k} ${n}`).join(', ') || 'no alerts'}`)
          if (waiting) io.out(`held at action ${waiting.id} proposed on ${waiting.date}: nobody can decide it here; rerun with --approve-all, --reject-all REASON or --no-hold`)
          io.out(`audit trail ${summary.db}: ${verdict.ok ? `${verdict.rows} events, chain verified, head ${verdict.headHash.slice(0, 16)}…` : `NOT VERIFIED: ${verdict.reason}`}`)
        }
        if (status.health === 'error') throw new CliError(`feed failed: ${status.message ?? 'unknown error'}`)
      } finally {
        closeDatabase(db)
      }
    })
}

/**
 * The desk head deciding in a headless replay: the desk-head profile named as the current user in the database,
 * with the passphrase from RISKDESK_PASSPHRASE checked now (scrypt).
 * @throws CliError when there is no such profile, no passphrase, or the passphrase does not match
 */
function deskHeadActor(profiles: ProfileStore, user: string, dbFile: string): Actor {
  const profile = profiles.get(user)
  if (profile === null || profile.role !== 'desk-head') throw new CliError(`--as deskhead: no desk-head profile named "${user}" in ${dbFile} (create it with riskdesk profile add)`, 2)
  const passphrase = process.env.RISKDESK_PASSPHRASE
  if (passphrase === undefined || passphrase.length === 0) throw new CliError('--as deskhead: set RISKDESK_PASSPHRASE to the desk head\'s passphrase', 2)
  const actor = actorFor(profile, passphrase)
  if (!actor.verified) throw new CliError(`--as deskhead: the passphrase does not match the profile "${user}"`, 2)
  return actor
}
