/**
 * Issue #12, the desk loop at scale, on the benchmark books (bench/lib/books.ts: real S&P 500 returns, W = 2,520):
 *
 * a. Session start: `new DeskSession(...)` (book valuation, the live risk engine's initial state, feed checks, the
 *    monitors' regime fit, the first frame) at 1,000 x 2,520 and 2,000 x 2,520, median of a few runs; and the
 *    off-thread start (src-main/compute/risk-state-task.ts): the initial risk state built on the compute pool while
 *    the desk's thread keeps serving, reported as wall time, time on the desk's thread and the longest stall of the
 *    desk's event loop; and what the builder moves, timed on the desk's thread (valuation and window alignment, the
 *    engine's initial state, the regime fit), from which the desk-thread time of a session opened through the builder
 *    is estimated (the builder's desk-thread time plus the rest of the synchronous start).
 * b. One market day at 1,000 x 2,520, for the 30 market days before the last date of the data (one tick per position
 *    per day): "day roll plus monitors" = IncrementalRisk.rollDay + the day's risk state (VaR/ES, σ, Euler
 *    components, buildRiskState) + DeskMonitors.day, timed step by step on a twin of the session's engine; and the
 *    session's whole `applyDay` with no audit sink (the compute of tick-to-alert: ticks validated, screened and
 *    applied, roll, risk state, monitors, limits, alerts), whose p99 is the tick-to-alert compute. The durable write
 *    is reported separately; so is the tick guard's share (TickGuard.screen of the day's ticks on a twin guard: the
 *    suspect-tick screen, O(W) per tick). Each captured frame's audit entries appended again through the desk's audit log
 *    (openDeskAuditLog: schemas, hash chain, checkpoints) to a file database in WAL with synchronous = FULL.
 * d. Peak memory: a child process loads the market, builds the 2,000 x 2,520 book, starts the session and applies
 *    20 market days; its maximum resident set size (getrusage) is the figure.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { LimitsSchema } from '@shared/domain/limits'
import { closeDatabase, openDatabase } from '../src-main/audit/db'
import { openDeskAuditLog } from '../src-main/audit/desk-audit-log'
import { AuditLog } from '../src-main/audit/event-log'
import type { AuditEntry, AuditSink } from '../src-main/desk/audit-sink'
import { DeskMonitors } from '../src-main/desk/desk-monitors'
import { DeskSession } from '../src-main/desk/desk-session'
import { TickGuard } from '../src-main/desk/tick-guard'
import { openLiveBook } from '../src-main/desk/live-book'
import { buildRiskState } from '../src-main/desk/risk-state-builder'
import { createComputePool } from '../src-main/compute/compute-pool'
import { buildRiskStateOnPool } from '../src-main/compute/risk-state-pool'
import { createReplayFeed } from '../src-main/market/feeds/replay-feed'
import { IncrementalRisk } from '../src-main/engine/incremental-risk'
import { fitRegimeHmm } from '../src-main/engine/regime-hmm'
import { regimeProxyReturns } from '../src-main/desk/regime-tracker'
import { valueBook } from '../src-main/risk/book-valuation'
import type { DayBatch } from '../src-main/market/feeds/feed'
import { dayBefore } from '../src-main/market/iso-dates'
import type { MarketContext } from '../src-main/market/market-context'
import { DEFAULT_PARTICIPATION } from '../src-main/engine/liquidity'
import { BENCH_CONFIDENCE, makeBenchBook, type BenchBook, type BookSpec } from './lib/books'
import { loadBenchMarket } from './lib/market'
import { benchArgs, cpuShare, log, writeResult } from './lib/output'
import { keep, nowMs, summarize } from './lib/stats'

const W = 2520
const SPECS: readonly BookSpec[] = [
  { id: 'n1000_w2520', positions: 1000, window: W, seed: 1000_2520 },
  { id: 'n2000_w2520', positions: 2000, window: W, seed: 2000_2520 },
]
const DAYS = 20
const RSS_DAYS = 5
const OUT_OF_REACH = 1e15
/** The VaR limit as a fraction of the opening VaR: the first day raises the VaR alert (then no repeats). */
const LIMIT_FRACTION = 0.5

const args = benchArgs()
const rssChild = process.argv.includes('--rss-child')

