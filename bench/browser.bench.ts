/**
 * Issue #3: browser mode, measured from outside the page. Each run starts `riskdesk web --port 0 --speed max` as its
 * own process on a fresh audit database (tests/e2e/web-server-process.ts, shared with the end-to-end test), opens the desk in Debian's Chromium with
 * playwright-core (the e2e test's launcher and flags, tests/e2e/chromium.ts) in a fresh browser context, presses
 * Play as soon as the book is loaded, and lets the replay run to the end at full speed. The page records its own
 * frames (bench/lib/page-probe.ts, injected with addInitScript); the renderer is not changed.
 *
 * Per run: navigation start → desk loaded; navigation start → first painted VaR line (and Play → first painted
 * line); page frames per second over the replay (requestAnimationFrame callbacks from Play to the feed's
 * `finished`), overall and per half of the replay, the longest frame gap and the share of frames longer than 50 ms;
 * and VaR chart redraws per second. The replay is 2010-01-04..2021-04-21 (about 2,840 market days), long enough for
 * several seconds of frames at full speed.
 * Medians over the runs. Skipped, with a note in the result, when Chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { DESK_COLORS } from '../src-renderer/src/charts/theme'
import { CHROMIUM, launchChromium } from '../tests/e2e/chromium'
import { startDeskProcess } from '../tests/e2e/web-server-process'
import { benchArgs, log, writeResult } from './lib/output'
import { PROJECT_ROOT } from './lib/paths'
import { PRESS_PLAY, probeScript, READ_PROBE, VAR_PIXEL_THRESHOLD, type ProbeResult } from './lib/page-probe'
import { summarize } from './lib/stats'

/** The replay: 2010 to the last day of the bundled data (about 2,840 market days; several seconds at full speed). */
const REPLAY = { from: '2010-01-04', to: '2021-04-21' }
const VIEWPORT = { width: 1600, height: 1000 }
const LONG_FRAME_MS = 50
const RUN_TIMEOUT_MS = 300_000 // a 2010-2021 replay takes about a minute in Chromium on a quiet machine; room for a loaded one

function rgbOf(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new Error(`browser bench: colour ${hex} is not #rrggbb`)
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)]
}

interface RunFigures {
  readonly loadedMs: number
  readonly firstVarPaintMs: number
  readonly playToFirstVarPaintMs: number
  readonly replayMs: number
  readonly fps: number
  /** fps over the first and the second half of the replay (the chart holds more points in the second) */
  readonly fpsFirstHalf: number
  readonly fpsSecondHalf: number
  readonly longestFrameMs: number
  readonly longFrameShare: number
  readonly chartRedrawsPerSecond: number
  readonly frames: number
}

function figures(p: ProbeResult): RunFigures {
  const { loadedAt, playAt, firstVarPaintAt, finishedAt } = p
  if (loadedAt === null || playAt === null || firstVarPaintAt === null || finishedAt === null) {
    throw new Error(`browser bench: incomplete probe record ${JSON.stringify({ loadedAt, playAt, firstVarPaintAt, finishedAt })}`)
  }
  const frames = p.frames.filter((t) => t >= playAt && t <= finishedAt)
  let longest = 0
  let long = 0
  for (let k = 1; k < frames.length; k++) {
    const gap = frames[k]! - frames[k - 1]!
    longest = Math.max(longest, gap)
    if (gap > LONG_FRAME_MS) long++
  }
  const replayMs = finishedAt - playAt
  const mid = playAt + replayMs / 2
  const rate = (from: number, to: number): number => (frames.filter((t) => t >= from && t < to).length / (to - from)) * 1000
  return {
    loadedMs: loadedAt,
    firstVarPaintMs: firstVarPaintAt,
    playToFirstVarPaintMs: firstVarPaintAt - playAt,
    replayMs,
    fps: (frames.length / replayMs) * 1000,
    fpsFirstHalf: rate(playAt, mid),
    fpsSecondHalf: rate(mid, finishedAt),
    longestFrameMs: longest,
    longFrameShare: frames.length > 1 ? long / (frames.length - 1) : 0,
    chartRedrawsPerSecond: (p.chartDraws.filter((t) => t <= finishedAt).length / replayMs) * 1000,
    frames: frames.length,
  }
}

