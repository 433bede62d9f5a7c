/**
 * The outbox syncer: copies a workstation's local audit trail to the desk's PostgreSQL, for `riskdesk sync` (one
 * pass) and for the background sync of the desk (`start()` / `stop()`).
 *
 * Delivery: at least once, de-duplicated by the server, so exactly once in effect. Each pass starts by asking the
 * SERVER for this installation's highest replicated seq and hash (the server is the source of truth; nothing is
 * remembered locally, so a syncer killed at any instant, even between the server's commit and the reply, resumes
 * correctly). It then checks that the local row at that seq has the same hash, and sends the rows after it in
 * batches, each one INSERT statement. A batch that was committed but whose reply was lost is sent again after the
 * restart and skipped by the server (same seq, same hash).
 *
 * Forks: when the local hash at the server's head differs from the server's, the local trail was rewritten after it
 * was replicated. The syncer finds the first differing seq (binary search), offers that local row once so the
 * server records the conflict (riskdesk.conflicts, visible to the desk head), and stops with state `forked`: it never
 * sends a rewritten history, and the server never overwrites what it holds.
 *
 * Errors are kept in the status (`lastError`) and retried with exponential back-off by the background loop; a
 * refused batch leaves nothing on the server.
 */
import type { Database } from 'better-sqlite3'
import type pg from 'pg'
import { LocalOutbox, type OutboxRow } from './local-outbox'
import { connectPg, redactPgUrl, sqlState } from './pg-connection'
import { PG_ERRORS } from './pg-migrations'
import { firstDivergence, insertBatch, serverHead } from './server-chain'

/** Where the syncer stands. */
export type SyncState = 'idle' | 'caught-up' | 'offline' | 'error' | 'forked' | 'stopped'

/** What the desk shows (and audits when `state` or `lastError` changes). */
export interface SyncStatus {
  readonly state: SyncState
  readonly installationId: string
  /** highest seq the server confirmed for this installation; null before the first contact. */
  readonly lastReplicatedSeq: number | null
  /** local head seq when last looked at. */
  readonly localSeq: number
  /** local events not yet confirmed by the server (localSeq - lastReplicatedSeq); null before the first contact. */
  readonly lag: number | null
  /** one line, password-free; null after a successful pass. */
  readonly lastError: string | null
  /** ISO time of the last pass that reached the server. */
  readonly lastContactAt: string | null
  /** the first seq where the local trail differs from the replicated one (state `forked`). */
  readonly forkSeq: number | null
}

/** Counts of one `syncOnce` pass. */
export interface SyncPassResult {
  readonly sent: number
  readonly inserted: number
  /** rows the server already held with the same hash (a repeated delivery). */
  readonly duplicates: number
  readonly batches: number
  readonly status: SyncStatus
}

/** Options of `OutboxSyncer`. */
export interface OutboxSyncerOptions {
  /** the local database (from `openDatabase`); only read. */
  readonly db: Database
  /** the installation id of that database (audit/installation.ts). */
  readonly installationId: string
  /** `postgres://...` URL of the desk's PostgreSQL, as this workstation's login role. */
  readonly pgUrl: string
  /** rows per INSERT; default 2 000 (see docs/PERFORMANCE.md for the measurement). */
  readonly batchSize?: number
  /** background loop: ms between passes when caught up; default 2 000. */
  readonly intervalMs?: number
  /** background loop: longest back-off after errors; default 60 000. */
  readonly maxBackoffMs?: number
  /** called when `state`, `lastError` or `forkSeq` changes (not on every replicated seq). */
  readonly onStatusChange?: (status: SyncStatus, previous: SyncStatus) => void
  /** clock; default wall clock. */
  readonly now?: () => Date
}

/** Default rows per INSERT statement. */
export const DEFAULT_SYNC_BATCH = 2_000

/** Copies one local trail to PostgreSQL; see the module header. */
export class OutboxSyncer {
  private readonly outbox: LocalOutbox
  private readonly batchSize: number
  private readonly intervalMs: number
  private readonly maxBackoffMs: number
  private readonly now: () => Date
  private client: pg.Client | null = null
  private current: SyncStatus
  private inFlight: Promise<SyncPassResult> | null = null
  private timer: NodeJS.Timeout | null = null
  private running = false
  private failures = 0