function limitsFor(varLimit: number): ReturnType<typeof LimitsSchema.parse> {
  return LimitsSchema.parse({ varLimit, maxLossPerPosition: OUT_OF_REACH, maxPositionWeight: 1, maxDaysToLiquidate: OUT_OF_REACH })
}

function session(bb: BenchBook, start: string, varLimit: number, audit: AuditSink | null): DeskSession {
  return new DeskSession({ book: bb.book, limits: limitsFor(varLimit), market: bb.market, start, window: W, confidence: BENCH_CONFIDENCE, audit, user: 'bench' })
}

/** The market dates of the last `days` days of the data (the replay days), and the first of them. */
function lastDays(market: MarketContext, symbols: readonly string[], days: number): { start: string; batches: DayBatch[] } {
  const asof = market.store.lastDate() as string
  const spy = market.store.get('SPY') ?? market.store.get(symbols[0]!)!
  const k = spy.dates.lastIndexOf(asof)
  const start = spy.dates[Math.max(0, k - days + 1)]!
  const feed = createReplayFeed(market.store, symbols, start, asof)
  const batches: DayBatch[] = []
  for (let b = feed.next(); b !== null; b = feed.next()) batches.push(b)
  return { start, batches }
}

/** Keeps every frame's entries (the session's audit sink), without writing. */
class CapturingSink implements AuditSink {
  readonly frames: (readonly AuditEntry[])[] = []
  appendMany(entries: readonly AuditEntry[]): unknown {
    this.frames.push(entries)
    return undefined
  }
}

async function sessionStart(market: MarketContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  const pool = createComputePool({ threads: 1 })
  try {
    for (const spec of SPECS) {
      const bb = makeBenchBook(market, spec)
      const runs = args.quick ? 1 : spec.positions > 1000 ? 2 : 3
      const construct: number[] = []
      let priced = 0
      for (let k = 0; k < runs + 1; k++) {
        const t0 = nowMs()
        const s = session(bb, bb.asof, OUT_OF_REACH, null)
        const ms = nowMs() - t0
        priced = s.currentRisk()?.positions.length ?? 0
        if (k > 0) construct.push(ms)
      }
      log(`session start ${spec.id}: median ${summarize(construct).median.toFixed(1)} ms (${priced} factors priced)`)

      // What the off-thread start moves to the pool, timed on this thread: valuation + alignment, engine state, regime fit
      const before = dayBefore(bb.asof)
      const parts = { valueBook: [] as number[], engineState: [] as number[], regimeFit: [] as number[] }
      for (let k = 0; k < runs; k++) {
        const p0 = nowMs()
        const val = valueBook(bb.book, bb.market, before, W)
        const p1 = nowMs()
        const engine = new IncrementalRisk({ returns: val.mw.returns, W, N: val.M, values: Float64Array.from(val.dollarDelta) })
        const p2 = nowMs()
        // as RegimeTracker.start: SPY's returns, else (the shared S&P 500 file has no SPY) the book's scenario P&L
        const proxy = regimeProxyReturns(bb.market.store, val.mw.asof)
        keep(fitRegimeHmm('x' in proxy ? proxy.x : engine.scenarioPnL()))
        const p3 = nowMs()
        parts.valueBook.push(p1 - p0)
        parts.engineState.push(p2 - p1)
        parts.regimeFit.push(p3 - p2)
      }
      // Off the desk's thread: the initial risk state on the pool; the desk's loop is sampled meanwhile.
      const offWall: number[] = []
      const offStall: number[] = []
      const offMain: number[] = []
      for (let k = 0; k < runs + 1; k++) {
        const h = monitorEventLoopDelay({ resolution: 1 })
        h.enable()
        await new Promise((r) => setTimeout(r, 20)) // the sampler's timer is armed before the build starts
        const t0 = nowMs()
        const built = await buildRiskStateOnPool(pool, { book: bb.book, market: bb.market, asof: before, window: W, start: bb.asof })
        const wall = nowMs() - t0
        h.disable()
        if (k === 0) continue
        offWall.push(wall)
        offMain.push(built.timings.mainThreadMs)
        offStall.push(h.max / 1e6)
      }
      log(`  off-thread initial risk state: wall median ${summarize(offWall).median.toFixed(1)} ms, desk thread ${summarize(offMain).median.toFixed(1)} ms, longest loop stall ${summarize(offStall).median.toFixed(1)} ms`)
      const median = (a: number[]): number => summarize(a).median
      // a session opened through the builder keeps the rest of its construction (feed checks' window copy, monitors,
      // first frame) on the desk's thread: estimated as the synchronous start minus what the builder moves
      const restOfSession = Math.max(0, median(construct) - median(parts.valueBook) - median(parts.engineState) - median(parts.regimeFit))
      out[spec.id] = {
        N: spec.positions,
        W,
        priced,
        sessionConstruct: summarize(construct),
        parts: { valueBook: summarize(parts.valueBook), engineState: summarize(parts.engineState), regimeFit: summarize(parts.regimeFit), restOfSessionEstimate: restOfSession },
        deskThreadWithBuilderEstimate: median(offMain) + restOfSession,
        offThread: { wall: summarize(offWall), deskThread: summarize(offMain), loopStall: summarize(offStall) },
      }
    }
  } finally {
    await pool.close()
  }
  return out
}