async function oneRun(browser: Browser, dir: string, k: number): Promise<RunFigures> {
  const desk = await startDeskProcess(['--port', '0', '--db', join(dir, `run-${k}.db`), '--speed', 'max', '--no-hold', '--from', REPLAY.from, '--to', REPLAY.to], 60_000, PROJECT_ROOT)
  const context = await browser.newContext({ viewport: VIEWPORT })
  const errors: string[] = []
  try {
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.addInitScript({ content: probeScript(rgbOf(DESK_COLORS.historical)) })
    await page.goto(desk.url)
    await page.waitForSelector('[data-testid=desk][data-loaded=true]', { timeout: RUN_TIMEOUT_MS })
    const baseline = (await page.evaluate(PRESS_PLAY)) as number
    // Polled with evaluate: waitForFunction would compile the string in the page, which the desk's CSP forbids.
    const deadline = Date.now() + RUN_TIMEOUT_MS
    while (!(await page.evaluate('window.__riskdeskProbe.finishedAt !== null'))) {
      if (Date.now() > deadline) throw new Error(`browser bench: the replay did not finish in ${RUN_TIMEOUT_MS} ms`)
      await new Promise((r) => setTimeout(r, 200))
    }
    const probe = (await page.evaluate(READ_PROBE)) as ProbeResult
    if (errors.length > 0) throw new Error(`browser bench: page errors: ${errors.join('; ')}`)
    const f = figures(probe)
    log(
      `  run ${k + 1}: loaded ${f.loadedMs.toFixed(0)} ms, first VaR paint ${f.firstVarPaintMs.toFixed(0)} ms ` +
        `(${f.playToFirstVarPaintMs.toFixed(0)} ms after Play; ${baseline} line-colour px before), replay ${f.replayMs.toFixed(0)} ms, ` +
        `${f.fps.toFixed(1)} fps (${f.fpsFirstHalf.toFixed(1)} / ${f.fpsSecondHalf.toFixed(1)} by half), longest frame ${f.longestFrameMs.toFixed(0)} ms, ${f.chartRedrawsPerSecond.toFixed(1)} chart redraws/s`,
    )
    return f
  } finally {
    await context.close()
    await desk.stop()
  }
}

async function main(): Promise<void> {
  const args = benchArgs()
  if (!existsSync(CHROMIUM)) {
    log(`browser: Chromium not found at ${CHROMIUM}; skipped`)
    writeResult(args.resultFile, { bench: 'browser', skipped: `Chromium not found at ${CHROMIUM}` })
    return
  }
  const runs = args.quick ? 1 : 3
  log(`browser mode: riskdesk web --speed max --no-hold, replay ${REPLAY.from}..${REPLAY.to}, ${runs} runs, Chromium ${CHROMIUM}`)
  const dir = mkdtempSync(join(tmpdir(), 'riskdesk-bench-browser-'))
  const browser = await launchChromium()
  try {
    const all: RunFigures[] = []
    for (let k = 0; k < runs; k++) all.push(await oneRun(browser, dir, k))
    const med = (f: (r: RunFigures) => number): number => summarize(all.map(f)).median
    writeResult(args.resultFile, {
      bench: 'browser',
      chromium: browser.version(),
      replay: REPLAY,
      viewport: VIEWPORT,
      varPixelThreshold: VAR_PIXEL_THRESHOLD,
      longFrameMs: LONG_FRAME_MS,
      runs: all,
      median: {
        loadedMs: med((r) => r.loadedMs),
        firstVarPaintMs: med((r) => r.firstVarPaintMs),
        playToFirstVarPaintMs: med((r) => r.playToFirstVarPaintMs),
        replayMs: med((r) => r.replayMs),
        fps: med((r) => r.fps),
        fpsFirstHalf: med((r) => r.fpsFirstHalf),
        fpsSecondHalf: med((r) => r.fpsSecondHalf),
        longestFrameMs: med((r) => r.longestFrameMs),
        longFrameShare: med((r) => r.longFrameShare),
        chartRedrawsPerSecond: med((r) => r.chartRedrawsPerSecond),
      },
    })
  } finally {
    await browser.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