  constructor(private readonly opts: OutboxSyncerOptions) {
    const batch = opts.batchSize ?? DEFAULT_SYNC_BATCH
    if (!Number.isInteger(batch) || batch < 1 || batch > 50_000) throw new RangeError(`batchSize must be an integer in 1..50000, got ${batch}`)
    this.batchSize = batch
    this.intervalMs = opts.intervalMs ?? 2_000
    this.maxBackoffMs = opts.maxBackoffMs ?? 60_000
    this.now = opts.now ?? (() => new Date())
    this.outbox = new LocalOutbox(opts.db)
    this.current = {
      state: 'idle',
      installationId: opts.installationId,
      lastReplicatedSeq: null,
      localSeq: this.outbox.head().seq,
      lag: null,
      lastError: null,
      lastContactAt: null,
      forkSeq: null,
    }
  }

  /** The current status (a snapshot). */
  status(): SyncStatus {
    return this.current
  }

  /**
   * One pass: connect if needed, find where the server stands, check the local trail still agrees with it, then send
   * every newer local event in batches until caught up. Concurrent calls share one pass.
   *
   * @returns counts and the status after the pass. Never throws: failures are in `status.lastError` with state
   *   `offline` (server unreachable or connection lost), `error` (refused) or `forked`.
   */
  syncOnce(): Promise<SyncPassResult> {
    this.inFlight ??= this.pass().finally(() => {
      this.inFlight = null
    })
    return this.inFlight
  }

  /** Start the background loop (idempotent): a pass now, then every `intervalMs`, backing off after failures. */
  start(): void {
    if (this.running) return
    this.running = true
    this.schedule(0)
  }

  /** Stop the background loop, wait for a pass in flight, close the connection. */
  async stop(): Promise<void> {
    this.running = false
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    await this.inFlight?.catch(() => undefined)
    await this.disconnect()
    this.update({ state: 'stopped' })
  }