function oneDay(market: MarketContext): Record<string, unknown> {
  const spec = SPECS[0]!
  const bb = makeBenchBook(market, spec)
  const symbols = bb.book.positions.map((p) => p.symbol)
  const { start, batches } = lastDays(bb.market, symbols, args.quick ? 5 : DAYS)

  // the twin engine: rollDay + risk state + monitors, step by step
  const live = openLiveBook(bb.book, bb.market, dayBefore(start), W, start)
  const { risk, state } = live
  const first = buildRiskState(live.val.mw.asof, risk, state, BENCH_CONFIDENCE, DEFAULT_PARTICIPATION, live.layout)
  const monitors = new DeskMonitors({ market: bb.market, asof: live.val.mw.asof, windowDates: live.val.mw.dates, risk, book: state, initialVaR: first.var.historical })
  const guard = new TickGuard({ symbols: state.symbols, sectors: state.sector, returns: live.val.mw.returns, W, market: { store: bb.market.store, sectors: bb.market.sectors } })
  const screen: number[] = []
  const roll: number[] = []
  const riskState: number[] = []
  const monitorDay: number[] = []
  const dayTotal: number[] = []
  const row = new Float64Array(risk.N)
  for (const batch of batches) {
    row.fill(0)
    const valid = batch.ticks.flatMap((tick) => {
      const i = state.index.get(tick.symbol)
      return i === undefined ? [] : [{ tick, i }]
    })
    const g0 = nowMs()
    guard.screen(batch.date, valid, state)
    screen.push(nowMs() - g0)
    for (const t of batch.ticks) {
      const i = state.index.get(t.symbol)
      if (i === undefined) continue
      row[i] = state.applyTick(i, t.date, t.close, t.adjClose, t.volume)
      risk.setValue(i, state.value(i))
    }
    guard.rollDay(row)
    const t0 = nowMs()
    risk.rollDay(row)
    const t1 = nowMs()
    const rs = buildRiskState(batch.date, risk, state, BENCH_CONFIDENCE, DEFAULT_PARTICIPATION, live.layout)
    const t2 = nowMs()
    monitors.day(batch.date, { var: rs.var.historical, pnl: rs.net - first.net })
    const t3 = nowMs()
    roll.push(t1 - t0)
    riskState.push(t2 - t1)
    monitorDay.push(t3 - t2)
    dayTotal.push(t3 - t0)
  }
  log(`one day ${spec.id}: roll + risk state + monitors median ${summarize(dayTotal).median.toFixed(2)} ms, p99 ${summarize(dayTotal).p99.toFixed(2)} ms`)

  // the session's whole day, no audit sink: the compute of tick-to-alert
  const probe = session(bb, start, OUT_OF_REACH, null)
  const varLimit = LIMIT_FRACTION * (probe.currentRisk()?.var.historical ?? NaN)
  const capture = new CapturingSink()
  const s = session(bb, start, varLimit, capture)
  let alerts = 0
  s.on((e) => {
    if (e.type === 'alert' && e.change === 'raised') alerts++
  })
  const applyDay: number[] = []
  for (const batch of batches) {
    const t0 = nowMs()
    s.applyDay(batch)
    applyDay.push(nowMs() - t0)
  }
  if (alerts === 0) throw new Error(`desk-loop ${spec.id}: no alert raised over ${batches.length} days (limit ${varLimit})`)
  log(`  applyDay (compute, no write) median ${summarize(applyDay).median.toFixed(2)} ms, p99 ${summarize(applyDay).p99.toFixed(2)} ms; ${alerts} alert(s)`)

  // the durable write of each captured frame, through the desk's audit log
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bench-loop-'))
  const write: number[] = []
  let writer = 'openDeskAuditLog (schemas, hash chain, checkpoints)'
  let events = 0
  try {
    const db = openDatabase(join(dir, 'loop.db'))
    const pragmas = { journalMode: db.pragma('journal_mode', { simple: true }), synchronous: db.pragma('synchronous', { simple: true }) }
    let logw: AuditLog
    try {
      logw = openDeskAuditLog(db, { keyDir: join(dir, 'keys') })
      logw.appendMany(capture.frames[0] ?? [])
    } catch (e) {
      writer = `plain AuditLog (the desk log refused a captured frame: ${(e as Error).message})`
      logw = new AuditLog(db)
    }
    const frames = capture.frames.filter((f) => f.length > 0)
    for (let rep = 0; rep < (args.quick ? 1 : 10); rep++) {
      for (const f of frames) {
        const t0 = nowMs()
        logw.appendMany(f)
        write.push(nowMs() - t0)
        events += f.length
      }
    }
    closeDatabase(db)
    log(`  durable write of a frame (${writer}) median ${summarize(write).median.toFixed(2)} ms, p99 ${summarize(write).p99.toFixed(2)} ms`)
    return {
      N: spec.positions,
      W,
      start,
      days: batches.length,
      ticksPerDay: summarize(batches.map((b) => b.ticks.length)).median,
      dayRollPlusMonitors: { total: summarize(dayTotal), rollDay: summarize(roll), riskState: summarize(riskState), monitors: summarize(monitorDay) },
      applyDayCompute: summarize(applyDay),
      tickGuardScreen: summarize(screen),
      alertsRaised: alerts,
      durableWrite: { writer, pragmas, frames: write.length, eventsPerFrame: events / Math.max(1, write.length), ms: summarize(write) },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Child mode: one 2,000 x 2,520 desk for RSS_DAYS days; writes its peak RSS. */
function rssRun(): void {
  const t0 = nowMs()
  const { market } = loadBenchMarket()
  const afterMarket = process.memoryUsage().rss
  const spec = SPECS[1]!
  const bb = makeBenchBook(market, spec)
  const symbols = bb.book.positions.map((p) => p.symbol)
  const { start, batches } = lastDays(bb.market, symbols, RSS_DAYS)
  const s = session(bb, start, OUT_OF_REACH, null)
  for (const b of batches) s.applyDay(b)
  const ru = process.resourceUsage()
  writeResult(args.resultFile, {
    bench: 'desk-loop-rss',
    N: spec.positions,
    W,
    days: batches.length,
    maxRssMB: ru.maxRSS / 1024,
    rssAfterMarketMB: afterMarket / 2 ** 20,
    rssEndMB: process.memoryUsage().rss / 2 ** 20,
    seconds: (nowMs() - t0) / 1000,
    frames: s.snapshot().frames.length,
  })
}

function peakMemory(): Record<string, unknown> {
  const file = join(tmpdir(), `riskdesk-bench-rss-${process.pid}.json`)
  const r = spawnSync(process.execPath, [__filename, file, '--rss-child'], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.status !== 0) throw new Error(`desk-loop: the peak-memory child failed (exit ${r.status ?? r.signal})`)
  const res = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  rmSync(file, { force: true })
  log(`peak memory of a 2,000 x 2,520 desk: ${Number(res.maxRssMB).toFixed(0)} MB (after the market load ${Number(res.rssAfterMarketMB).toFixed(0)} MB)`)
  return res
}

async function main(): Promise<void> {
  if (rssChild) {
    rssRun()
    return
  }
  const { market } = loadBenchMarket()
  const start = await sessionStart(market)
  const day = oneDay(market)
  // this process's share of a core so far (the peak-memory child below only makes it wait)
  const cpuShareLoop = cpuShare()
  const memory = peakMemory()
  writeResult(args.resultFile, { bench: 'desk-loop', confidence: BENCH_CONFIDENCE, cpuShareLoop, sessionStart: start, oneDay: day, peakMemory: memory })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
