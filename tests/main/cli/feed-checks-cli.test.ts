import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from './cli-harness'
import { fatFingerFile, gapFile } from './feed-check-files'

/**
 * Done-means of issue 7, "The feed checked", through `riskdesk replay` (in-process): price files cut from the bundled
 * data into a temp dir, one with a x100 close and adj_close for one day, one with a 10-day gap in one symbol.
 * The desk-level control (the same x100 tick accepted by hand does trade) is in tests/main/desk/feed-checks-session.test.ts.
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-feedcheck-cli-'))
const BOOK = join(dir, 'small.csv')
const LIMITS = join(dir, 'small.limits.json')
writeFileSync(
  BOOK,
  ['symbol,quantity,cost,sector', 'AAPL,2000,150,Information Technology', 'JPM,3000,100,Financials', 'XOM,4000,70,Energy', 'JNJ,1500,,Health Care', 'SPY,-800,,ETF'].join('\n') + '\n',
)
// auto policy, no grace period, one rising update: any breach of the VaR limit trades at once
writeFileSync(
  LIMITS,
  JSON.stringify({ varLimit: 60_000, varMethod: 'historical', maxLossPerPosition: 1e9, maxPositionWeight: 1, maxDaysToLiquidate: 1e6, policy: 'auto', graceSeconds: 0, risingUpdates: 1 }),
)
/** the book's instruments and a few others, so the market reference has breadth */
const CUT = { symbols: ['AAPL', 'JPM', 'XOM', 'JNJ', 'SPY', 'MSFT', 'PG', 'CVX', 'KO', 'BAC'], from: '2018-01-02', to: '2019-12-31' }
const FROM = '2019-06-03'
const TO = '2019-06-28'

type Line = Record<string, unknown> & { type: string }
const parse = (out: string): Line[] => out.trim().split('\n').map((l) => JSON.parse(l) as Line)

async function replay(prices: string, db: string, json = true): Promise<{ code: number; lines: Line[]; stdout: string; stderr: string }> {
  const args = ['replay', '--book', BOOK, '--limits', LIMITS, '--prices', prices, '--from', FROM, '--to', TO, '--db', db, '--policy', 'auto']
  const r = await cli(...args, ...(json ? ['--json'] : []))
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, lines: json && r.code === 0 ? parse(r.stdout) : [] }
}

async function auditEvents(db: string): Promise<{ type: string; actor: string; payload: Record<string, unknown> }[]> {
  const r = await cli('audit', 'export', '--db', db, '--format', 'json')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as { type: string; actor: string; payload: Record<string, unknown> }[]
}

