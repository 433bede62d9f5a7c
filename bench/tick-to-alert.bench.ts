/**
 * Issue #2, item 3: tick-to-alert time with the audit write, and the plain audit append latency.
 *
 * Per run a fresh DeskSession (src-main/desk/desk-session.ts) on a benchmark book, writing to an AuditLog on a temp
 * file database opened with `openDatabase` (WAL, synchronous = FULL: every commit is fsynced). The VaR limit is half
 * the book's opening historical VaR, every other limit out of reach, so the measured day (the last date of the data,
 * one tick per position) raises exactly the VaR alert. Measured: from the `applyDay(batch)` call to the moment the
 * session's listener receives the 'alert' event; the frame's audit transaction has committed before listeners are
 * called, so the time includes N tick validations and updates, rollDay, the snapshot, the limit checks, the hash
 * chain and the fsync. The audit share is timed by wrapping the AuditLog's `appendMany`.
 *
 * Then, on the same database: the latency of one frame transaction, re-appending the alert frame's own entries, and
 * of a one-event frame.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LimitsSchema } from '@shared/domain/limits'
import { closeDatabase, openDatabase } from '../src-main/audit/db'
import { AuditLog } from '../src-main/audit/event-log'
import type { AuditEntry, AuditSink } from '../src-main/desk/audit-sink'
import { DeskSession } from '../src-main/desk/desk-session'
import { createReplayFeed } from '../src-main/market/feeds/replay-feed'
import { BENCH_CONFIDENCE, BOOK_SPECS, makeBenchBook, type BenchBook } from './lib/books'
import { loadBenchMarket } from './lib/market'
import { benchArgs, log, writeResult } from './lib/output'
import { nowMs, summarize, timeRuns } from './lib/stats'

/** The VaR limit as a fraction of the opening VaR: far enough below that one day's move cannot undo the breach. */
const LIMIT_FRACTION = 0.5
const OUT_OF_REACH = 1e15
const APPEND_RUNS = 300

const args = benchArgs()
const { market } = loadBenchMarket()
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bench-'))
const cases: Record<string, unknown> = {}

/** An AuditLog behind the session's sink interface, timing each frame transaction and keeping the last frame. */
class TimedSink implements AuditSink {
  readonly ms: number[] = []
  last: readonly AuditEntry[] = []
  constructor(private readonly log: AuditLog) {}
  appendMany(entries: readonly AuditEntry[]): unknown {
    const t0 = nowMs()
    const out = this.log.appendMany(entries)
    this.ms.push(nowMs() - t0)
    this.last = entries
    return out
  }
}

function sessionFor(bb: BenchBook, varLimit: number, audit: AuditSink | null): DeskSession {
  const limits = LimitsSchema.parse({ varLimit, maxLossPerPosition: OUT_OF_REACH, maxPositionWeight: 1, maxDaysToLiquidate: OUT_OF_REACH })
  return new DeskSession({ book: bb.book, limits, market: bb.market, start: bb.asof, window: bb.spec.window, confidence: BENCH_CONFIDENCE, audit, user: 'bench' })
}

try {
  for (const spec of BOOK_SPECS) {
    const big = spec.window * spec.positions > 1e6
    const warmup = args.quick ? 1 : big ? 1 : 3
    // A fresh session of the large book costs seconds (the O(W N²) initial covariance state), so it gets 5 runs: its
    // "p99" is then close to the maximum.
    const runs = args.quick ? 3 : big ? 5 : 40
    const bb = makeBenchBook(market, spec)
    const symbols = bb.book.positions.map((p) => p.symbol)
    const batch = createReplayFeed(bb.market.store, symbols, bb.asof, bb.asof).next()
    if (batch === null) throw new Error(`${spec.id}: no market day on ${bb.asof}`)

    const probe = sessionFor(bb, OUT_OF_REACH, null)
    const openingVaR = probe.currentRisk()?.var.historical ?? NaN
    const varLimit = LIMIT_FRACTION * openingVaR
    const db = openDatabase(join(dir, `${spec.id}.db`))
    const pragmas = { journalMode: db.pragma('journal_mode', { simple: true }), synchronous: db.pragma('synchronous', { simple: true }) }
    const sink = new TimedSink(new AuditLog(db))
    log(`tick-to-alert ${spec.id}: N = ${bb.book.positions.length}, W = ${spec.window}, ${batch.ticks.length} ticks, ${warmup} warm-up + ${runs} runs`)

    const toAlert: number[] = []
    const applyDay: number[] = []
    const auditInFrame: number[] = []
    const construct: number[] = []
    let frameEntries: readonly AuditEntry[] = []
    for (let k = 0; k < warmup + runs; k++) {
      const c0 = nowMs()
      const session = sessionFor(bb, varLimit, sink)
      const c1 = nowMs()
      session.begin({ bench: spec.id })
      let alertAt = NaN
      session.on((e) => {
        if (e.type === 'alert' && e.change === 'raised' && Number.isNaN(alertAt)) alertAt = nowMs()
      })
      const t0 = nowMs()
      session.applyDay(batch)
      const t1 = nowMs()
      if (Number.isNaN(alertAt)) throw new Error(`${spec.id}: the measured day raised no alert (limit ${varLimit})`)
      if (k < warmup) continue
      construct.push(c1 - c0)
      toAlert.push(alertAt - t0)
      applyDay.push(t1 - t0)
      auditInFrame.push(sink.ms[sink.ms.length - 1] as number)
      frameEntries = sink.last
    }
    log(`  tick-to-alert median ${summarize(toAlert).median.toFixed(2)} ms (audit ${summarize(auditInFrame).median.toFixed(2)} ms)`)

    // Same entries, fresh timestamps (the log stamps entries that carry none), so the payloads are the real ones.
    const fresh = frameEntries.map(({ type, actor, book, payload }) => ({ type, actor, book, payload }))
    const alertFrame = summarize(timeRuns(() => sink.appendMany(fresh), 5, args.quick ? 20 : APPEND_RUNS))
    const oneEvent = { type: 'feed.health', actor: 'bench', book: bb.book.name, payload: { health: 'ok', date: bb.asof } }
    const oneEventFrame = summarize(timeRuns(() => sink.appendMany([oneEvent]), 5, args.quick ? 20 : APPEND_RUNS))
    log(`  audit frame append median ${alertFrame.median.toFixed(2)} ms, one event ${oneEventFrame.median.toFixed(2)} ms`)
    closeDatabase(db)

    cases[spec.id] = {
      N: bb.book.positions.length,
      W: spec.window,
      ticksInDay: batch.ticks.length,
      day: batch.date,
      openingHistoricalVaR: openingVaR,
      varLimit,
      pragmas,
      tickToAlert: summarize(toAlert),
      applyDay: summarize(applyDay),
      auditInFrame: summarize(auditInFrame),
      sessionConstruct: summarize(construct),
      auditAppend: {
        alertFrame: { ...alertFrame, events: fresh.length, types: fresh.map((e) => e.type), payloadBytes: JSON.stringify(fresh.map((e) => e.payload)).length },
        oneEventFrame,
      },
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

writeResult(args.resultFile, { bench: 'tick-to-alert', tmpdir: tmpdir(), cases })
