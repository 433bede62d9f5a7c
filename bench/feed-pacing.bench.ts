/**
 * Issue #12, `--speed max` pacing: how many market days per second FeedRunner can hand to the desk when applying a
 * day costs nothing, i.e. the ceiling its scheduling puts on `riskdesk replay --speed max`. 505 days (2008–2009 has
 * 505 trading days), a feed and an onDay that do no work, median of several replays. Before issue #12 the runner
 * paced 'max' with setTimeout(0), which Node clamps to 1 ms: under 1,000 days/s whatever the desk's speed.
 */
import type { DayBatch, Feed } from '../src-main/market/feeds/feed'
import { FeedRunner } from '../src-main/desk/feed-runner'
import { benchArgs, log, writeResult } from './lib/output'
import { nowMs, summarize } from './lib/stats'

const DAYS = 505
const args = benchArgs()
const runs = args.quick ? 2 : 7

function feed(): Feed {
  let k = 0
  return {
    kind: 'replay',
    next: (): DayBatch | null => (k < DAYS ? { date: `day-${k++}`, ticks: [] } : null),
    remaining: () => DAYS - k,
  }
}

async function main(): Promise<void> {
  const daysPerSecond: number[] = []
  for (let r = 0; r < runs; r++) {
    let applied = 0
    const runner = new FeedRunner({ feed: feed(), from: 'a', to: 'b', speed: 'max', onDay: () => applied++, onStatus: () => {} })
    const t0 = nowMs()
    runner.play()
    await runner.finished()
    const ms = nowMs() - t0
    if (applied !== DAYS) throw new Error(`feed-pacing: applied ${applied} of ${DAYS} days`)
    daysPerSecond.push((DAYS / ms) * 1000)
    log(`replay ${r + 1}/${runs}: ${DAYS} days in ${ms.toFixed(1)} ms (${daysPerSecond[r]!.toFixed(0)} days/s)`)
  }
  writeResult(args.resultFile, { bench: 'feed-pacing', days: DAYS, daysPerSecond: summarize(daysPerSecond) })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
