import { describe, expect, it } from 'vitest'
import { ActionStateSchema } from '@shared/domain/action'
import { AlertStateSchema } from '@shared/domain/alert'
import {
  actionStateLabel,
  alertFigure,
  alertLine,
  alertStateLabel,
  armedText,
  expiryText,
  formatDuration,
  formatSpan,
  graceText,
  legTradeText,
  planMethodLabel,
  previewAgeText,
} from '../../src-renderer/src/util/lifecycle-text'
import { action, controls } from './helpers/fixtures'

describe('lifecycle text', () => {
  it('alertLine: label, value and limit in the figure’s unit', () => {
    expect(alertLine({ label: 'BA loss', value: 12_400, limit: 10_000, kind: 'positionLoss' })).toBe('BA loss 12,400 > limit 10,000')
    expect(alertLine({ label: 'VaR (historical)', value: 140_000, limit: 150_000, kind: 'var' })).toBe('VaR (historical) 140,000 < limit 150,000')
    expect(alertLine({ label: 'AAPL weight', value: 0.25, limit: 0.25, kind: 'positionWeight' })).toBe('AAPL weight 25.0 % = limit 25.0 %')
    expect(alertFigure(1.26, 'daysToLiquidate')).toBe('1.3 days')
    expect(alertFigure(Number.NaN, 'var')).toBe('\u2014')
  })

  it('every state has a plain label (the type checker holds the keys; this holds the words)', () => {
    for (const s of ActionStateSchema.options) expect(actionStateLabel(s)).toMatch(/^[a-z :-]+$/u)
    for (const s of AlertStateSchema.options) expect(alertStateLabel(s)).toBe(s)
    expect(planMethodLabel('least-turnover')).toBe('least turnover')
    expect(planMethodLabel('some-new_method')).toBe('some new method')
  })

  it('expiryText names the cause and keeps the detail; an unknown cause still reads', () => {
    expect(expiryText({ cause: 'breach-cleared', detail: '' })).toBe('the breach cleared before a decision')
    expect(expiryText({ cause: 'not-executable', detail: 'no price for BA' })).toBe('it could not be executed (no price for BA)')
    expect(expiryText({ cause: 'withdrawn-by-host' as never, detail: '' })).toBe('withdrawn by host')
  })

  it('durations, spans and the preview age', () => {
    expect([0, 999, 45_000, 60_000, 185_000, 3_600_000, 7_800_000, -5].map(formatDuration)).toEqual(['0 s', '1 s', '45 s', '1 min', '3 min 5 s', '1 h', '2 h 10 min', '0 s'])
    expect(formatSpan({ updates: 1, ms: 1_800_000 })).toBe('1 market update (replay) or 30 min (live)')
    expect(previewAgeText(action('x', { basis: { ...action('x').basis, marketDate: '2020-03-13' }, age: { updates: 2, ms: 9_000 } }))).toBe('sized on 2020-03-13, 2 updates ago')
    expect(previewAgeText(action('x', { age: { updates: 1, ms: 0 } }))).toBe('sized on 2024-06-03, 1 update ago')
    expect(previewAgeText(action('x'))).toBe('sized on 2024-06-03, this update')
  })

  it('graceText: updates or seconds left; once over, "applies at the next step", never "0 s"', () => {
    expect(graceText(null, 0)).toBeNull()
    expect(graceText({ updates: 3, ms: null }, 99_000)).toEqual({ text: 'applies after 3 more market updates unless rejected', due: false })
    expect(graceText({ updates: 1, ms: null }, 0)?.text).toBe('applies after 1 more market update unless rejected')
    expect(graceText({ updates: null, ms: 30_000 }, 12_000)).toEqual({ text: 'applies in 18 s unless rejected', due: false })
    expect(graceText({ updates: 2, ms: 30_000 }, 0)?.text).toBe('applies after 2 more market updates or in 30 s unless rejected')
    for (const g of [{ updates: 0, ms: null }, { updates: null, ms: 30_000 }, { updates: null, ms: null }] as const) {
      const t = graceText(g, 30_000)!
      expect(t.due).toBe(true)
      expect(t.text).not.toMatch(/\b0 s\b/)
    }
  })

  it('armedText and legTradeText', () => {
    expect(armedText(controls())).toBe('Automation armed')
    expect(armedText(controls({ armed: false, armedReason: null }))).toBe('Automation not armed')
    expect(armedText(controls({ armed: false, armedReason: 'paused until 14:30' }))).toBe('Automation not armed: paused until 14:30')
    const q = (n: number) => n.toLocaleString('en-US')
    expect(legTradeText(8_000, 6_500, q)).toBe('sell 1,500')
    expect(legTradeText(-300, 0, q)).toBe('buy 300')
    expect(legTradeText(0, 2_000, q)).toBe('buy 2,000')
    expect(legTradeText(10, 10, q)).toBe('no change')
  })
})
