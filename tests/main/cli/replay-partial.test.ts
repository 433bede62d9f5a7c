/**
 * Issue 7, "a position that cannot be valued is shown as excluded": through the CLI in-process, a replay whose book
 * holds an instrument with too short a history marks every frame partial with the excluded position and its reason
 * (JSON and text), and under `--policy auto` its actions are only proposed, never applied automatically. The same
 * replay without that instrument applies its action automatically (the control: the test can fail).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from './cli-harness'
import { bundledMarket } from '../desk/desk-fixture'

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-replay-partial-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PRICES = join(dir, 'prices.csv')
const LIMITS = join(dir, 'tight.limits.json')
/** XOM's history in the price file starts here: ~40 returns before the replay, the window needs 250 */
const XOM_FROM = '2020-01-02'

beforeAll(() => {
  // bundled closes of four symbols from 2018 on; XOM only from XOM_FROM
  const store = bundledMarket().store
  const rows = ['date,symbol,close,adj_close,volume']
  for (const symbol of ['AAPL', 'MSFT', 'JPM', 'XOM']) {
    const s = store.get(symbol)!
    s.dates.forEach((d, k) => {
      if (d >= (symbol === 'XOM' ? XOM_FROM : '2018-01-02') && d <= '2020-04-30') rows.push(`${d},${symbol},${s.close[k]},${s.adjClose[k]},${s.volume[k]}`)
    })
  }
  writeFileSync(PRICES, rows.join('\n') + '\n')
  // a VaR limit the March 2020 book breaches at once; no grace: an auto action would apply on the next step
  writeFileSync(LIMITS, JSON.stringify({ varLimit: 20_000, maxLossPerPosition: 1e9, maxPositionWeight: 1, maxDaysToLiquidate: 1e6, policy: 'auto', graceSeconds: 0, risingUpdates: 1 }))
})

interface Line {
  type: string
  change?: string
  frame?: { partial?: boolean; excluded?: { symbol: string; reason: string }[] }
  action?: { policy: string; state: string }
}

async function replay(bookRows: string[], name: string, json: boolean): Promise<{ stdout: string; code: number; stderr: string; db: string }> {
  const book = join(dir, `${name}.csv`)
  writeFileSync(book, ['symbol,quantity', ...bookRows].join('\n') + '\n')
  const db = join(dir, `${name}.db`)
  const r = await cli('replay', '--book', book, '--limits', LIMITS, '--prices', PRICES, '--from', '2020-03-02', '--to', '2020-03-13', '--policy', 'auto', '--no-hold', '--db', db, ...(json ? ['--json'] : []))
  return { ...r, db }
}

describe('a partial book in riskdesk replay', () => {
  it('says partial with the excluded position and reason on every frame, and only proposes under --policy auto', async () => {
    const r = await replay(['AAPL,2000', 'MSFT,2000', 'JPM,3000', 'XOM,4000'], 'partial', true)
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line)
    const frames = lines.filter((l) => l.type === 'risk')
    expect(frames.length).toBe(10)
    for (const f of frames) {
      expect(f.frame!.partial).toBe(true)
      expect(f.frame!.excluded).toEqual([{ symbol: 'XOM', reason: expect.stringMatching(/^only \d+ returns before 2020-02-28, window needs 250$/) as unknown as string }])
    }
    const proposed = lines.filter((l) => l.type === 'action' && l.change === 'proposed')
    expect(proposed.length).toBeGreaterThan(0)
    for (const p of proposed) expect(p.action!.policy).toBe('propose')
    expect(lines.filter((l) => l.type === 'action' && l.change === 'applied')).toEqual([])

    const conn = new Database(r.db, { readonly: true })
    try {
      const rows = conn.prepare("select payload from audit_events where type = 'action.proposed'").all() as { payload: string }[]
      expect(rows.length).toBe(proposed.length)
      expect((JSON.parse(rows[0]!.payload) as { downgraded?: string }).downgraded).toMatch(/partial book \(XOM excluded\)/)
      expect((conn.prepare("select count(*) as n from audit_events where type = 'action.applied'").get() as { n: number }).n).toBe(0)
    } finally {
      conn.close()
    }

    const text = await replay(['AAPL,2000', 'MSFT,2000', 'JPM,3000', 'XOM,4000'], 'partial-text', false)
    expect(text.stdout).toMatch(/^2020-03-02 .* PARTIAL \(excluded: XOM: only \d+ returns before 2020-02-28, window needs 250\)/m)
  }, 60_000)

  it('control: the same replay without the short-history instrument applies its action automatically', async () => {
    const r = await replay(['AAPL,2000', 'MSFT,2000', 'JPM,3000'], 'complete', true)
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line)
    for (const f of lines.filter((l) => l.type === 'risk')) expect(f.frame!.partial).toBe(false)
    const applied = lines.filter((l) => l.type === 'action' && l.change === 'applied')
    expect(applied.length).toBeGreaterThan(0)
    expect(applied[0]!.action!.policy).toBe('auto')
  }, 60_000)
})