describe('riskdesk replay --policy auto with a x100 fat-finger tick (JNJ close and adj_close on 2019-06-12)', () => {
  const DATE = '2019-06-12'
  const db = join(dir, 'fat.db')
  let run: Awaited<ReturnType<typeof replay>>
  let clean: Awaited<ReturnType<typeof replay>>

  beforeAll(async () => {
    const fat = fatFingerFile({ ...CUT, symbol: 'JNJ', date: DATE, factor: 100 })
    expect(fat.original.close).toBeGreaterThan(100)
    run = await replay(fat.path, db)
    clean = await replay(fatFingerFile({ ...CUT, symbol: 'JNJ', date: DATE, factor: 1 }).path, join(dir, 'clean.db'))
  })

  it('exits 0 and makes no trade, as the unedited month makes none', () => {
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(clean.code).toBe(0)
    for (const r of [run, clean]) expect(r.lines.filter((l) => l.type === 'action')).toEqual([])
    expect(run.lines.at(-1)).toMatchObject({ type: 'summary', audit: { ok: true } })
  })

  it('reports the tick as suspect in --json (held, not applied), then dropped when the next tick goes back', () => {
    const suspect = run.lines.filter((l) => l.type === 'tick.suspect') as unknown as { held: { id: string; symbol: string; date: string; ret: number; z: number; k: number; basis: string } }[]
    expect(suspect).toHaveLength(1)
    expect(suspect[0]!.held).toMatchObject({ id: `JNJ@${DATE}`, symbol: 'JNJ', date: DATE, k: 8 })
    // 100 x (1 + the day's true return) - 1
    expect(suspect[0]!.held.ret).toBeGreaterThan(95)
    expect(suspect[0]!.held.ret).toBeLessThan(105)
    expect(suspect[0]!.held.z).toBeGreaterThan(1000)
    expect(run.lines.filter((l) => l.type === 'tick' && (l.tick as { symbol: string; date: string }).symbol === 'JNJ' && (l.tick as { date: string }).date === DATE)).toEqual([])
    const dropped = run.lines.filter((l) => l.type === 'tick.dropped') as unknown as { held: { id: string }; by: string }[]
    expect(dropped.map((d) => [d.held.id, d.by])).toEqual([[`JNJ@${DATE}`, 'desk']])
    expect(clean.lines.some((l) => l.type === 'tick.suspect')).toBe(false)
  })

  it('flags the held day in the frame and the position row, valued at the last accepted price', () => {
    const frame = run.lines.find((l) => l.type === 'risk' && (l.frame as { date: string }).date === DATE) as unknown as {
      frame: { dataQuality?: { symbol: string; issue: string; priceDate: string }[]; var: { historical: number } }
      positions: { symbol: string; price: number; flags: string[] }[]
    }
    expect(frame.frame.dataQuality).toEqual([expect.objectContaining({ symbol: 'JNJ', issue: 'suspect', priceDate: '2019-06-11' })])
    const jnj = frame.positions.find((p) => p.symbol === 'JNJ')!
    expect(jnj.price).toBeLessThan(200)
    expect(jnj.flags.some((f) => f.startsWith(`suspect tick held: ${DATE}`))).toBe(true)
    const cleanFrame = clean.lines.find((l) => l.type === 'risk' && (l.frame as { date: string }).date === DATE) as unknown as { frame: { var: { historical: number } } }
    // the held tick never reached risk: the day's VaR is of the same size as on the unedited data
    expect(frame.frame.var.historical).toBeLessThan(1.5 * cleanFrame.frame.var.historical)
  })

  it('writes tick.suspect and tick.dropped to the audit trail, and no action', async () => {
    const events = await auditEvents(db)
    const types = events.map((e) => e.type)
    expect(types).toContain('tick.suspect')
    expect(types).toContain('tick.dropped')
    expect(types.filter((t) => t.startsWith('action.'))).toEqual([])
    const suspect = events.find((e) => e.type === 'tick.suspect')!
    expect(suspect.actor).toBe('desk')
    expect(suspect.payload).toMatchObject({ id: `JNJ@${DATE}`, marketDate: DATE, tick: { symbol: 'JNJ', date: DATE }, last: { date: '2019-06-11' } })
    expect(String(suspect.payload.reason)).toMatch(/not confirmed by the market/)
  })

  it('prints the suspect tick in the text output', async () => {
    const text = await replay(fatFingerFile({ ...CUT, symbol: 'JNJ', date: DATE, factor: 100 }).path, join(dir, 'fat-text.db'), false)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(new RegExp(`\\? SUSPECT tick held, not applied: JNJ ${DATE} close \\d+`))
    expect(text.stdout).toMatch(new RegExp(`${DATE} .*DATA: JNJ suspect \\(price of 2019-06-11\\)`))
    expect(text.stdout).toMatch(new RegExp(`tick dropped JNJ@${DATE} by desk`))
  })
})

