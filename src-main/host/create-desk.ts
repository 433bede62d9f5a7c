import { basename } from 'node:path'
import { closeDatabase, openDatabase } from '../audit/db'
import { readBookFile } from '../books/book-file'
import { readLimitsFile } from '../books/limits-file'
import { createComputePool, type ComputePool, type ComputePoolOptions } from '../compute/compute-pool'
import type { MarketContext } from '../market/market-context'
import { openPgHistoryReader } from '../replication/pg-history-reader'
import { DeskService, type ReplayPlan } from './desk-service'
import { createDeskSync } from './desk-sync'

export interface CreateDeskOptions {
  readonly market: MarketContext
  readonly dbFile: string
  readonly bookFile: string
  readonly limitsFile: string
  readonly user: string
  readonly replay: ReplayPlan
  /** options of the desk's compute pool (threads, worker file); default: createComputePool's defaults */
  readonly pool?: ComputePoolOptions
  /** the desk head's PostgreSQL URL: the History tab then reads every workstation's replicated trail */
  readonly historyPgUrl?: string
  /** this workstation's login on the desk's PostgreSQL: the trail is replicated in the background, its status audited */
  readonly syncPgUrl?: string
  /** ms between background sync passes when caught up (default 2 000) */
  readonly syncIntervalMs?: number
  /** a replay holds at a proposal until a decision (default true) */
  readonly hold?: boolean
  /** the kind of every automated action (default reduce) */
  readonly actionKind?: 'reduce' | 'hedge'
  /** resume each book where the desk left it on this database (default true) */
  readonly resume?: boolean
}

/** The default live replay of the desk: the February-April 2020 crash and rebound, five market days per second. */
export const DEFAULT_REPLAY: ReplayPlan = { from: '2020-02-03', to: '2020-04-30', speed: 5, autoplay: false }

/**
 * Composition root shared by Electron and browser mode: opens the audit database, reads the initial book and its
 * limits, starts the compute pool (Monte Carlo of `risk:report`) and the desk service on them. `closeAll` stops the
 * desk, then the pool, then closes the database.
 * When the pool cannot start (its built worker file is missing, e.g. running from an incomplete build) the desk still
 * starts, says so on stderr, and simulates Monte Carlo paths in-process (same numbers, on the desk's thread).
 * @throws Error naming the file when the book has rejected rows or the limits are invalid.
 */
export async function createDesk(opts: CreateDeskOptions): Promise<DeskService & { closeAll(): Promise<void> }> {
  const parsed = await readBookFile(opts.bookFile, { knownSymbols: new Set(opts.market.store.symbols()) })
  if (parsed.rejected > 0 || parsed.accepted === 0) {
    const first = parsed.issues.find((i) => i.severity === 'error')
    throw new Error(`book ${opts.bookFile}: ${parsed.rejected} rejected row(s)${first ? `; first: line ${first.line} ${first.field}: ${first.message}` : ''}`)
  }
  const limits = readLimitsFile(opts.limitsFile)
  const db = openDatabase(opts.dbFile)
  const pool = startPool(opts.pool)
  const historyPg = opts.historyPgUrl === undefined ? null : openPgHistoryReader(opts.historyPgUrl)
  try {
    const sync = opts.syncPgUrl === undefined ? null : createDeskSync(db, opts.syncPgUrl, opts.syncIntervalMs === undefined ? {} : { intervalMs: opts.syncIntervalMs })
    const service = new DeskService({
      market: opts.market,
      db,
      user: opts.user,
      replay: opts.replay,
      initial: { book: { ...parsed.book, name: parsed.book.name || basename(opts.bookFile).replace(/\.\w+$/, '') }, limits, sourceFile: opts.bookFile },
      pool,
      historyPg,
      sync,
      ...(opts.hold === undefined ? {} : { hold: opts.hold }),
      ...(opts.actionKind === undefined ? {} : { actionKind: opts.actionKind }),
      ...(opts.resume === undefined ? {} : { resume: opts.resume }),
    })
    sync?.start()
    return Object.assign(service, {
      async closeAll(): Promise<void> {
        // the last status (stopped) is audited while the session is still open
        await sync?.stop()
        await service.close()
        await pool?.close()
        await historyPg?.close()
        closeDatabase(db)
      },
    })
  } catch (e) {
    await pool?.close()
    await historyPg?.close()
    closeDatabase(db)
    throw e
  }
}

/** The desk's pool, or null (with the reason on stderr) when it cannot start. */
function startPool(options: ComputePoolOptions | undefined): ComputePool | null {
  try {
    return createComputePool(options)
  } catch (e) {
    console.error(`compute pool not started (${e instanceof Error ? e.message : String(e)}); risk reports simulate Monte Carlo in-process`)
    return null
  }
}
