/**
 * The flat CSV cells of `riskdesk audit export --format csv` for the lifecycle payloads (alert, action and override
 * fields at the payload's top level). Expected cells are written out by hand from the payloads below.
 */
import { describe, expect, it } from 'vitest'
import { flattenEvent } from '../../../src-main/audit/flat-event'

const row = (type: string, payload: Record<string, unknown>) => ({
  seq: 7,
  ts: '2026-03-02T10:00:00.000Z',
  type,
  actor: 'alice',
  book: 'Macro',
  payload: JSON.stringify({ sessionId: 'sess-0001', marketDate: '2020-03-10', ...payload }),
  prev_hash: '0'.repeat(64),
  hash: 'f'.repeat(64),
  market_date: '2020-03-10',
})
const plan = (to: number, varAfter: number) => ({ kind: 'reduce', method: 'least-turnover', legs: [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: to, price: 150 }], varAfter, esAfter: null, turnover: 1 })

describe('flattenEvent on lifecycle payloads', () => {
  it('an alert: rule kind and symbol from its rule key, value, limit, the label or the change as detail', () => {
    expect(flattenEvent(row('alert.raised', { alertId: 'A1', ruleKey: 'positionLoss:BA', actor: 'system', state: 'open', severity: 'HIGH', label: 'BA loss', value: 350_000, limit: 310_000, notify: ['trader'], inputs: {} }))).toMatchObject({
      severity: 'HIGH',
      rule: 'positionLoss',
      symbol: 'BA',
      value: 350_000,
      limit: 310_000,
      decision: 'raised',
      alert_id: 'A1',
      detail: 'BA loss',
      market_date: '2020-03-10',
    })
    expect(flattenEvent(row('alert.escalated', { alertId: 'A1', ruleKey: 'var', severity: 'CRITICAL', from: 'HIGH', cause: 'unacknowledged', value: 1 }))).toMatchObject({ rule: 'var', symbol: null, detail: 'HIGH -> CRITICAL (unacknowledged)' })
    expect(flattenEvent(row('alert.snoozed', { alertId: 'A1', ruleKey: 'var', severity: 'HIGH', reason: 'auction', span: { updates: 2, ms: 0 } }))).toMatchObject({ reason: 'auction', detail: '2 updates / 0 ms' })
    expect(flattenEvent(row('alert.noted', { alertId: 'A1', ruleKey: 'var', severity: 'HIGH', text: 'futures on' }))).toMatchObject({ decision: 'noted', detail: 'futures on' })
  })

  it('an action: ids, the VaR before and the preview (or after execution), legs, reasons', () => {
    const basis = { varBefore: 462_593, varLimit: 392_000 }
    expect(flattenEvent(row('action.proposed', { actionId: 'X1', alertId: 'A1', state: 'proposed', plan: plan(6000, 380_000), basis }))).toMatchObject({
      decision: 'proposed',
      alert_id: 'A1',
      action_id: 'X1',
      limit: 392_000,
      var_before: 462_593,
      var_after: 380_000,
      detail: 'MSFT 8000->6000',
    })
    expect(flattenEvent(row('action.modified', { actionId: 'X1', alertId: 'A1', reason: 'keep 7,000', previous: plan(6000, 380_000), plan: plan(7000, 390_000) }))).toMatchObject({
      reason: 'keep 7,000',
      var_after: 390_000,
      detail: 'MSFT 8000->6000 -> MSFT 8000->7000',
    })
    expect(flattenEvent(row('action.applied', { actionId: 'X1', alertId: 'A1', executedDate: '2020-03-11', fills: [{ symbol: 'MSFT', quantity: -1000, price: 151 }], varAfter: 388_000, limit: 392_000, withinLimit: true }))).toMatchObject({
      var_after: 388_000,
      limit: 392_000,
      detail: 'MSFT -1000 @ 151',
    })
  })

  it('an override: who in which role, why, what it set; no JSON in any cell', () => {
    const cells = flattenEvent(row('override.paused', { book: 'Macro', actor: 'carol', role: 'desk-head', reason: 'auction', span: { updates: 3, ms: 0 } }))
    expect(cells).toMatchObject({ type: 'override.paused', decision: 'paused', reason: 'auction', detail: 'desk-head; 3 updates / 0 ms', actor: 'alice' })
    for (const v of Object.values(cells)) expect(String(v)).not.toMatch(/^[[{]/)
  })
})
