import { describe, expect, it } from 'vitest'
import { STALE_AFTER_UPDATES, StalenessTracker } from '../../../src-main/desk/staleness-tracker'

const days = (n: number, from = 10): string[] => Array.from({ length: n }, (_, k) => `2024-01-${String(from + k).padStart(2, '0')}`)

describe('StalenessTracker', () => {
  it('flags a 10-day gap stale from its second missing update, once, and clears it when the price comes back', () => {
    const t = new StalenessTracker(['AAA', 'BBB', 'CCC'], ['2024-01-09', '2024-01-09', '2024-01-09'])
    expect(STALE_AFTER_UPDATES).toBe(2)
    const changes: { date: string; change: string; missed: number }[] = []
    const gap = days(10)
    for (const [k, d] of gap.entries()) {
      for (const c of t.update(d, new Set(['BBB', 'CCC']))) changes.push({ date: c.date, change: c.change, missed: c.missed })
      expect(t.missed('AAA')).toBe(k + 1)
      expect(t.stale()).toEqual(k + 1 >= 2 ? ['AAA'] : [])
    }
    expect(changes).toEqual([{ date: gap[1], change: 'stale', missed: 2 }])
    expect(t.carried()).toEqual([{ symbol: 'AAA', missed: 10, lastDate: '2024-01-09', stale: true }])
    const back = t.update('2024-01-20', new Set(['AAA', 'BBB', 'CCC']))
    expect(back).toEqual([{ symbol: 'AAA', change: 'restored', missed: 10, lastDate: '2024-01-09', date: '2024-01-20' }])
    expect(t.stale()).toEqual([])
    expect(t.lastDate('AAA')).toBe('2024-01-20')
  })

  it('marks one missing update as carried forward, not stale', () => {
    const t = new StalenessTracker(['AAA', 'BBB'], ['2024-01-09', '2024-01-09'])
    expect(t.update('2024-01-10', new Set(['BBB']))).toEqual([])
    expect(t.carried()).toEqual([{ symbol: 'AAA', missed: 1, lastDate: '2024-01-09', stale: false }])
    expect(t.update('2024-01-11', new Set(['AAA', 'BBB']))).toEqual([])
    expect(t.carried()).toEqual([])
  })

  it('counts only market updates in which others ticked', () => {
    const t = new StalenessTracker(['AAA', 'BBB'], ['2024-01-09', '2024-01-09'])
    for (const d of days(5)) expect(t.update(d, new Set())).toEqual([])
    expect(t.missed('AAA')).toBe(0)
    expect(t.missed('BBB')).toBe(0)
  })

  it('takes another threshold, and refuses a bad one', () => {
    const t = new StalenessTracker(['AAA', 'BBB'], ['2024-01-09', '2024-01-09'], 3)
    expect(days(3).map((d) => t.update(d, new Set(['BBB'])).length)).toEqual([0, 0, 1])
    expect(() => new StalenessTracker(['A'], ['2024-01-01'], 0)).toThrow(/integer >= 1/)
    expect(() => new StalenessTracker(['A'], [], 2)).toThrow(/one last date/)
  })
})
