import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ActionSchema } from '@shared/domain/action'
import { DEMO_BOOK } from '../desk/desk-fixture'
import { cli } from './cli-harness'

/**
 * Issue 8, "Done means": `riskdesk replay` of the demo book, 2020-02-03 to 2020-04-30, `--policy auto`: every applied
 * action's varAfter is at or under its limit on its executedDate; with `--action hedge` every trade is in an index
 * ETF; the least-turnover reduce trades less notional than pro rata. And the replay holds at a proposal by default.
 */
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-actions-'))
type Line = { type: string; change?: string; action?: unknown; executedDate?: string; trades?: { symbol: string; fromQuantity: number; toQuantity: number; price: number }[]; varAfter?: number; heldAt?: { action: string; date: string } | null }
const lines = (out: string): Line[] => out.trim().split('\n').map((l) => JSON.parse(l) as Line)
const replay = async (db: string, ...extra: string[]): Promise<Line[]> => {
  const r = await cli('replay', '--book', DEMO_BOOK, '--from', '2020-02-03', '--to', '2020-04-30', '--db', join(dir, db), '--json', ...extra)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return lines(r.stdout)
}
const applied = (ls: Line[]): Line[] => ls.filter((l) => l.type === 'action' && l.change === 'applied')

let auto: Line[] = []
let hedge: Line[] = []
let held: Line[] = []
let noHold: Line[] = []

describe('riskdesk replay: automated actions through the 2020 crash', () => {
  beforeAll(async () => {
    auto = await replay('auto.db', '--policy', 'auto')
    hedge = await replay('hedge.db', '--policy', 'auto', '--action', 'hedge')
    held = await replay('held.db')
    noHold = await replay('nohold.db', '--no-hold')
  }, 300_000)

  it('--policy auto: every applied action carries executedDate, trades and varAfter, at or under its limit on that date', () => {
    const a = applied(auto)
    expect(a.length).toBeGreaterThan(0)
    for (const l of a) {
      const action = ActionSchema.parse(l.action)
      expect(l.executedDate).toBe(action.execution!.executedDate)
      expect(l.trades!.length).toBeGreaterThan(0)
      expect(l.varAfter).toBe(action.execution!.varAfter)
      expect(l.varAfter!).toBeLessThanOrEqual(action.execution!.limit)
      expect(action.execution!.withinLimit).toBe(true)
      // the VaR recomputed on the traded book is the risk frame the desk shows on the execution date
      const frame = auto.filter((x) => x.type === 'risk' && (x as unknown as { frame: { date: string } }).frame.date === l.executedDate).at(-1) as unknown as { frame: { var: { historical: number } } }
      expect(Math.abs(frame.frame.var.historical - l.varAfter!) / l.varAfter!).toBeLessThan(1e-9)
      // a reduce never flips a position's sign
      for (const t of l.trades!) expect(Math.sign(t.toQuantity) === Math.sign(t.fromQuantity) || t.toQuantity === 0).toBe(true)
    }
  })

  it('the least-turnover reduce trades less notional than the pro-rata alternative, on every proposal', () => {
    const proposed = auto.filter((l) => l.type === 'action' && l.change === 'proposed').map((l) => ActionSchema.parse(l.action))
    expect(proposed.length).toBeGreaterThan(0)
    for (const p of proposed) {
      expect(p.plan.method).toBe('least-turnover')
      expect(p.alternative).not.toBeNull()
      expect(p.plan.turnover).toBeLessThan(p.alternative!.turnover)
      const turnover = p.plan.legs.reduce((s, l) => s + Math.abs(l.toQuantity - l.fromQuantity) * l.price, 0)
      expect(Math.abs(turnover - p.plan.turnover)).toBeLessThan(1e-6 * turnover)
    }
  })

  it('--action hedge: every trade is in an index ETF, and the VaR after is at or under the limit', () => {
    const a = applied(hedge)
    expect(a.length).toBeGreaterThan(0)
    for (const l of a) {
      for (const t of l.trades!) expect(['SPY', 'QQQ']).toContain(t.symbol)
      const action = ActionSchema.parse(l.action)
      expect(action.kind).toBe('hedge')
      expect(l.varAfter!).toBeLessThanOrEqual(action.execution!.limit)
    }
  })

  it('by default the replay holds at a proposal: nothing runs on, and the summary says where and how to go on', () => {
    const proposed = held.filter((l) => l.type === 'action' && l.change === 'proposed')
    expect(proposed).toHaveLength(1)
    const summary = held.at(-1)!
    expect(summary.type).toBe('summary')
    const id = ActionSchema.parse(proposed[0]!.action).id
    expect(summary.heldAt?.action).toBe(id)
    // no market day after the proposal's
    const days = held.filter((l) => l.type === 'risk').map((l) => (l as unknown as { frame: { date: string } }).frame.date)
    expect(days.at(-1)).toBe(summary.heldAt!.date)
  })

  it('--no-hold plays on to --to while the proposal waits, and it expires (stale or breach cleared) instead of trading', () => {
    const days = noHold.filter((l) => l.type === 'risk').map((l) => (l as unknown as { frame: { date: string } }).frame.date)
    expect(days.at(-1)).toBe('2020-04-30')
    expect(applied(noHold)).toHaveLength(0)
    const expired = noHold.filter((l) => l.type === 'action' && l.change === 'expired').map((l) => ActionSchema.parse(l.action))
    expect(expired.length).toBeGreaterThan(0)
    for (const e of expired) expect(['stale', 'breach-cleared']).toContain(e.expiry!.cause)
  })
})
