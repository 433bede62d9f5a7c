import { describe, expect, it } from 'vitest'
import { dayBoundsToRange, isAuditTimestamp, isIsoDate, queryBoundsToRange } from '../../../src-main/audit/timestamps'

describe('audit timestamps', () => {
  it('accept exactly the toISOString form of a real instant', () => {
    expect(isAuditTimestamp(new Date(Date.UTC(2026, 2, 2, 9, 30, 0, 7)).toISOString())).toBe(true)
    for (const bad of ['2026-03-02T09:30:00Z', '2026-03-02T09:30:00.000+00:00', '2026-03-02 09:30:00.000Z', '2026-02-29T00:00:00.000Z', '2026-03-02T24:00:00.000Z', '']) {
      expect(isAuditTimestamp(bad), bad).toBe(false)
    }
  })

  it('dates follow the Gregorian calendar (leap years)', () => {
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('1900-02-29')).toBe(false)
    expect(isIsoDate('2000-02-29')).toBe(true)
    expect(isIsoDate('2026-3-1')).toBe(false)
  })

  it('day bounds are [from 00:00, day after to 00:00), across month and year ends', () => {
    expect(dayBoundsToRange('2026-12-31', '2026-12-31')).toEqual({ fromTs: '2026-12-31T00:00:00.000Z', toTsExclusive: '2027-01-01T00:00:00.000Z' })
    expect(dayBoundsToRange(undefined, '2024-02-28')).toEqual({ toTsExclusive: '2024-02-29T00:00:00.000Z' })
    expect(dayBoundsToRange(undefined, undefined)).toEqual({})
  })

  it('query bounds mix days and exact timestamps; an exact upper bound is inclusive', () => {
    expect(queryBoundsToRange('2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z')).toEqual({
      fromTs: '2026-03-02T10:00:00.000Z',
      toTsExclusive: '2026-03-02T11:00:00.001Z',
    })
    expect(queryBoundsToRange('2026-03-02', '2026-03-02T11:00:00.000Z').fromTs).toBe('2026-03-02T00:00:00.000Z')
    expect(() => queryBoundsToRange('2026-03-02T11:00:00.000Z', '2026-03-02T10:00:00.000Z')).toThrow(/after/)
    expect(() => queryBoundsToRange('last week', undefined)).toThrow(/from: expected YYYY-MM-DD or/)
  })
})
