const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * true for a `YYYY-MM-DD` string that names a real calendar date (proleptic Gregorian, years 0001-9999). 2021-02-30,
 * 2021-13-01 and 2019-02-29 are not dates; `Date.parse` would roll them over to the next month, so it is never used
 * to validate input. The one check of a calendar date, for the contract's schemas and for every file and argument.
 */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1) return false
  const t = new Date(Date.UTC(2000, mo - 1, d))
  t.setUTCFullYear(y)
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}