describe('riskdesk replay with a 10-day gap in one symbol (JNJ from 2019-06-12)', () => {
  const db = join(dir, 'gap.db')
  let run: Awaited<ReturnType<typeof replay>>
  let missing: string[]

  beforeAll(async () => {
    const gap = gapFile({ ...CUT, symbol: 'JNJ', firstMissing: '2019-06-12', days: 10 })
    missing = gap.missing
    run = await replay(gap.path, db)
  })

  type Frame = { frame: { date: string; dataQuality?: { symbol: string; issue: string }[] }; positions: { symbol: string; flags: string[] }[] }
  const frameOn = (date: string): Frame => run.lines.find((l) => l.type === 'risk' && (l.frame as { date: string }).date === date) as unknown as Frame

  it('delivers no JNJ tick on the missing days (the feed carries nothing forward)', () => {
    expect(run.code).toBe(0)
    expect(missing).toHaveLength(10)
    const jnjDates = run.lines.filter((l) => l.type === 'tick' && (l.tick as { symbol: string }).symbol === 'JNJ').map((l) => (l.tick as { date: string }).date)
    expect(jnjDates.filter((d) => missing.includes(d))).toEqual([])
    // the rest of the market ticked on each of those days
    for (const d of missing) expect(run.lines.some((l) => l.type === 'tick' && (l.tick as { date: string }).date === d)).toBe(true)
  })

  it('flags JNJ stale from its SECOND missing update, once; feed health degraded names it', () => {
    const stale = run.lines.filter((l) => l.type === 'price.stale')
    expect(stale).toEqual([{ type: 'price.stale', symbol: 'JNJ', missed: 2, lastDate: '2019-06-11', date: missing[1] }])
    const first = frameOn(missing[0]!)
    expect(first.frame.dataQuality).toEqual([expect.objectContaining({ symbol: 'JNJ', issue: 'carried-forward' })])
    expect(first.positions.find((p) => p.symbol === 'JNJ')!.flags.some((f) => f.startsWith('price of 2019-06-11 carried forward'))).toBe(true)
    for (const d of missing.slice(1)) {
      const f = frameOn(d)
      expect(f.frame.dataQuality, d).toEqual([expect.objectContaining({ symbol: 'JNJ', issue: 'stale' })])
      expect(f.positions.find((p) => p.symbol === 'JNJ')!.flags.some((x) => x.startsWith('stale: no price for')), d).toBe(true)
    }
    const feed = run.lines.filter((l) => l.type === 'feed') as unknown as { status: { health: string; stale?: string[]; message: string | null; date: string } }[]
    const degraded = feed.filter((f) => f.status.health === 'degraded')
    expect(degraded).toHaveLength(1)
    expect(degraded[0]!.status).toMatchObject({ date: missing[1], stale: ['JNJ'], message: 'stale: JNJ' })
  })

  it('clears the flag when the price comes back (audited), and health returns to active', async () => {
    const restored = run.lines.filter((l) => l.type === 'price.restored')
    const back = run.lines.find((l) => l.type === 'tick' && (l.tick as { symbol: string; date: string }).symbol === 'JNJ' && (l.tick as { date: string }).date > missing[9]!) as unknown as { tick: { date: string } }
    expect(restored).toEqual([{ type: 'price.restored', symbol: 'JNJ', missed: 10, lastDate: '2019-06-11', date: back.tick.date }])
    const after = frameOn(back.tick.date)
    expect(after.frame.dataQuality).toBeUndefined()
    expect(after.positions.find((p) => p.symbol === 'JNJ')!.flags).toEqual([])
    const healths = (run.lines.filter((l) => l.type === 'feed') as unknown as { status: { health: string } }[]).map((f) => f.status.health)
    expect(healths).toEqual(['active', 'degraded', 'active', 'finished'])
    const events = await auditEvents(db)
    expect(events.filter((e) => e.type === 'price.stale' || e.type === 'price.restored').map((e) => [e.type, e.payload.symbol, e.payload.date])).toEqual([
      ['price.stale', 'JNJ', missing[1]],
      ['price.restored', 'JNJ', back.tick.date],
    ])
    expect(events.filter((e) => e.type === 'feed.health').map((e) => (e.payload.status as { health: string }).health)).toContain('degraded')
  })

  it('prints the stale line and the data-quality mark of each frame in the text output', async () => {
    const gap = gapFile({ ...CUT, symbol: 'JNJ', firstMissing: '2019-06-12', days: 10 })
    const text = await replay(gap.path, join(dir, 'gap-text.db'), false)
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`! STALE JNJ on ${missing[1]}: no price for 2 market updates while the market ticked; the 2019-06-11 price is carried forward`)
    expect(text.stdout).toMatch(new RegExp(`${missing[0]} .*DATA: JNJ carried-forward \\(price of 2019-06-11\\)`))
    expect(text.stdout).toMatch(new RegExp(`${missing[9]} .*DATA: JNJ stale \\(price of 2019-06-11\\)`))
    expect(text.stdout).toMatch(/JNJ priced again on \d{4}-\d{2}-\d{2} after 10 market updates without a price \(stale flag cleared\)/)
  })
})
