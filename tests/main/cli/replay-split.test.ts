/**
 * Issue 7, corporate actions, through the CLI in-process: AAPL's 4:1 split (ex-date 2020-08-31, bundled
 * assets/data/corporate_actions.csv) makes no loss and no alert in `riskdesk replay`. Reference: the day's P&L of the
 * book held the day before, revalued with the adjusted-close returns (which do not see the split):
 * ΔP&L_D = Σ_i q_i(D−1) P_i(D−1) (A_i(D) / A_i(D−1) − 1), P raw close, A adjusted close.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from './cli-harness'
import { bundledMarket } from '../desk/desk-fixture'

/**
 * Tolerance of the daily P&L against the adjusted-close reference, relative to the gross: the vendor rounds adj_close
 * to 6 significant digits (relative error ≤ 5e-6 per price, so ≤ 1e-5 on a return), and no dividend goes ex in the span.
 * A missed split would be off by ~75 % of the AAPL position.
 */
const PNL_TOL = 2e-5

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-replay-split-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface RiskLine {
  type: 'risk'
  frame: { date: string; pnl: number; gross: number }
  positions: { symbol: string; quantity: number; price: number; unrealisedPnL: number }[]
}

describe('a 4:1 split (AAPL 2020-08-31) in riskdesk replay', () => {
  it('adjusts quantity and cost on the ex-date, audits it, and shows no loss and no alert', async () => {
    const book = join(dir, 'aapl.csv')
    const limits = join(dir, 'aapl.limits.json')
    writeFileSync(book, 'symbol,quantity,cost,sector\nAAPL,2000,460,Information Technology\nMSFT,1500,210,Information Technology\n')
    // a per-position loss limit the false loss (2000 x (129 - 499) ≈ -740k) would breach by far, and a VaR limit
    // the real figures stay under
    writeFileSync(limits, JSON.stringify({ varLimit: 1_000_000, maxLossPerPosition: 150_000, maxPositionWeight: 1, maxDaysToLiquidate: 1e6 }))
    const db = join(dir, 'split.db')
    const r = await cli('replay', '--book', book, '--limits', limits, '--from', '2020-08-20', '--to', '2020-09-10', '--db', db, '--json')
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; change?: string; detail?: Record<string, unknown> })
    expect(lines.filter((l) => l.type === 'alert')).toEqual([])

    const splits = lines.filter((l) => l.type === 'position' && l.change === 'split')
    expect(splits).toHaveLength(1)
    expect(splits[0]!.detail).toMatchObject({ symbol: 'AAPL', exDate: '2020-08-31', ratio: 4, fromQuantity: 2000, toQuantity: 8000, fromCost: 460, toCost: 115 })

    const frames = lines.filter((l): l is RiskLine => l.type === 'risk')
    expect(frames.length).toBe(15)
    const store = bundledMarket().store
    const at = (symbol: string, date: string): { close: number; adj: number } => {
      const s = store.get(symbol)!
      const k = s.dates.indexOf(date)
      expect(k, `${symbol} ${date}`).toBeGreaterThanOrEqual(0)
      return { close: s.close[k]!, adj: s.adjClose[k]! }
    }
    let sawSplitDay = false
    for (let d = 1; d < frames.length; d++) {
      const prev = frames[d - 1]!
      const cur = frames[d]!
      let ref = 0
      for (const p of prev.positions) {
        const a0 = at(p.symbol, prev.frame.date)
        const a1 = at(p.symbol, cur.frame.date)
        ref += p.quantity * a0.close * (a1.adj / a0.adj - 1)
      }
      const got = cur.frame.pnl - prev.frame.pnl
      expect(Math.abs(got - ref) / prev.frame.gross, cur.frame.date).toBeLessThan(PNL_TOL)
      if (cur.frame.date === '2020-08-31') {
        sawSplitDay = true
        const aapl = cur.positions.find((p) => p.symbol === 'AAPL')!
        expect(aapl.quantity).toBe(8000)
        expect(aapl.price).toBe(at('AAPL', '2020-08-31').close)
        // unrealised against the split-adjusted cost 460 / 4
        expect(aapl.unrealisedPnL).toBeCloseTo(8000 * (aapl.price - 115), 6)
        expect(aapl.unrealisedPnL).toBeGreaterThan(0)
      }
    }
    expect(sawSplitDay).toBe(true)

    const conn = new Database(db, { readonly: true })
    try {
      const rows = conn.prepare("select payload from audit_events where type = 'position.split'").all() as { payload: string }[]
      expect(rows).toHaveLength(1)
      expect(JSON.parse(rows[0]!.payload)).toMatchObject({ symbol: 'AAPL', ratio: 4, fromQuantity: 2000, toQuantity: 8000, date: '2020-08-31' })
      const alerts = conn.prepare("select count(*) as n from audit_events where type like 'alert.%'").get() as { n: number }
      expect(alerts.n).toBe(0)
    } finally {
      conn.close()
    }
  }, 60_000)
})