  private schedule(delayMs: number): void {
    if (!this.running) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.syncOnce().then((r) => {
        const ok = r.status.state === 'caught-up'
        this.failures = ok ? 0 : this.failures + 1
        // Forks are not cured by retrying quickly; errors and lost connections back off exponentially.
        const delay = ok ? this.intervalMs : Math.min(this.maxBackoffMs, this.intervalMs * 2 ** Math.min(this.failures, 10))
        this.schedule(delay)
      })
    }, delayMs)
    this.timer.unref?.()
  }

  private async pass(): Promise<SyncPassResult> {
    let sent = 0
    let inserted = 0
    let batches = 0
    try {
      this.update({ localSeq: this.outbox.head().seq })
      const client = await this.connection()
      const id = this.opts.installationId
      let head = await serverHead(client, id)
      this.contact(head.seq)
      if (head.seq > 0) {
        const local = this.outbox.row(head.seq)
        if (local === undefined) {
          const localSeq = this.outbox.head().seq
          return this.fail(
            'forked',
            `the local trail ends at seq ${localSeq} but seq 1..${head.seq} were already replicated: this database was replaced, truncated or restored from an older copy`,
            { forkSeq: localSeq + 1 },
          )
        }
        if (local.hash !== head.hash) return this.fork(client, head.seq)
      }
      for (;;) {
        const rows = this.outbox.rowsAfter(head.seq, this.batchSize)
        if (rows.length === 0) break
        const n = await insertBatch(client, id, rows)
        batches += 1
        sent += rows.length
        inserted += n
        if (n === rows.length) {
          const last = rows[rows.length - 1] as OutboxRow
          head = { seq: last.seq, hash: last.hash }
        } else {
          // Someone else (a predecessor's late commit) or a conflict: ask the server again and re-check.
          head = await serverHead(client, id)
          const local = head.seq > 0 ? this.outbox.row(head.seq) : undefined
          if (head.seq > 0 && local?.hash !== head.hash) return this.fork(client, head.seq)
        }
        this.contact(head.seq)
      }
      this.failures = 0
      this.update({ state: 'caught-up', lastError: null })
    } catch (err) {
      return this.failed(err, { sent, inserted, batches })
    }
    return { sent, inserted, duplicates: sent - inserted, batches, status: this.current }
  }

  private async fork(client: pg.Client, differsAt: number): Promise<SyncPassResult> {
    const id = this.opts.installationId
    const seq = await firstDivergence(client, id, differsAt, (s) => this.outbox.row(s)?.hash)
    const local = this.outbox.row(seq)
    // Offer the diverging local row once: the server records it in riskdesk.conflicts and keeps its own row.
    if (local !== undefined) {
      try {
        await insertBatch(client, id, [local])
      } catch (err) {
        if (sqlState(err) !== PG_ERRORS.hashMismatch) throw err
        // The local row does not even match its own hash: nothing valid to offer; the message below still names it.
      }
    }
    return this.fail(
      'forked',
      `the local trail differs from the replicated copy from seq ${seq} on (a rewrite of events already replicated); the server kept its copy and recorded a conflict; run riskdesk audit verify --pg`,
      { forkSeq: seq },
    )
  }

  private async connection(): Promise<pg.Client> {
    this.client ??= await connectPg(this.opts.pgUrl, { applicationName: `riskdesk-sync ${this.opts.installationId}` })
    return this.client
  }

  private async disconnect(): Promise<void> {
    const c = this.client
    this.client = null
    await c?.end().catch(() => undefined)
  }

  private contact(serverSeq: number): void {
    const localSeq = this.outbox.head().seq
    this.update({ lastReplicatedSeq: serverSeq, localSeq, lag: Math.max(0, localSeq - serverSeq), lastContactAt: this.now().toISOString() })
  }

  private fail(state: 'forked' | 'error' | 'offline', message: string, extra: Partial<SyncStatus> = {}): SyncPassResult {
    this.update({ state, lastError: message, ...extra })
    return { sent: 0, inserted: 0, duplicates: 0, batches: 0, status: this.current }
  }

  private async failed(err: unknown, counts: { sent: number; inserted: number; batches: number }): Promise<SyncPassResult> {
    const code = sqlState(err)
    const message = err instanceof Error ? err.message : String(err)
    // A refusal by the schema is about the data; anything else (refused connection, server restart, lost socket,
    // timeout) is about reaching the server: drop the connection and try again later.
    const refusedData = code !== undefined && (code.startsWith('RD') || code === '42501' || code.startsWith('23') || code.startsWith('22'))
    if (!refusedData) await this.disconnect()
    let text: string
    if (code === PG_ERRORS.hashMismatch || code === PG_ERRORS.brokenLink) {
      text = `the server refused the local trail: ${message}; the local chain is damaged, run riskdesk audit verify`
    } else if (code === '42501') {
      text = `the server refused this workstation: ${message} (is its login role registered for installation ${this.opts.installationId}?)`
    } else if (refusedData) {
      text = `the server refused a batch: ${message}`
    } else if (code === '3F000' || code === '42P01') {
      text = `the PostgreSQL database has no RiskDesk schema yet (${message}): an administrator runs riskdesk sync --pg URL --migrate`
    } else {
      text = `PostgreSQL ${redactPgUrl(this.opts.pgUrl)} unreachable or connection lost: ${message}`
    }
    this.update({ state: refusedData || code === '3F000' || code === '42P01' ? 'error' : 'offline', lastError: text })
    return { ...counts, duplicates: counts.sent - counts.inserted, status: this.current }
  }

  private update(patch: Partial<SyncStatus>): void {
    const previous = this.current
    this.current = { ...previous, ...patch }
    const changed = previous.state !== this.current.state || previous.lastError !== this.current.lastError || previous.forkSeq !== this.current.forkSeq
    if (changed && this.opts.onStatusChange !== undefined) {
      try {
        this.opts.onStatusChange(this.current, previous)
      } catch {
        // A listener's failure must not stop replication.
      }
    }
  }
}
