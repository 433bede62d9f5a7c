import type { Database } from 'better-sqlite3'
import type { z } from 'zod'
import type { InvokeChannel, InvokeResponse, invokeSchemas } from '@shared/api/contract'
import type { DeskSnapshot } from '@shared/domain/desk-snapshot'
import type { Book } from '@shared/domain/book'
import type { Limits } from '@shared/domain/limits'
import type { BooksRepository } from '../../audit/books-repository'
import type { ProfileStore } from '../../audit/profile-store'
import type { AuditLog } from '../../audit/event-log'
import type { DeskSession } from '../../desk/desk-session'
import type { FeedRunner, Speed } from '../../desk/feed-runner'
import type { ComputePool } from '../../compute/compute-pool'
import type { MarketContext } from '../../market/market-context'
import type { PgHistoryReader } from '../../replication/pg-history-reader'
import type { DeskSync } from '../desk-sync'

/** The stretch of market days the desk replays, how fast, and whether it starts on its own. */
export interface ReplayPlan {
  readonly from: string
  readonly to: string
  readonly speed: Speed
  /** start playing as soon as a book is opened */
  readonly autoplay: boolean
}

/** One invoke channel's handler: the parsed request and the acting user in, the response out. */
export type Handler<C extends InvokeChannel> = (
  request: z.infer<(typeof invokeSchemas)[C]['req']>,
  actor: string,
) => InvokeResponse<C> | Promise<InvokeResponse<C>>

/** The handlers of a group of channels (one feature module). */
export type Handlers<C extends InvokeChannel> = { readonly [K in C]: Handler<K> }

/**
 * What a feature's handlers may use of the desk service. The session and runner are read through functions because
 * opening a book replaces them.
 */
export interface HostContext {
  readonly db: Database
  readonly market: MarketContext
  readonly replay: ReplayPlan
  readonly audit: AuditLog
  readonly books: BooksRepository
  /** local profiles (desk heads with their passphrase hash) */
  readonly profiles: ProfileStore
  readonly pool: ComputePool | null
  /** the desk-wide history on PostgreSQL (browser mode `--history-pg`); null: the History tab reads the local trail */
  readonly historyPg: PgHistoryReader | null
  /** the background replication (`--sync-pg`); null when the desk does not replicate */
  readonly sync: DeskSync | null
  session(): DeskSession
  runner(): FeedRunner
  /** starts a fresh desk session on a book (the current one ends) and returns its snapshot */
  open(book: Book, limits: Limits): DeskSnapshot
  /**
   * starts the replay over on the book as opened, from the replay's first date (the current session ends, recorded
   * with who restarted it; open alerts and pending actions stay in the trail, not on the new desk)
   */
  restart(actor: string): DeskSnapshot
  /**
   * checks a response assembled from many modules against the contract before it leaves
   * @throws Error naming the channel and the first mismatching field
   */
  checked<C extends InvokeChannel>(channel: C, value: unknown): InvokeResponse<C>
}
