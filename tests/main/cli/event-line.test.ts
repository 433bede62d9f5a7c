/**
 * `riskdesk replay` without --json: one plain line per lifecycle event (issue 8, "plain labels": no "HIGH:
 * positionLoss BA", the market date shown, "override" only for overrides). Expected lines are written out here.
 */
import { describe, expect, it } from 'vitest'
import type { Action } from '../../../src-shared/domain/action'
import type { Alert } from '../../../src-shared/domain/alert'
import type { Controls } from '../../../src-shared/domain/controls'
import { describeEvent } from '../../../src-main/cli/format/event-line'

const alert: Alert = {
  id: 'abc-A1',
  ruleKey: 'var',
  kind: 'var',
  symbol: null,
  label: 'VaR (historical)',
  severity: 'HIGH',
  state: 'open',
  value: 462_593,
  limit: 392_000,
  date: '2020-03-09',
  raisedAt: '2026-03-02T10:00:00.000Z',
  acknowledgedBy: null,
  snoozed: null,
  notes: [],
  resolvedDate: null,
  notify: ['trader'],
}
const weight: Alert = { ...alert, id: 'abc-A2', ruleKey: 'positionWeight:MSFT', kind: 'positionWeight', symbol: 'MSFT', label: 'MSFT weight', value: 0.1432, limit: 0.11 }

const legs = [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: 6000, price: 150 }]
const action: Action = {
  id: 'abc-X1',
  alertId: 'abc-A1',
  kind: 'reduce',
  policy: 'propose',
  state: 'proposed',
  plan: { kind: 'reduce', method: 'least-turnover', legs, varAfter: 380_000, esAfter: null, turnover: 300_000 },
  previousPlan: null,
  alternative: { method: 'pro-rata', turnover: 900_000, varAfter: 376_000 },
  basis: { marketDate: '2020-03-09', frameSeq: 3, method: 'historical', confidence: 0.99, window: 250, varBefore: 462_593, esBefore: null, varLimit: 392_000, target: 376_320, positions: [] },
  date: '2020-03-09',
  proposedAt: '2026-03-02T10:00:00.000Z',
  age: { updates: 0, ms: 0 },
  grace: null,
  decision: null,
  execution: null,
  expiry: null,
}

describe('describeEvent: plain lines for alerts, actions and overrides', () => {
  it('an alert reads as its label, figure against limit and percentage, with its market date', () => {
    expect(describeEvent({ type: 'alert', change: 'raised', alert })).toBe('  2020-03-09  alert raised (HIGH): VaR (historical) 462,593 > limit 392,000 (118 %); notified trader')
    expect(describeEvent({ type: 'alert', change: 'raised', alert: weight })).toBe('  2020-03-09  alert raised (HIGH): MSFT weight 14.3 % > limit 11.0 % (130 %); notified trader')
    expect(describeEvent({ type: 'alert', change: 'escalated', alert: { ...alert, severity: 'CRITICAL', value: 520_000, notify: ['trader', 'desk-head'] } })).toBe(
      '  alert escalated to CRITICAL: VaR (historical) 520,000 > limit 392,000 (133 %); notified trader, desk-head (raised 2020-03-09)',
    )
    expect(describeEvent({ type: 'alert', change: 'acknowledged', alert: { ...alert, acknowledgedBy: 'alice' } })).toBe('  alert acknowledged by alice: VaR (historical) (raised 2020-03-09)')
    expect(describeEvent({ type: 'alert', change: 'resolved', alert: { ...alert, value: 300_000, resolvedDate: '2020-03-20' } })).toBe(
      '  2020-03-20  alert resolved: VaR (historical) back at 300,000 (limit 392,000; raised 2020-03-09)',
    )
    expect(describeEvent({ type: 'alert', change: 'snoozed', alert: { ...alert, snoozed: { by: 'alice', reason: 'auction at the close', span: { updates: 2, ms: 0 } } } })).toBe(
      '  alert snoozed by alice: VaR (historical) for 2 market updates: auction at the close',
    )
    expect(describeEvent({ type: 'alert', change: 'noted', alert: { ...alert, notes: [{ actor: 'bob', text: 'futures hedge on', date: '2020-03-10' }] } })).toBe(
      '  2020-03-10  note on VaR (historical) by bob: futures hedge on',
    )
  })

  it('an action reads as its plan, decisions with who and why, and the VaR recomputed after execution', () => {
    expect(describeEvent({ type: 'action', change: 'proposed', action })).toBe(
      '  2020-03-09  action proposed abc-X1 (propose): reduce (least-turnover): MSFT 8,000 -> 6,000; VaR after 380,000, turnover 300,000; VaR 462,593, limit 392,000; pro rata would trade 900,000',
    )
    const decided = { ...action, state: 'approved' as const, decision: { actor: 'alice', reason: 'cut MSFT first', date: '2020-03-10', automatic: false } }
    expect(describeEvent({ type: 'action', change: 'approved', action: decided })).toBe('  2020-03-10  action approved abc-X1 by alice: cut MSFT first')
    expect(describeEvent({ type: 'action', change: 'rejected', action: { ...decided, state: 'rejected' } })).toBe('  2020-03-10  action rejected abc-X1 by alice: cut MSFT first')
    const applied = { ...decided, state: 'applied' as const, execution: { executedDate: '2020-03-10', fills: [], varAfter: 381_234, esAfter: null, limit: 392_000, withinLimit: true } }
    expect(describeEvent({ type: 'action', change: 'applied', action: applied, executedDate: '2020-03-10', varAfter: 381_234, trades: legs })).toBe(
      '  2020-03-10  action applied abc-X1: MSFT 8,000 -> 6,000; VaR after 381,234 within limit 392,000',
    )
    expect(describeEvent({ type: 'action', change: 'expired', action: { ...action, state: 'expired', expiry: { cause: 'breach-cleared', detail: 'VaR back under the limit' } } })).toBe(
      '  action expired abc-X1 (breach-cleared): VaR back under the limit',
    )
  })

  it("'override' only for overrides", () => {
    const controls = {} as Controls
    expect(describeEvent({ type: 'override', change: 'killed', actor: 'carol', reason: 'venue outage', controls })).toBe('  override killed by carol: venue outage')
    for (const change of ['raised', 'acknowledged', 'resolved'] as const) expect(describeEvent({ type: 'alert', change, alert: { ...alert, acknowledgedBy: 'x' } })).not.toMatch(/override|HIGH: /)
  })
})
