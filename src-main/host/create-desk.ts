import { basename } from 'node:path'
import { closeDatabase, openDatabase } from '../audit/db'
import { readBookFile } from '../books/book-file'
import { readLimitsFile } from '../books/limits-file'
import type { MarketContext } from '../market/market-context'
import { DeskService, type ReplayPlan } from './desk-service'

export interface CreateDeskOptions {
  readonly market: MarketContext
  readonly dbFile: string
  readonly bookFile: string
  readonly limitsFile: string
  readonly user: string
  readonly replay: ReplayPlan
}

/** The default live replay of the desk: the February-April 2020 crash and rebound, five market days per second. */
export const DEFAULT_REPLAY: ReplayPlan = { from: '2020-02-03', to: '2020-04-30', speed: 5, autoplay: false }

/**
 * Composition root shared by Electron and browser mode: opens the audit database, reads the initial book and its
 * limits, and starts the desk service on them. The returned `close` stops the desk and closes the database.
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
  try {
    const service = new DeskService({
      market: opts.market,
      db,
      user: opts.user,
      replay: opts.replay,
      initial: { book: { ...parsed.book, name: parsed.book.name || basename(opts.bookFile).replace(/\.\w+$/, '') }, limits, sourceFile: opts.bookFile },
    })
    return Object.assign(service, {
      async closeAll(): Promise<void> {
        await service.close()
        closeDatabase(db)
      },
    })
  } catch (e) {
    closeDatabase(db)
    throw e
  }
}
